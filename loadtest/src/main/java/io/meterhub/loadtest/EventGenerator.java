package io.meterhub.loadtest;

import io.meterhub.models.EventCode;
import io.meterhub.models.ProductProfile;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Decides which spontaneous events a meter raises on a tick: each tick of {@code tickSeconds} raises one event with
 * probability {@code ratePerHour * tickSeconds / 3600}, drawn from a reproducible per-meter, per-tick random stream.
 * Region-wide tamper and outage bursts are separate (see {@link #TAMPER_BURST}, {@link #OUTAGE_BURST}).
 */
public final class EventGenerator {

  /** What a tamper burst raises on every meter of a region. */
  public static final List<EventCode> TAMPER_BURST = List.of(EventCode.METER_COVER_OPENED, EventCode.MAGNETIC_TAMPER);

  /** What an outage burst raises on every meter of a region (the restore follows later). */
  public static final List<EventCode> OUTAGE_BURST = List.of(EventCode.POWER_FAILURE);

  private static final List<EventCode> SPONTANEOUS =
      List.of(
          EventCode.OVERLOAD,
          EventCode.REVERSE_ENERGY,
          EventCode.CURRENT_LOSS,
          EventCode.TERMINAL_COVER_OPENED,
          EventCode.LOW_CREDIT,
          EventCode.VOLTAGE_LOSS_L1);

  private final double ratePerHour;

  /** @param ratePerHour spontaneous events per meter per hour (0 = none) */
  public EventGenerator(double ratePerHour) {
    if (!(ratePerHour >= 0) || Double.isInfinite(ratePerHour)) {
      throw new IllegalArgumentException("rate must be a finite number ≥ 0: " + ratePerHour);
    }
    this.ratePerHour = ratePerHour;
  }

  /** The event meter {@code meterSeed} raises on tick number {@code tick} lasting {@code tickSeconds}, if any. */
  public Optional<EventCode> eventAt(long meterSeed, long tick, double tickSeconds, ProductProfile profile) {
    double p = Math.min(1.0, ratePerHour * tickSeconds / 3600.0);
    if (p <= 0) {
      return Optional.empty();
    }
    SplittableRandom random = new SplittableRandom(LoadProfile.mix(meterSeed ^ 0xE7E47L, tick));
    if (random.nextDouble() >= p) {
      return Optional.empty();
    }
    List<EventCode> allowed = SPONTANEOUS.stream().filter(profile.events()::contains).toList();
    return allowed.isEmpty() ? Optional.empty() : Optional.of(allowed.get(random.nextInt(allowed.size())));
  }

  public double ratePerHour() {
    return ratePerHour;
  }
}
