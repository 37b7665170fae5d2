package io.meterhub.platform.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed configuration of one node: defaults &lt; properties file &lt; environment. Invalid values fail fast at start
 * with a message naming the key.
 */
public record MeterhubConfig(
    int nodeId,
    Path dataDir,
    String httpHost,
    int httpPort,
    String coapHost,
    int coapsPort,
    Optional<Integer> coapPort,
    Optional<String> dbUrl,
    String dbUser,
    String dbPassword,
    int dbPoolSize,
    Optional<String> adminPassword,
    String clusterName,
    String clusterHost,
    int clusterPort,
    List<String> clusterMembers,
    int maxBodyBytes,
    int tokenTtlSeconds,
    int readingBatchSize,
    int readingBatchDelayMs,
    Optional<Integer> measurementPminSeconds,
    Optional<Integer> measurementPmaxSeconds,
    int lwm2mInboundThreads,
    List<String> tamperTripRegions,
    int nominalVoltage,
    int voltageTolerancePercent,
    int outageMeters,
    int outageWindowSeconds,
    int displayMinIntervalSeconds,
    int chargeHoldSeconds,
    int queueAwakeSeconds) {

  /** Reads the process environment (and the file it names). */
  public static MeterhubConfig fromEnvironment() {
    return from(System.getenv());
  }

  /** Reads the given environment (and the file it names); defaults fill the rest. */
  public static MeterhubConfig from(Map<String, String> environment) {
    SettingValues source = SettingValues.of(environment);
    return new MeterhubConfig(
        source.intIn(Settings.NODE_ID, 1, 255),
        Path.of(source.text(Settings.DATA_DIR)),
        source.text(Settings.HTTP_HOST),
        source.intIn(Settings.HTTP_PORT, 0, 65535),
        source.text(Settings.COAP_HOST),
        source.intIn(Settings.COAPS_PORT, 0, 65535),
        source.optional(Settings.COAP_PORT).map(v -> source.intIn(Settings.COAP_PORT, 0, 65535)),
        source.optional(Settings.DB_URL),
        source.text(Settings.DB_USER),
        source.text(Settings.DB_PASSWORD),
        source.intIn(Settings.DB_POOL_SIZE, 2, 500),
        source.optional(Settings.ADMIN_PASSWORD),
        source.text(Settings.CLUSTER_NAME),
        source.text(Settings.CLUSTER_HOST),
        source.intIn(Settings.CLUSTER_PORT, 0, 65535),
        source.list(Settings.CLUSTER_MEMBERS),
        source.intIn(Settings.MAX_BODY_BYTES, 1024, 16 * 1024 * 1024),
        source.intIn(Settings.TOKEN_TTL_SECONDS, 60, 7 * 24 * 3600),
        source.intIn(Settings.READING_BATCH_SIZE, 1, 100_000),
        source.intIn(Settings.READING_BATCH_DELAY_MS, 1, 60_000),
        source.optional(Settings.MEASUREMENT_PMIN_SECONDS)
            .map(v -> source.intIn(Settings.MEASUREMENT_PMIN_SECONDS, 0, 86_400)),
        source.optional(Settings.MEASUREMENT_PMAX_SECONDS)
            .map(v -> source.intIn(Settings.MEASUREMENT_PMAX_SECONDS, 0, 86_400)),
        source.intIn(Settings.LWM2M_INBOUND_THREADS, 1, 256),
        source.list(Settings.TAMPER_TRIP_REGIONS),
        source.intIn(Settings.NOMINAL_VOLTAGE, 50, 1000),
        source.intIn(Settings.VOLTAGE_TOLERANCE_PERCENT, 1, 50),
        source.intIn(Settings.OUTAGE_METERS, 2, 100_000),
        source.intIn(Settings.OUTAGE_WINDOW_SECONDS, 10, 86_400),
        source.intIn(Settings.DISPLAY_MIN_INTERVAL_SECONDS, 0, 86_400),
        source.intIn(Settings.CHARGE_HOLD_SECONDS, 0, 3_600),
        source.intIn(Settings.QUEUE_AWAKE_SECONDS, 1, 86_400));
  }

  /** Hides secrets: configuration gets logged at start. */
  @Override
  public String toString() {
    return "MeterhubConfig[node="
        + nodeId
        + ", dataDir="
        + dataDir
        + ", http="
        + httpHost
        + ":"
        + httpPort
        + ", coaps="
        + coapHost
        + ":"
        + coapsPort
        + ", coap="
        + coapPort.map(String::valueOf).orElse("off")
        + ", db="
        + (dbUrl.isPresent() ? "external" : "embedded H2")
        + ", cluster="
        + clusterName
        + "@"
        + clusterHost
        + ":"
        + clusterPort
        + " members="
        + clusterMembers
        + "]";
  }
}
