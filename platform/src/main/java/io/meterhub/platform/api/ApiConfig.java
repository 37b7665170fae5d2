package io.meterhub.platform.api;

import io.meterhub.platform.security.HttpsOptions;
import io.meterhub.platform.security.RateLimits;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of the HTTP API.
 *
 * @param host interface to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port TCP port, 0 for an ephemeral one (see {@link HttpApi#port()})
 * @param bodyLimitBytes largest accepted request body; larger ones get 413
 * @param tokenTtl lifetime of bearer tokens ({@code expires_in})
 * @param knownModels product profile names a meter may have
 * @param adminPassword password of the first {@code admin} on an empty user store; empty = generate and log once
 * @param workerPoolSize threads for blocking calls (SQL, bcrypt, Hazelcast)
 * @param loginMaxFailures failed logins per user name and window before a lockout (429)
 * @param loginWindow window of the login throttle, and the first lockout (each further one doubles)
 * @param bcryptCost bcrypt cost factor (10 = about 2^10 rounds)
 * @param limits per-client rate limits of the token, top-up and relay routes
 * @param https HTTPS of the listener ({@link HttpsOptions#disabled()}: plain HTTP on {@code port})
 */
public record ApiConfig(
    String host,
    int port,
    long bodyLimitBytes,
    Duration tokenTtl,
    Set<String> knownModels,
    Optional<String> adminPassword,
    int workerPoolSize,
    int loginMaxFailures,
    Duration loginWindow,
    int bcryptCost,
    RateLimits limits,
    HttpsOptions https) {

  public static final long DEFAULT_BODY_LIMIT = 64 * 1024;

  public ApiConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535");
    }
    if (bodyLimitBytes < 1) {
      throw new IllegalArgumentException("bodyLimitBytes must be positive");
    }
    Objects.requireNonNull(tokenTtl, "tokenTtl");
    knownModels = Set.copyOf(knownModels);
    Objects.requireNonNull(adminPassword, "adminPassword");
    if (workerPoolSize < 1) {
      throw new IllegalArgumentException("workerPoolSize must be positive");
    }
    Objects.requireNonNull(loginWindow, "loginWindow");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(https, "https");
  }

  /**
   * Defaults: all interfaces, plain HTTP on port 8080, 64 KiB bodies, one-hour tokens, 10 failed logins per 5 minutes
   * lock a name out, {@link RateLimits#defaults()}.
   */
  public static ApiConfig defaults() {
    return new ApiConfig("0.0.0.0", 8080, DEFAULT_BODY_LIMIT, Duration.ofHours(1), Set.of("KPM31", "KPM33", "KPM37"),
        Optional.empty(), 16, 10, Duration.ofMinutes(5), 10, RateLimits.defaults(), HttpsOptions.disabled());
  }

  public ApiConfig withLimits(RateLimits newLimits) {
    return new ApiConfig(host, port, bodyLimitBytes, tokenTtl, knownModels, adminPassword, workerPoolSize,
        loginMaxFailures, loginWindow, bcryptCost, newLimits, https);
  }

  public ApiConfig withLoginThrottle(int maxFailures, Duration window) {
    return new ApiConfig(host, port, bodyLimitBytes, tokenTtl, knownModels, adminPassword, workerPoolSize,
        maxFailures, window, bcryptCost, limits, https);
  }

  public ApiConfig withHttps(HttpsOptions options) {
    return new ApiConfig(host, port, bodyLimitBytes, tokenTtl, knownModels, adminPassword, workerPoolSize,
        loginMaxFailures, loginWindow, bcryptCost, limits, options);
  }

  public ApiConfig withHostPort(String newHost, int newPort) {
    return new ApiConfig(newHost, newPort, bodyLimitBytes, tokenTtl, knownModels, adminPassword, workerPoolSize,
        loginMaxFailures, loginWindow, bcryptCost, limits, https);
  }

  public ApiConfig withAdminPassword(Optional<String> password) {
    return new ApiConfig(host, port, bodyLimitBytes, tokenTtl, knownModels, password, workerPoolSize,
        loginMaxFailures, loginWindow, bcryptCost, limits, https);
  }

  public ApiConfig withTokenTtl(Duration ttl) {
    return new ApiConfig(host, port, bodyLimitBytes, ttl, knownModels, adminPassword, workerPoolSize,
        loginMaxFailures, loginWindow, bcryptCost, limits, https);
  }

  public ApiConfig withBodyLimit(long limit) {
    return new ApiConfig(host, port, limit, tokenTtl, knownModels, adminPassword, workerPoolSize,
        loginMaxFailures, loginWindow, bcryptCost, limits, https);
  }
}
