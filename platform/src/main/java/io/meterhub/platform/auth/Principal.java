package io.meterhub.platform.auth;

import java.util.Objects;
import java.util.Set;

/**
 * An authenticated caller.
 *
 * @param username the user name (also the audit actor)
 * @param roles the roles granted
 */
public record Principal(String username, Set<Role> roles) {

  public Principal {
    Objects.requireNonNull(username, "username");
    roles = Set.copyOf(roles);
  }

  /** True when the caller holds at least one of {@code allowed}. */
  public boolean hasAny(Set<Role> allowed) {
    for (Role role : roles) {
      if (allowed.contains(role)) {
        return true;
      }
    }
    return false;
  }
}
