package io.meterhub.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.testsupport.ApiFixture;
import io.meterhub.platform.testsupport.ApiFixture.Response;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 2's list of bad API input, each against the documented status (api-v1.md) as RFC 9457 problem+json, on one
 * server that must stay healthy and keep serving good requests afterwards.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BadInputApiTest {

  private static final String KEY = "000102030405060708090a0b0c0d0e0f";
  private static ApiFixture fx;
  private static String admin;
  private static String support;

  @BeforeAll
  static void start() throws Exception {
    fx = new ApiFixture();
    admin = fx.adminToken();
    support = fx.userWithRole("sue.support", "support");
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  private static JsonObject meter(String id) {
    return new JsonObject().put("id", id).put("model", "KPM31").put("region", "north/f1")
        .put("security", new JsonObject().put("mode", "psk").put("identity", id + "-identity").put("key", KEY));
  }

  @Test
  void everyKindOfBadInputGetsItsDocumentedProblemAndTheServerStaysHealthy() {
    Map<String, Integer> expected = new LinkedHashMap<>();
    Map<String, Supplier<Response>> requests = new LinkedHashMap<>();
    add(requests, expected, "malformed JSON", 400,
        () -> fx.call("POST", "/api/v1/meters", admin, "application/json", "{\"id\": \"m-1\", "));
    add(requests, expected, "wrong types", 400,
        () -> fx.send("POST", "/api/v1/meters", admin, meter("m-2").put("region", 42)));
    add(requests, expected, "missing fields", 400,
        () -> fx.send("POST", "/api/v1/meters", admin, new JsonObject().put("id", "m-3")));
    add(requests, expected, "oversized body", 413,
        () -> fx.call("POST", "/api/v1/meters", admin, "application/json",
            meter("m-4").put("padding", "x".repeat(65 * 1024)).encode()));
    add(requests, expected, "unknown meter", 404, () -> fx.get("/api/v1/meters/no-such-meter", admin));
    add(requests, expected, "unknown meter's readings", 404,
        () -> fx.get("/api/v1/meters/no-such-meter/readings", admin));
    add(requests, expected, "no token", 401, () -> fx.send("POST", "/api/v1/meters", null, meter("m-5")));
    add(requests, expected, "invalid token", 401, () -> fx.get("/api/v1/meters", "forged-token"));
    add(requests, expected, "wrong role", 403, () -> fx.send("POST", "/api/v1/meters", support, meter("m-6")));

    for (Map.Entry<String, Supplier<Response>> request : requests.entrySet()) {
      String what = request.getKey();
      Response r = request.getValue().get();
      int status = expected.get(what);

      assertThat(r.status()).as("%s: %s", what, r).isEqualTo(status);
      assertThat(r.header("Content-Type")).as(what).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/problem+json"));
      JsonObject problem = r.json();
      assertThat(problem.getInteger("status")).as(what).isEqualTo(status);
      assertThat(problem.getString("type")).as(what).isNotBlank();
      assertThat(problem.getString("title")).as(what).isNotBlank();
      assertThat(problem.getString("detail")).as(what).isNotBlank();
      assertThat(r.body()).as(what).doesNotContain("Exception").doesNotContain("at io.");
      assertThat(fx.get("/health", null).status()).as("healthy after %s", what).isEqualTo(200);
    }
    assertThat(fx.meters.find("m-1")).isEmpty();
    assertThat(fx.meters.find("m-2")).isEmpty();
    assertThat(fx.meters.find("m-4")).isEmpty();
    assertThat(fx.meters.find("m-5")).isEmpty();
    assertThat(fx.meters.find("m-6")).isEmpty();

    Response good = fx.send("POST", "/api/v1/meters", admin, meter("m-ok"));
    assertThat(good.status()).as("a good request after all that: %s", good).isEqualTo(201);
    assertThat(fx.get("/api/v1/meters/m-ok", admin).status()).isEqualTo(200);
  }

  private static void add(Map<String, Supplier<Response>> requests, Map<String, Integer> expected, String what,
      int status, Supplier<Response> request) {
    requests.put(what, request);
    expected.put(what, status);
  }
}
