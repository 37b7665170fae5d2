package io.meterhub.platform.testsupport;

import io.meterhub.platform.auth.User;
import io.meterhub.platform.auth.UserStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Thread-safe in-memory {@link UserStore}. */
public final class InMemoryUserStore implements UserStore {

  private final ConcurrentHashMap<String, User> users = new ConcurrentHashMap<>();

  @Override
  public boolean insert(User user) {
    EventLoopGuard.check();
    return users.putIfAbsent(user.username(), user) == null;
  }

  @Override
  public Optional<User> find(String username) {
    EventLoopGuard.check();
    return Optional.ofNullable(users.get(username));
  }

  @Override
  public List<User> list() {
    EventLoopGuard.check();
    return users.values().stream().sorted(Comparator.comparing(User::username)).toList();
  }

  @Override
  public long count() {
    EventLoopGuard.check();
    return users.size();
  }
}
