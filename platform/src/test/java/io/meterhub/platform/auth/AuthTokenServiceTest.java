package io.meterhub.platform.auth;

import io.meterhub.platform.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.meterhub.platform.cluster.ClusterMember;
import io.meterhub.platform.lwm2m.TestCluster;
import io.meterhub.platform.testsupport.TestHazelcast;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthTokenServiceTest {

  static HazelcastInstance hz;

  @BeforeAll
  static void start() {
    hz = TestHazelcast.start();
  }

  @AfterAll
  static void stop() {
    hz.shutdown();
  }

  @Test
  void issuedTokenResolvesToItsPrincipalUntilItExpires() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
    TokenService tokens = new TokenService(hz, clock, Duration.ofSeconds(3600));
    Principal principal = new Principal("olga", Set.of(Role.OPERATOR, Role.AUDITOR));

    IssuedToken token = tokens.issue(principal);

    assertThat(token.expiresInSeconds()).isEqualTo(3600);
    assertThat(token.expiresAt()).isEqualTo(Instant.parse("2026-12-04T11:00:00Z"));
    assertThat(tokens.resolve(token.accessToken())).contains(principal);
    clock.advance(Duration.ofSeconds(3599));
    assertThat(tokens.resolve(token.accessToken())).contains(principal);
    clock.advance(Duration.ofSeconds(1));
    assertThat(tokens.resolve(token.accessToken())).isEmpty();
  }

  @Test
  void onlyTheHashOfATokenIsStored() {
    TokenService tokens = new TokenService(hz, new MutableClock(Instant.now()), Duration.ofMinutes(5));

    IssuedToken token = tokens.issue(new Principal("hash-check", Set.of(Role.ADMIN)));

    assertThat(hz.getMap(TokenService.MAP_NAME).keySet()).contains(TokenService.hash(token.accessToken()))
        .doesNotContain(token.accessToken());
    assertThat(TokenService.hash(token.accessToken())).hasSize(64);
    assertThat(token.toString()).doesNotContain(token.accessToken());
  }

  @Test
  void tokensAreUniqueAndRevocable() {
    TokenService tokens = new TokenService(hz, new MutableClock(Instant.now()), Duration.ofMinutes(5));
    IssuedToken a = tokens.issue(new Principal("a", Set.of(Role.SUPPORT)));
    IssuedToken b = tokens.issue(new Principal("a", Set.of(Role.SUPPORT)));

    assertThat(a.accessToken()).isNotEqualTo(b.accessToken());
    tokens.revoke(a.accessToken());
    assertThat(tokens.resolve(a.accessToken())).isEmpty();
    assertThat(tokens.resolve(b.accessToken())).isPresent();
    assertThat(tokens.resolve("")).isEmpty();
    assertThat(tokens.resolve("made-up")).isEmpty();
  }

  @Test
  void aRevokedTokenIsRefusedOnEveryMemberDespiteTheirNearCaches() {
    String cluster = TestCluster.randomClusterName();
    try (ClusterMember a = TestCluster.member(1, cluster); ClusterMember b = TestCluster.member(2, cluster, a)) {
      MutableClock clock = new MutableClock(Instant.now());
      TokenService onA = new TokenService(a.hazelcast(), clock, Duration.ofMinutes(5));
      TokenService onB = new TokenService(b.hazelcast(), clock, Duration.ofMinutes(5));
      IssuedToken token = onA.issue(new Principal("near", Set.of(Role.OPERATOR)));
      // both members now hold the token in their near caches (the issue's own invalidation event can reach the
      // other member after its first read and drop that copy: read again until both are cached)
      TestCluster.await("the token near-cached on both members", Duration.ofSeconds(5), () -> {
        assertThat(onA.resolve(token.accessToken())).isPresent();
        assertThat(onB.resolve(token.accessToken())).isPresent();
        return a.hazelcast().getMap(TokenService.MAP_NAME).getLocalMapStats().getNearCacheStats().getOwnedEntryCount()
            + b.hazelcast().getMap(TokenService.MAP_NAME).getLocalMapStats().getNearCacheStats().getOwnedEntryCount()
            == 2;
      });

      onB.revoke(token.accessToken());

      assertThat(onB.resolve(token.accessToken())).as("on the revoking member").isEmpty();
      // the other member hears of it by an invalidation event (not batched for this map)
      TestCluster.await("token refused on the other member", Duration.ofSeconds(5),
          () -> onA.resolve(token.accessToken()).isEmpty());
    }
  }

  @Test
  void aTokenIssuedOnOneMemberIsValidOnAnother() {
    HazelcastInstance second = TestHazelcast.join(hz);
    try {
      MutableClock clock = new MutableClock(Instant.now());
      IssuedToken token = new TokenService(hz, clock, Duration.ofMinutes(5))
          .issue(new Principal("clustered", Set.of(Role.ADMIN)));

      assertThat(new TokenService(second, clock, Duration.ofMinutes(5)).resolve(token.accessToken()))
          .hasValueSatisfying(p -> assertThat(p.username()).isEqualTo("clustered"));
    } finally {
      second.shutdown();
    }
  }
}
