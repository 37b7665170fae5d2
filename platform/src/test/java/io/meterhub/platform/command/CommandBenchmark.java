package io.meterhub.platform.command;

import io.meterhub.models.ProductProfiles;
import io.meterhub.models.client.ClientConfigurations;
import io.meterhub.models.client.ClientExecutors;
import io.meterhub.models.client.SimulatedMeter;
import io.meterhub.platform.PlatformNode;
import io.meterhub.platform.config.MeterhubConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.californium.elements.config.Configuration;
import org.slf4j.LoggerFactory;

/**
 * Relay command benchmark (not a test): a real {@link PlatformNode} with embedded H2, {@code bench.meters} simulated
 * KPM31 meters (real Leshan clients over DTLS-PSK on shared pools, spread over 127.0.0.x), and relay commands through
 * the REST API at {@code bench.rate}/s for {@code bench.seconds}. Each meter alternates open/closed, so every command
 * moves a relay. Prints created → confirmed latency (the server's own createdAt/updatedAt) and counts, then checks that
 * every accepted command reached a final state exactly once (one final audit entry each) and that every meter's relay
 * equals the target of its last confirmed command.
 *
 * <pre>
 * mvn -q -pl platform -am -Pbench process-test-classes -Dbench.main=io.meterhub.platform.command.CommandBenchmark \
 *     [-Dbench.meters=1000] [-Dbench.rate=100] [-Dbench.seconds=60]
 * </pre>
 */
public final class CommandBenchmark {

  private static final List<String> FINAL = List.of("confirmed", "failed", "expired", "cancelled");

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private String token;

  private CommandBenchmark(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    int meterCount = Integer.getInteger("bench.meters", 1000);
    int rate = Integer.getInteger("bench.rate", 100);
    int seconds = Integer.getInteger("bench.seconds", 60);
    Path dataDir = Files.createTempDirectory("meterhub-command-bench-");
    Map<String, String> env = new HashMap<>();
    env.put("METERHUB_DATA_DIR", dataDir.toString());
    env.put("METERHUB_HTTP_HOST", "127.0.0.1");
    env.put("METERHUB_HTTP_PORT", "0");
    env.put("METERHUB_COAP_HOST", "127.0.0.1");
    env.put("METERHUB_COAPS_PORT", "0");
    env.put("METERHUB_ADMIN_PASSWORD", "bench-admin-password");
    env.put("METERHUB_CLUSTER_NAME", "command-bench-" + UUID.randomUUID());
    env.put("METERHUB_CLUSTER_HOST", "127.0.0.1");
    env.put("METERHUB_CLUSTER_PORT", "0");
    boolean ok;
    try (PlatformNode node = PlatformNode.start(MeterhubConfig.from(env), CommandSettings.defaults());
        ClientExecutors executors = ClientExecutors.create("bench-meter", 8, 4)) {
      CommandBenchmark bench = new CommandBenchmark(node.httpPort());
      bench.login();
      URI server = URI.create("coaps://127.0.0.1:" + node.coapsUri().getPort());
      List<SimulatedMeter> meters = bench.startMeters(meterCount, server, executors);
      try {
        ok = bench.run(meters, rate, seconds);
      } finally {
        meters.parallelStream().forEach(SimulatedMeter::close);
      }
    }
    System.exit(ok ? 0 : 1);
  }

  private List<SimulatedMeter> startMeters(int count, URI server, ClientExecutors executors) throws Exception {
    Configuration configuration = ClientConfigurations.lightweight();
    List<SimulatedMeter> meters = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < count; i++) {
      String imei = String.format("86%013d", i);
      String id = "urn:imei:" + imei;
      String key = String.format("%032x", i + 1);
      JsonObject body =
          new JsonObject()
              .put("id", id)
              .put("model", "KPM31")
              .put("region", "bench/feeder-" + (i % 20))
              .put("security", new JsonObject().put("mode", "psk").put("identity", imei).put("key", key));
      HttpResponse<String> created = call("POST", "/api/v1/meters", body);
      if (created.statusCode() != 201) {
        throw new IllegalStateException("provisioning " + id + " failed: " + created.body());
      }
      meters.add(
          SimulatedMeter.builder()
              .endpoint(id)
              .profile(ProductProfiles.find("KPM31").orElseThrow())
              .serverUri(server)
              .psk(imei, key)
              .lifetime(Duration.ofMinutes(30))
              .executors(executors)
              .configuration(configuration)
              .bindAddress(InetAddress.getByName("127.0.0." + (1 + i % 10)))
              .raiseRelayEvents(false)
              .build());
    }
    int wave = 50;
    for (int i = 0; i < meters.size(); i += wave) {
      List<SimulatedMeter> batch = meters.subList(i, Math.min(meters.size(), i + wave));
      batch.forEach(SimulatedMeter::start);
      for (SimulatedMeter m : batch) {
        if (!m.awaitRegistered(Duration.ofSeconds(120))) {
          throw new IllegalStateException(m.endpoint() + " did not register");
        }
      }
    }
    System.out.printf(
        "%d meters provisioned and registered in %.1f s%n", count, (System.nanoTime() - t0) / 1e9);
    return meters;
  }

  private boolean run(List<SimulatedMeter> meters, int rate, int seconds) throws Exception {
    int total = rate * seconds;
    Map<String, String> lastTarget = new ConcurrentHashMap<>();
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger rejected = new AtomicInteger();
    Semaphore inFlight = new Semaphore(200);
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    long start = System.nanoTime();
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    for (int i = 0; i < total; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      SimulatedMeter meter = meters.get(i % meters.size());
      // round i / meters.size(): even rounds trip, odd rounds reconnect, so every command changes the relay
      String target = (i / meters.size()) % 2 == 0 ? "open" : "closed";
      inFlight.acquire();
      JsonObject body = new JsonObject().put("state", target).put("reason", "benchmark");
      calls.add(
          callAsync("POST", "/api/v1/meters/" + enc(meter.endpoint()) + "/relay", body)
              .thenAccept(
                  r -> {
                    if (r.statusCode() == 202) {
                      ids.add(new JsonObject(r.body()).getString("id"));
                      lastTarget.put(meter.endpoint(), target);
                    } else {
                      rejected.incrementAndGet();
                    }
                  })
              .whenComplete((v, e) -> inFlight.release()));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    double offeredSeconds = (System.nanoTime() - start) / 1e9;

    Map<String, JsonObject> finalStates = awaitFinal(ids, Duration.ofSeconds(120));
    Map<String, Integer> counts = new HashMap<>();
    List<Long> latencies = new ArrayList<>();
    finalStates.values().forEach(c -> counts.merge(c.getString("status"), 1, Integer::sum));
    for (JsonObject c : finalStates.values()) {
      if (c.getString("status").equals("confirmed")) {
        latencies.add(
            Duration.between(Instant.parse(c.getString("createdAt")), Instant.parse(c.getString("updatedAt")))
                .toNanos());
      }
    }
    Collections.sort(latencies);
    Map<String, Integer> finalAudits = finalAuditCounts();
    long notOnce = ids.stream().filter(id -> finalAudits.getOrDefault(id, 0) != 1).count();
    long wrongRelay =
        meters.stream()
            .filter(m -> lastTarget.containsKey(m.endpoint()))
            .filter(m -> m.powerControl().isOn() != lastTarget.get(m.endpoint()).equals("closed"))
            .count();
    long distinct = ids.stream().distinct().count();

    System.out.println();
    System.out.printf("relay commands: %d meters, offered %d/s for %d s (%.1f s actual)%n",
        meters.size(), rate, seconds, offeredSeconds);
    System.out.println("| sent  | accepted | distinct ids | confirmed | failed | expired | cancelled | not final "
        + "| final audits != 1 | relay != last target | p50 ms | p99 ms | max ms |");
    System.out.println("|-------|----------|--------------|-----------|--------|---------|-----------|-----------"
        + "|-------------------|----------------------|--------|--------|--------|");
    System.out.printf(
        "| %5d | %8d | %12d | %9d | %6d | %7d | %9d | %9d | %17d | %20d | %6.1f | %6.1f | %6.1f |%n",
        total, ids.size(), distinct, counts.getOrDefault("confirmed", 0), counts.getOrDefault("failed", 0),
        counts.getOrDefault("expired", 0), counts.getOrDefault("cancelled", 0), ids.size() - finalStates.size(),
        notOnce, wrongRelay, percentile(latencies, 0.50), percentile(latencies, 0.99), percentile(latencies, 1.0));
    System.out.println("node's own timers (ms): p50 / p99 / max");
    for (String timer : List.of("confirm", "dispatch", "attempt")) {
      String name = "meterhub_commands_" + timer + "_latency_seconds";
      System.out.printf("  %-8s %8.1f / %8.1f / %8.1f%n", timer, metric(name + "{quantile=\"0.5\"}") * 1e3,
          metric(name + "{quantile=\"0.99\"}") * 1e3, metric(name + "_max") * 1e3);
    }
    if (rejected.get() > 0) {
      System.out.println("rejected requests: " + rejected.get());
    }
    return rejected.get() == 0 && distinct == ids.size() && finalStates.size() == ids.size() && notOnce == 0
        && wrongRelay == 0;
  }

  /** Polls every command until it is final or the timeout passes; the final ones. */
  private Map<String, JsonObject> awaitFinal(List<String> ids, Duration timeout) throws Exception {
    Map<String, JsonObject> done = new ConcurrentHashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (done.size() < ids.size() && System.nanoTime() < deadline) {
      List<CompletableFuture<Void>> polls = new ArrayList<>();
      Semaphore limit = new Semaphore(32);
      for (String id : ids) {
        if (done.containsKey(id)) {
          continue;
        }
        limit.acquire();
        polls.add(
            callAsync("GET", "/api/v1/commands/" + id, null)
                .thenAccept(
                    r -> {
                      JsonObject c = new JsonObject(r.body());
                      if (FINAL.contains(c.getString("status"))) {
                        done.put(id, c);
                      }
                    })
                .whenComplete((v, e) -> limit.release()));
      }
      CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
      if (done.size() < ids.size()) {
        Thread.sleep(1000);
      }
    }
    return done;
  }

  /** Number of final-state audit entries per command id. */
  private Map<String, Integer> finalAuditCounts() {
    Map<String, Integer> counts = new HashMap<>();
    for (String status : FINAL) {
      String cursor = null;
      do {
        String path = "/api/v1/audit?action=command." + status + "&limit=1000"
            + (cursor == null ? "" : "&cursor=" + enc(cursor));
        JsonObject page = new JsonObject(call("GET", path, null).body());
        JsonArray items = page.getJsonArray("items");
        for (int i = 0; i < items.size(); i++) {
          counts.merge(items.getJsonObject(i).getJsonObject("details").getString("command"), 1, Integer::sum);
        }
        cursor = page.getString("next");
      } while (cursor != null);
    }
    return counts;
  }

  /** One sample of the node's Prometheus text, by its exact name and labels. */
  private double metric(String sample) {
    return call("GET", "/metrics", null).body().lines()
        .filter(line -> line.startsWith(sample + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(Double.NaN);
  }

  private static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
  }

  private void login() throws Exception {
    HttpResponse<String> r =
        call(
            "POST",
            "/api/v1/auth/token",
            new JsonObject().put("username", "admin").put("password", "bench-admin-password"));
    token = new JsonObject(r.body()).getString("access_token");
  }

  private HttpRequest request(String method, String path, JsonObject body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return b.method(
            method,
            body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()))
        .build();
  }

  private HttpResponse<String> call(String method, String path, JsonObject body) {
    try {
      return http.send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    }
  }

  private CompletableFuture<HttpResponse<String>> callAsync(String method, String path, JsonObject body) {
    return http.sendAsync(request(method, path, body), HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
