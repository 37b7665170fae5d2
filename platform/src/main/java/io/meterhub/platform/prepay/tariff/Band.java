package io.meterhub.platform.prepay.tariff;

import java.util.Locale;
import java.util.Optional;

/** Time-of-use bands, in the order meters report their registers (sharp is the most expensive by convention). */
public enum Band {
  SHARP,
  PEAK,
  FLAT,
  VALLEY;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Band> fromApiName(String name) {
    for (Band band : values()) {
      if (band.apiName().equals(name)) {
        return Optional.of(band);
      }
    }
    return Optional.empty();
  }
}
