package io.meterhub.platform.event;

import io.meterhub.models.Severity;
import io.meterhub.platform.prepay.CreditAlerts;
import io.meterhub.platform.prepay.CreditCrossing;
import io.meterhub.platform.prepay.CreditState;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns prepayment's credit-state crossings into platform-raised events ({@code credit_low}, {@code credit_emergency},
 * {@code credit_exhausted}, {@code credit_disconnected}, {@code credit_ok}) and alarms of type {@code credit} (cause =
 * the event type; the previous credit alarm of the meter is cleared, all of them when credit is ok again). Stored,
 * streamed and sent to webhooks like meter events. Platform events live in their own sequence space: {@code
 * sequence = -crossing id} (meters' own sequence numbers are never negative), so a redelivered crossing is stored
 * once and never collides with a meter's event. Details hold the account id, state and balance, no personal data.
 */
public final class CreditEvents implements CreditAlerts {

  /** The event type of a crossing into each state. */
  public static String typeOf(CreditState state) {
    return "credit_" + state.apiName();
  }

  /** Every credit event type. */
  public static final List<String> TYPES = Arrays.stream(CreditState.values()).map(CreditEvents::typeOf).toList();

  private final EventStore events;
  private final AlarmEngine engine;
  private final RegionLookup regions;
  private final EventNotifications notify;
  private final Clock clock;

  CreditEvents(EventStore events, AlarmEngine engine, RegionLookup regions, EventNotifications notify, Clock clock) {
    this.events = Objects.requireNonNull(events, "events");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.regions = Objects.requireNonNull(regions, "regions");
    this.notify = Objects.requireNonNull(notify, "notify");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void crossed(CreditCrossing crossing) {
    Objects.requireNonNull(crossing, "crossing");
    if (crossing.id() <= 0) {
      throw new IllegalArgumentException("a crossing needs its outbox id");
    }
    String region = regions.regionOf(crossing.meterId());
    String type = typeOf(crossing.to());
    String details = new JsonObject().put("accountId", crossing.accountId()).put("from", crossing.from().apiName())
        .put("state", crossing.to().apiName()).put("balance", crossing.balance()).put("currency", crossing.currency())
        .encode();
    MeterEvent event = new MeterEvent(0, crossing.meterId(), region, type, severityOf(crossing.to()),
        crossing.occurredAt(), clock.instant(), -crossing.id(), null, null, details);
    List<MeterEvent> stored = events.insertNew(List.of(event));
    if (stored.isEmpty()) {
      return; // delivered before (a retry after a crash): its alarm was handled then
    }
    notify.eventStored(stored.get(0));
    List<String> others = new ArrayList<>(TYPES);
    others.remove(type);
    engine.clear(crossing.meterId(), others);
    if (crossing.to() != CreditState.OK) {
      engine.raise(crossing.meterId(), region, "credit", type, severityOf(crossing.to()), details);
    }
  }

  private static Severity severityOf(CreditState state) {
    return switch (state) {
      case OK -> Severity.INFO;
      case LOW, EMERGENCY -> Severity.WARNING;
      case EXHAUSTED, DISCONNECTED -> Severity.CRITICAL;
    };
  }
}
