package io.meterhub.platform.analytics;

import io.meterhub.platform.config.SettingValues;
import io.meterhub.platform.config.Settings;
import java.util.Map;

/**
 * Privacy and cost limits of the analytics queries.
 *
 * @param minGroupMeters a group (and every interval of it) is released only with at least this many meters
 * @param maxSharePercent when above 0, the CPUC-style dominance rule: no single meter may account for more than this
 *     share of a group's energy in the period or in any interval (15 with 15 meters = the "15/15 rule")
 * @param maxIntervals most intervals one load query may ask for
 * @param nominalVoltage nominal supply voltage, V
 * @param tolerancePercent voltage readings outside nominal ± this percentage count as out of tolerance
 */
public record AnalyticsSettings(
    int minGroupMeters, int maxSharePercent, int maxIntervals, int nominalVoltage, int tolerancePercent) {

  public AnalyticsSettings {
    if (minGroupMeters < 1 || maxSharePercent < 0 || maxSharePercent > 100 || maxIntervals < 1
        || nominalVoltage < 1 || tolerancePercent < 1) {
      throw new IllegalArgumentException("invalid analytics settings");
    }
  }

  public static AnalyticsSettings defaults() {
    return from(Map.of());
  }

  /** Reads the analytics and voltage keys of {@link Settings} from an environment; defaults fill the rest. */
  public static AnalyticsSettings from(Map<String, String> env) {
    SettingValues values = SettingValues.of(env);
    return new AnalyticsSettings(
        values.intIn(Settings.ANALYTICS_MIN_GROUP_METERS, 1, 1_000_000),
        values.intIn(Settings.ANALYTICS_MAX_SHARE_PERCENT, 0, 100),
        values.intIn(Settings.ANALYTICS_MAX_INTERVALS, 1, 100_000),
        values.intIn(Settings.NOMINAL_VOLTAGE, 50, 1000),
        values.intIn(Settings.VOLTAGE_TOLERANCE_PERCENT, 1, 50));
  }

  /** The same limits with another minimum group size and dominance share (tests, other deployments). */
  public AnalyticsSettings withRule(int minMeters, int sharePercent) {
    return new AnalyticsSettings(minMeters, sharePercent, maxIntervals, nominalVoltage, tolerancePercent);
  }

  public AnalyticsSettings withMaxIntervals(int max) {
    return new AnalyticsSettings(minGroupMeters, maxSharePercent, max, nominalVoltage, tolerancePercent);
  }

  /** Name of the release rule in force, as answers report it. */
  public String ruleName() {
    return maxSharePercent > 0 ? "min-meters-and-max-share" : "min-meters";
  }
}
