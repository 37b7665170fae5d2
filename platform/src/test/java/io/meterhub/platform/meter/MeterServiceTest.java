package io.meterhub.platform.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterhub.platform.common.ConflictException;
import io.meterhub.platform.common.FieldError;
import io.meterhub.platform.common.ValidationException;
import io.meterhub.platform.meter.MeterRequests.MeterPatch;
import io.meterhub.platform.meter.MeterRequests.NewMeter;
import io.meterhub.platform.meter.MeterRequests.SecuritySpec;
import io.meterhub.platform.store.Page;
import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.cluster.HazelcastMeterLiveState;
import io.meterhub.platform.lwm2m.HazelcastSecurityStore;
import io.meterhub.platform.metering.ReadingStore;
import io.meterhub.platform.testsupport.EventLoopGuard;
import io.meterhub.platform.testsupport.TestStores;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.eclipse.leshan.server.security.SecurityInfo;

/** The service on the real stores: H2 and one Hazelcast member, shared by the tests and emptied before each. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MeterServiceTest {

  static final String KEY16 = "00112233445566778899aabbccddeeff";

  static final Clock clock = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);
  static TestStores stores;
  static MeterStore store;
  static HazelcastMeterLiveState live;
  static HazelcastSecurityStore credentials;
  static MeterService service;

  @BeforeAll
  static void start() {
    stores = new TestStores(clock);
    store = stores.meters;
    live = stores.live;
    credentials = stores.credentials;
    service = new MeterService(
        EventLoopGuard.guard(MeterStore.class, stores.meters),
        EventLoopGuard.guard(MeterLiveState.class, live),
        EventLoopGuard.guard(DeviceCredentials.class, credentials),
        EventLoopGuard.guard(ReadingStore.class, stores.readings),
        EventLoopGuard.guard(AuditLog.class, stores.audit),
        Set.of("KPM31", "KPM33", "KPM37"), clock);
  }

  @AfterAll
  static void stop() {
    stores.close();
  }

  @BeforeEach
  void empty() {
    stores.clear();
  }

  static NewMeter meter(String id, String key) {
    return new NewMeter(id, "KPM31", "north/feeder-07", new SecuritySpec("psk", id + "-psk", key, null));
  }

  static List<String> fields(ValidationException e) {
    return e.errors().stream().map(FieldError::field).toList();
  }

  @Test
  void keyLengthsFrom16To64BytesAreAccepted() {
    assertThat(service.create("t", meter("k16", KEY16)).security().pskKeyHex()).isEqualTo(KEY16);
    assertThat(service.create("t", meter("k64", "AB".repeat(64))).security().pskKeyHex()).isEqualTo("ab".repeat(64));
    for (String bad : List.of("00".repeat(15), "00".repeat(65), KEY16 + "0", "zz".repeat(16), "")) {
      assertThatThrownBy(() -> service.create("t", meter("bad", bad))).isInstanceOfSatisfying(
          ValidationException.class, e -> assertThat(fields(e)).containsExactly("security.key"));
    }
    assertThat(store.find("bad")).isEmpty();
  }

  @Test
  void idAndRegionRules() {
    assertThat(service.create("t", meter("urn:imei:1.2_3-4", KEY16)).id()).isEqualTo("urn:imei:1.2_3-4");
    assertThatThrownBy(() -> service.create("t",
        new NewMeter("x".repeat(129), "KPM31", "n", new SecuritySpec("psk", "long-id", KEY16, null))))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(fields(e)).containsExactly("id"));
    assertThatThrownBy(() -> service.create("t", meter("", KEY16)))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(fields(e)).containsExactly("id"));
    for (String region : List.of("", "north/", "/north", "north//a", "north feeder", " north")) {
      assertThatThrownBy(() -> service.create("t",
          new NewMeter("r", "KPM31", region, new SecuritySpec("psk", "r", KEY16, null))))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(fields(e)).containsExactly("region"));
    }
  }

  @Test
  void duplicateIdentityIsAConflictAndNothingIsWritten() {
    service.create("t", meter("a", KEY16));
    NewMeter sameIdentity = new NewMeter("b", "KPM31", "n/a", new SecuritySpec("psk", "a-psk", KEY16, null));

    assertThatThrownBy(() -> service.create("t", sameIdentity)).isInstanceOf(ConflictException.class);
    assertThat(credentials.getAll()).extracting(SecurityInfo::getEndpoint).containsExactly("a");
    assertThat(credentials.getByIdentity("a-psk").getEndpoint()).isEqualTo("a");
    assertThat(store.find("b")).isEmpty();
    assertThat(stores.auditEntries()).hasSize(1);
  }

  @Test
  void rotatingToAnotherMetersIdentityIsAConflict() {
    service.create("t", meter("a", KEY16));
    service.create("t", meter("b", KEY16));

    assertThatThrownBy(() -> service.patch("t", "b", new MeterPatch(null, new SecuritySpec("psk", "a-psk", KEY16,
        null)))).isInstanceOf(ConflictException.class);
    assertThat(service.patch("t", "b", new MeterPatch(null, new SecuritySpec("psk", "b-psk", "11".repeat(16), null))))
        .hasValueSatisfying(v -> assertThat(v.meter().security().pskKeyHex()).isEqualTo("11".repeat(16)));
    assertThat(credentials.getByEndpoint("b").getPskIdentity()).isEqualTo("b-psk");
    assertThat(HexFormat.of().formatHex(credentials.getByEndpoint("b").getPreSharedKey())).isEqualTo("11".repeat(16));
    assertThat(credentials.getByEndpoint("a").getPskIdentity()).isEqualTo("a-psk");
  }

  @Test
  void auditDetailsNeverHoldTheKey() {
    service.create("alice", meter("a", KEY16));
    service.patch("alice", "a", new MeterPatch(null, new SecuritySpec("psk", "q\"uote\\d", "ff".repeat(32), null)));

    assertThat(stores.auditEntries()).extracting(e -> e.details()).allSatisfy(d -> {
      assertThat(d).doesNotContain(KEY16).doesNotContain("ff".repeat(32));
      assertThat(new io.vertx.core.json.JsonObject(d)).isNotNull();
    });
    assertThat(stores.auditEntries()).extracting(e -> e.actor()).containsOnly("alice");
  }

  @Test
  void onlineFilterPagesThroughMoreMetersThanOneStoreBatch() {
    int total = 1_234;
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      String id = String.format("m%05d", i);
      service.create("t", new NewMeter(id, "KPM31", i % 2 == 0 ? "east/a" : "west/a",
          new SecuritySpec("psk", id, KEY16, null)));
      if (i % 3 == 0) {
        live.online(id, "node", clock.instant());
        if (i % 2 == 0) {
          expected.add(id);
        }
      }
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Page<MeterView> page = service.list("east", true, 37, cursor);
      page.items().forEach(v -> {
        assertThat(v.status().online()).isTrue();
        assertThat(v.meter().region()).startsWith("east");
        seen.add(v.meter().id());
      });
      cursor = page.next();
      pages++;
    } while (cursor != null && pages < 1_000);

    assertThat(seen).containsExactlyElementsOf(expected);
    List<String> offline = new ArrayList<>();
    cursor = null;
    do {
      Page<MeterView> page = service.list(null, false, 1000, cursor);
      page.items().forEach(v -> offline.add(v.meter().id()));
      cursor = page.next();
    } while (cursor != null);
    assertThat(offline).hasSize(total - (total + 2) / 3).doesNotHaveDuplicates();
  }

  @Test
  void cursorsAreCheckedNotTrusted() {
    assertThatThrownBy(() -> service.list(null, true, 10, "!!!")).isInstanceOf(ValidationException.class);
    String filtered = new ListCursor("abc", 3).encode();
    assertThatThrownBy(() -> service.list(null, null, 10, filtered)).isInstanceOf(ValidationException.class);
  }

  @Test
  void deleteOfUnknownMeterTouchesNothing() {
    service.create("t", meter("kept", KEY16));

    assertThat(service.delete("t", "ghost")).isFalse();

    assertThat(credentials.getAll()).extracting(SecurityInfo::getEndpoint).containsExactly("kept");
    assertThat(credentials.getByIdentity("kept-psk").getEndpoint()).isEqualTo("kept");
    assertThat(store.count()).isEqualTo(1);
    assertThat(stores.auditEntries()).extracting(e -> e.action()).containsExactly("meter.create");
  }
}
