package io.meterhub.platform.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * How finely a meter's consumption may be collected and stored (UK DAPF tiers: monthly for billing, daily unless the
 * customer opts out, half-hourly and finer only with explicit consent). {@link #UNRESTRICTED} applies the meter
 * profile's own cadence and stores every reading; it is only a deployment default, never recorded as consent.
 */
public enum Granularity {
  MONTHLY("monthly", 30 * 86_400),
  DAILY("daily", 86_400),
  HALF_HOURLY("30-min", 1_800),
  QUARTER_HOURLY("15-min", 900),
  UNRESTRICTED("unrestricted", 0);

  private final String apiName;
  private final int seconds;

  Granularity(String apiName, int seconds) {
    this.apiName = apiName;
    this.seconds = seconds;
  }

  public String apiName() {
    return apiName;
  }

  /** Length of one reporting period in seconds (a month counts 30 days); 0 for unrestricted. */
  public int seconds() {
    return seconds;
  }

  /** True for half-hourly and finer: needs explicit consent (or a legal obligation such as settlement). */
  public boolean finerThanDaily() {
    return this == HALF_HOURLY || this == QUARTER_HOURLY;
  }

  /** Start of the UTC period holding {@code at}: calendar month, day, or 30/15-minute slot. */
  public Instant periodStart(Instant at) {
    return switch (this) {
      case MONTHLY -> LocalDate.ofInstant(at, ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC)
          .toInstant();
      case UNRESTRICTED -> at;
      default -> Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), seconds) * seconds);
    };
  }

  public static Optional<Granularity> fromApiName(String value) {
    for (Granularity g : values()) {
      if (g.apiName.equals(value)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }
}
