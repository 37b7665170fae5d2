package io.meterhub.platform.command;

import io.meterhub.platform.config.Setting;
import io.meterhub.platform.config.SettingValues;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Tuning of the command pipeline of one node.
 *
 * @param defaultTtl how long a command may wait for its meter when the request names no deadline
 * @param maxTtl the longest deadline a request may ask for
 * @param maxInFlight meters delivered to concurrently by this node (the rest wait their turn)
 * @param ratePerSecond deliveries this node starts per second at most (token bucket, bursts of one second)
 * @param requestTimeout wait for a meter's answer to one request
 * @param retryBase first backoff after a timeout; doubles per attempt
 * @param retryMax longest backoff
 * @param sweepInterval how often expired commands and undelivered commands of online meters are looked for
 * @param staleSentAfter a command marked sent for longer than this lost its node and is put back to waiting
 * @param workerThreads threads for the pipeline's blocking work (SQL, audit, cluster calls)
 */
public record CommandSettings(
    Duration defaultTtl,
    Duration maxTtl,
    int maxInFlight,
    int ratePerSecond,
    Duration requestTimeout,
    Duration retryBase,
    Duration retryMax,
    Duration sweepInterval,
    Duration staleSentAfter,
    int workerThreads) {

  public static final Setting DEFAULT_TTL_SECONDS =
      new Setting("METERHUB_COMMAND_TTL_SECONDS", "86400", "default deadline of a device command, seconds");
  public static final Setting MAX_IN_FLIGHT =
      new Setting("METERHUB_COMMAND_MAX_IN_FLIGHT", "64", "meters a node delivers commands to at the same time");
  public static final Setting RATE_PER_SECOND =
      new Setting("METERHUB_COMMAND_RATE_PER_SECOND", "200", "command deliveries a node starts per second at most");
  public static final Setting REQUEST_TIMEOUT_SECONDS =
      new Setting("METERHUB_COMMAND_REQUEST_TIMEOUT_SECONDS", "30", "wait for a meter's answer to a command request");
  public static final Setting SWEEP_INTERVAL_MS =
      new Setting("METERHUB_COMMAND_SWEEP_INTERVAL_MS", "1000", "period of the expiry and redelivery sweep, ms");

  /** The keys {@link #from(Map)} reads (to be listed in the README configuration table). */
  public static final List<Setting> ALL =
      List.of(DEFAULT_TTL_SECONDS, MAX_IN_FLIGHT, RATE_PER_SECOND, REQUEST_TIMEOUT_SECONDS, SWEEP_INTERVAL_MS);

  public CommandSettings {
    Objects.requireNonNull(defaultTtl, "defaultTtl");
    Objects.requireNonNull(maxTtl, "maxTtl");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(retryBase, "retryBase");
    Objects.requireNonNull(retryMax, "retryMax");
    Objects.requireNonNull(sweepInterval, "sweepInterval");
    Objects.requireNonNull(staleSentAfter, "staleSentAfter");
    if (maxInFlight < 1 || ratePerSecond < 1 || workerThreads < 1) {
      throw new IllegalArgumentException("maxInFlight, ratePerSecond and workerThreads must be positive");
    }
  }

  public static CommandSettings defaults() {
    return from(Map.of());
  }

  /** Reads the {@code METERHUB_COMMAND_*} keys of an environment; defaults fill the rest. */
  public static CommandSettings from(Map<String, String> env) {
    SettingValues values = SettingValues.of(env);
    Duration timeout = Duration.ofSeconds(values.longIn(REQUEST_TIMEOUT_SECONDS, 1, 600));
    return new CommandSettings(
        Duration.ofSeconds(values.longIn(DEFAULT_TTL_SECONDS, 1, 30L * 24 * 3600)),
        Duration.ofDays(30),
        (int) values.longIn(MAX_IN_FLIGHT, 1, 100_000),
        (int) values.longIn(RATE_PER_SECOND, 1, 1_000_000),
        timeout,
        Duration.ofSeconds(2),
        Duration.ofMinutes(5),
        Duration.ofMillis(values.longIn(SWEEP_INTERVAL_MS, 50, 3_600_000)),
        timeout.multipliedBy(3).plusSeconds(30),
        8);
  }
}
