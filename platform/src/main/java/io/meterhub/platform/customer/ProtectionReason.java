package io.meterhub.platform.customer;

import java.util.Locale;
import java.util.Optional;

/**
 * Why a customer is protected from automatic disconnection (medical need, dispute, seasonal rules...). Fixed codes
 * instead of free text keep health details out of the record.
 */
public enum ProtectionReason {
  MEDICAL,
  DISABILITY,
  ELDERLY,
  YOUNG_CHILDREN,
  DISPUTE,
  WINTER,
  OTHER;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<ProtectionReason> fromApiName(String value) {
    for (ProtectionReason reason : values()) {
      if (reason.apiName().equals(value)) {
        return Optional.of(reason);
      }
    }
    return Optional.empty();
  }
}
