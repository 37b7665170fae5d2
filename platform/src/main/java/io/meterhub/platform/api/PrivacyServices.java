package io.meterhub.platform.api;

import io.meterhub.platform.customer.CustomerService;
import java.util.Objects;

/**
 * Services behind the privacy routes (customer vault).
 *
 * @param customers the customer vault
 */
public record PrivacyServices(CustomerService customers) {

  public PrivacyServices {
    Objects.requireNonNull(customers, "customers");
  }
}
