package io.meterhub.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.MeterReading;
import io.meterhub.models.RelayState;
import io.meterhub.platform.lwm2m.TestCluster;
import io.meterhub.platform.meter.MeterStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two members, one live state view on each. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HazelcastMeterLiveStateTest {

  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static ClusterMember memberA;
  private static ClusterMember memberB;
  private static HazelcastMeterLiveState stateA;
  private static HazelcastMeterLiveState stateB;

  @BeforeAll
  static void startMembers() {
    String cluster = TestCluster.randomClusterName();
    memberA = TestCluster.member(1, cluster);
    memberB = TestCluster.member(2, cluster, memberA);
    stateA = new HazelcastMeterLiveState(memberA.hazelcast());
    stateB = new HazelcastMeterLiveState(memberB.hazelcast());
  }

  @AfterAll
  static void stopMembers() {
    memberB.close();
    memberA.close();
  }

  @Test
  void unknownMeterHasUnknownStatus() {
    assertThat(stateA.get("nobody")).isEqualTo(MeterStatus.unknown("nobody"));
    assertThat(stateA.getAll(List.of("nobody"))).isEmpty();
  }

  @Test
  void statusWrittenOnOneMemberIsReadOnTheOther() {
    stateA.online("m-1", "node-1", T0);
    stateA.reading("m-1", energy(T0, 1000));

    MeterStatus status = stateB.get("m-1");
    assertThat(status.online()).isTrue();
    assertThat(status.node()).isEqualTo("node-1");
    assertThat(status.lastSeen()).isEqualTo(T0);
    assertThat(status.latest().activeEnergyWh()).isEqualTo(1000L);
    assertThat(stateB.getAll(List.of("m-1", "nobody"))).containsOnlyKeys("m-1");
  }

  @Test
  void olderReadingDoesNotOverwriteANewerOneAndPartialReadingsMerge() {
    stateA.reading("m-2", energy(T0.plusSeconds(60), 2000));
    stateB.reading("m-2", energy(T0, 1500));
    stateB.reading("m-2", new MeterReading(T0.plusSeconds(61), null, 230.1, null, null, null, null, null, null));

    MeterReading latest = stateA.get("m-2").latest();
    assertThat(latest.activeEnergyWh()).isEqualTo(2000L);
    assertThat(latest.voltageV()).isEqualTo(230.1);
    assertThat(latest.timestamp()).isEqualTo(T0.plusSeconds(61));
  }

  @Test
  void seenWithReadingMovesLastSeenAndMergesTheReadingInOneUpdate() {
    stateA.online("m-6", "node-1", T0);
    stateB.seenWithReading("m-6", T0.plusSeconds(5), energy(T0.plusSeconds(4), 1500));
    stateA.seenWithReading("m-6", T0.plusSeconds(3), energy(T0.plusSeconds(2), 1400)); // late: moves nothing back

    MeterStatus status = stateA.get("m-6");
    assertThat(status.online()).isTrue();
    assertThat(status.node()).isEqualTo("node-1");
    assertThat(status.lastSeen()).isEqualTo(T0.plusSeconds(5));
    assertThat(status.latest().activeEnergyWh()).isEqualTo(1500L);
    assertThat(status.latest().timestamp()).isEqualTo(T0.plusSeconds(4));
  }

  @Test
  void olderReadingOfAnotherObjectStillFillsWhatTheNewerOneLacks() {
    MeterReading.TouRegisters tou = new MeterReading.TouRegisters(1L, 2L, 3L, 4L, null, null);
    stateA.reading("m-3", new MeterReading(T0.plusMillis(4), null, null, null, null, null, null, null, tou));
    stateB.reading("m-3", new MeterReading(T0, 1234L, 229.8, null, null, null, null, null, null));
    stateB.reading("m-3", new MeterReading(T0.minusSeconds(1), 1000L, 228.0, 3.2, null, null, null, null, null));

    MeterReading latest = stateA.get("m-3").latest();
    assertThat(latest.activeEnergyWh()).as("older energy kept, oldest not taken").isEqualTo(1234L);
    assertThat(latest.voltageV()).isEqualTo(229.8);
    assertThat(latest.currentA()).as("only the oldest reading had a current").isEqualTo(3.2);
    assertThat(latest.tou()).isEqualTo(tou);
    assertThat(latest.timestamp()).isEqualTo(T0.plusMillis(4));
  }

  @Test
  void staleOfflineDoesNotHideANewerRegistration() {
    stateA.online("m-3", "node-2", T0.plusSeconds(10));
    stateB.offline("m-3", T0.plusSeconds(5));
    assertThat(stateA.get("m-3").online()).isTrue();

    stateB.offline("m-3", T0.plusSeconds(20));
    assertThat(stateA.get("m-3").online()).isFalse();
    assertThat(stateA.get("m-3").node()).isNull();
  }

  @Test
  void onlineCountCountsOnlineMetersOfTheWholeCluster() {
    long before = stateA.onlineCount();
    stateA.online("c-1", "node-1", T0);
    stateB.online("c-2", "node-2", T0);
    stateB.online("c-3", "node-2", T0);
    stateA.offline("c-3", T0.plusSeconds(1));
    assertThat(stateB.onlineCount()).isEqualTo(before + 2);
    stateA.remove("c-1");
    assertThat(stateB.onlineCount()).isEqualTo(before + 1);
  }

  @Test
  void concurrentUpdatesFromTwoMembersLoseNothing() throws Exception {
    int n = 300;
    CountDownLatch start = new CountDownLatch(1);
    Thread readings =
        new Thread(
            () -> {
              await(start);
              for (int i = 1; i <= n; i++) {
                stateA.reading("m-race", energy(T0.plusMillis(i), i));
              }
            });
    Thread relayAndSeen =
        new Thread(
            () -> {
              await(start);
              for (int i = 1; i <= n; i++) {
                stateB.relay("m-race", i % 2 == 0 ? RelayState.CLOSED : RelayState.OPEN, T0.plusSeconds(i));
                stateB.seen("m-race", T0.plusSeconds(i));
              }
            });
    readings.start();
    relayAndSeen.start();
    start.countDown();
    readings.join();
    relayAndSeen.join();

    // every writer's last value survives the other's updates (a read-modify-write would drop some)
    MeterStatus status = stateA.get("m-race");
    assertThat(status.latest().activeEnergyWh()).isEqualTo((long) n);
    assertThat(status.relay()).isEqualTo(RelayState.CLOSED);
    assertThat(status.lastSeen()).isEqualTo(T0.plusSeconds(n));
    Map<String, MeterStatus> both = stateB.getAll(List.of("m-race"));
    assertThat(both.get("m-race")).isEqualTo(status);
  }

  private static MeterReading energy(Instant at, long wh) {
    return new MeterReading(at, wh, null, null, null, null, null, null, null);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
