package io.meterhub.platform.customer;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A customer with decrypted personal data; only for callers allowed to see it, after an audited read.
 *
 * @param summary the pseudonymous part (reference, protection flag, linked meters)
 * @param personal decrypted personal fields
 */
public record Customer(CustomerSummary summary, PersonalData personal) {

  public Customer {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(personal, "personal");
  }

  public String id() {
    return summary.id();
  }

  public String ref() {
    return summary.ref();
  }

  public List<String> meters() {
    return summary.meters();
  }

  public Instant createdAt() {
    return summary.createdAt();
  }
}
