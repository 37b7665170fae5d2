package io.meterhub.platform.meter;

import io.meterhub.models.RelayState;

/**
 * What a meter list is narrowed to in SQL; every part is optional (null or empty = any).
 *
 * @param regionPrefix region starts with this ({@code north} matches {@code north/feeder-07})
 * @param idPrefix meter id starts with this
 * @param relay last relay state recorded in the registry
 * @param creditState API name of the credit state of the meter's prepayment account ({@code low}, ...)
 */
public record MeterFilter(String regionPrefix, String idPrefix, RelayState relay, String creditState) {

  public static final MeterFilter ANY = new MeterFilter(null, null, null, null);

  /** Region and id prefix only. */
  public static MeterFilter of(String regionPrefix, String idPrefix) {
    return new MeterFilter(regionPrefix, idPrefix, null, null);
  }

  /** True when only region and id prefix are set, the filters every store supports. */
  public boolean prefixesOnly() {
    return relay == null && (creditState == null || creditState.isEmpty());
  }
}
