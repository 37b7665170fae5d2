package io.meterhub.platform.auth;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.meterhub.platform.cluster.ClusterMember;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Opaque bearer tokens, valid on every node of the cluster. Only the SHA-256 of a token is stored, so a dump of the
 * shared map does not yield usable tokens. Blocking (Hazelcast calls): never call it on an event loop.
 */
public final class TokenService {

  /** Name of the cluster-wide map of token hashes. */
  public static final String MAP_NAME = ClusterMember.API_TOKENS;

  private final IMap<String, TokenRecord> tokens;
  private final Clock clock;
  private final Duration ttl;
  private final SecureRandom random = new SecureRandom();

  public TokenService(HazelcastInstance hazelcast, Clock clock, Duration ttl) {
    this.tokens = Objects.requireNonNull(hazelcast, "hazelcast").getMap(MAP_NAME);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
  }

  /** Issues a new token for the principal, valid for the configured lifetime. */
  public IssuedToken issue(Principal principal) {
    Objects.requireNonNull(principal, "principal");
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Instant expiresAt = clock.instant().plus(ttl);
    List<String> roles = principal.roles().stream().map(Role::apiName).sorted().toList();
    tokens.set(hash(token), new TokenRecord(principal.username(), roles, expiresAt.toEpochMilli()),
        ttl.toMillis(), TimeUnit.MILLISECONDS);
    return new IssuedToken(token, ttl.toSeconds(), expiresAt);
  }

  /** The principal of a valid, unexpired token. */
  public Optional<Principal> resolve(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isEmpty() || token.length() > 256) {
      return Optional.empty();
    }
    TokenRecord record = tokens.get(hash(token));
    // The map TTL cleans up; the clock check makes expiry exact and testable.
    if (record == null || clock.millis() >= record.expiresAtMillis()) {
      return Optional.empty();
    }
    Set<Role> roles = record.roles().stream().flatMap(r -> Role.fromApiName(r).stream()).collect(Collectors.toSet());
    return Optional.of(new Principal(record.username(), roles));
  }

  /** Invalidates a token on every node. */
  public void revoke(String token) {
    tokens.delete(hash(Objects.requireNonNull(token, "token")));
  }

  static String hash(String token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing", e);
    }
  }

  /** What the shared map holds per token hash. */
  record TokenRecord(String username, List<String> roles, long expiresAtMillis) implements Serializable {}
}
