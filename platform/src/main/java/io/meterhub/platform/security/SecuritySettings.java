package io.meterhub.platform.security;

import io.meterhub.platform.config.SettingValues;
import io.meterhub.platform.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Transport security, abuse limits and audit signing of one node, read like the rest of the configuration
 * (defaults &lt; {@code METERHUB_CONFIG_FILE} &lt; environment). Invalid values fail fast naming the key.
 *
 * @param https HTTPS of the management listener
 * @param limits per-client rate limits and the longest login lockout
 * @param loginMaxFailures failed logins of one name within {@code loginLockout} that lock it out
 * @param loginLockout first lockout and failure-counting window
 * @param auditSigningKey PEM file of the Ed25519 key signing audit tree heads (created when absent)
 * @param auditTreeInterval period of publishing signed audit tree heads
 */
public record SecuritySettings(
    HttpsOptions https,
    RateLimits limits,
    int loginMaxFailures,
    Duration loginLockout,
    Path auditSigningKey,
    Duration auditTreeInterval) {

  public SecuritySettings {
    Objects.requireNonNull(https, "https");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(loginLockout, "loginLockout");
    Objects.requireNonNull(auditSigningKey, "auditSigningKey");
    Objects.requireNonNull(auditTreeInterval, "auditTreeInterval");
  }

  /** Reads the environment (and the file {@code METERHUB_CONFIG_FILE} names); {@code dataDir} anchors the defaults. */
  public static SecuritySettings from(Map<String, String> environment, Path dataDir) {
    Objects.requireNonNull(dataDir, "dataDir");
    SettingValues s = SettingValues.of(environment);
    Optional<Path> cert = s.optional(Settings.TLS_CERT_FILE).map(Path::of);
    Optional<Path> key = s.optional(Settings.TLS_KEY_FILE).map(Path::of);
    if (cert.isPresent() != key.isPresent()) {
      throw new IllegalArgumentException(Settings.TLS_CERT_FILE.env() + " and " + Settings.TLS_KEY_FILE.env()
          + " must be set together");
    }
    String plain = s.text(Settings.HTTP_PLAIN).toLowerCase(Locale.ROOT);
    if (!plain.equals("redirect") && !plain.equals("off")) {
      throw new IllegalArgumentException(Settings.HTTP_PLAIN.env() + " must be redirect or off, got '" + plain + "'");
    }
    HttpsOptions https = new HttpsOptions(s.bool(Settings.HTTPS_ENABLED), s.intIn(Settings.HTTPS_PORT, 0, 65535),
        cert, key, dataDir.resolve("tls"), plain.equals("redirect"),
        s.optional(Settings.HTTPS_REDIRECT_PORT).map(v -> s.intIn(Settings.HTTPS_REDIRECT_PORT, 1, 65535)));
    int lockout = s.intIn(Settings.LOGIN_LOCKOUT_SECONDS, 1, 86_400);
    RateLimits limits = new RateLimits(s.intIn(Settings.RATE_LIMIT_TOKEN_PER_MINUTE, 0, 1_000_000),
        s.intIn(Settings.RATE_LIMIT_TOPUPS_PER_SECOND, 0, 1_000_000),
        s.intIn(Settings.RATE_LIMIT_RELAY_PER_SECOND, 0, 1_000_000),
        Duration.ofSeconds(Math.max(lockout, s.intIn(Settings.LOGIN_LOCKOUT_MAX_SECONDS, 1, 30 * 86_400))));
    Path signingKey = s.optional(Settings.AUDIT_SIGNING_KEY_FILE).map(Path::of)
        .orElse(dataDir.resolve("audit-signing-key.pem"));
    return new SecuritySettings(https, limits, s.intIn(Settings.LOGIN_MAX_FAILURES, 1, 1000),
        Duration.ofSeconds(lockout), signingKey,
        Duration.ofSeconds(s.intIn(Settings.AUDIT_TREE_INTERVAL_SECONDS, 1, 86_400)));
  }
}
