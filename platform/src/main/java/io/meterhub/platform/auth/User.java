package io.meterhub.platform.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A user of the API.
 *
 * @param passwordHash slow salted hash (bcrypt), never the password; hidden from {@link #toString()}
 */
public record User(String username, String passwordHash, Set<Role> roles, Instant createdAt) {

  public User {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(passwordHash, "passwordHash");
    roles = Set.copyOf(roles);
    Objects.requireNonNull(createdAt, "createdAt");
  }

  @Override
  public String toString() {
    return "User[" + username + ", roles=" + roles + "]";
  }
}
