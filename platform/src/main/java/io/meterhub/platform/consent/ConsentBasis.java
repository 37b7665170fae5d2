package io.meterhub.platform.consent;

import java.util.Optional;

/** The lawful basis a granularity rests on (GDPR Art. 6 terms; "consent" is the UK DAPF explicit opt-in). */
public enum ConsentBasis {
  CONSENT("consent"),
  CONTRACT("contract"),
  LEGAL_OBLIGATION("legal-obligation"),
  LEGITIMATE_INTEREST("legitimate-interest");

  private final String apiName;

  ConsentBasis(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }

  public static Optional<ConsentBasis> fromApiName(String value) {
    for (ConsentBasis b : values()) {
      if (b.apiName.equals(value)) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }
}
