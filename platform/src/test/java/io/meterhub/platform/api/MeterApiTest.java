package io.meterhub.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.MeterReading;
import io.meterhub.models.RelayState;
import io.meterhub.platform.lwm2m.TestCluster;
import io.meterhub.platform.testsupport.ApiFixture;
import io.meterhub.platform.testsupport.ApiFixture.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.eclipse.leshan.server.security.SecurityStoreListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MeterApiTest {

  static final String KEY = "000102030405060708090a0b0c0d0e0f";
  static ApiFixture fx;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    fx = new ApiFixture();
    admin = fx.adminToken();
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  static JsonObject meter(String id, String region, String identity) {
    return new JsonObject().put("id", id).put("model", "KPM31").put("region", region)
        .put("security", new JsonObject().put("mode", "psk").put("identity", identity).put("key", KEY));
  }

  static Response create(String id, String region, String identity) {
    return fx.send("POST", "/api/v1/meters", admin, meter(id, region, identity));
  }

  static String path(String id) {
    return "/api/v1/meters/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  @Test
  void createdMeterIsReadableWithoutItsKey() {
    Response created = create("urn:imei:861234567890123", "north/feeder-07", "861234567890123");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Location")).contains("/api/v1/meters/urn:imei:861234567890123");
    Response got = fx.get(path("urn:imei:861234567890123"), admin);
    assertThat(got.status()).isEqualTo(200);
    JsonObject body = got.json();
    assertThat(body.getString("id")).isEqualTo("urn:imei:861234567890123");
    assertThat(body.getString("model")).isEqualTo("KPM31");
    assertThat(body.getString("region")).isEqualTo("north/feeder-07");
    assertThat(body.getBoolean("online")).isFalse();
    assertThat(body.containsKey("lastSeen")).isTrue();
    assertThat(body.getString("lastSeen")).isNull();
    assertThat(body.getString("relay")).isEqualTo("unknown");
    assertThat(body.containsKey("latest")).isTrue();
    assertThat(body.getValue("latest")).isNull();
    assertThat(got.body()).doesNotContain(KEY).doesNotContain("\"key\"");
    assertThat(created.body()).doesNotContain(KEY);
    SecurityInfo handshake = fx.credentials.getByEndpoint("urn:imei:861234567890123");
    assertThat(handshake).isNotNull();
    assertThat(handshake.getPskIdentity()).isEqualTo("861234567890123");
    assertThat(HexFormat.of().formatHex(handshake.getPreSharedKey())).isEqualTo(KEY);
    assertThat(fx.auditEntries()).anySatisfy(e -> {
      assertThat(e.action()).isEqualTo("meter.create");
      assertThat(e.actor()).isEqualTo("admin");
      assertThat(e.target()).isEqualTo("urn:imei:861234567890123");
      assertThat(e.details()).doesNotContain(KEY);
    });
  }

  @Test
  void liveStateShowsInTheMeterView() {
    create("live-1", "east/f1", "live-1-id");
    Instant seen = Instant.parse("2026-12-04T19:30:00Z");
    fx.live.online("live-1", "node-a", seen);
    fx.live.relay("live-1", RelayState.CLOSED, seen);
    fx.live.reading("live-1", new MeterReading(seen, 1_234_567L, 229.8, 3.2, 0.71, 0.97, 50.0, null, null));

    JsonObject body = fx.get(path("live-1"), admin).json();

    assertThat(body.getBoolean("online")).isTrue();
    assertThat(body.getString("lastSeen")).isEqualTo("2026-12-04T19:30:00Z");
    assertThat(body.getString("relay")).isEqualTo("closed");
    JsonObject latest = body.getJsonObject("latest");
    assertThat(latest.getString("timestamp")).isEqualTo("2026-12-04T19:30:00Z");
    assertThat(latest.getDouble("activeEnergyKwh")).isEqualTo(1234.567);
    assertThat(latest.getDouble("voltageV")).isEqualTo(229.8);
    assertThat(latest.getDouble("currentA")).isEqualTo(3.2);
    assertThat(latest.getDouble("activePowerKw")).isEqualTo(0.71);
    assertThat(latest.getDouble("powerFactor")).isEqualTo(0.97);
    assertThat(latest.containsKey("phases")).isFalse();
  }

  @Test
  void threePhaseLatestCarriesPhasesAndTou() {
    fx.send("POST", "/api/v1/meters", admin, meter("three-1", "east/f2", "three-1-id").put("model", "KPM33"));
    Instant at = Instant.parse("2026-12-04T19:45:00Z");
    fx.live.reading("three-1", new MeterReading(at, 10L, 230.0, 1.0, 0.5, 0.9, null,
        new MeterReading.PhaseValues(230.0, 231.0, 232.0, 1.0, 2.0, 3.0, 0.2, 0.3, 0.4, 0.1),
        new MeterReading.TouRegisters(1L, 2L, 3_001L, 4L, 1.5, at)));

    JsonObject latest = fx.get(path("three-1"), admin).json().getJsonObject("latest");

    assertThat(latest.getDouble("activeEnergyKwh")).isEqualTo(0.01);
    assertThat(latest.getJsonObject("phases").getJsonObject("l2").getDouble("voltageV")).isEqualTo(231.0);
    assertThat(latest.getJsonObject("phases").getDouble("neutralCurrentA")).isEqualTo(0.1);
    assertThat(latest.getJsonObject("tou").getDouble("flatKwh")).isEqualTo(3.001);
    assertThat(latest.getJsonObject("tou").getString("maxDemandAt")).isEqualTo("2026-12-04T19:45:00Z");
  }

  @Test
  void duplicateIdOrIdentityIsAConflict() {
    assertThat(create("dup-1", "west/a", "dup-1-id").status()).isEqualTo(201);

    Response sameId = create("dup-1", "west/a", "another-identity");
    Response sameIdentity = create("dup-2", "west/a", "dup-1-id");

    assertThat(sameId.status()).isEqualTo(409);
    assertThat(sameIdentity.status()).isEqualTo(409);
    assertThat(sameId.header("Content-Type")).contains("application/problem+json");
    assertThat(fx.meters.find("dup-2")).isEmpty();
  }

  @Test
  void listFiltersByRegionPrefixAndPagesWithCursor() {
    for (int i = 0; i < 7; i++) {
      create("page-" + i, "south/feeder-0" + (i % 2), "page-id-" + i);
    }
    create("other-1", "southwest/x", "other-id-1");
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Response r = fx.get("/api/v1/meters?region=south/&limit=3" + (cursor == null ? "" : "&cursor=" + cursor), admin);
      assertThat(r.status()).isEqualTo(200);
      JsonArray items = r.json().getJsonArray("items");
      assertThat(items.size()).isLessThanOrEqualTo(3);
      items.forEach(m -> seen.add(((JsonObject) m).getString("id")));
      cursor = r.json().getString("next");
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactly("page-0", "page-1", "page-2", "page-3", "page-4", "page-5", "page-6");
    JsonArray feeder1 = fx.get("/api/v1/meters?region=south/feeder-01", admin).json().getJsonArray("items");
    assertThat(feeder1.stream().map(m -> ((JsonObject) m).getString("id")))
        .containsExactly("page-1", "page-3", "page-5");
  }

  @Test
  void listFiltersByOnline() {
    create("on-a", "online-test/a", "on-a-id");
    create("on-b", "online-test/a", "on-b-id");
    create("on-c", "online-test/a", "on-c-id");
    fx.live.online("on-b", "node-1", Instant.now());

    JsonObject online = fx.get("/api/v1/meters?region=online-test&online=true", admin).json();
    JsonObject offline = fx.get("/api/v1/meters?region=online-test&online=false", admin).json();

    assertThat(online.getJsonArray("items").stream().map(m -> ((JsonObject) m).getString("id")))
        .containsExactly("on-b");
    assertThat(offline.getJsonArray("items").stream().map(m -> ((JsonObject) m).getString("id")))
        .containsExactly("on-a", "on-c");
    assertThat(fx.get("/api/v1/meters?online=maybe", admin).status()).isEqualTo(400);
  }

  @Test
  void patchChangesRegionAndRotatesTheKey() {
    create("rot-1", "north/a", "rot-1-id");
    List<String> droppedSessions = new CopyOnWriteArrayList<>();
    SecurityStoreListener listener = (compromised, infos) -> {
      for (SecurityInfo info : infos) {
        droppedSessions.add(info.getEndpoint());
      }
    };
    fx.credentials.addListener(listener);
    String newKey = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    Response region = fx.send("PATCH", path("rot-1"), admin, new JsonObject().put("region", "north/b"));
    Response rotate = fx.send("PATCH", path("rot-1"), admin, new JsonObject().put("security",
        new JsonObject().put("mode", "psk").put("identity", "rot-1-id-v2").put("key", newKey.toUpperCase())));

    assertThat(region.status()).isEqualTo(200);
    assertThat(region.json().getString("region")).isEqualTo("north/b");
    assertThat(rotate.status()).isEqualTo(200);
    assertThat(rotate.json().getString("region")).isEqualTo("north/b");
    assertThat(rotate.body()).doesNotContainIgnoringCase(newKey);
    SecurityInfo handshake = fx.credentials.getByEndpoint("rot-1");
    assertThat(handshake.getPskIdentity()).isEqualTo("rot-1-id-v2");
    assertThat(HexFormat.of().formatHex(handshake.getPreSharedKey())).isEqualTo(newKey);
    assertThat(fx.credentials.getByIdentity("rot-1-id-v2").getEndpoint()).isEqualTo("rot-1");
    assertThat(fx.credentials.getByIdentity("rot-1-id")).as("old identity still opens a handshake").isNull();
    // The rotation replaced the live credentials: the store announces it so the meter's DTLS session drops.
    TestCluster.await("session drop of rot-1", Duration.ofSeconds(30), () -> droppedSessions.contains("rot-1"));
    fx.credentials.removeListener(listener);
    assertThat(fx.meters.find("rot-1").orElseThrow().region()).isEqualTo("north/b");
    assertThat(fx.auditEntries()).filteredOn(e -> e.action().equals("meter.update") && e.target().equals("rot-1"))
        .hasSize(2).allSatisfy(e -> {
          assertThat(e.actor()).isEqualTo("admin");
          assertThat(e.details()).doesNotContainIgnoringCase(newKey);
        });
    assertThat(fx.send("PATCH", path("nope"), admin, new JsonObject().put("region", "x")).status()).isEqualTo(404);
    assertThat(fx.send("PATCH", path("rot-1"), admin, new JsonObject()).status()).isEqualTo(400);
  }

  @Test
  void deleteRemovesEverythingThenGives404() {
    create("del-1", "north/a", "del-1-id");
    fx.live.online("del-1", "n", Instant.now());
    fx.readings.insertBatch(List.of(new io.meterhub.platform.metering.IngestedReading("del-1",
        MeterReading.empty(Instant.parse("2026-01-01T00:00:00Z")), Instant.now())));

    Response deleted = fx.call("DELETE", path("del-1"), admin, null, null);

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    assertThat(fx.get(path("del-1"), admin).status()).isEqualTo(404);
    assertThat(fx.call("DELETE", path("del-1"), admin, null, null).status()).isEqualTo(404);
    assertThat(fx.credentials.getByEndpoint("del-1")).isNull();
    assertThat(fx.credentials.getByIdentity("del-1-id")).isNull();
    assertThat(fx.stores.liveStateHolds("del-1")).isFalse();
    assertThat(fx.readings.list("del-1", null, null, 1000, null).items()).isEmpty();
    assertThat(fx.auditEntries()).anySatisfy(e -> {
      assertThat(e.action()).isEqualTo("meter.delete");
      assertThat(e.actor()).isEqualTo("admin");
      assertThat(e.target()).isEqualTo("del-1");
    });
  }

  @Test
  void invalidFieldsAreReportedTogether() {
    JsonObject bad = new JsonObject().put("id", "has space").put("model", "KPM99").put("region", "/bad/")
        .put("security", new JsonObject().put("mode", "psk").put("identity", "x").put("key", "0011"));

    Response r = fx.send("POST", "/api/v1/meters", admin, bad);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).contains("application/problem+json");
    assertThat(fields(r)).containsExactlyInAnyOrder("id", "model", "region", "security.key");
  }

  @Test
  void rpkMeterIsCreatedWithItsEcKeyAndTheKeyIsNeverReturned() {
    String publicKey = java.util.Base64.getEncoder()
        .encodeToString(io.meterhub.platform.pki.EcKeys.generate().getPublic().getEncoded());

    Response created = fx.send("POST", "/api/v1/meters", admin, meter("rpk-1", "a/b", "i")
        .put("security", new JsonObject().put("mode", "rpk").put("publicKey", publicKey)));

    assertThat(created.status()).isEqualTo(201);
    Response read = fx.get(path("rpk-1"), admin);
    assertThat(read.json().getJsonObject("security").getString("mode")).isEqualTo("rpk");
    assertThat(created.body() + read.body()).doesNotContain(publicKey);
    SecurityInfo handshake = fx.credentials.getByEndpoint("rpk-1");
    assertThat(handshake.useRPK()).isTrue();
    assertThat(java.util.Base64.getEncoder().encodeToString(handshake.getRawPublicKey().getEncoded()))
        .isEqualTo(publicKey);
  }

  @Test
  void x509MeterIsCreatedAndAPskCanBeRotatedToX509() {
    Response created = fx.send("POST", "/api/v1/meters", admin, meter("x509-1", "a/b", "i")
        .put("security", new JsonObject().put("mode", "x509")));
    create("x509-2", "a/b", "x509-2-id");
    Response rotated = fx.send("PATCH", path("x509-2"), admin,
        new JsonObject().put("security", new JsonObject().put("mode", "x509")));

    assertThat(created.status()).isEqualTo(201);
    assertThat(fx.credentials.getByEndpoint("x509-1").useX509Cert()).isTrue();
    assertThat(rotated.status()).isEqualTo(200);
    assertThat(fx.credentials.getByEndpoint("x509-2").useX509Cert()).isTrue();
    assertThat(fx.credentials.getByIdentity("x509-2-id")).as("the old PSK identity no longer opens a handshake")
        .isNull();
  }

  @Test
  void badRpkKeysAndFieldsOfOtherModesAreRefused() {
    String rsaKey;
    try {
      java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
      rsa.initialize(1024);
      rsaKey = java.util.Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded());
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }

    Response truncated = fx.send("POST", "/api/v1/meters", admin, meter("rpk-bad-1", "a/b", "i")
        .put("security", new JsonObject().put("mode", "rpk").put("publicKey", "MFkwEw==")));
    Response notEc = fx.send("POST", "/api/v1/meters", admin, meter("rpk-bad-2", "a/b", "i")
        .put("security", new JsonObject().put("mode", "rpk").put("publicKey", rsaKey)));
    Response missing = fx.send("POST", "/api/v1/meters", admin, meter("rpk-bad-3", "a/b", "i")
        .put("security", new JsonObject().put("mode", "rpk").put("key", KEY)));
    Response x509WithKey = fx.send("POST", "/api/v1/meters", admin, meter("x509-bad", "a/b", "i")
        .put("security", new JsonObject().put("mode", "x509").put("identity", "i").put("key", KEY)));

    assertThat(truncated.status()).isEqualTo(400);
    assertThat(fields(truncated)).containsExactly("security.publicKey");
    assertThat(fields(notEc)).containsExactly("security.publicKey");
    assertThat(fields(missing)).containsExactlyInAnyOrder("security.key", "security.publicKey");
    assertThat(fields(x509WithKey)).containsExactlyInAnyOrder("security.identity", "security.key");
    assertThat(fx.meters.find("rpk-bad-1")).isEmpty();
    assertThat(fx.meters.find("x509-bad")).isEmpty();
  }

  @Test
  void wrongTypesMissingAndUnknownFieldsAreFieldErrors() {
    Response types = fx.send("POST", "/api/v1/meters", admin, meter("t-1", "a/b", "t-1-id").put("region", 5)
        .put("id", true));
    Response missing = fx.send("POST", "/api/v1/meters", admin, new JsonObject().put("id", "m-1"));
    Response unknown = fx.send("POST", "/api/v1/meters", admin, meter("u-1", "a/b", "u-1-id").put("regoin", "x"));
    Response nullValue = fx.send("PATCH", path("whatever"), admin, new JsonObject().putNull("region"));
    Response nested = fx.send("POST", "/api/v1/meters", admin, meter("n-1", "a/b", "n-1-id")
        .put("security", new JsonObject().put("mode", "psk").put("identity", 7).put("key", KEY)));

    assertThat(types.status()).isEqualTo(400);
    assertThat(fields(types)).containsExactlyInAnyOrder("region", "id");
    assertThat(types.json().getJsonArray("errors").getJsonObject(0).getString("message")).isEqualTo("must be a string");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(fields(missing)).containsExactlyInAnyOrder("model", "region", "security");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(fields(unknown)).containsExactly("regoin");
    assertThat(nullValue.status()).isEqualTo(400);
    assertThat(fields(nested)).containsExactly("security.identity");
    assertThat(fx.meters.find("t-1")).isEmpty();
  }

  @Test
  void malformedJsonOversizedBodyAndWrongContentTypeAreRejected() {
    Response malformed = fx.call("POST", "/api/v1/meters", admin, "application/json", "{\"id\": ");
    Response array = fx.call("POST", "/api/v1/meters", admin, "application/json", "[1,2]");
    Response empty = fx.call("POST", "/api/v1/meters", admin, "application/json", "");
    Response huge = fx.call("POST", "/api/v1/meters", admin, "application/json",
        "{\"id\":\"" + "x".repeat(70 * 1024) + "\"}");
    Response text = fx.call("POST", "/api/v1/meters", admin, "text/plain", meter("ct-1", "a/b", "c").encode());
    Response none = fx.call("POST", "/api/v1/meters", admin, null, meter("ct-2", "a/b", "d").encode());

    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().getString("detail")).isEqualTo("Malformed JSON");
    assertThat(array.status()).isEqualTo(400);
    assertThat(empty.status()).isEqualTo(400);
    assertThat(huge.status()).isEqualTo(413);
    assertThat(huge.json().getInteger("status")).isEqualTo(413);
    assertThat(text.status()).isEqualTo(415);
    assertThat(text.header("Content-Type")).contains("application/problem+json");
    assertThat(none.status()).isEqualTo(415);
    assertThat(fx.meters.find("ct-1")).isEmpty();
    for (Response r : List.of(malformed, array, empty, huge, text, none)) {
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("io.vertx").doesNotContain("at io.");
    }
    assertThat(fx.get("/health", null).status()).isEqualTo(200);
  }

  @Test
  void unknownMeterRouteAndMethodGiveProblems() {
    Response meter = fx.get(path("no-such-meter"), admin);
    Response readings = fx.get(path("no-such-meter") + "/readings", admin);
    Response route = fx.get("/api/v1/no-such-thing", admin);
    Response root = fx.get("/definitely/not/here", null);
    Response method = fx.call("PUT", "/api/v1/meters", admin, "application/json", "{}");

    assertThat(meter.status()).isEqualTo(404);
    assertThat(readings.status()).isEqualTo(404);
    for (Response r : List.of(meter, readings, route, root)) {
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.header("Content-Type")).contains("application/problem+json");
      assertThat(r.json().getInteger("status")).isEqualTo(404);
      assertThat(r.json().getString("title")).isEqualTo("Not Found");
      assertThat(r.header("X-Content-Type-Options")).contains("nosniff");
    }
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.header("Content-Type")).contains("application/problem+json");
    assertThat(fx.get("/health", null).status()).isEqualTo(200);
  }

  @Test
  void storeFailureIsAGeneric500WithoutInternals() {
    fx.withoutTable("meters", () -> {
      Response r = fx.get(path("any"), admin);

      assertThat(r.status()).isEqualTo(500);
      assertThat(r.header("Content-Type")).contains("application/problem+json");
      assertThat(r.json().getString("detail")).isEqualTo("The server could not process the request");
      assertThat(r.body()).doesNotContainIgnoringCase("jdbc").doesNotContain("Exception")
          .doesNotContainIgnoringCase("meters\"").doesNotContainIgnoringCase("select").doesNotContain("meterhub-h2-");
    });
    assertThat(fx.get("/health", null).status()).isEqualTo(200);
  }

  static List<String> fields(Response r) {
    JsonArray errors = r.json().getJsonArray("errors");
    assertThat(errors).as("errors of %s", r).isNotNull();
    return errors.stream().map(e -> ((JsonObject) e).getString("field")).toList();
  }
}
