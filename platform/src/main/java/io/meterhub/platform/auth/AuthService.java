package io.meterhub.platform.auth;

import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.common.ConflictException;
import io.meterhub.platform.common.FieldErrors;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logins, the first admin and user management. Blocking (bcrypt, user store, token map): never call it on an event
 * loop.
 */
public final class AuthService {

  private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);

  /** Lower-case so that look-alike names cannot coexist; no ':' so a user can never pose as {@code system:*}. */
  public static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

  public static final int MIN_PASSWORD_LENGTH = 12;
  public static final String BOOTSTRAP_ADMIN = "admin";

  private final UserStore users;
  private final PasswordHasher hasher;
  private final TokenService tokens;
  private final AuditLog audit;
  private final LoginThrottle throttle;
  private final Clock clock;

  public AuthService(
      UserStore users, PasswordHasher hasher, TokenService tokens, AuditLog audit, LoginThrottle throttle,
      Clock clock) {
    this.users = Objects.requireNonNull(users, "users");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Checks the credentials and issues a token. Unknown user and wrong password take the same time and give the same
   * empty answer.
   *
   * @throws io.meterhub.platform.common.RateLimitedException after too many failures for this user name
   */
  public Optional<IssuedToken> login(String username, String password) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    throttle.check(username);
    Optional<User> user = USERNAME.matcher(username).matches() ? users.find(username) : Optional.empty();
    boolean ok;
    if (user.isPresent()) {
      ok = hasher.verify(password, user.get().passwordHash());
    } else {
      hasher.verifyDummy(password);
      ok = false;
    }
    if (!ok) {
      throttle.failure(username);
      return Optional.empty();
    }
    throttle.success(username);
    return Optional.of(tokens.issue(new Principal(user.get().username(), user.get().roles())));
  }

  /** The principal of a bearer token, if it is valid. */
  public Optional<Principal> authenticate(String bearerToken) {
    return tokens.resolve(Objects.requireNonNull(bearerToken, "bearerToken"));
  }

  /**
   * On an empty user store, creates {@code admin} with role admin. Without a configured password a random one is
   * generated and logged once at WARN: the only secret ever logged, so the operator can log in the first time.
   *
   * @return true when the admin was created by this call
   */
  public boolean bootstrap(Optional<String> adminPassword) {
    Objects.requireNonNull(adminPassword, "adminPassword");
    if (users.count() > 0) {
      return false;
    }
    boolean generated = adminPassword.isEmpty();
    String password = adminPassword.orElseGet(AuthService::randomPassword);
    if (!generated) {
      FieldErrors errors = new FieldErrors();
      checkPassword(password, errors);
      errors.throwIfAny();
    }
    User admin = new User(BOOTSTRAP_ADMIN, hasher.hash(password), Set.of(Role.ADMIN), clock.instant());
    if (!users.insert(admin)) {
      return false; // another node won the race
    }
    audit.record("system:bootstrap", "user.create", BOOTSTRAP_ADMIN, "{\"roles\":[\"admin\"]}");
    if (generated) {
      LOG.warn("Created user '{}' with generated password: {}  (shown once; set METERHUB_ADMIN_PASSWORD to choose it)",
          BOOTSTRAP_ADMIN, password);
    } else {
      LOG.info("Created user '{}' with the configured password", BOOTSTRAP_ADMIN);
    }
    return true;
  }

  /**
   * Creates a user.
   *
   * @throws io.meterhub.platform.common.ValidationException bad name, weak password or unknown role
   * @throws ConflictException the name is taken
   */
  public User createUser(String actor, String username, String password, Collection<String> roleNames) {
    Objects.requireNonNull(actor, "actor");
    FieldErrors errors = new FieldErrors();
    if (username == null || !USERNAME.matcher(username).matches()) {
      errors.add("username", "must match " + USERNAME.pattern());
    }
    if (password == null) {
      errors.add("password", "is required");
    } else {
      checkPassword(password, errors);
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (roleNames == null || roleNames.isEmpty()) {
      errors.add("roles", "must name at least one role");
    } else {
      for (String name : roleNames) {
        Optional<Role> role = name == null ? Optional.empty() : Role.fromApiName(name);
        role.ifPresentOrElse(roles::add, () -> errors.add("roles", "unknown role: " + safe(name)));
      }
    }
    errors.throwIfAny();
    User user = new User(username, hasher.hash(password), roles, clock.instant());
    if (!users.insert(user)) {
      throw new ConflictException("User '" + username + "' already exists");
    }
    List<String> names = roles.stream().map(Role::apiName).sorted().toList();
    audit.record(actor, "user.create", username, "{\"roles\":[" + String.join(",",
        names.stream().map(n -> "\"" + n + "\"").toList()) + "]}");
    return user;
  }

  public List<User> listUsers() {
    return users.list();
  }

  private static void checkPassword(String password, FieldErrors errors) {
    if (password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
      errors.add("password", "must have at least " + MIN_PASSWORD_LENGTH + " characters");
    } else if (password.getBytes(StandardCharsets.UTF_8).length > PasswordHasher.MAX_PASSWORD_BYTES) {
      errors.add("password", "must have at most " + PasswordHasher.MAX_PASSWORD_BYTES + " bytes (UTF-8)");
    }
  }

  private static String safe(String value) {
    return value.length() > 32 ? value.substring(0, 32) + "..." : value;
  }

  private static String randomPassword() {
    byte[] raw = new byte[18];
    new SecureRandom().nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }
}
