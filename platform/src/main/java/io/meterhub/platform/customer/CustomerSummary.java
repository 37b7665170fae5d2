package io.meterhub.platform.customer;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the vault tells without decrypting anything: ids, the pseudonymous reference, whether the customer is
 * protected from automatic disconnection, and the linked meters.
 *
 * @param id the customer id (opaque key; operators are shown {@code ref} instead)
 * @param ref stable pseudonymous reference (HMAC of the id)
 * @param protectedCustomer true when at least one protection reason is recorded
 * @param meters ids of the linked meters, sorted
 */
public record CustomerSummary(
    String id, String ref, boolean protectedCustomer, List<String> meters, Instant createdAt, Instant updatedAt) {

  public CustomerSummary {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ref, "ref");
    meters = List.copyOf(meters);
  }
}
