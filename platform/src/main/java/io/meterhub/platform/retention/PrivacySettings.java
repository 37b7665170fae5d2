package io.meterhub.platform.retention;

import io.meterhub.platform.config.Setting;
import io.meterhub.platform.consent.Granularity;
import io.meterhub.platform.config.Settings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The privacy keys of {@link Settings}: vault keys and retention durations, read like the rest of the configuration
 * (defaults &lt; {@code METERHUB_CONFIG_FILE} &lt; environment). Invalid values fail fast naming the key, never
 * showing a key value.
 *
 * @param vaultKey configured key-encryption key (base64), empty for "generate on an embedded node"
 * @param previousVaultKeys earlier key-encryption keys (base64)
 * @param defaultGranularity what applies to meters without a consent record
 */
public record PrivacySettings(
    String vaultKey, List<String> previousVaultKeys, RetentionPolicy retention, Granularity defaultGranularity) {

  public PrivacySettings {
    Objects.requireNonNull(vaultKey, "vaultKey");
    previousVaultKeys = List.copyOf(previousVaultKeys);
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(defaultGranularity, "defaultGranularity");
  }

  public static PrivacySettings fromEnvironment() {
    return from(System.getenv());
  }

  public static PrivacySettings from(Map<String, String> environment) {
    Map<String, String> values = new HashMap<>();
    String file = environment.getOrDefault(Settings.CONFIG_FILE.env(), "");
    if (!file.isBlank()) {
      values.putAll(readProperties(Path.of(file)));
    }
    environment.forEach(
        (key, value) -> {
          if (key.startsWith("METERHUB_")) {
            values.put(key, value.trim());
          }
        });
    RetentionPolicy policy =
        RetentionPolicy.ofDays(
            days(values, Settings.RETENTION_FINE_READINGS_DAYS),
            days(values, Settings.RETENTION_DAILY_DAYS),
            days(values, Settings.RETENTION_EVENTS_DAYS),
            days(values, Settings.RETENTION_AUDIT_DAYS),
            Duration.ofMinutes(intIn(values, Settings.RETENTION_INTERVAL_MINUTES, 1, 7 * 24 * 60)));
    List<String> previous =
        Arrays.stream(text(values, Settings.VAULT_PREVIOUS_KEYS).split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
    String granularity = text(values, Settings.DEFAULT_GRANULARITY);
    Granularity fallback =
        Granularity.fromApiName(granularity)
            .orElseThrow(() -> new IllegalArgumentException(Settings.DEFAULT_GRANULARITY.env()
                + " must be monthly, daily, 30-min, 15-min or unrestricted, got '" + granularity + "'"));
    return new PrivacySettings(text(values, Settings.VAULT_KEY), previous, policy, fallback);
  }

  private static String text(Map<String, String> values, Setting setting) {
    return values.getOrDefault(setting.env(), setting.defaultValue()).trim();
  }

  private static int days(Map<String, String> values, Setting setting) {
    return intIn(values, setting, 0, 100 * 366);
  }

  private static int intIn(Map<String, String> values, Setting setting, int min, int max) {
    String value = text(values, setting);
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        throw new IllegalArgumentException(setting.env() + " must be between " + min + " and " + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(setting.env() + " must be a whole number, got '" + value + "'");
    }
  }

  private static Map<String, String> readProperties(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException(Settings.CONFIG_FILE.env() + ": cannot read " + file);
    }
    Map<String, String> out = new HashMap<>();
    properties.forEach((k, v) -> out.put(k.toString().trim(), v.toString().trim()));
    return out;
  }

  /** Keys are secrets: never shown. */
  @Override
  public String toString() {
    return "PrivacySettings[vaultKey=" + (vaultKey.isEmpty() ? "generated" : "configured") + ", previousVaultKeys="
        + previousVaultKeys.size() + ", retention=" + retention + ", defaultGranularity="
        + defaultGranularity.apiName() + "]";
  }
}
