package io.meterhub.platform.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterhub.models.RelayState;
import io.meterhub.platform.store.DbContractBase;
import io.meterhub.platform.store.DuplicateKeyException;
import io.meterhub.platform.store.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class JdbcMeterStoreContractTest extends DbContractBase {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123456Z");

  private MeterStore store;

  @BeforeEach
  void createStore() {
    store = new JdbcMeterStore(db);
  }

  private static Meter psk(String id, String region) {
    return new Meter(id, "KPM31", region, MeterSecurity.psk("id-" + id, "000102030405060708090a0b0c0d0e0f"), T0, T0);
  }

  @Test
  void insertedMeterIsFoundWithEveryField() {
    Meter meter = psk("urn:imei:861234567890123", "north/feeder-07");
    assertThat(store.insert(meter)).isTrue();

    assertThat(store.find(meter.id())).contains(meter);
    assertThat(store.find("urn:imei:nope")).isEmpty();
    assertThat(store.count()).isEqualTo(1);
  }

  @Test
  void rpkAndX509MetersRoundTrip() {
    Meter rpk =
        new Meter("rpk-1", "KPM33", "south", new MeterSecurity(MeterSecurity.Mode.RPK, null, null, "MFkwEwYH"), T0, T0);
    Meter x509 = new Meter("x509-1", "KPM37", "south", new MeterSecurity(MeterSecurity.Mode.X509, null, null, null),
        T0, T0.plusSeconds(1));
    assertThat(store.insert(rpk)).isTrue();
    assertThat(store.insert(x509)).isTrue();

    assertThat(store.find("rpk-1")).contains(rpk);
    assertThat(store.find("x509-1")).contains(x509);
  }

  @Test
  void duplicateIdIsRefusedAndNothingIsWritten() {
    assertThat(store.insert(psk("m1", "north"))).isTrue();
    Meter sameId = new Meter("m1", "KPM33", "south", MeterSecurity.psk("other-identity", "ff".repeat(16)), T0, T0);

    assertThat(store.insert(sameId)).isFalse();
    assertThat(store.find("m1")).get().extracting(Meter::region).isEqualTo("north");
  }

  @Test
  void duplicatePskIdentityIsRefused() {
    assertThat(store.insert(psk("m1", "north"))).isTrue();
    Meter sameIdentity = new Meter("m2", "KPM31", "north", MeterSecurity.psk("id-m1", "ff".repeat(16)), T0, T0);

    assertThat(store.insert(sameIdentity)).isFalse();
    assertThat(store.find("m2")).isEmpty();
    assertThat(store.count()).isEqualTo(1);
  }

  @Test
  void updateReplacesRegionModelAndSecurity() {
    store.insert(psk("m1", "north"));
    Meter rotated =
        new Meter("m1", "KPM33", "south/feeder-01", MeterSecurity.psk("rotated", "aa".repeat(32)), T0,
            T0.plusSeconds(60));

    assertThat(store.update(rotated)).isTrue();
    assertThat(store.find("m1")).contains(rotated);
    assertThat(store.update(psk("missing", "north"))).isFalse();
  }

  @Test
  void updateToAnIdentityInUseFails() {
    store.insert(psk("m1", "north"));
    store.insert(psk("m2", "north"));
    Meter clash = new Meter("m2", "KPM31", "north", MeterSecurity.psk("id-m1", "ff".repeat(16)), T0, T0);

    assertThatThrownBy(() -> store.update(clash)).isInstanceOf(DuplicateKeyException.class);
    assertThat(store.find("m2").orElseThrow().security().pskIdentity()).isEqualTo("id-m2");
  }

  @Test
  void deleteRemovesOnce() {
    store.insert(psk("m1", "north"));

    assertThat(store.delete("m1")).isTrue();
    assertThat(store.delete("m1")).isFalse();
    assertThat(store.find("m1")).isEmpty();
  }

  @Test
  void listFiltersByRegionPrefixInIdOrder() {
    store.insert(psk("c", "north/feeder-07"));
    store.insert(psk("a", "north/feeder-01"));
    store.insert(psk("b", "south/feeder-01"));
    store.insert(psk("d", "north"));
    store.insert(psk("e", "northeast"));
    store.insert(psk("f", "no_th"));

    assertThat(ids(store.list("north", 10, null))).containsExactly("a", "c", "d", "e");
    assertThat(ids(store.list("north/", 10, null))).containsExactly("a", "c");
    assertThat(ids(store.list("no_", 10, null))).containsExactly("f");
    assertThat(ids(store.list(null, 10, null))).containsExactly("a", "b", "c", "d", "e", "f");
    assertThat(ids(store.list("", 10, null))).hasSize(6);
    assertThat(store.list("west", 10, null).items()).isEmpty();
  }

  @Test
  void cursorPagingVisitsEveryMeterOnceAndEndsWithNullCursor() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      String id = String.format("m%03d", i);
      store.insert(psk(id, i % 2 == 0 ? "north/f" + i : "south/f" + i));
      if (i % 2 == 0) {
        expected.add(id);
      }
    }

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Page<Meter> page = store.list("north", 5, cursor);
      assertThat(page.items()).hasSizeLessThanOrEqualTo(5);
      page.items().forEach(m -> seen.add(m.id()));
      cursor = page.next();
      pages++;
    } while (cursor != null);

    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void exactlyFullLastPageHasNoNextCursor() {
    for (int i = 0; i < 4; i++) {
      store.insert(psk("m" + i, "north"));
    }
    Page<Meter> first = store.list(null, 2, null);
    Page<Meter> second = store.list(null, 2, first.next());

    assertThat(first.next()).isNotNull();
    assertThat(ids(second)).containsExactly("m2", "m3");
    assertThat(second.next()).isNull();
  }

  @Test
  void malformedCursorIsRejected() {
    assertThatThrownBy(() -> store.list(null, 10, "!!not base64!!")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listFiltersByIdPrefixAndRegionTogetherAndPagesThroughMatchesOnly() {
    store.insert(psk("urn:imei:8612_01", "north/feeder-07"));
    store.insert(psk("urn:imei:8612_02", "north/feeder-08"));
    store.insert(psk("urn:imei:8612_03", "south/feeder-01"));
    store.insert(psk("urn:imei:8612x04", "north/feeder-07"));
    store.insert(psk("urn:imei:9999_05", "north/feeder-07"));

    Page<Meter> first = store.list("north", "urn:imei:8612_", 1, null);
    assertThat(first.items()).extracting(Meter::id).containsExactly("urn:imei:8612_01");
    Page<Meter> second = store.list("north", "urn:imei:8612_", 1, first.next());
    assertThat(second.items()).extracting(Meter::id).containsExactly("urn:imei:8612_02");
    assertThat(second.next()).as("no third match").isNull();
    assertThat(store.list(null, "urn:imei:8612", 10, null).items()).hasSize(4);
    assertThat(store.list(null, "", 10, null).items()).hasSize(5);
  }

  @Test
  void countByRegionCountsEveryExactRegion() {
    store.insert(psk("a", "north/feeder-07"));
    store.insert(psk("b", "north/feeder-07"));
    store.insert(psk("c", "south"));

    assertThat(store.countByRegion()).containsExactly(
        java.util.Map.entry("north/feeder-07", 2L), java.util.Map.entry("south", 1L));
  }

  @Test
  void listFiltersByRecordedRelayStateAndCreditStateWithTheOtherFilters() {
    store.insert(psk("urn:imei:1", "north/feeder-07"));
    store.insert(psk("urn:imei:2", "north/feeder-08"));
    store.insert(psk("urn:imei:3", "south/feeder-01"));
    store.insert(psk("urn:imei:4", "north/feeder-09"));
    assertThat(store.recordRelay("urn:imei:1", RelayState.OPEN)).isTrue();
    assertThat(store.recordRelay("urn:imei:3", RelayState.OPEN)).isTrue();
    assertThat(store.recordRelay("urn:imei:2", RelayState.CLOSED)).isTrue();
    assertThat(store.recordRelay("urn:imei:nope", RelayState.OPEN)).isFalse();
    account("a1", "urn:imei:2", "low");
    account("a3", "urn:imei:3", "low");
    account("a4", "urn:imei:4", "exhausted");

    assertThat(ids(store.listMatching(new MeterFilter(null, null, RelayState.OPEN, null), 10, null)))
        .containsExactly("urn:imei:1", "urn:imei:3");
    assertThat(ids(store.listMatching(new MeterFilter("north", null, RelayState.OPEN, null), 10, null)))
        .containsExactly("urn:imei:1");
    assertThat(ids(store.listMatching(new MeterFilter(null, null, RelayState.UNKNOWN, null), 10, null)))
        .as("never recorded").containsExactly("urn:imei:4");
    assertThat(ids(store.listMatching(new MeterFilter(null, null, null, "low"), 10, null)))
        .containsExactly("urn:imei:2", "urn:imei:3");
    assertThat(ids(store.listMatching(new MeterFilter(null, "urn:imei:", RelayState.OPEN, "low"), 10, null)))
        .containsExactly("urn:imei:3");

    Page<Meter> first = store.listMatching(new MeterFilter(null, null, null, "low"), 1, null);
    assertThat(ids(first)).containsExactly("urn:imei:2");
    Page<Meter> second = store.listMatching(new MeterFilter(null, null, null, "low"), 1, first.next());
    assertThat(ids(second)).containsExactly("urn:imei:3");
    assertThat(second.next()).isNull();
  }

  @Test
  void countByRegionOfIdsCountsOnlyThoseMetersInBatches() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      store.insert(psk("m" + i, i % 2 == 0 ? "north/feeder-07" : "south"));
      if (i % 5 == 0) {
        ids.add("m" + i);
      }
    }
    ids.add("deleted-meanwhile");

    assertThat(store.countByRegion(ids)).containsExactly(
        java.util.Map.entry("north/feeder-07", 250L), java.util.Map.entry("south", 250L));
    assertThat(store.countByRegion(List.of())).isEmpty();
  }

  @Test
  void forEachStreamsEveryMeter() {
    for (int i = 0; i < 1200; i++) {
      store.insert(psk("m" + i, "north"));
    }
    List<String> seen = new ArrayList<>();
    store.forEach(m -> seen.add(m.id()));

    assertThat(seen).hasSize(1200).doesNotHaveDuplicates();
    assertThat(store.count()).isEqualTo(1200);
  }

  /** A minimal account row in the given credit state (the prepay package owns the real ones). */
  private void account(String id, String meterId, String creditState) {
    db.withConnection(c -> {
      try (var ps = c.prepareStatement("INSERT INTO prepay_accounts (id, meter_id, tariff_id, currency, policy,"
          + " balance, debt, credit_state, flags, remainder_nano, last_seq, block_used_wh, debt_period_taken,"
          + " created_at, updated_at) VALUES (?, ?, 't', 'CNY', '{}', 0, 0, ?, '', 0, 0, 0, 0, ?, ?)")) {
        ps.setString(1, id);
        ps.setString(2, meterId);
        ps.setString(3, creditState);
        io.meterhub.platform.store.Jdbc.setInstant(ps, 4, T0);
        io.meterhub.platform.store.Jdbc.setInstant(ps, 5, T0);
        return ps.executeUpdate();
      }
    });
  }

  private static List<String> ids(Page<Meter> page) {
    return page.items().stream().map(Meter::id).toList();
  }
}
