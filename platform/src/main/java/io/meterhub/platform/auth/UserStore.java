package io.meterhub.platform.auth;

import java.util.List;
import java.util.Optional;

/** Durable store of API users. Blocking (JDBC). */
public interface UserStore {

  /** @return false when the user name is taken */
  boolean insert(User user);

  Optional<User> find(String username);

  List<User> list();

  long count();
}
