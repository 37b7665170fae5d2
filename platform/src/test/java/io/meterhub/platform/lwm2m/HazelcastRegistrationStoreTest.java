package io.meterhub.platform.lwm2m;

import io.meterhub.platform.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.cluster.ClusterMember;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.ObservationIdentifier;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.server.registration.Deregistration;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two Hazelcast members in one JVM, one store on each. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HazelcastRegistrationStoreTest {

  private static final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private static ClusterMember memberA;
  private static ClusterMember memberB;
  private static HazelcastRegistrationStore storeA;
  private static HazelcastRegistrationStore storeB;

  @BeforeAll
  static void startMembers() {
    String cluster = TestCluster.randomClusterName();
    memberA = TestCluster.member(1, cluster);
    memberB = TestCluster.member(2, cluster, memberA);
    // cleaners are driven by hand (cleanExpired) so the test controls when expiry runs
    storeA = new HazelcastRegistrationStore(memberA.hazelcast(), clock, Duration.ofHours(1), 500, 0);
    storeB = new HazelcastRegistrationStore(memberB.hazelcast(), clock, Duration.ofHours(1), 500, 0);
  }

  @AfterAll
  static void stopMembers() {
    storeA.destroy();
    storeB.destroy();
    memberB.close();
    memberA.close();
  }

  @Test
  void membersFormOneCluster() {
    assertThat(memberA.memberCount()).isEqualTo(2);
  }

  @Test
  void registrationAddedOnOneMemberIsFoundOnTheOtherByEveryKey() {
    Registration r = registration("reg-1", "ep-1", 40001, 300);
    assertThat(storeA.addRegistration(r)).isNull();

    assertThat(storeB.getRegistration("reg-1").getEndpoint()).isEqualTo("ep-1");
    assertThat(storeB.getRegistrationByEndpoint("ep-1").getId()).isEqualTo("reg-1");
    assertThat(storeB.getRegistrationByAdress(new InetSocketAddress("127.0.0.1", 40001)).getId()).isEqualTo("reg-1");
    assertThat(storeB.getRegistrationByIdentity(new PskIdentity("id-ep-1")).getId()).isEqualTo("reg-1");
    assertThat(iterate(storeB)).extracting(Registration::getId).contains("reg-1");
  }

  @Test
  void updateOnOneMemberIsSeenOnTheOther() {
    storeA.addRegistration(registration("reg-2", "ep-2", 40002, 300));
    IpPeer moved = new IpPeer(new InetSocketAddress("127.0.0.1", 40102), new PskIdentity("id-ep-2"));
    RegistrationUpdate update =
        new RegistrationUpdate("reg-2", moved, 600L, null, null, null, null, null, null, null, null, null);

    assertThat(storeB.updateRegistration(update).getUpdatedRegistration().getLifeTimeInSec()).isEqualTo(600L);

    assertThat(storeA.getRegistrationByEndpoint("ep-2").getLifeTimeInSec()).isEqualTo(600L);
    assertThat(storeA.getRegistrationByAdress(new InetSocketAddress("127.0.0.1", 40102)).getId()).isEqualTo("reg-2");
    assertThat(storeA.getRegistrationByAdress(new InetSocketAddress("127.0.0.1", 40002))).isNull();
  }

  @Test
  void reRegistrationReplacesTheOldOneAndDropsItsObservations() {
    storeA.addRegistration(registration("reg-3", "ep-3", 40003, 300));
    storeA.addObservation("reg-3", observation("reg-3", 3, "/3/0"), false);

    Deregistration replaced = storeB.addRegistration(registration("reg-3b", "ep-3", 40013, 300));

    assertThat(replaced.getRegistration().getId()).isEqualTo("reg-3");
    assertThat(replaced.getObservations()).hasSize(1);
    assertThat(storeA.getRegistration("reg-3")).isNull();
    assertThat(storeA.getObservations("reg-3")).isEmpty();
    assertThat(storeA.getRegistrationByEndpoint("ep-3").getId()).isEqualTo("reg-3b");
  }

  @Test
  void observationsAreSharedAndANewOneOnTheSamePathReplacesTheOld() {
    storeA.addRegistration(registration("reg-4", "ep-4", 40004, 300));
    SingleObservation first = observation("reg-4", 41, "/3/0");
    storeA.addObservation("reg-4", first, false);
    assertThat(storeB.getObservation(first.getId())).isNotNull();
    assertThat(storeB.getObservation("reg-4", first.getId()).getRegistrationId()).isEqualTo("reg-4");

    SingleObservation second = observation("reg-4", 42, "/3/0");
    SingleObservation other = observation("reg-4", 43, "/3312/0/5850");
    assertThat(storeB.addObservation("reg-4", second, false)).extracting(Observation::getId).containsExactly(first.getId());
    storeB.addObservation("reg-4", other, false);

    assertThat(storeA.getObservations("reg-4")).extracting(Observation::getId)
        .containsExactlyInAnyOrder(second.getId(), other.getId());
    assertThat(storeA.removeObservation("reg-4", other.getId())).isNotNull();
    assertThat(storeB.removeRegistration("reg-4").getObservations()).extracting(Observation::getId)
        .containsExactly(second.getId());
    assertThat(storeA.getObservation(second.getId())).isNull();
  }

  @Test
  void expiredRegistrationsAreReportedExactlyOnceAcrossTheCluster() throws Exception {
    Map<String, AtomicInteger> expired = new ConcurrentHashMap<>();
    storeA.setExpirationListener((r, obs) -> expired.computeIfAbsent(r.getEndpoint(), k -> new AtomicInteger())
        .incrementAndGet());
    storeB.setExpirationListener((r, obs) -> expired.computeIfAbsent(r.getEndpoint(), k -> new AtomicInteger())
        .incrementAndGet());
    int n = 40;
    for (int i = 0; i < n; i++) {
      storeA.addRegistration(registration("exp-" + i, "exp-ep-" + i, 41000 + i, 2));
    }
    storeA.addRegistration(registration("long-lived", "long-ep", 42000, 3600));
    assertThat(storeA.cleanExpired() + storeB.cleanExpired()).as("nothing expired yet").isZero();

    clock.advance(Duration.ofSeconds(10));
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> cleaners = new ArrayList<>();
    for (HazelcastRegistrationStore store : List.of(storeA, storeB, storeA, storeB)) {
      Thread t = new Thread(() -> {
        try {
          start.await();
          store.cleanExpired();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      t.start();
      cleaners.add(t);
    }
    start.countDown();
    for (Thread t : cleaners) {
      t.join();
    }
    storeA.cleanExpired();
    storeB.cleanExpired();

    assertThat(expired).hasSize(n);
    assertThat(expired.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
    assertThat(storeB.getRegistrationByEndpoint("exp-ep-0")).isNull();
    assertThat(storeB.getRegistration("exp-0")).isNull();
    assertThat(storeA.getRegistrationByEndpoint("long-ep")).isNotNull();
  }

  private static Registration registration(String id, String endpoint, int port, long lifetime) {
    return TestRegistrations.registration(id, endpoint, port, lifetime, clock.instant());
  }

  private static SingleObservation observation(String registrationId, int token, String path) {
    return new SingleObservation(
        new ObservationIdentifier(new byte[] {1, 2, (byte) token}),
        registrationId,
        new LwM2mPath(path),
        ContentFormat.TLV,
        Map.of(),
        Map.of());
  }

  private static List<Registration> iterate(HazelcastRegistrationStore store) {
    List<Registration> all = new ArrayList<>();
    store.getAllRegistrations().forEachRemaining(all::add);
    return all;
  }
}
