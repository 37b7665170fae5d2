package io.meterhub.loadtest;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** A small, blocking client of the meterhub REST API v1 (api-v1.md) as the load generator needs it. Thread-safe. */
public final class PlatformApi {

  private final URI base;
  private final String adminPassword;
  private final HttpClient http;
  private volatile String token;

  /** What the platform answered. */
  public record Reply(int status, String body, HttpHeaders headers) {
    public JsonObject json() {
      return body == null || body.isBlank() ? new JsonObject() : new JsonObject(body);
    }

    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /** @param base e.g. {@code http://127.0.0.1:8080} */
  public PlatformApi(URI base, String adminPassword) {
    this.base = Objects.requireNonNull(base, "base");
    this.adminPassword = Objects.requireNonNull(adminPassword, "adminPassword");
    this.http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
  }

  public URI base() {
    return base;
  }

  /** Calls an authenticated route as admin (logging in, and again once if the token expired). */
  public Reply call(String method, String path, JsonObject body, Map<String, String> headers) {
    if (token == null) {
      login();
    }
    Reply reply = send(method, path, body, headers, token);
    if (reply.status() == 401) {
      login();
      reply = send(method, path, body, headers, token);
    }
    return reply;
  }

  public Reply get(String path) {
    return call("GET", path, null, Map.of());
  }

  public Reply post(String path, JsonObject body) {
    return call("POST", path, body, Map.of());
  }

  /** {@code GET /metrics} (no authentication). */
  public String metrics() {
    Reply reply = send("GET", "/metrics", null, Map.of(), null);
    if (reply.status() != 200) {
      throw new IllegalStateException("/metrics answered " + reply.status());
    }
    return reply.body();
  }

  /** Creates a PSK meter; the status is 201 (created) or 409 (exists: fine on a rerun). */
  public Reply createMeter(MeterIdentity meter) {
    JsonObject body =
        new JsonObject()
            .put("id", meter.id())
            .put("model", meter.model())
            .put("region", meter.region())
            .put(
                "security",
                new JsonObject().put("mode", "psk").put("identity", meter.pskIdentity()).put("key", meter.pskKeyHex()));
    return post("/api/v1/meters", body);
  }

  /** Readings of a meter from {@code from} on (ISO instant), oldest first. */
  public Reply readings(String meterId, String fromIso, int limit) {
    return get("/api/v1/meters/" + enc(meterId) + "/readings?from=" + enc(fromIso) + "&limit=" + limit);
  }

  public static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private synchronized void login() {
    Reply reply =
        send(
            "POST",
            "/api/v1/auth/token",
            new JsonObject().put("username", "admin").put("password", adminPassword),
            Map.of(),
            null);
    if (reply.status() != 200) {
      throw new IllegalStateException("admin login at " + base + " answered " + reply.status());
    }
    token = reply.json().getString("access_token");
  }

  private Reply send(String method, String path, JsonObject body, Map<String, String> headers, String bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    request.method(
        method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + method + " " + path, e);
    }
  }
}
