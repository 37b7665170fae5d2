package io.meterhub.platform.retention;

import io.meterhub.platform.config.Setting;
import io.meterhub.platform.consent.Granularity;
import io.meterhub.platform.config.SettingValues;
import io.meterhub.platform.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
    SettingValues values = SettingValues.of(environment);
    RetentionPolicy policy =
        RetentionPolicy.ofDays(
            days(values, Settings.RETENTION_FINE_READINGS_DAYS),
            days(values, Settings.RETENTION_DAILY_DAYS),
            days(values, Settings.RETENTION_EVENTS_DAYS),
            days(values, Settings.RETENTION_AUDIT_DAYS),
            Duration.ofMinutes(values.intIn(Settings.RETENTION_INTERVAL_MINUTES, 1, 7 * 24 * 60)));
    List<String> previous =
        values.list(Settings.VAULT_PREVIOUS_KEYS);
    String granularity = values.text(Settings.DEFAULT_GRANULARITY);
    Granularity fallback =
        Granularity.fromApiName(granularity)
            .orElseThrow(() -> new IllegalArgumentException(Settings.DEFAULT_GRANULARITY.env()
                + " must be monthly, daily, 30-min, 15-min or unrestricted, got '" + granularity + "'"));
    return new PrivacySettings(values.text(Settings.VAULT_KEY), previous, policy, fallback);
  }

  private static int days(SettingValues values, Setting setting) {
    return values.intIn(setting, 0, 100 * 366);
  }

  /** Keys are secrets: never shown. */
  @Override
  public String toString() {
    return "PrivacySettings[vaultKey=" + (vaultKey.isEmpty() ? "generated" : "configured") + ", previousVaultKeys="
        + previousVaultKeys.size() + ", retention=" + retention + ", defaultGranularity="
        + defaultGranularity.apiName() + "]";
  }
}
