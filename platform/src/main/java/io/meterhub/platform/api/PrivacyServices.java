package io.meterhub.platform.api;

import io.meterhub.platform.consent.ConsentService;
import io.meterhub.platform.customer.CustomerService;
import java.util.Objects;

/**
 * Services behind the privacy routes.
 *
 * @param customers the customer vault
 * @param consent reporting-granularity consent per meter
 */
public record PrivacyServices(CustomerService customers, ConsentService consent) {

  public PrivacyServices {
    Objects.requireNonNull(customers, "customers");
    Objects.requireNonNull(consent, "consent");
  }
}
