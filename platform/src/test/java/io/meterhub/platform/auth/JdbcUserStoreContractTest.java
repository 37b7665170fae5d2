package io.meterhub.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.store.DbContractBase;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class JdbcUserStoreContractTest extends DbContractBase {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private UserStore store;

  @BeforeEach
  void createStore() {
    store = new JdbcUserStore(db);
  }

  @Test
  void insertedUserIsFoundWithRoles() {
    User admin = new User("alice", "$2a$12$hash", Set.of(Role.ADMIN, Role.AUDITOR), T0);
    assertThat(store.insert(admin)).isTrue();

    assertThat(store.find("alice")).contains(admin);
    assertThat(store.find("bob")).isEmpty();
  }

  @Test
  void takenUserNameIsRefused() {
    store.insert(new User("alice", "h1", Set.of(Role.ADMIN), T0));

    assertThat(store.insert(new User("alice", "h2", Set.of(Role.SUPPORT), T0))).isFalse();
    assertThat(store.find("alice").orElseThrow().roles()).containsExactly(Role.ADMIN);
  }

  @Test
  void listIsOrderedByNameAndCountMatches() {
    store.insert(new User("carol", "h", Set.of(Role.PAYMENTS), T0));
    store.insert(new User("alice", "h", Set.of(), T0));
    store.insert(new User("bob", "h", Set.of(Role.values()), T0));

    assertThat(store.list()).extracting(User::username).containsExactly("alice", "bob", "carol");
    assertThat(store.list().get(0).roles()).isEmpty();
    assertThat(store.list().get(1).roles()).containsExactlyInAnyOrder(Role.values());
    assertThat(store.count()).isEqualTo(3);
  }
}
