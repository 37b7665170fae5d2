package io.meterhub.platform;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.meterhub.models.RelayState;
import io.meterhub.platform.cluster.HazelcastMeterLiveState;
import io.meterhub.platform.console.HeadlessChromium;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures how fast the console's fleet overview shows its counts against a local node holding many meters (default
 * 10,000; {@code -Dbench.meters=}). Meters are provisioned through the API; a share is marked online and relay-open
 * in the live state. Prints first contentful paint and the time until the overview's counts are rendered
 * ({@code meterhub:overview-ready}), both from navigation start, over several cold page loads.
 *
 * <pre>
 * mvn -q -pl platform -am -Pbench process-test-classes -Dbench.main=io.meterhub.platform.ConsoleFirstPaintBenchmark
 * </pre>
 */
public final class ConsoleFirstPaintBenchmark {

  private static final int RUNS = 7;

  private ConsoleFirstPaintBenchmark() {}

  public static void main(String[] args) throws Exception {
    int meters = Integer.getInteger("bench.meters", 10_000);
    Path dataDir = Files.createTempDirectory("meterhub-console-bench");
    try (PlatformFixture platform = PlatformFixture.start(dataDir, "bench-" + UUID.randomUUID(), 1, List.of());
        HeadlessChromium chromium = HeadlessChromium.launch(HeadlessChromium.executable())) {
      long provisionStart = System.nanoTime();
      provision(platform, meters);
      System.out.printf(Locale.ROOT, "provisioned %d meters through the API in %.1f s%n", meters,
          (System.nanoTime() - provisionStart) / 1e9);
      HazelcastMeterLiveState live = new HazelcastMeterLiveState(platform.node.cluster().hazelcast());
      Instant now = Instant.now();
      for (int i = 0; i < meters; i++) {
        if (i % 10 < 6) {
          live.online(id(i), "node-1", now);
        }
        if (i % 50 == 0) {
          live.relay(id(i), RelayState.OPEN, now);
        }
      }
      for (int run = 1; run <= 3; run++) {
        Thread.sleep(2_100); // past the summary's reuse window, so each call counts afresh
        long summaryStart = System.nanoTime();
        JsonObject summary = platform.getJson("/api/v1/fleet/summary");
        System.out.printf(Locale.ROOT, "GET /api/v1/fleet/summary, uncached: %.1f ms (%s)%n",
            (System.nanoTime() - summaryStart) / 1e6, summary.encode().substring(0, 60));
      }

      List<String> errors = HeadlessChromium.errorLog();
      Page page = chromium.newPage(1280, 900, errors);
      page.navigate(platform.baseUrl() + "/console/");
      page.getByLabel("User name").fill("admin");
      page.getByLabel("Password").fill(PlatformFixture.ADMIN_PASSWORD);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
      PlaywrightAssertions.assertThat(page.locator("[data-stat=meters]")).hasText(String.format("%,d", meters));

      List<double[]> samples = new ArrayList<>();
      for (int run = 0; run < RUNS; run++) {
        page.reload();
        PlaywrightAssertions.assertThat(page.locator("[data-stat=meters]")).hasText(String.format("%,d", meters));
        Object fcp = page.evaluate("() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime");
        Object ready = page.evaluate("() => performance.getEntriesByName('meterhub:overview-ready')[0].startTime");
        samples.add(new double[] {((Number) fcp).doubleValue(), ((Number) ready).doubleValue()});
      }
      System.out.println();
      System.out.println("| run | first contentful paint (ms) | overview counts rendered (ms) |");
      System.out.println("|---|---|---|");
      for (int i = 0; i < samples.size(); i++) {
        System.out.printf(Locale.ROOT, "| %d | %.0f | %.0f |%n", i + 1, samples.get(i)[0], samples.get(i)[1]);
      }
      double[] ready = samples.stream().skip(1).mapToDouble(s -> s[1]).sorted().toArray();
      System.out.printf(Locale.ROOT, "%nmedian overview-ready over warm runs 2-%d: %.0f ms (%d meters)%n", RUNS,
          ready[ready.length / 2], meters);
      System.out.println(errors.isEmpty() ? "browser console: no errors" : "browser console errors: " + errors);

      // The summary's Hazelcast aggregations scan every live entry: time them with a 100,000-meter live state.
      int liveExtra = Integer.getInteger("bench.liveExtra", 100_000 - meters);
      for (int i = meters; i < meters + liveExtra; i++) {
        live.online(id(i), "node-1", now);
      }
      for (int run = 1; run <= 3; run++) {
        Thread.sleep(2_100); // past the summary's reuse window, so each call counts afresh
        long start = System.nanoTime();
        platform.getJson("/api/v1/fleet/summary");
        System.out.printf(Locale.ROOT, "GET /api/v1/fleet/summary with %d live entries, uncached: %.1f ms%n",
            meters + liveExtra, (System.nanoTime() - start) / 1e6);
      }
    }
  }

  private static void provision(PlatformFixture platform, int meters) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String token = platform.adminToken();
    Semaphore inFlight = new Semaphore(16);
    AtomicInteger failures = new AtomicInteger();
    List<CompletableFuture<?>> all = new ArrayList<>();
    String[] regions = {"north/feeder-01", "north/feeder-02", "south/feeder-01", "east/feeder-01", "west/feeder-01"};
    for (int i = 0; i < meters; i++) {
      JsonObject body = new JsonObject().put("id", id(i)).put("model", "KPM31").put("region", regions[i % 5])
          .put("security", new JsonObject().put("mode", "psk").put("identity", "bench-" + i)
              .put("key", String.format("%032x", i + 1)));
      HttpRequest request = HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/api/v1/meters"))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
      inFlight.acquire();
      all.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
        inFlight.release();
        if (e != null || r.statusCode() != 201) {
          failures.incrementAndGet();
        }
      }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " meters could not be provisioned");
    }
  }

  private static String id(int i) {
    return String.format("urn:imei:86%013d", i);
  }
}
