package io.meterhub.platform.auth;

import java.util.Locale;
import java.util.Optional;

/** Roles of the REST API (least privilege, see api-v1). */
public enum Role {
  ADMIN,
  OPERATOR,
  PAYMENTS,
  AUDITOR,
  SUPPORT;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromApiName(String name) {
    for (Role role : values()) {
      if (role.apiName().equals(name)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
