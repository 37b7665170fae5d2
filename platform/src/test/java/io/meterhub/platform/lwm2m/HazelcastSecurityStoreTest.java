package io.meterhub.platform.lwm2m;

import static io.meterhub.platform.lwm2m.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterhub.platform.cluster.ClusterMember;
import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterSecurity;
import io.meterhub.platform.pki.EcKeys;
import io.meterhub.platform.pki.Revocation;
import io.meterhub.platform.pki.RevocationList;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.eclipse.leshan.server.security.SecurityStoreListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Credentials written on one member are read locally on the other. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HazelcastSecurityStoreTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static ClusterMember memberA;
  private static ClusterMember memberB;
  private static HazelcastSecurityStore storeA;
  private static HazelcastSecurityStore storeB;

  @BeforeAll
  static void startMembers() {
    String cluster = TestCluster.randomClusterName();
    memberA = TestCluster.member(1, cluster);
    memberB = TestCluster.member(2, cluster, memberA);
    storeA = new HazelcastSecurityStore(memberA.hazelcast());
    storeB = new HazelcastSecurityStore(memberB.hazelcast());
  }

  @AfterAll
  static void stopMembers() {
    memberB.close();
    memberA.close();
  }

  @Test
  void pskCredentialsAreFoundOnTheOtherMemberByIdentityAndEndpoint() {
    storeA.put(meter("m-psk", MeterSecurity.psk("psk-id-1", "000102030405060708090a0b0c0d0e0f")));

    await("replicated", WAIT, () -> storeB.getByIdentity("psk-id-1") != null);
    SecurityInfo info = storeB.getByIdentity("psk-id-1");
    assertThat(info.getEndpoint()).isEqualTo("m-psk");
    assertThat(info.getPreSharedKey()).hasSize(16).startsWith(0, 1, 2);
    assertThat(storeB.getByEndpoint("m-psk")).isEqualTo(info);
  }

  @Test
  void changingTheIdentityRetiresTheOldOne() {
    storeA.put(meter("m-ident", MeterSecurity.psk("old-id", "00112233445566778899aabbccddeeff")));
    storeA.put(meter("m-ident", MeterSecurity.psk("new-id", "00112233445566778899aabbccddeeff")));

    await("new identity replicated", WAIT, () -> storeB.getByIdentity("new-id") != null);
    await("old identity gone", WAIT, () -> storeB.getByIdentity("old-id") == null);
  }

  @Test
  void anIdentityOfAnotherMeterIsRejected() {
    storeA.put(meter("m-owner", MeterSecurity.psk("shared-id", "00112233445566778899aabbccddeeff")));

    assertThatThrownBy(
            () -> storeA.put(meter("m-thief", MeterSecurity.psk("shared-id", "ffeeddccbbaa99887766554433221100"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(storeA.getByIdentity("shared-id").getEndpoint()).isEqualTo("m-owner");
    assertThat(storeA.getByEndpoint("m-thief")).isNull();
  }

  @Test
  void rpkCredentialsKeepThePublicKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair keys = generator.generateKeyPair();
    String base64 = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());

    storeA.put(meter("m-rpk", new MeterSecurity(MeterSecurity.Mode.RPK, null, null, base64)));

    await("replicated", WAIT, () -> storeB.getByEndpoint("m-rpk") != null);
    SecurityInfo info = storeB.getByEndpoint("m-rpk");
    assertThat(info.useRPK()).isTrue();
    assertThat(info.getRawPublicKey()).isEqualTo(keys.getPublic());
  }

  @Test
  void removedCredentialsDisappearEverywhere() {
    storeA.put(meter("m-gone", MeterSecurity.psk("gone-id", "00112233445566778899aabbccddeeff")));
    await("replicated", WAIT, () -> storeB.getByIdentity("gone-id") != null);

    storeB.remove("m-gone");

    await("removed on A", WAIT, () -> storeA.getByEndpoint("m-gone") == null);
    assertThat(storeA.getByIdentity("gone-id")).isNull();
  }

  private static Meter meter(String id, MeterSecurity security) {
    return new Meter(id, "KPM31", "test", security, NOW, NOW);
  }

  @Test
  void rpkAndX509CredentialsAreReplicated() {
    KeyPair keys = EcKeys.generate();
    storeA.put(meter("m-rpk", MeterSecurity.rpk(Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()))));
    storeA.put(meter("m-x509", MeterSecurity.x509()));

    await("replicated", WAIT, () -> storeB.getByEndpoint("m-rpk") != null && storeB.getByEndpoint("m-x509") != null);
    assertThat(storeB.getByEndpoint("m-rpk").getRawPublicKey()).isEqualTo(keys.getPublic());
    assertThat(storeB.getByEndpoint("m-x509").useX509Cert()).isTrue();
  }

  @Test
  void droppingSessionsOnOneMemberReachesTheListenersOfEveryMemberWithTheCredentialsKept() {
    storeA.put(meter("m-drop", MeterSecurity.x509()));
    await("replicated", WAIT, () -> storeB.getByEndpoint("m-drop") != null);
    List<String> dropsOnB = new CopyOnWriteArrayList<>();
    SecurityStoreListener listener = (compromised, infos) -> {
      for (SecurityInfo info : infos) {
        dropsOnB.add(info.getEndpoint() + ":" + compromised + ":" + info.useX509Cert());
      }
    };
    storeB.addListener(listener);
    try {
      storeA.dropSessions("m-drop");

      await("drop seen on the other member", WAIT, () -> dropsOnB.contains("m-drop:true:true"));
      assertThat(storeB.getByEndpoint("m-drop")).as("credentials stay").isNotNull();
    } finally {
      storeB.removeListener(listener);
    }
  }

  @Test
  void revocationsAreVisibleOnEveryMember() {
    RevocationList onA = new RevocationList(memberA.hazelcast());
    RevocationList onB = new RevocationList(memberB.hazelcast());

    onA.add(new Revocation("0ABC", "m-1", "compromised", NOW, "admin"));

    await("revocation replicated", WAIT, () -> onB.isRevoked("0ABC"));
    assertThat(onB.isRevoked("0ABD")).isFalse();
  }
}
