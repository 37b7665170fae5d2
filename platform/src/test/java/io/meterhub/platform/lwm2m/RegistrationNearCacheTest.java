package io.meterhub.platform.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.meterhub.platform.cluster.ClusterMember;
import io.meterhub.platform.cluster.ClusterSettings;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Registrations and observations are near-cached on every member (ClusterMember). Member B here never receives other
 * members' invalidations, the worst case of a lost invalidation event: its lock-free reads stay stale, but what the
 * store decides under an endpoint's lock must follow the current registration.
 */
class RegistrationNearCacheTest {

  private static ClusterMember memberA;
  private static HazelcastInstance deafB;
  private static HazelcastRegistrationStore storeA;
  private static HazelcastRegistrationStore storeB;

  @BeforeAll
  static void startMembers() {
    String cluster = TestCluster.randomClusterName();
    memberA = TestCluster.member(1, cluster);
    Config config = ClusterMember.config(
        new ClusterSettings(2, cluster, "127.0.0.1", 0, List.of("127.0.0.1:" + memberA.address().getPort())));
    for (String map : List.of(ClusterMember.REGISTRATIONS, ClusterMember.REGISTRATION_INDEX)) {
      config.getMapConfig(map).getNearCacheConfig().setInvalidateOnChange(false);
    }
    deafB = Hazelcast.newHazelcastInstance(config);
    storeA = new HazelcastRegistrationStore(memberA.hazelcast(), Clock.systemUTC(), Duration.ofHours(1), 500, 0);
    storeB = new HazelcastRegistrationStore(deafB, Clock.systemUTC(), Duration.ofHours(1), 500, 0);
  }

  @AfterAll
  static void stopMembers() {
    storeA.destroy();
    storeB.destroy();
    deafB.shutdown();
    memberA.close();
  }

  @Test
  void anUpdateUnderTheLockStartsFromTheCurrentRegistrationNotAStaleCopy() {
    storeA.addRegistration(registration("reg-1", "ep-1", 40001, 300));
    assertThat(storeB.getRegistrationByEndpoint("ep-1").getLifeTimeInSec()).isEqualTo(300); // now near-cached on B
    storeA.updateRegistration(update("reg-1", 40001, 600));
    assertThat(storeB.getRegistrationByEndpoint("ep-1").getLifeTimeInSec()).as("B's stale copy").isEqualTo(300);

    Registration previous = storeB.updateRegistration(update("reg-1", 40101, 900)).getPreviousRegistration();

    assertThat(previous.getLifeTimeInSec()).isEqualTo(600);
    assertThat(storeA.getRegistrationByEndpoint("ep-1").getLifeTimeInSec()).isEqualTo(900);
    assertThat(storeB.getRegistrationByEndpoint("ep-1").getLifeTimeInSec()).as("B's own write").isEqualTo(900);
  }

  @Test
  void removingAReplacedRegistrationLeavesTheNewOneAlone() {
    storeA.addRegistration(registration("reg-2", "ep-2", 40002, 300));
    assertThat(storeB.getRegistration("reg-2")).isNotNull(); // near-cached on B, index entry too
    storeA.addRegistration(registration("reg-2b", "ep-2", 40012, 300)); // the meter registered again
    assertThat(storeB.getRegistration("reg-2")).as("B's stale copy").isNotNull();

    assertThat(storeB.removeRegistration("reg-2")).isNull();

    assertThat(storeA.getRegistrationByEndpoint("ep-2").getId()).isEqualTo("reg-2b");
  }

  private static Registration registration(String id, String endpoint, int port, long lifetime) {
    return TestRegistrations.registration(id, endpoint, port, lifetime, Instant.now());
  }

  private static RegistrationUpdate update(String id, int port, long lifetime) {
    IpPeer peer = new IpPeer(new InetSocketAddress("127.0.0.1", port), new PskIdentity("id-ep-1"));
    return new RegistrationUpdate(id, peer, lifetime, null, null, null, null, null, null, null, null, null);
  }
}
