package io.meterhub.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.testsupport.ApiFixture;
import io.meterhub.platform.testsupport.ApiFixture.Response;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OpsApiTest {

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
  void openApiIsServedWithoutAuthAndDescribesEveryRoute() {
    Response r = fx.get("/api/v1/openapi.json", null);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonObject doc = r.json();
    assertThat(doc.getString("openapi")).startsWith("3.1");
    JsonObject paths = doc.getJsonObject("paths");
    List<String> served = new ArrayList<>();
    for (Route route : fx.api.router().getRoutes()) {
      if (route.getPath() == null || route.methods() == null || route.methods().isEmpty()) {
        continue; // catch-all handlers (metrics, headers, body, failures), not endpoints
      }
      String path = route.getPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}");
      for (HttpMethod method : route.methods()) {
        served.add(method.name() + " " + path);
        assertThat(paths.getJsonObject(path)).as("OpenAPI path %s", path).isNotNull();
        JsonObject operation = paths.getJsonObject(path).getJsonObject(method.name().toLowerCase(Locale.ROOT));
        assertThat(operation).as("OpenAPI operation %s %s", method, path).isNotNull();
        assertThat(operation.getJsonObject("responses")).isNotNull();
      }
    }
    assertThat(served).contains("POST /api/v1/auth/token", "GET /api/v1/meters/{id}", "GET /health", "GET /metrics",
        "GET /api/v1/audit/verify", "GET /api/v1/meters/{id}/readings", "POST /api/v1/users");
    long documented = paths.fieldNames().stream().mapToLong(p -> paths.getJsonObject(p).fieldNames().stream()
        .filter(m -> !m.equals("parameters")).count()).sum();
    assertThat(documented).as("documented operations that are not served").isEqualTo(served.size());
  }

  @Test
  void healthIsUpAndTurnsDownWhenACheckFails() {
    Response up = fx.get("/health", null);
    assertThat(up.status()).isEqualTo(200);
    assertThat(up.json().getString("status")).isEqualTo("UP");
    assertThat(up.json().getJsonObject("checks").getJsonObject("database").getString("status")).isEqualTo("UP");
    assertThat(up.json().getJsonObject("checks").getJsonObject("hazelcast").getString("status")).isEqualTo("UP");

    fx.databaseUp.set(false);
    try {
      Response down = fx.get("/health", null);
      assertThat(down.status()).isEqualTo(503);
      assertThat(down.json().getString("status")).isEqualTo("DOWN");
      assertThat(down.json().getJsonObject("checks").getJsonObject("database").getString("status"))
          .isEqualTo("DOWN");
      assertThat(down.body()).doesNotContain("switched off");
    } finally {
      fx.databaseUp.set(true);
    }
    assertThat(fx.get("/health", null).status()).isEqualTo(200);
  }

  @Test
  void metricsExposeHttpRequestsPerRoute() {
    String token = fx.adminToken();
    fx.get("/api/v1/meters", token);
    fx.get("/no/such/path/1", null);

    Response metrics = fx.get("/metrics", null);

    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    assertThat(metrics.body())
        .contains("meterhub_http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/meters\",status=\"200\"}")
        .contains("route=\"/api/v1/auth/token\",status=\"200\"")
        .contains("route=\"unmatched\",status=\"404\"")
        .doesNotContain("/no/such/path");
  }
}
