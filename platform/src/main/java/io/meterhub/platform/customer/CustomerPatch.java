package io.meterhub.platform.customer;

import java.util.List;

/**
 * A change of personal fields: null leaves a field as it is; {@link #CLEAR} (the empty string) removes an optional
 * field; {@code protectedReasons} replaces the list when not null.
 */
public record CustomerPatch(
    String name, String address, String phone, String email, List<ProtectionReason> protectedReasons) {

  /** Value that removes an optional field. */
  public static final String CLEAR = "";

  /** Names of the fields this patch changes (for the audit log: names, never values). */
  public List<String> fieldNames() {
    List<String> out = new java.util.ArrayList<>();
    if (name != null) {
      out.add("name");
    }
    if (address != null) {
      out.add("address");
    }
    if (phone != null) {
      out.add("phone");
    }
    if (email != null) {
      out.add("email");
    }
    if (protectedReasons != null) {
      out.add("protectedReasons");
    }
    return out;
  }

  PersonalData applyTo(PersonalData current) {
    return new PersonalData(
        name != null ? name : current.name(),
        pick(address, current.address()),
        pick(phone, current.phone()),
        pick(email, current.email()),
        protectedReasons != null ? protectedReasons : current.protectedReasons());
  }

  private static String pick(String change, String current) {
    if (change == null) {
      return current;
    }
    return change.equals(CLEAR) ? null : change;
  }

  @Override
  public String toString() {
    return "CustomerPatch" + fieldNames();
  }
}
