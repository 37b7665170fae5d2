package io.meterhub.platform.customer;

import java.util.List;
import java.util.Objects;

/**
 * The personal fields of a customer, as stored encrypted in the vault. {@link #toString()} never shows them, so an
 * accidental log statement cannot leak them.
 *
 * @param name full name (required)
 * @param address postal address of the supply, or null
 * @param phone phone number, or null
 * @param email e-mail address, or null
 * @param protectedReasons why the customer must never be auto-disconnected (may reveal health: encrypted too)
 */
public record PersonalData(
    String name, String address, String phone, String email, List<ProtectionReason> protectedReasons) {

  public PersonalData {
    Objects.requireNonNull(name, "name");
    protectedReasons = List.copyOf(protectedReasons == null ? List.of() : protectedReasons);
  }

  @Override
  public String toString() {
    return "PersonalData[redacted]";
  }
}
