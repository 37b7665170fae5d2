package io.meterhub.platform.event;

import io.meterhub.models.EventCode;
import io.meterhub.models.Severity;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alarm rules: turns stored events into alarms, correlates supply losses of many meters into one outage, and
 * asks for a trip on tamper where the region's policy says so. Blocking (SQL); runs on the ingestion worker.
 */
public final class AlarmEngine {

  private static final Logger LOG = LoggerFactory.getLogger(AlarmEngine.class);

  /** Causes that a power-restored event clears and that an outage folds in. */
  static final List<String> SUPPLY_CAUSES = List.of(EventTypes.of(EventCode.POWER_FAILURE),
      EventTypes.of(EventCode.VOLTAGE_LOSS_L1), EventTypes.of(EventCode.VOLTAGE_LOSS_L2),
      EventTypes.of(EventCode.VOLTAGE_LOSS_L3));

  private final AlarmStore alarms;
  private final JdbcOutageStore outages;
  private final TamperResponse tamper;
  private final RegionLookup regions;
  private final EventNotifications notify;
  private final EventConfig config;
  private final Clock clock;

  public AlarmEngine(AlarmStore alarms, JdbcOutageStore outages, TamperResponse tamper, RegionLookup regions,
      EventNotifications notify, EventConfig config, Clock clock) {
    this.alarms = Objects.requireNonNull(alarms, "alarms");
    this.outages = Objects.requireNonNull(outages, "outages");
    this.tamper = Objects.requireNonNull(tamper, "tamper");
    this.regions = Objects.requireNonNull(regions, "regions");
    this.notify = Objects.requireNonNull(notify, "notify");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Applies the rules to one newly stored (not duplicate) event. */
  public void evaluate(MeterEvent event) {
    Objects.requireNonNull(event, "event");
    if (!EventTypes.isKnown(event.type())) {
      return;
    }
    EventCode code = EventCode.valueOf(event.type().toUpperCase(Locale.ROOT));
    switch (code) {
      case METER_COVER_OPENED, TERMINAL_COVER_OPENED, MAGNETIC_TAMPER, REVERSE_ENERGY, CURRENT_IMBALANCE ->
          tamper(event, code);
      case POWER_FAILURE, VOLTAGE_LOSS_L1, VOLTAGE_LOSS_L2, VOLTAGE_LOSS_L3 -> supplyLost(event, code);
      case CURRENT_LOSS, OVERLOAD -> raise(event.meterId(), event.region(), "fault", event.type(), code.severity(),
          null);
      case POWER_RESTORED -> supplyRestored(event.meterId());
      case LOW_CREDIT -> raise(event.meterId(), event.region(), "credit", event.type(), Severity.WARNING, null);
      default -> { }
    }
  }

  /** Opens (or repeats) an alarm and tells the listeners. */
  public Alarm raise(String meterId, String region, String type, String cause, Severity severity, String details) {
    AlarmStore.Raised raised = alarms.raise(meterId, region, type, cause, severity, details, clock.instant());
    notify.alarmChanged(new AlarmChange(raised.alarm(), raised.opened() ? "opened" : "repeated"));
    return raised.alarm();
  }

  /** Clears the meter's live alarms with one of these causes and tells the listeners. */
  public void clear(String meterId, List<String> causes) {
    Instant now = clock.instant();
    for (Alarm live : alarms.live(meterId, causes)) {
      alarms.clear(live.id(), now, null).ifPresent(a -> notify.alarmChanged(new AlarmChange(a, "cleared")));
    }
  }

  private void tamper(MeterEvent event, EventCode code) {
    raise(event.meterId(), event.region(), "tamper", event.type(), Severity.CRITICAL, null);
    if (config.tripsOnTamper(event.region())) {
      try {
        tamper.tamperDetected(event.meterId(), code);
      } catch (RuntimeException e) {
        LOG.error("tamper response failed for meter {}", event.meterId(), e);
      }
    }
  }

  private void supplyLost(MeterEvent event, EventCode code) {
    String group = groupOf(event.region());
    if (group.isEmpty()) {
      raise(event.meterId(), event.region(), "fault", event.type(), code.severity(), null);
      return;
    }
    Instant now = clock.instant();
    outages.recordLoss(event.meterId(), group, now);
    var open = outages.openFor(group);
    if (open.isPresent()) {
      outages.attach(event.meterId(), open.get().id(), now).ifPresent(o -> notify.outageChanged(o, "grew"));
      return;
    }
    if (outages.recentLosses(group, now.minus(config.outageWindow())) >= config.outageThreshold()) {
      var opened = outages.open(group, now);
      if (opened.isPresent()) {
        Outage outage = opened.get().outage();
        LOG.info("outage {} opened for region {} with {} meters", outage.id(), group, outage.affectedMeters());
        notify.outageChanged(outage, "opened");
        for (String meterId : opened.get().meterIds()) {
          for (Alarm live : alarms.live(meterId, SUPPLY_CAUSES)) {
            alarms.clear(live.id(), now, outage.id())
                .ifPresent(a -> notify.alarmChanged(new AlarmChange(a, "suppressed")));
          }
        }
      } else {
        outages.openFor(group).flatMap(o -> outages.attach(event.meterId(), o.id(), now))
            .ifPresent(o -> notify.outageChanged(o, "grew"));
      }
      return;
    }
    raise(event.meterId(), event.region(), "fault", event.type(), code.severity(), null);
  }

  private void supplyRestored(String meterId) {
    clear(meterId, SUPPLY_CAUSES);
    outages.restore(meterId, clock.instant(), config.outageClearRatio()).ifPresent(r -> {
      if (!r.cleared()) {
        notify.outageChanged(r.outage(), "restored");
        return;
      }
      LOG.info("outage {} of region {} cleared", r.outage().id(), r.outage().region());
      notify.outageChanged(r.outage(), "cleared");
      for (String still : r.stillLost()) {
        raise(still, regions.regionOf(still), "fault", EventTypes.of(EventCode.POWER_FAILURE), Severity.WARNING,
            "{\"afterOutage\":" + r.outage().id() + "}");
      }
    });
  }

  /** The outage group of a region: its parent path ({@code north/feeder-07/tx-3} → {@code north/feeder-07}). */
  static String groupOf(String region) {
    int cut = region.lastIndexOf('/');
    return cut > 0 ? region.substring(0, cut) : region;
  }
}
