package io.meterhub.platform.event;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the event pipeline.
 *
 * @param queueCapacity messages waiting for each ingestion worker; beyond it new messages are dropped and counted
 * @param ingestWorkers ingestion workers; each meter's events always go to the same one, so they stay in order
 * @param batchSize events the worker stores per transaction at most
 * @param clockSkewTolerance |occurredAt − receivedAt| above it flags the event and raises a {@code clock_skew} alarm
 * @param outageThreshold meters of one region group losing supply within {@code outageWindow} that make an outage
 * @param outageWindow see {@code outageThreshold}
 * @param outageClearRatio share of the affected meters that must report restore before the outage clears
 * @param tripOnTamperRegions region prefixes whose meters are tripped (via {@link TamperResponse}) on tamper
 * @param nominalVoltage nominal supply voltage, V
 * @param voltageTolerance allowed relative deviation from nominal (0.10 = ±10 %)
 * @param webhookMaxAttempts delivery attempts before a delivery is dead-lettered
 * @param webhookInitialBackoff wait before the first retry; doubles per attempt
 * @param webhookMaxBackoff longest wait between attempts
 * @param webhookTimeout time a receiver has to answer one attempt
 * @param webhookMaxInFlight concurrent delivery attempts per node
 * @param webhookPollInterval how often a node looks in the delivery log for due retries (its own or another node's)
 * @param webhookLease how long a node's claim on a delivery attempt holds; after it any node may take the attempt
 */
public record EventConfig(
    int queueCapacity,
    int ingestWorkers,
    int batchSize,
    Duration clockSkewTolerance,
    int outageThreshold,
    Duration outageWindow,
    double outageClearRatio,
    Set<String> tripOnTamperRegions,
    double nominalVoltage,
    double voltageTolerance,
    int webhookMaxAttempts,
    Duration webhookInitialBackoff,
    Duration webhookMaxBackoff,
    Duration webhookTimeout,
    int webhookMaxInFlight,
    Duration webhookPollInterval,
    Duration webhookLease) {

  public EventConfig {
    if (queueCapacity < 1 || ingestWorkers < 1 || batchSize < 1 || outageThreshold < 1 || webhookMaxAttempts < 1
        || webhookMaxInFlight < 1) {
      throw new IllegalArgumentException("capacities, sizes, thresholds and attempts must be positive");
    }
    Objects.requireNonNull(clockSkewTolerance, "clockSkewTolerance");
    Objects.requireNonNull(outageWindow, "outageWindow");
    if (outageClearRatio <= 0 || outageClearRatio > 1) {
      throw new IllegalArgumentException("outageClearRatio must be in (0, 1]");
    }
    tripOnTamperRegions = Set.copyOf(tripOnTamperRegions);
    if (nominalVoltage <= 0 || voltageTolerance <= 0 || voltageTolerance >= 1) {
      throw new IllegalArgumentException("nominalVoltage must be positive and voltageTolerance in (0, 1)");
    }
    Objects.requireNonNull(webhookInitialBackoff, "webhookInitialBackoff");
    Objects.requireNonNull(webhookMaxBackoff, "webhookMaxBackoff");
    Objects.requireNonNull(webhookTimeout, "webhookTimeout");
    Objects.requireNonNull(webhookPollInterval, "webhookPollInterval");
    Objects.requireNonNull(webhookLease, "webhookLease");
    if (webhookPollInterval.isNegative() || webhookPollInterval.isZero()
        || webhookLease.compareTo(webhookTimeout) <= 0) {
      throw new IllegalArgumentException("webhookPollInterval must be positive and webhookLease above webhookTimeout");
    }
  }

  /**
   * Defaults: 4 ingestion workers, 5 min skew, 10 meters in 2 min make an outage, 90 % restored clears it,
   * 230 V ±10 %, 6 webhook attempts, due retries looked up every second, 2 min claim lease.
   */
  public static EventConfig defaults() {
    return new EventConfig(100_000, 4, 500, Duration.ofMinutes(5), 10, Duration.ofMinutes(2), 0.9, Set.of(), 230.0,
        0.10, 6, Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(10), 16, Duration.ofSeconds(1),
        Duration.ofMinutes(2));
  }

  /** Voltage quality limits: nominal ± tolerance (a fraction, e.g. 0.10). */
  public EventConfig withVoltageLimits(double nominal, double tolerance) {
    return new EventConfig(queueCapacity, ingestWorkers, batchSize, clockSkewTolerance, outageThreshold, outageWindow,
        outageClearRatio, tripOnTamperRegions, nominal, tolerance, webhookMaxAttempts, webhookInitialBackoff,
        webhookMaxBackoff, webhookTimeout, webhookMaxInFlight, webhookPollInterval, webhookLease);
  }

  /** Outage correlation: this many meters of one region losing supply within {@code window} make one incident. */
  public EventConfig withOutage(int threshold, Duration window) {
    return new EventConfig(queueCapacity, ingestWorkers, batchSize, clockSkewTolerance, threshold, window,
        outageClearRatio, tripOnTamperRegions, nominalVoltage, voltageTolerance, webhookMaxAttempts,
        webhookInitialBackoff, webhookMaxBackoff, webhookTimeout, webhookMaxInFlight, webhookPollInterval,
        webhookLease);
  }

  public EventConfig withTripOnTamper(Set<String> regions) {
    return new EventConfig(queueCapacity, ingestWorkers, batchSize, clockSkewTolerance, outageThreshold, outageWindow,
        outageClearRatio, regions, nominalVoltage, voltageTolerance, webhookMaxAttempts, webhookInitialBackoff,
        webhookMaxBackoff, webhookTimeout, webhookMaxInFlight, webhookPollInterval, webhookLease);
  }

  public EventConfig withWebhookRetries(int attempts, Duration initialBackoff, Duration maxBackoff, Duration timeout) {
    return new EventConfig(queueCapacity, ingestWorkers, batchSize, clockSkewTolerance, outageThreshold, outageWindow,
        outageClearRatio, tripOnTamperRegions, nominalVoltage, voltageTolerance, attempts, initialBackoff, maxBackoff,
        timeout, webhookMaxInFlight, webhookPollInterval, webhookLease);
  }

  public EventConfig withQueueCapacity(int capacity) {
    return new EventConfig(capacity, ingestWorkers, batchSize, clockSkewTolerance, outageThreshold, outageWindow,
        outageClearRatio, tripOnTamperRegions, nominalVoltage, voltageTolerance, webhookMaxAttempts,
        webhookInitialBackoff, webhookMaxBackoff, webhookTimeout, webhookMaxInFlight, webhookPollInterval,
        webhookLease);
  }

  public EventConfig withWebhookQueue(Duration pollInterval, Duration lease) {
    return new EventConfig(queueCapacity, ingestWorkers, batchSize, clockSkewTolerance, outageThreshold, outageWindow,
        outageClearRatio, tripOnTamperRegions, nominalVoltage, voltageTolerance, webhookMaxAttempts,
        webhookInitialBackoff, webhookMaxBackoff, webhookTimeout, webhookMaxInFlight, pollInterval, lease);
  }

  public EventConfig withIngestWorkers(int workers) {
    return new EventConfig(queueCapacity, workers, batchSize, clockSkewTolerance, outageThreshold, outageWindow,
        outageClearRatio, tripOnTamperRegions, nominalVoltage, voltageTolerance, webhookMaxAttempts,
        webhookInitialBackoff, webhookMaxBackoff, webhookTimeout, webhookMaxInFlight, webhookPollInterval,
        webhookLease);
  }

  /** True when {@code region} lies in one of the trip-on-tamper prefixes (whole path segments). */
  public boolean tripsOnTamper(String region) {
    for (String prefix : tripOnTamperRegions) {
      if (region.equals(prefix) || region.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")) {
        return true;
      }
    }
    return false;
  }
}
