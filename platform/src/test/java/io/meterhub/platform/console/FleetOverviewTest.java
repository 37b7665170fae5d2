package io.meterhub.platform.console;

import io.meterhub.platform.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.RelayState;
import io.meterhub.platform.console.FleetSummary.RegionCount;
import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterSecurity;
import io.meterhub.platform.testsupport.TestStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Fleet counts on the real H2 store and a real Hazelcast member. */
@Timeout(120)
class FleetOverviewTest {

  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

  private TestStores stores;
  private MutableClock clock;
  private FleetOverview overview;

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    private Instant now = T0;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @BeforeEach
  void start() {
    stores = new TestStores(Clock.systemUTC());
    clock = new MutableClock();
    overview = new FleetOverview(stores.meters, stores.live, clock, Duration.ofSeconds(2));
  }

  @AfterEach
  void stop() {
    stores.close();
  }

  @Test
  void countsMetersOnlineRelaysOpenAndTopLevelRegions() {
    insert("m1", "north/feeder-07");
    insert("m2", "north/feeder-08");
    insert("m3", "south");
    insert("m4", "east/feeder-01/transformer-2");
    stores.live.online("m1", "node-a", T0);
    stores.live.online("m3", "node-a", T0);
    stores.live.relay("m3", RelayState.OPEN, T0);
    stores.live.relay("m2", RelayState.CLOSED, T0);

    FleetSummary summary = overview.summary();

    assertThat(summary.meters()).isEqualTo(4);
    assertThat(summary.online()).isEqualTo(2);
    assertThat(summary.offline()).isEqualTo(2);
    assertThat(summary.relayOpen()).isEqualTo(1);
    assertThat(summary.regions()).containsExactly(
        new RegionCount("east", 1, 0L), new RegionCount("north", 2, 1L), new RegionCount("south", 1, 1L));
    assertThat(summary.accounts()).as("prepayment not given").isNull();
    assertThat(summary.openOutages()).isNull();
  }

  @Test
  void onlineMetersThatLeftTheRegistryAreNotCountedAndSourcesAreAsked() {
    insert("m1", "north/feeder-07");
    stores.live.online("m1", "node-a", T0);
    stores.live.online("deleted", "node-a", T0);
    FleetOverview withSources = new FleetOverview(stores.meters, stores.live, clock, Duration.ofSeconds(2),
        () -> java.util.Map.of("low", 3L, "ok", 1L), () -> 2L);

    FleetSummary summary = withSources.summary();

    assertThat(summary.online()).isEqualTo(1);
    assertThat(summary.offline()).isZero();
    assertThat(summary.regions()).containsExactly(new RegionCount("north", 1, 1L));
    assertThat(summary.accounts()).containsEntry("low", 3L).containsEntry("ok", 1L);
    assertThat(summary.openOutages()).isEqualTo(2);
  }

  @Test
  void aSummaryIsReusedForItsMaxAgeThenRecounted() {
    insert("m1", "north");
    assertThat(overview.summary().meters()).isEqualTo(1);

    insert("m2", "north");
    clock.now = T0.plusSeconds(2);
    assertThat(overview.summary().meters()).as("still within max age").isEqualTo(1);

    clock.now = T0.plusMillis(2001);
    assertThat(overview.summary().meters()).as("recounted after max age").isEqualTo(2);
  }

  @Test
  void emptyFleetHasNoRegions() {
    FleetSummary summary = overview.summary();
    assertThat(summary.meters()).isZero();
    assertThat(summary.online()).isZero();
    assertThat(summary.regions()).isEmpty();
  }

  private void insert(String id, String region) {
    assertThat(stores.meters.insert(new Meter(id, "KPM31", region,
        MeterSecurity.psk("id-" + id, "000102030405060708090a0b0c0d0e0f"), T0, T0))).isTrue();
  }
}
