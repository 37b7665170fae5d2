package io.meterhub.platform;

import io.meterhub.models.ProductProfiles;
import io.meterhub.models.client.SimulatedMeter;
import io.meterhub.platform.config.MeterhubConfig;
import io.meterhub.platform.security.SecuritySettings;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributeSet;
import org.eclipse.leshan.core.node.LwM2mPath;

/**
 * A real platform node for end-to-end tests: embedded H2 in a temp dir, its own Hazelcast cluster, ephemeral HTTP
 * and CoAPS ports on loopback, and an HTTP client that speaks to its API.
 */
final class PlatformFixture implements AutoCloseable {

  static final String ADMIN_PASSWORD = "admin-password-for-e2e";

  final PlatformNode node;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private String adminToken;

  private PlatformFixture(PlatformNode node) {
    this.node = node;
    this.base = "http://127.0.0.1:" + node.httpPort();
  }

  /** A single node, or a node that joins {@code members} of {@code clusterName}. */
  static PlatformFixture start(Path dataDir, String clusterName, int nodeId, List<String> members) {
    return start(dataDir, clusterName, nodeId, members, io.meterhub.platform.command.CommandSettings.defaults());
  }

  /** As {@link #start(Path, String, int, List)}, with the command pipeline tuned (e.g. short timeouts). */
  static PlatformFixture start(
      Path dataDir,
      String clusterName,
      int nodeId,
      List<String> members,
      io.meterhub.platform.command.CommandSettings commands) {
    return start(dataDir, clusterName, nodeId, members, commands, Map.of());
  }

  /** As above, with further configuration keys (e.g. {@code METERHUB_TAMPER_TRIP_REGIONS}). */
  static PlatformFixture start(
      Path dataDir,
      String clusterName,
      int nodeId,
      List<String> members,
      io.meterhub.platform.command.CommandSettings commands,
      Map<String, String> settings) {
    Map<String, String> env = new HashMap<>();
    env.put("METERHUB_NODE_ID", String.valueOf(nodeId));
    env.put("METERHUB_DATA_DIR", dataDir.toString());
    env.put("METERHUB_HTTP_HOST", "127.0.0.1");
    env.put("METERHUB_HTTP_PORT", "0");
    env.put("METERHUB_COAP_HOST", "127.0.0.1");
    env.put("METERHUB_COAPS_PORT", "0");
    env.put("METERHUB_ADMIN_PASSWORD", ADMIN_PASSWORD);
    env.put("METERHUB_CLUSTER_NAME", clusterName);
    env.put("METERHUB_CLUSTER_HOST", "127.0.0.1");
    env.put("METERHUB_CLUSTER_PORT", "0");
    env.put("METERHUB_CLUSTER_MEMBERS", String.join(",", members));
    env.put("METERHUB_READING_BATCH_DELAY_MS", "20");
    env.putAll(settings);
    MeterhubConfig config = MeterhubConfig.from(env);
    return new PlatformFixture(PlatformNode.start(config, commands, SecuritySettings.from(env, config.dataDir())));
  }

  /** Where meters reach this node (loopback, the bound CoAPS port). */
  URI coapsUri() {
    return URI.create("coaps://127.0.0.1:" + node.coapsUri().getPort());
  }

  String clusterAddress() {
    return "127.0.0.1:" + node.cluster().address().getPort();
  }

  HttpResponse<String> call(String method, String path, String token, JsonObject body) {
    return call(method, path, token, body, Map.of());
  }

  /** One request with extra headers (e.g. Idempotency-Key). */
  HttpResponse<String> call(
      String method, String path, String token, JsonObject body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    headers.forEach(request::header);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    }
  }

  String adminToken() {
    if (adminToken == null) {
      HttpResponse<String> response =
          call(
              "POST",
              "/api/v1/auth/token",
              null,
              new JsonObject().put("username", "admin").put("password", ADMIN_PASSWORD));
      if (response.statusCode() != 200) {
        throw new AssertionError("admin login failed: " + response.body());
      }
      adminToken = new JsonObject(response.body()).getString("access_token");
    }
    return adminToken;
  }

  /** A bearer token of a user holding only {@code role} (created on first use). */
  String tokenFor(String role) {
    String username = role + "-user";
    String password = "password-of-" + role + "-user";
    HttpResponse<String> created =
        call(
            "POST",
            "/api/v1/users",
            adminToken(),
            new JsonObject()
                .put("username", username)
                .put("password", password)
                .put("roles", new io.vertx.core.json.JsonArray().add(role)));
    if (created.statusCode() != 201 && created.statusCode() != 409) {
      throw new AssertionError("creating user " + username + " failed: " + created.body());
    }
    return token(username, password);
  }

  /** A simulated meter aimed at this node, with extra builder settings (queue mode, executors, bind address). */
  SimulatedMeter meter(
      String id, String model, String identity, String keyHex,
      java.util.function.Consumer<io.meterhub.models.client.SimulatedMeterBuilder> settings) {
    io.meterhub.models.client.SimulatedMeterBuilder builder =
        SimulatedMeter.builder()
            .endpoint(id)
            .profile(ProductProfiles.find(model).orElseThrow())
            .serverUri(coapsUri())
            .psk(identity, keyHex)
            .lifetime(Duration.ofMinutes(5));
    settings.accept(builder);
    return builder.build();
  }

  /** Logs in; the bearer token. */
  String token(String username, String password) {
    HttpResponse<String> response =
        call("POST", "/api/v1/auth/token", null,
            new JsonObject().put("username", username).put("password", password));
    if (response.statusCode() != 200) {
      throw new AssertionError("login of " + username + " failed: " + response.body());
    }
    return new JsonObject(response.body()).getString("access_token");
  }

  /** Creates a user with the given roles through the API, as an admin would. */
  void createUser(String username, String password, String... roles) {
    JsonObject body = new JsonObject().put("username", username).put("password", password)
        .put("roles", new io.vertx.core.json.JsonArray(List.of(roles)));
    HttpResponse<String> response = call("POST", "/api/v1/users", adminToken(), body);
    if (response.statusCode() != 201) {
      throw new AssertionError("creating user " + username + " failed: " + response.body());
    }
  }

  /** The base URL of this node's HTTP server, e.g. http://127.0.0.1:41234. */
  String baseUrl() {
    return base;
  }

  /** GET as admin, expecting 200; the JSON body. */
  JsonObject getJson(String path) {
    HttpResponse<String> response = call("GET", path, adminToken(), null);
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + path + " → " + response.statusCode() + " " + response.body());
    }
    return new JsonObject(response.body());
  }

  /** Provisions a PSK meter through the API, as an operator's tool would. */
  void createMeter(String id, String model, String region, String identity, String keyHex) {
    JsonObject body =
        new JsonObject()
            .put("id", id)
            .put("model", model)
            .put("region", region)
            .put(
                "security",
                new JsonObject().put("mode", "psk").put("identity", identity).put("key", keyHex));
    HttpResponse<String> response = call("POST", "/api/v1/meters", adminToken(), body);
    if (response.statusCode() != 201) {
      throw new AssertionError("creating meter " + id + " failed: " + response.body());
    }
  }

  /** POST as admin with optional extra headers, expecting {@code status}; the JSON body. */
  JsonObject post(String path, JsonObject body, int status, String... headerPairs) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + adminToken())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      request.header(headerPairs[i], headerPairs[i + 1]);
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != status) {
        throw new AssertionError("POST " + path + " → " + response.statusCode() + " " + response.body());
      }
      return new JsonObject(response.body());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("POST " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A simulated meter (real Leshan client over DTLS-PSK) aimed at this node. */
  SimulatedMeter meter(String id, String model, String identity, String keyHex) {
    return meter(id, model, identity, keyHex, builder -> {});
  }

  /** Sends the meter's unacknowledged events; true when the platform accepted them (or there was nothing to send). */
  static boolean eventsSent(SimulatedMeter meter) {
    try {
      return meter.sendEvents().map(response -> response.isSuccess()).orElse(true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Polls until the condition holds; fails with {@code what} after the timeout. */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    await(what, timeout, condition, () -> "");
  }

  /** As {@link #await(String, Duration, BooleanSupplier)}; a timeout's message ends with {@code context}. */
  static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> context) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what + context.get());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what);
      }
    }
  }

  @Override
  public void close() {
    node.close();
  }

  /** The observe attribute {@code name} the server wrote to {@code path} on the meter; null while unset. */
  public static Object observeAttribute(SimulatedMeter meter, String path, String name) {
    var client = meter.leshanClient();
    if (client.getRegisteredServers().isEmpty()) {
      return null;
    }
    LwM2mServer server = client.getRegisteredServers().values().iterator().next();
    LwM2mPath p = new LwM2mPath(path);
    LwM2mAttributeSet set =
        client.getObjectTree().getObjectEnabler(p.getObjectId()).getAttributesFor(server).get(p);
    return set == null ? null : set.getMap().get(name);
  }
}
