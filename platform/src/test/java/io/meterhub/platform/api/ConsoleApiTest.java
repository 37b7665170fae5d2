package io.meterhub.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.RelayState;
import io.meterhub.platform.testsupport.ApiFixture;
import io.meterhub.platform.testsupport.ApiFixture.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The API additions the web console uses: who am I, fleet summary, id-prefix search; and the console's assets. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConsoleApiTest {

  static ApiFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new ApiFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void meTellsTheCallersNameAndRolesAndNeedsAToken() {
    String auditor = fx.userWithRole("console-auditor", "auditor");

    Response me = fx.get("/api/v1/auth/me", auditor);

    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().getString("username")).isEqualTo("console-auditor");
    assertThat(me.json().getJsonArray("roles")).containsExactly("auditor");
    assertThat(fx.get("/api/v1/auth/me", fx.adminToken()).json().getJsonArray("roles")).containsExactly("admin");
    assertThat(fx.get("/api/v1/auth/me", null).status()).isEqualTo(401);
    assertThat(fx.get("/api/v1/auth/me", "not-a-token").status()).isEqualTo(401);
  }

  @Test
  void fleetSummaryCountsMetersOnlineRelaysAndTopLevelRegions() {
    String admin = fx.adminToken();
    create("sum-1", "summary-north/feeder-07");
    create("sum-2", "summary-north/feeder-08");
    create("sum-3", "summary-south");
    Instant now = Instant.now();
    fx.live.online("sum-1", "node-a", now);
    fx.live.online("sum-3", "node-a", now);
    fx.live.relay("sum-3", RelayState.OPEN, now);

    // Summaries are reused for up to 2 s: poll until they agree with the stores they count.
    JsonObject summary = poll(() -> fx.get("/api/v1/fleet/summary", admin).json(),
        s -> s.getLong("online") == fx.live.onlineCount() && s.getLong("meters") == fx.meters.count()
            && s.getLong("relayOpen") == fx.live.relayOpenCount().orElseThrow());
    assertThat(summary.getLong("online")).isEqualTo(fx.live.onlineCount()).isGreaterThanOrEqualTo(2);
    assertThat(summary.getLong("relayOpen")).isEqualTo(fx.live.relayOpenCount().orElseThrow())
        .isGreaterThanOrEqualTo(1);
    assertThat(summary.getLong("meters")).isEqualTo(fx.meters.count());
    assertThat(summary.getLong("offline")).isEqualTo(summary.getLong("meters") - summary.getLong("online"));
    JsonArray regions = summary.getJsonArray("regions");
    assertThat(regionCount(regions, "summary-north")).isEqualTo(2);
    assertThat(regionCount(regions, "summary-south")).isEqualTo(1);
    assertThat(regions.stream().mapToLong(r -> ((JsonObject) r).getLong("meters")).sum())
        .isEqualTo(summary.getLong("meters"));
  }

  @Test
  void fleetSummaryIsForMeterReadersOnly() {
    assertThat(fx.get("/api/v1/fleet/summary", fx.userWithRole("console-payments", "payments")).status())
        .isEqualTo(403);
    assertThat(fx.get("/api/v1/fleet/summary", fx.userWithRole("console-support", "support")).status())
        .isEqualTo(200);
    assertThat(fx.get("/api/v1/fleet/summary", null).status()).isEqualTo(401);
  }

  @Test
  void meterListFiltersByIdPrefixWithAndWithoutTheOnlineFilter() {
    String admin = fx.adminToken();
    create("prefix-a-1", "west");
    create("prefix-a-2", "west");
    create("prefix-b-1", "west");
    fx.live.online("prefix-a-2", "node-a", Instant.now());

    assertThat(ids(fx.get("/api/v1/meters?idPrefix=prefix-a-", admin))).containsExactly("prefix-a-1", "prefix-a-2");
    assertThat(ids(fx.get("/api/v1/meters?idPrefix=prefix-a-&online=true", admin))).containsExactly("prefix-a-2");
    assertThat(ids(fx.get("/api/v1/meters?idPrefix=prefix-&region=west&limit=1", admin))).containsExactly("prefix-a-1");
  }

  @Test
  void consoleIsServedUnderItsOwnPathWithAStrictContentSecurityPolicy() {
    Response root = fx.get("/", null);
    assertThat(root.status()).isEqualTo(302);
    assertThat(root.header("Location")).contains("/console/");

    Response index = fx.get("/console/", null);
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(index.body()).contains("<script type=\"module\" src=\"/console/js/app.js\">");
    assertThat(index.header("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v)
        .contains("default-src 'self'").contains("script-src 'self'").doesNotContain("unsafe"));
    assertThat(index.header("X-Frame-Options")).contains("DENY");
    assertThat(index.header("X-Content-Type-Options")).contains("nosniff");

    Response chart = fx.get("/console/vendor/chart.js/chart.umd.min.js", null);
    assertThat(chart.status()).isEqualTo(200);
    assertThat(chart.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("javascript"));

    assertThat(fx.get("/console/no-such-file.js", null).status()).isEqualTo(404);
    assertThat(fx.get("/console/../logback.xml", null).status()).isEqualTo(404);
    assertThat(fx.get("/consolex", null).status()).isEqualTo(404);
    assertThat(fx.get("/api/v1/meters", null).status()).as("the API is not shadowed").isEqualTo(401);
  }

  private static JsonObject poll(java.util.function.Supplier<JsonObject> get,
      java.util.function.Predicate<JsonObject> done) {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
    JsonObject value = get.get();
    while (!done.test(value) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      value = get.get();
    }
    return value;
  }

  private static void create(String id, String region) {
    Response r = fx.send("POST", "/api/v1/meters", fx.adminToken(), new JsonObject().put("id", id)
        .put("model", "KPM31").put("region", region).put("security", new JsonObject().put("mode", "psk")
            .put("identity", id + "-identity").put("key", "000102030405060708090a0b0c0d0e0f")));
    assertThat(r.status()).as("create %s: %s", id, r.body()).isEqualTo(201);
  }

  private static long regionCount(JsonArray regions, String region) {
    return regions.stream().map(JsonObject.class::cast).filter(r -> r.getString("region").equals(region))
        .mapToLong(r -> r.getLong("meters")).findFirst().orElse(-1);
  }

  private static java.util.List<String> ids(Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json().getJsonArray("items").stream().map(m -> ((JsonObject) m).getString("id")).toList();
  }
}
