package io.meterhub.platform.consent;

import io.meterhub.models.MeterReading;
import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.metering.ReadingSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * In front of the reading store: keeps at most one reading per meter and consented period (the first one of each
 * period: cumulative registers at the period start; readings with nothing but TOU registers do not count), and never stores finer data than consented. Time-of-use
 * registers (object 26241) are the documented billing exception: a reading dropped for granularity still has its TOU
 * registers stored, without the other values. Returns at once (local map reads only).
 *
 * <p>The period last kept is remembered per node: after a restart or a move to another node one extra reading of the
 * current period may be stored. Readings older than the period last kept (a backlog) are dropped.
 */
public final class GranularityFilter implements ReadingSink {

  private final ReadingSink target;
  private final Function<String, Granularity> granularityOf;
  private final Map<String, Instant> lastPeriod = new ConcurrentHashMap<>();
  private final Counter dropped;
  private final Counter touOnly;

  public GranularityFilter(ReadingSink target, Function<String, Granularity> granularityOf, MeterRegistry registry) {
    this.target = Objects.requireNonNull(target, "target");
    this.granularityOf = Objects.requireNonNull(granularityOf, "granularityOf");
    this.dropped = Counter.builder("meterhub_readings_dropped")
        .description("Readings not stored because they are finer than the meter's consented granularity")
        .tag("reason", "granularity").register(registry);
    this.touOnly = Counter.builder("meterhub_readings_tou_only")
        .description("Readings finer than consented of which only the billing TOU registers were stored")
        .register(registry);
  }

  @Override
  public void accept(IngestedReading reading) {
    Granularity granularity = granularityOf.apply(reading.meterId());
    MeterReading r = reading.reading();
    if (granularity == Granularity.UNRESTRICTED || !hasMeasurements(r)) {
      target.accept(reading); // nothing to limit, or TOU registers alone (billing)
      return;
    }
    Instant period = granularity.periodStart(reading.reading().timestamp());
    boolean[] keep = {false};
    lastPeriod.compute(reading.meterId(), (meter, last) -> {
      keep[0] = last == null || period.isAfter(last);
      return keep[0] ? period : last;
    });
    if (keep[0]) {
      target.accept(reading);
      return;
    }
    if (r.tou() != null) {
      touOnly.increment();
      target.accept(new IngestedReading(reading.meterId(),
          new MeterReading(r.timestamp(), null, null, null, null, null, null, null, r.tou()), reading.receivedAt()));
    } else {
      dropped.increment();
    }
  }

  private static boolean hasMeasurements(MeterReading r) {
    return r.activeEnergyWh() != null || r.voltageV() != null || r.currentA() != null || r.activePowerKw() != null
        || r.powerFactor() != null || r.frequencyHz() != null || r.phases() != null;
  }

  /** Forgets the period last kept (after a consent change, so the new granularity starts cleanly). */
  public void reset(String meterId) {
    lastPeriod.remove(meterId);
  }
}
