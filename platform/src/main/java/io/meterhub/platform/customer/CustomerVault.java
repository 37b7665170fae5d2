package io.meterhub.platform.customer;

import io.meterhub.platform.store.Page;
import java.util.Optional;

/**
 * Customers' personal data, kept apart from meters and readings and encrypted per field; customers are linked to
 * meters by id only. Methods that return {@link Customer} decrypt; the caller is responsible for authorising and
 * auditing that read ({@link CustomerService} does). Blocking (JDBC): never call it on an event loop.
 */
public interface CustomerVault {

  /** Stores a new customer; {@link io.meterhub.platform.common.ConflictException} when the id exists. */
  CustomerSummary create(String id, PersonalData personal);

  /** The pseudonymous view by customer id or reference; nothing is decrypted. */
  Optional<CustomerSummary> summary(String idOrRef);

  /** Pseudonymous views in id order. */
  Page<CustomerSummary> summaries(int limit, String cursor);

  /** The customer with decrypted personal data, by id or reference. */
  Optional<Customer> read(String idOrRef);

  /** Customers with decrypted personal data, in id order. */
  Page<Customer> readAll(int limit, String cursor);

  /** Applies the patch (re-encrypting the row under the active data key); empty when the customer is unknown. */
  Optional<CustomerSummary> update(String id, CustomerPatch patch);

  /** Links a meter to a customer. */
  LinkOutcome link(String customerId, String meterId);

  /** Removes a link; false when that meter was not linked to that customer. */
  boolean unlink(String customerId, String meterId);

  /**
   * Creates a new data key wrapped under the current key-encryption key, re-encrypts every customer under it and
   * deletes the old data keys: afterwards nothing depends on previous key-encryption keys or data keys.
   */
  KeyRotation rotateKeys();

  /** Result of {@link #link}. */
  enum LinkOutcome {
    LINKED,
    ALREADY_LINKED,
    CUSTOMER_NOT_FOUND,
    /** Never returned by the vault, which does not know meters; {@link CustomerService} checks them. */
    METER_NOT_FOUND,
    LINKED_TO_ANOTHER_CUSTOMER
  }
}
