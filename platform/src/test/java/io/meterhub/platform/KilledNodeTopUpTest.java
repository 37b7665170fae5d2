package io.meterhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise to a payment integrator, end to end: a node started as the README starts it (embedded H2 under its data
 * dir) is killed with SIGKILL right after acknowledging a run of top-ups; started again on the same data dir, it
 * knows every acknowledged top-up, once, in the balance, the ledger and the audit log.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KilledNodeTopUpTest {

  private static final String PASSWORD = "killed-node-admin-password";
  private static final int TOP_UPS = 40;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void everyAcknowledgedTopUpSurvivesAKill(@TempDir Path dir) throws Exception {
    Path dataDir = dir.resolve("data");
    Node first = Node.start(dataDir);
    String account;
    long acknowledged = 0;
    try {
      String token = token(first);
      post(first, token, "/api/v1/meters", new JsonObject().put("id", "urn:imei:killed-1").put("model", "KPM31")
          .put("region", "north").put("security", new JsonObject().put("mode", "psk").put("identity", "killed-1")
              .put("key", "000102030405060708090a0b0c0d0e0f")), Map.of());
      post(first, token, "/api/v1/tariffs", new JsonObject().put("id", "flat-1").put("currency", "CNY")
          .put("type", "flat").put("pricePerKwh", "1.0000"), Map.of());
      account = post(first, token, "/api/v1/accounts", new JsonObject().put("meterId", "urn:imei:killed-1")
          .put("tariffId", "flat-1").put("currency", "CNY"), Map.of()).getString("id");
      for (int i = 1; i <= TOP_UPS; i++) {
        post(first, token, "/api/v1/accounts/" + account + "/topups",
            new JsonObject().put("amount", 100 + i).put("currency", "CNY").put("reference", "pay-" + i),
            Map.of("Idempotency-Key", "killed-" + i));
        acknowledged += 100 + i;
      }
    } finally {
      first.kill();
    }

    Node second = Node.start(dataDir);
    try {
      String token = token(second);
      assertThat(get(second, token, "/api/v1/accounts/" + account).getLong("balance")).isEqualTo(acknowledged);
      JsonArray ledger = get(second, token, "/api/v1/accounts/" + account + "/ledger?limit=200").getJsonArray("items");
      assertThat(ledger.stream().map(JsonObject.class::cast).filter(e -> "topup".equals(e.getString("type"))))
          .hasSize(TOP_UPS);
      JsonArray audited = get(second, token, "/api/v1/audit?action=prepay.topup&limit=200").getJsonArray("items");
      assertThat(audited).hasSize(TOP_UPS);
    } finally {
      second.kill();
    }
  }

  /** A node in a child JVM, started by {@link Main} from the environment, as an operator would. */
  private record Node(Process process, String base, Path log) {

    static Node start(Path dataDir) throws Exception {
      int httpPort;
      try (ServerSocket socket = new ServerSocket(0)) {
        httpPort = socket.getLocalPort();
      }
      int coapsPort;
      try (DatagramSocket socket = new DatagramSocket(0)) {
        coapsPort = socket.getLocalPort();
      }
      String java = ProcessHandle.current().info().command().orElse("java");
      ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          Main.class.getName());
      Map<String, String> env = new HashMap<>();
      env.put("METERHUB_DATA_DIR", dataDir.toString());
      env.put("METERHUB_HTTP_HOST", "127.0.0.1");
      env.put("METERHUB_HTTP_PORT", Integer.toString(httpPort));
      env.put("METERHUB_COAP_HOST", "127.0.0.1");
      env.put("METERHUB_COAPS_PORT", Integer.toString(coapsPort));
      env.put("METERHUB_ADMIN_PASSWORD", PASSWORD);
      env.put("METERHUB_CLUSTER_NAME", "killed-" + UUID.randomUUID());
      builder.environment().keySet().removeIf(name -> name.startsWith("METERHUB_"));
      builder.environment().putAll(env);
      Path log = dataDir.resolveSibling("nodes.log");
      builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Node node = new Node(builder.start(), "http://127.0.0.1:" + httpPort, log);
      node.awaitHealthy();
      return node;
    }

    private void awaitHealthy() throws Exception {
      HttpClient client = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (true) {
        assertThat(process.isAlive()).as(() -> "node process alive; its output:\n" + output()).isTrue();
        try {
          HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
              HttpResponse.BodyHandlers.ofString());
          if (health.statusCode() == 200) {
            return;
          }
        } catch (IOException notYetListening) {
          // still starting
        }
        assertThat(System.nanoTime()).as(() -> "node healthy within 120 s; its output:\n" + output())
            .isLessThan(deadline);
        Thread.sleep(200);
      }
    }

    private String output() {
      try {
        return java.nio.file.Files.readString(log);
      } catch (IOException e) {
        return "(unreadable: " + e.getMessage() + ")";
      }
    }

    /** SIGKILL: no shutdown hook, nothing flushed on the way out. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  private String token(Node node) throws Exception {
    HttpResponse<String> response = send(node, "POST", "/api/v1/auth/token", null,
        new JsonObject().put("username", "admin").put("password", PASSWORD), Map.of());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getString("access_token");
  }

  private JsonObject post(Node node, String token, String path, JsonObject body, Map<String, String> headers)
      throws Exception {
    HttpResponse<String> response = send(node, "POST", path, token, body, headers);
    assertThat(response.statusCode()).as("POST " + path + ": " + response.body()).isEqualTo(201);
    return new JsonObject(response.body());
  }

  private JsonObject get(Node node, String token, String path) throws Exception {
    HttpResponse<String> response = send(node, "GET", path, token, null, Map.of());
    assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private HttpResponse<String> send(Node node, String method, String path, String token, JsonObject body,
      Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.base() + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
