package io.meterhub.platform;

import static io.meterhub.platform.PlatformFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.client.PowerControlObject.Behaviour;
import io.meterhub.models.client.SimulatedMeter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Remote relay control end to end: REST API → command pipeline → real Leshan meters over DTLS-PSK, and back. */
@Timeout(300)
class RelayCommandEndToEndTest {

  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path dataDir;
  private static PlatformFixture platform;

  @BeforeAll
  static void startPlatform() {
    platform = PlatformFixture.start(dataDir, "relay-e2e-" + UUID.randomUUID(), 1, List.of());
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void tripThenReconnectAreConfirmedAndTheMetersRelayFollows() throws Exception {
    TestMeter m = TestMeter.provision(platform, "north/feeder-01");
    try (SimulatedMeter meter = m.start(platform)) {
      JsonObject trip = accepted(relay(m.id, "open", "unpaid balance", Map.of()));
      assertThat(trip.getString("status")).isIn("pending", "sent", "confirmed");
      assertThat(trip.getString("type")).isEqualTo("relay");
      assertThat(trip.getString("target")).isEqualTo("open");
      assertThat(trip.getString("reason")).isEqualTo("unpaid balance");

      JsonObject done = awaitStatus(platform, trip.getString("id"), "confirmed");
      assertThat(meter.powerControl().isOn()).as("relay open at the meter").isFalse();
      assertThat(done.getInteger("attempts")).isEqualTo(1);
      assertThat(done.getValue("error")).isNull();

      JsonObject reconnect = accepted(relay(m.id, "closed", "top-up received", Map.of()));
      awaitStatus(platform, reconnect.getString("id"), "confirmed");
      assertThat(meter.powerControl().isOn()).as("relay closed again").isTrue();

      JsonArray history = platform.getJson("/api/v1/meters/" + enc(m.id) + "/commands").getJsonArray("items");
      assertThat(history.stream().map(o -> ((JsonObject) o).getString("id")))
          .as("newest first")
          .containsExactly(reconnect.getString("id"), trip.getString("id"));

      JsonArray audit = platform.getJson("/api/v1/audit?action=command.confirmed&limit=1000").getJsonArray("items");
      assertThat(audit.stream().map(o -> ((JsonObject) o).getJsonObject("details").getString("command")))
          .contains(trip.getString("id"), reconnect.getString("id"));
      JsonObject created = auditOf("command.create", trip.getString("id"));
      assertThat(created.getString("actor")).isEqualTo("admin");
      assertThat(created.getString("target")).isEqualTo(m.id);
      assertThat(created.getJsonObject("details").getString("reason")).isEqualTo("unpaid balance");
      assertThat(created.getJsonObject("details").getString("target")).isEqualTo("open");
      assertThat(auditOf("command.sent", trip.getString("id")).getJsonObject("details").getString("reason"))
          .isEqualTo("unpaid balance");
      JsonObject outcome = auditOf("command.confirmed", reconnect.getString("id"));
      assertThat(outcome.getString("actor")).isEqualTo("system:command");
      assertThat(outcome.getJsonObject("details").getString("requestedBy")).isEqualTo("admin");
      assertThat(outcome.getJsonObject("details").getString("reason")).isEqualTo("top-up received");
      String metrics = platform.call("GET", "/metrics", null, null).body();
      assertThat(metrics)
          .contains("meterhub_commands_accepted_total")
          .contains("meterhub_commands_confirm_latency")
          .contains("meterhub_commands_finished_total{status=\"confirmed\"}");
    }
  }

  @Test
  void meterThatRefusesTheWriteFailsTheCommandWithTheReason() throws Exception {
    TestMeter m = TestMeter.provision(platform, "north/feeder-02");
    try (SimulatedMeter meter = m.start(platform)) {
      meter.powerControl().setBehaviour(Behaviour.REFUSE);
      JsonObject command = accepted(relay(m.id, "open", "unpaid balance", Map.of()));

      JsonObject failed = awaitStatus(platform, command.getString("id"), "failed");
      assertThat(failed.getString("error")).contains("refused").contains("METHOD_NOT_ALLOWED");
      assertThat(meter.powerControl().isOn()).isTrue();
    }
  }

  @Test
  void meterWhoseRelayDoesNotMoveFailsTheCommand() throws Exception {
    TestMeter m = TestMeter.provision(platform, "north/feeder-02");
    try (SimulatedMeter meter = m.start(platform)) {
      meter.powerControl().setBehaviour(Behaviour.IGNORE);
      JsonObject command = accepted(relay(m.id, "open", "unpaid balance", Map.of()));

      JsonObject failed = awaitStatus(platform, command.getString("id"), "failed");
      assertThat(failed.getString("error")).contains("state did not change");
      assertThat(meter.powerControl().isOn()).isTrue();
    }
  }

  @Test
  void commandForAnOfflineMeterWaitsAndIsDeliveredWhenItRegisters() throws Exception {
    TestMeter m = TestMeter.provision(platform, "south/feeder-01");
    JsonObject command = accepted(relay(m.id, "open", "unpaid balance", Map.of()));
    assertThat(command.getString("status")).isEqualTo("pending");
    assertThat(status(platform, command.getString("id")).getString("status")).isEqualTo("pending");

    try (SimulatedMeter meter = m.start(platform)) {
      awaitStatus(platform, command.getString("id"), "confirmed");
      assertThat(meter.powerControl().isOn()).isFalse();
    }
  }

  @Test
  void queueModeMeterGetsItsCommandWhenItRegisters() throws Exception {
    TestMeter m = TestMeter.provision(platform, "south/feeder-02");
    JsonObject command = accepted(relay(m.id, "open", "unpaid balance", Map.of()));
    assertThat(command.getString("status")).isEqualTo("pending");

    try (SimulatedMeter meter = m.start(platform, b -> b.queueMode(true))) {
      awaitStatus(platform, command.getString("id"), "confirmed");
      assertThat(meter.powerControl().isOn()).isFalse();
    }
  }

  @Test
  void sameIdempotencyKeyTwiceGivesOneCommand() throws Exception {
    TestMeter m = TestMeter.provision(platform, "east/feeder-01");
    Map<String, String> key = Map.of("Idempotency-Key", "trip-" + UUID.randomUUID());
    HttpResponse<String> first = relay(m.id, "open", "unpaid balance", key);
    HttpResponse<String> second = relay(m.id, "open", "unpaid balance", key);

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(second.statusCode()).isEqualTo(202);
    assertThat(second.headers().firstValue("Idempotency-Replayed")).contains("true");
    assertThat(new JsonObject(second.body()).getString("id")).isEqualTo(new JsonObject(first.body()).getString("id"));
    assertThat(platform.getJson("/api/v1/meters/" + enc(m.id) + "/commands").getJsonArray("items")).hasSize(1);

    HttpResponse<String> other = relay(m.id, "closed", "unpaid balance", key);
    assertThat(other.statusCode()).as("same key, another request").isEqualTo(422);
    assertThat(platform.getJson("/api/v1/meters/" + enc(m.id) + "/commands").getJsonArray("items")).hasSize(1);
  }

  @Test
  void commandWhoseDeadlinePassesWhileTheMeterIsOfflineExpiresAndIsNeverDelivered() throws Exception {
    TestMeter m = TestMeter.provision(platform, "east/feeder-02");
    JsonObject body = new JsonObject().put("state", "open").put("reason", "unpaid balance").put("ttlSeconds", 1);
    JsonObject command = accepted(platform.call("POST", relayPath(m.id), platform.adminToken(), body));

    JsonObject expired = awaitStatus(platform, command.getString("id"), "expired");
    assertThat(expired.getString("error")).contains("deadline");

    List<Boolean> remoteChanges = new CopyOnWriteArrayList<>();
    try (SimulatedMeter meter = m.start(platform, b -> b.raiseRelayEvents(false), recordRemote(remoteChanges))) {
      awaitProcessedAfterRegistration(m, meter);
      assertThat(remoteChanges).isEmpty();
      assertThat(meter.powerControl().isOn()).isTrue();
      assertThat(status(platform, command.getString("id")).getString("status")).isEqualTo("expired");
    }
  }

  @Test
  void commandCancelledWhilePendingIsNeverDelivered() throws Exception {
    TestMeter m = TestMeter.provision(platform, "east/feeder-03");
    JsonObject command = accepted(relay(m.id, "open", "unpaid balance", Map.of()));
    String cancelPath = "/api/v1/commands/" + command.getString("id") + "/cancel";

    HttpResponse<String> cancel = platform.call("POST", cancelPath, platform.adminToken(), new JsonObject());
    assertThat(cancel.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(cancel.body()).getString("status")).isEqualTo("cancelled");
    JsonObject cancelAudit = auditOf("command.cancelled", command.getString("id"));
    assertThat(cancelAudit.getString("actor")).isEqualTo("admin");
    assertThat(cancelAudit.getJsonObject("details").getString("error")).isEqualTo("cancelled by admin");
    assertThat(cancelAudit.getJsonObject("details").getString("reason")).isEqualTo("unpaid balance");
    assertThat(platform.call("POST", cancelPath, platform.adminToken(), new JsonObject()).statusCode())
        .as("cancel of a cancelled command")
        .isEqualTo(409);

    List<Boolean> remoteChanges = new CopyOnWriteArrayList<>();
    try (SimulatedMeter meter = m.start(platform, b -> b.raiseRelayEvents(false), recordRemote(remoteChanges))) {
      awaitProcessedAfterRegistration(m, meter);
      assertThat(remoteChanges).isEmpty();
      assertThat(meter.powerControl().isOn()).isTrue();
      assertThat(status(platform, command.getString("id")).getString("status")).isEqualTo("cancelled");
    }
  }

  @Test
  void newerPendingCommandSupersedesTheOlderOne() throws Exception {
    TestMeter m = TestMeter.provision(platform, "east/feeder-04");
    JsonObject older = accepted(relay(m.id, "closed", "reconnect after top-up", Map.of()));
    JsonObject newer = accepted(relay(m.id, "open", "unpaid balance", Map.of()));

    JsonObject cancelled = status(platform, older.getString("id"));
    assertThat(cancelled.getString("status")).isEqualTo("cancelled");
    assertThat(cancelled.getString("error")).isEqualTo("superseded by " + newer.getString("id"));
    assertThat(auditOf("command.cancelled", older.getString("id")).getJsonObject("details").getString("error"))
        .isEqualTo("superseded by " + newer.getString("id"));

    List<Boolean> remoteChanges = new CopyOnWriteArrayList<>();
    try (SimulatedMeter meter = m.start(platform, b -> b.raiseRelayEvents(false), recordRemote(remoteChanges))) {
      awaitStatus(platform, newer.getString("id"), "confirmed");
      assertThat(remoteChanges).containsExactly(false);
      assertThat(status(platform, older.getString("id")).getString("status")).isEqualTo("cancelled");
    }
  }

  @Test
  void badInputAndRoles() {
    TestMeter m = TestMeter.provision(platform, "west/feeder-01");
    String admin = platform.adminToken();

    assertThat(relay("urn:imei:000000000000000", "open", "x", Map.of()).statusCode()).isEqualTo(404);
    HttpResponse<String> noReason =
        platform.call("POST", relayPath(m.id), admin, new JsonObject().put("state", "open"));
    assertThat(noReason.statusCode()).isEqualTo(400);
    assertThat(noReason.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(noReason.body()).contains("reason");
    HttpResponse<String> badState =
        platform.call("POST", relayPath(m.id), admin, new JsonObject().put("state", "off").put("reason", "x"));
    assertThat(badState.statusCode()).isEqualTo(400);
    assertThat(badState.body()).contains("state");
    assertThat(platform.call("GET", "/api/v1/commands/" + UUID.randomUUID(), admin, null).statusCode())
        .isEqualTo(404);
    assertThat(platform.call("POST", "/api/v1/commands/" + UUID.randomUUID() + "/cancel", admin, new JsonObject())
        .statusCode()).isEqualTo(404);

    JsonObject body = new JsonObject().put("state", "open").put("reason", "unpaid balance");
    HttpResponse<String> byOperator = platform.call("POST", relayPath(m.id), platform.tokenFor("operator"), body);
    assertThat(byOperator.statusCode()).isEqualTo(202);
    assertThat(new JsonObject(byOperator.body()).getString("actor")).isEqualTo("operator-user");
    assertThat(platform.call("POST", relayPath(m.id), platform.tokenFor("payments"), body).statusCode())
        .isEqualTo(403);
    String auditor = platform.tokenFor("auditor");
    assertThat(platform.call("POST", relayPath(m.id), auditor, body).statusCode()).isEqualTo(403);
    String id = new JsonObject(byOperator.body()).getString("id");
    assertThat(platform.call("GET", "/api/v1/commands/" + id, auditor, null).statusCode()).isEqualTo(200);
    assertThat(platform.call("GET", "/api/v1/commands/" + id, platform.tokenFor("payments"), null).statusCode())
        .isEqualTo(403);
  }

  @Test
  void relayBatchOverARegionTripsEveryMeterAndCountsPerStatus() throws Exception {
    String region = "batch-" + UUID.randomUUID().toString().substring(0, 8);
    List<TestMeter> fleet = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      fleet.add(TestMeter.provision(platform, region + "/feeder-0" + i));
    }
    TestMeter elsewhere = TestMeter.provision(platform, "elsewhere/" + region);
    List<SimulatedMeter> meters = new java.util.ArrayList<>();
    try {
      for (TestMeter m : fleet) {
        meters.add(m.start(platform));
      }
      HttpResponse<String> created =
          platform.call(
              "POST",
              "/api/v1/relay-batches",
              platform.adminToken(),
              new JsonObject().put("regionPrefix", region).put("state", "open").put("reason", "feeder maintenance"));
      assertThat(created.statusCode()).isEqualTo(202);
      JsonObject batch = new JsonObject(created.body());
      assertThat(batch.getInteger("meterCount")).isEqualTo(5);
      String path = "/api/v1/relay-batches/" + batch.getString("id");

      await(
          "all five commands of the batch are confirmed",
          WAIT,
          () -> platform.getJson(path).getJsonObject("counts").getLong("confirmed") == 5);
      JsonObject counts = platform.getJson(path).getJsonObject("counts");
      assertThat(counts.getLong("pending") + counts.getLong("sent") + counts.getLong("failed")
          + counts.getLong("expired") + counts.getLong("cancelled")).isZero();
      assertThat(meters).allMatch(meter -> !meter.powerControl().isOn());
      assertThat(platform.getJson("/api/v1/meters/" + enc(elsewhere.id) + "/commands").getJsonArray("items"))
          .as("a meter outside the region")
          .isEmpty();
    } finally {
      meters.forEach(SimulatedMeter::close);
    }
  }

  @Test
  void relayChangedAtTheMeterIsRecordedAsRelayLocal() throws Exception {
    TestMeter m = TestMeter.provision(platform, "west/feeder-02");
    try (SimulatedMeter meter = m.start(platform)) {
      await(
          "the meter's relay is known",
          WAIT,
          () -> "closed".equals(platform.getJson("/api/v1/meters/" + enc(m.id)).getString("relay")));
      meter.powerControl().setLocal(false);

      await(
          "a relay-local entry appears in the meter's command history",
          WAIT,
          () ->
              platform.getJson("/api/v1/meters/" + enc(m.id) + "/commands").getJsonArray("items").stream()
                  .map(o -> (JsonObject) o)
                  .anyMatch(c -> c.getString("type").equals("relay-local") && c.getString("target").equals("open")));
      JsonArray audit = platform.getJson("/api/v1/audit?action=relay.local&limit=1000").getJsonArray("items");
      assertThat(audit.stream().map(o -> ((JsonObject) o).getString("target"))).contains(m.id);
      await(
          "the meter's relay state follows",
          WAIT,
          () -> "open".equals(platform.getJson("/api/v1/meters/" + enc(m.id)).getString("relay")));
      await("the meter's relay event is sent", WAIT, () -> PlatformFixture.eventsSent(meter));
      await(
          "a relay_opened_local event is listed",
          WAIT,
          () ->
              platform.getJson("/api/v1/meters/" + enc(m.id) + "/events").getJsonArray("items").stream()
                  .anyMatch(e -> "relay_opened_local".equals(((JsonObject) e).getString("type"))));
    }
  }

  @Test
  void relayBatchOfListedMetersTripsThemAndNoOther() throws Exception {
    TestMeter one = TestMeter.provision(platform, "batch-ids/feeder-01");
    TestMeter two = TestMeter.provision(platform, "batch-ids/feeder-01");
    TestMeter notListed = TestMeter.provision(platform, "batch-ids/feeder-01");
    try (SimulatedMeter a = one.start(platform);
        SimulatedMeter b = two.start(platform)) {
      JsonObject request =
          new JsonObject()
              .put("meterIds", new JsonArray().add(one.id).add(two.id).add(one.id))
              .put("state", "open")
              .put("reason", "meter swap");
      HttpResponse<String> created = platform.call("POST", "/api/v1/relay-batches", platform.tokenFor("operator"),
          request);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
      JsonObject batch = new JsonObject(created.body());
      assertThat(batch.getInteger("meterCount")).as("duplicates count once").isEqualTo(2);
      String path = "/api/v1/relay-batches/" + batch.getString("id");

      await("both commands are confirmed", WAIT,
          () -> platform.getJson(path).getJsonObject("counts").getLong("confirmed") == 2);
      assertThat(a.powerControl().isOn()).isFalse();
      assertThat(b.powerControl().isOn()).isFalse();
      assertThat(platform.getJson("/api/v1/meters/" + enc(notListed.id) + "/commands").getJsonArray("items"))
          .isEmpty();
      JsonObject one1 = platform.getJson("/api/v1/meters/" + enc(one.id) + "/commands").getJsonArray("items")
          .getJsonObject(0);
      assertThat(one1.getString("reason")).isEqualTo("meter swap");
      assertThat(one1.getString("actor")).isEqualTo("operator-user");
    }
  }

  @Test
  void relayBatchBadInputAndRoles() {
    TestMeter m = TestMeter.provision(platform, "batch-bad/feeder-01");
    String admin = platform.adminToken();
    JsonObject ids = new JsonObject().put("meterIds", new JsonArray().add(m.id)).put("state", "open");

    HttpResponse<String> noReason = platform.call("POST", "/api/v1/relay-batches", admin, ids.copy());
    assertThat(noReason.statusCode()).isEqualTo(400);
    assertThat(noReason.body()).contains("reason");
    HttpResponse<String> badState =
        platform.call("POST", "/api/v1/relay-batches", admin, ids.copy().put("state", "off").put("reason", "x"));
    assertThat(badState.statusCode()).isEqualTo(400);
    assertThat(badState.body()).contains("state");
    HttpResponse<String> unknown =
        platform.call(
            "POST",
            "/api/v1/relay-batches",
            admin,
            ids.copy().put("meterIds", new JsonArray().add("urn:imei:000000000000000")).put("reason", "x"));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("unknown meter");
    HttpResponse<String> both =
        platform.call("POST", "/api/v1/relay-batches", admin, ids.copy().put("regionPrefix", "batch-bad")
            .put("reason", "x"));
    assertThat(both.statusCode()).isEqualTo(400);
    HttpResponse<String> emptyRegion =
        platform.call(
            "POST",
            "/api/v1/relay-batches",
            admin,
            new JsonObject().put("regionPrefix", "no-such-region-" + UUID.randomUUID()).put("state", "open")
                .put("reason", "x"));
    assertThat(emptyRegion.statusCode()).isEqualTo(400);
    assertThat(platform.getJson("/api/v1/meters/" + enc(m.id) + "/commands").getJsonArray("items"))
        .as("no command from a refused batch")
        .isEmpty();

    JsonObject valid = ids.copy().put("reason", "x");
    assertThat(platform.call("POST", "/api/v1/relay-batches", platform.tokenFor("payments"), valid).statusCode())
        .isEqualTo(403);
    assertThat(platform.call("GET", "/api/v1/relay-batches/" + UUID.randomUUID(), admin, null).statusCode())
        .isEqualTo(404);
  }

  /** The audit entry of {@code action} about one command. */
  private static JsonObject auditOf(String action, String commandId) {
    return platform.getJson("/api/v1/audit?action=" + action + "&limit=1000").getJsonArray("items").stream()
        .map(o -> (JsonObject) o)
        .filter(e -> commandId.equals(e.getJsonObject("details").getString("command")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + action + " audit entry for " + commandId));
  }

  /**
   * Proves the pipeline has looked at the meter since it registered: a no-op reconnect sent after the registration is
   * confirmed, and commands of a meter are delivered one at a time in creation order.
   */
  private static void awaitProcessedAfterRegistration(TestMeter m, SimulatedMeter meter) throws Exception {
    assertThat(meter.awaitRegistered(WAIT)).isTrue();
    JsonObject probe = accepted(relay(m.id, "closed", "probe", Map.of()));
    awaitStatus(platform, probe.getString("id"), "confirmed");
  }

  /** Records every relay change a server's write causes at the meter. */
  private static java.util.function.Consumer<SimulatedMeter> recordRemote(List<Boolean> changes) {
    return meter -> meter.powerControl().setListener((on, remote) -> {
      if (remote) {
        changes.add(on);
      }
    });
  }

  static HttpResponse<String> relay(String meterId, String state, String reason, Map<String, String> headers) {
    return platform.call(
        "POST",
        relayPath(meterId),
        platform.adminToken(),
        new JsonObject().put("state", state).put("reason", reason),
        headers);
  }

  static JsonObject accepted(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return new JsonObject(response.body());
  }

  static JsonObject status(PlatformFixture node, String commandId) {
    return node.getJson("/api/v1/commands/" + commandId);
  }

  static JsonObject awaitStatus(PlatformFixture node, String commandId, String status) {
    await(
        "command " + commandId + " is " + status,
        WAIT,
        () -> {
          String now = status(node, commandId).getString("status");
          if (!now.equals(status) && List.of("confirmed", "failed", "expired", "cancelled").contains(now)) {
            throw new AssertionError("command ended " + now + ": " + status(node, commandId).encode());
          }
          return now.equals(status);
        });
    return status(node, commandId);
  }

  static String relayPath(String meterId) {
    return "/api/v1/meters/" + enc(meterId) + "/relay";
  }

  static String enc(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  /** A provisioned KPM31 with its own PSK identity and key. */
  record TestMeter(String id, String identity, String key) {

    static TestMeter provision(PlatformFixture node, String region) {
      String imei = String.valueOf(860_000_000_000_000L + ThreadLocalRandom.current().nextLong(9_999_999_999L));
      TestMeter m = new TestMeter("urn:imei:" + imei, imei, UUID.randomUUID().toString().replace("-", ""));
      node.createMeter(m.id, "KPM31", region, m.identity, m.key);
      return m;
    }

    SimulatedMeter start(PlatformFixture node) throws InterruptedException {
      return start(node, b -> {});
    }

    SimulatedMeter start(
        PlatformFixture node, java.util.function.Consumer<io.meterhub.models.client.SimulatedMeterBuilder> settings)
        throws InterruptedException {
      return start(node, settings, meter -> {});
    }

    /** Builds the meter, lets {@code beforeStart} prepare it (listeners), starts it and waits for its registration. */
    SimulatedMeter start(
        PlatformFixture node,
        java.util.function.Consumer<io.meterhub.models.client.SimulatedMeterBuilder> settings,
        java.util.function.Consumer<SimulatedMeter> beforeStart)
        throws InterruptedException {
      SimulatedMeter meter = node.meter(id, "KPM31", identity, key, settings);
      beforeStart.accept(meter);
      meter.start();
      if (!meter.awaitRegistered(WAIT)) {
        meter.close();
        throw new AssertionError(id + " did not register");
      }
      return meter;
    }
  }
}
