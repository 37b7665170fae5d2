package io.meterhub.platform.auth;

import io.meterhub.platform.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.meterhub.platform.common.ConflictException;
import io.meterhub.platform.common.RateLimitedException;
import io.meterhub.platform.common.ValidationException;
import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.audit.ChainedAuditLog;
import io.meterhub.platform.testsupport.EventLoopGuard;
import io.meterhub.platform.testsupport.TestStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthServiceTest {

  /** Real H2 and Hazelcast, shared by the tests and emptied before each. */
  static TestStores stores;
  MutableClock clock;
  UserStore users;
  AuthService auth;

  @BeforeAll
  static void start() {
    stores = new TestStores(Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    stores.close();
  }

  @BeforeEach
  void setUp() {
    stores.clear();
    clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
    users = stores.users;
    // The audit log on the shared database, stamping entries with this test's clock.
    AuditLog audit = new ChainedAuditLog(stores.database, clock);
    auth = new AuthService(EventLoopGuard.guard(UserStore.class, users), new PasswordHasher(),
        new TokenService(stores.hazelcast, clock, Duration.ofHours(1)), EventLoopGuard.guard(AuditLog.class, audit),
        new LoginThrottle(3, Duration.ofMinutes(5), clock), clock);
  }

  @Test
  void bootstrapWithConfiguredPasswordCreatesAdminOnce() {
    assertThat(auth.bootstrap(Optional.of("configured-admin-pw"))).isTrue();
    assertThat(auth.bootstrap(Optional.of("another-admin-pw!"))).isFalse();

    assertThat(users.count()).isEqualTo(1);
    assertThat(users.find("admin").orElseThrow().roles()).containsExactly(Role.ADMIN);
    assertThat(auth.login("admin", "configured-admin-pw")).isPresent();
    assertThat(auth.login("admin", "another-admin-pw!")).isEmpty();
    assertThat(stores.auditEntries()).singleElement().satisfies(e -> {
      assertThat(e.actor()).isEqualTo("system:bootstrap");
      assertThat(e.action()).isEqualTo("user.create");
    });
  }

  @Test
  void bootstrapWithoutPasswordGeneratesOneAndLogsItOnceAtWarn() {
    Logger logger = (Logger) LoggerFactory.getLogger(AuthService.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      assertThat(auth.bootstrap(Optional.empty())).isTrue();
      assertThat(auth.bootstrap(Optional.empty())).isFalse();
    } finally {
      logger.detachAppender(appender);
    }

    List<ILoggingEvent> warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    assertThat(warnings).hasSize(1);
    String password = (String) warnings.get(0).getArgumentArray()[1];
    assertThat(password).hasSizeGreaterThanOrEqualTo(AuthService.MIN_PASSWORD_LENGTH);
    assertThat(users.find("admin").orElseThrow().passwordHash()).startsWith("$2").doesNotContain(password);
    assertThat(auth.login("admin", password)).isPresent();
  }

  @Test
  void bootstrapRefusesAWeakConfiguredPassword() {
    assertThatThrownBy(() -> auth.bootstrap(Optional.of("short"))).isInstanceOf(ValidationException.class);
    assertThat(users.count()).isZero();
  }

  @Test
  void bootstrapDoesNothingWhenUsersExist() {
    auth.createUser("test", "someone", "long enough password", List.of("operator"));

    assertThat(auth.bootstrap(Optional.empty())).isFalse();
    assertThat(users.find("admin")).isEmpty();
  }

  @Test
  void loginIssuesTokenWithTheUsersRoles() {
    auth.createUser("admin", "ivy", "long enough password", List.of("auditor", "support"));

    String token = auth.login("ivy", "long enough password").orElseThrow().accessToken();

    assertThat(auth.authenticate(token)).contains(new Principal("ivy", Set.of(Role.AUDITOR, Role.SUPPORT)));
  }

  @Test
  void failedLoginsAreThrottledPerNameUntilTheWindowEnds() {
    auth.createUser("admin", "tom", "long enough password", List.of("support"));
    for (int i = 0; i < 3; i++) {
      assertThat(auth.login("tom", "wrong password")).isEmpty();
    }

    assertThatThrownBy(() -> auth.login("tom", "long enough password")).isInstanceOf(RateLimitedException.class)
        .satisfies(e -> assertThat(((RateLimitedException) e).retryAfterSeconds()).isEqualTo(300));
    assertThat(auth.login("ivy-other", "whatever")).isEmpty();
    clock.advance(Duration.ofMinutes(5));
    assertThat(auth.login("tom", "long enough password")).isPresent();
  }

  @Test
  void createUserRejectsDuplicatesAndBadInput() {
    auth.createUser("admin", "dup", "long enough password", List.of("payments"));

    assertThatThrownBy(() -> auth.createUser("admin", "dup", "long enough password", List.of("payments")))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> auth.createUser("admin", "new", "long enough password", List.of()))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> auth.createUser("admin", "system:x", "long enough password", List.of("admin")))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> auth.createUser("admin", "new", "eleven char", List.of("admin")))
        .isInstanceOf(ValidationException.class);
  }
}
