package io.meterhub.loadtest;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one scenario run does (built by the {@code run} command).
 *
 * @param meters how many meters report (wrong-key meters of the fault phase come on top)
 * @param mix model shares
 * @param rampRate meter starts per second during the ramp
 * @param steadyDuration how long the steady phase lasts
 * @param maxSettle longest wait before the steady phase for the target to keep pace (zero: no settle phase)
 * @param reportIntervalSeconds seconds between value changes of one meter (notifications follow, bounded by pmin)
 * @param bindAddresses local addresses meters send from, dealt round-robin
 * @param seed run seed: identities, keys, load profiles, events
 * @param phases phases to run (ramp, steady, commands, topups, faults)
 * @param out directory for results.json, report.html and summary.txt
 * @param regions regions meters are spread over
 * @param eventsPerMeterHour spontaneous events per meter per hour
 * @param faultFraction share of meters behind the rebinding NAT, and of wrong-key meters added
 * @param relayRefuseFraction share of meters that refuse relay writes
 * @param sampleMeters meters whose readings are read back to measure freshness
 * @param commandMeters meters that get relay commands
 * @param topupAccounts accounts that get top-ups
 * @param commandRate relay commands offered per second
 * @param topupRate credited top-ups offered per second (each account: two keys, four requests)
 * @param topupConcurrency top-up sequences in flight at most
 * @param engineThreads shared threads of the meters' registration engines (they block on answers)
 * @param ioThreads shared threads for CoAP and DTLS processing
 * @param provisionParallelism concurrent provisioning requests
 */
public record ScenarioSettings(
    int meters,
    ModelMix mix,
    double rampRate,
    Duration steadyDuration,
    Duration maxSettle,
    int reportIntervalSeconds,
    List<InetAddress> bindAddresses,
    long seed,
    Set<String> phases,
    Path out,
    int regions,
    double eventsPerMeterHour,
    double faultFraction,
    double relayRefuseFraction,
    int sampleMeters,
    int commandMeters,
    int topupAccounts,
    double commandRate,
    double topupRate,
    int topupConcurrency,
    int engineThreads,
    int ioThreads,
    int provisionParallelism) {

  public static final Set<String> ALL_PHASES = Set.of("ramp", "steady", "commands", "topups", "faults");

  public ScenarioSettings {
    Objects.requireNonNull(mix, "mix");
    Objects.requireNonNull(steadyDuration, "steadyDuration");
    Objects.requireNonNull(maxSettle, "maxSettle");
    Objects.requireNonNull(out, "out");
    bindAddresses = List.copyOf(bindAddresses);
    phases = Set.copyOf(phases);
    if (meters < 1) {
      throw new IllegalArgumentException("--meters must be at least 1");
    }
    if (!(rampRate > 0)) {
      throw new IllegalArgumentException("--ramp-rate must be positive");
    }
    if (!(commandRate > 0) || !(topupRate > 0)) {
      throw new IllegalArgumentException("--command-rate and --topup-rate must be positive");
    }
    if (topupConcurrency < 1) {
      throw new IllegalArgumentException("--topup-concurrency must be at least 1");
    }
    if (reportIntervalSeconds < 1) {
      throw new IllegalArgumentException("--report-interval must be at least 1 second");
    }
    for (String phase : phases) {
      if (!ALL_PHASES.contains(phase)) {
        throw new IllegalArgumentException("unknown phase '" + phase + "', expected some of " + ALL_PHASES);
      }
    }
    if (faultFraction < 0 || faultFraction > 0.5 || relayRefuseFraction < 0 || relayRefuseFraction > 1) {
      throw new IllegalArgumentException("fractions out of range");
    }
  }

  public boolean runs(String phase) {
    return phases.contains(phase);
  }

  /** Every n-th meter is in the rebinding slice (0 = none). */
  public int rebindingStep() {
    return faultFraction <= 0 ? 0 : (int) Math.max(2, Math.round(1 / faultFraction));
  }

  /** How many wrong-key meters the fault phase adds. */
  public int wrongKeyMeters() {
    return !runs("faults") || faultFraction <= 0 ? 0 : (int) Math.max(2, Math.round(meters * faultFraction));
  }

  /** Every n-th meter refuses relay writes (0 = none). */
  public int refuseStep() {
    return relayRefuseFraction <= 0 ? 0 : (int) Math.max(2, Math.round(1 / relayRefuseFraction));
  }
}
