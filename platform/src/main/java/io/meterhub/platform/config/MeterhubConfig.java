package io.meterhub.platform.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

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
    List<String> tamperTripRegions,
    int nominalVoltage,
    int voltageTolerancePercent,
    int outageMeters,
    int outageWindowSeconds) {

  /** Reads the process environment (and the file it names). */
  public static MeterhubConfig fromEnvironment() {
    return from(System.getenv());
  }

  /** Reads the given environment (and the file it names); defaults fill the rest. */
  public static MeterhubConfig from(Map<String, String> environment) {
    Map<String, String> values = new HashMap<>();
    String file = environment.getOrDefault(Settings.CONFIG_FILE.env(), "");
    if (!file.isBlank()) {
      values.putAll(readProperties(Path.of(file)));
    }
    environment.forEach(
        (key, value) -> {
          if (key.startsWith("METERHUB_")) {
            values.put(key, value);
          }
        });
    Source source = new Source(values);
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
        source.list(Settings.TAMPER_TRIP_REGIONS),
        source.intIn(Settings.NOMINAL_VOLTAGE, 50, 1000),
        source.intIn(Settings.VOLTAGE_TOLERANCE_PERCENT, 1, 50),
        source.intIn(Settings.OUTAGE_METERS, 2, 100_000),
        source.intIn(Settings.OUTAGE_WINDOW_SECONDS, 10, 86_400));
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

  private static Map<String, String> readProperties(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException(Settings.CONFIG_FILE.env() + ": cannot read " + file + ": " + e.getMessage());
    }
    Map<String, String> values = new HashMap<>();
    properties.forEach((k, v) -> values.put(k.toString().trim(), v.toString().trim()));
    return values;
  }

  private record Source(Map<String, String> values) {

    String text(Setting setting) {
      String value = values.get(setting.env());
      return value == null ? setting.defaultValue() : value.trim();
    }

    Optional<String> optional(Setting setting) {
      String value = text(setting);
      return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    List<String> list(Setting setting) {
      return optional(setting)
          .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
          .orElse(List.of());
    }

    int intIn(Setting setting, int min, int max) {
      String value = text(setting);
      try {
        int parsed = Integer.parseInt(value);
        if (parsed < min || parsed > max) {
          throw new IllegalArgumentException(
              setting.env() + " must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(setting.env() + " must be a whole number, got '" + value + "'");
      }
    }
  }
}
