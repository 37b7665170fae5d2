package io.meterhub.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.testsupport.ApiFixture;
import io.meterhub.platform.testsupport.ApiFixture.Response;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Function-level authorisation: every protected route group against every role. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RoleApiTest {

  static ApiFixture fx;
  static final Map<String, String> tokens = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    fx = new ApiFixture();
    tokens.put("admin", fx.adminToken());
    for (String role : List.of("operator", "payments", "auditor", "support")) {
      tokens.put(role, fx.userWithRole("r-" + role, role));
    }
    assertThat(fx.send("POST", "/api/v1/meters", tokens.get("admin"), meter("role-meter")).status()).isEqualTo(201);
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  static JsonObject meter(String id) {
    return new JsonObject().put("id", id).put("model", "KPM37").put("region", "roles/a").put("security",
        new JsonObject().put("mode", "psk").put("identity", id + "-psk").put("key", "00".repeat(16)));
  }

  /** Each probe returns a status; 403 means "not allowed", anything else means the role got through. */
  static final Map<String, Function<String, Response>> PROBES = new LinkedHashMap<>();

  static {
    PROBES.put("users.list", t -> fx.get("/api/v1/users", t));
    PROBES.put("users.create", t -> fx.send("POST", "/api/v1/users", t, new JsonObject().put("username", "x")));
    PROBES.put("meters.list", t -> fx.get("/api/v1/meters", t));
    PROBES.put("meters.get", t -> fx.get("/api/v1/meters/role-meter", t));
    PROBES.put("meters.create", t -> fx.send("POST", "/api/v1/meters", t, new JsonObject()));
    PROBES.put("meters.patch", t -> fx.send("PATCH", "/api/v1/meters/role-meter", t, new JsonObject()));
    PROBES.put("meters.delete", t -> fx.call("DELETE", "/api/v1/meters/no-such-meter", t, null, null));
    PROBES.put("readings.list", t -> fx.get("/api/v1/meters/role-meter/readings", t));
    PROBES.put("audit.list", t -> fx.get("/api/v1/audit", t));
    PROBES.put("audit.verify", t -> fx.get("/api/v1/audit/verify", t));
  }

  static final Map<String, List<String>> ALLOWED = Map.of(
      "admin", List.copyOf(PROBES.keySet()),
      "operator", List.of("meters.list", "meters.get", "meters.create", "meters.patch", "meters.delete",
          "readings.list"),
      "auditor", List.of("meters.list", "meters.get", "readings.list", "audit.list", "audit.verify"),
      "support", List.of("meters.list", "meters.get"),
      "payments", List.of());

  @Test
  void eachRoleReachesExactlyItsRoutes() {
    for (Map.Entry<String, String> role : tokens.entrySet()) {
      for (Map.Entry<String, Function<String, Response>> probe : PROBES.entrySet()) {
        Response r = probe.getValue().apply(role.getValue());
        boolean allowed = ALLOWED.get(role.getKey()).contains(probe.getKey());
        if (allowed) {
          assertThat(r.status()).as("%s on %s: %s", role.getKey(), probe.getKey(), r).isNotIn(401, 403);
        } else {
          assertThat(r.status()).as("%s on %s: %s", role.getKey(), probe.getKey(), r).isEqualTo(403);
          assertThat(r.header("Content-Type")).contains("application/problem+json");
        }
      }
    }
  }

  @Test
  void forbiddenWritesChangeNothing() {
    Response r = fx.send("POST", "/api/v1/meters", tokens.get("support"), meter("support-made"));

    assertThat(r.status()).isEqualTo(403);
    assertThat(fx.meters.find("support-made")).isEmpty();
    assertThat(fx.call("DELETE", "/api/v1/meters/role-meter", tokens.get("auditor"), null, null).status())
        .isEqualTo(403);
    assertThat(fx.meters.find("role-meter")).isPresent();
  }

  @Test
  void everyRoleWithoutTokenGets401() {
    for (Function<String, Response> probe : PROBES.values()) {
      assertThat(probe.apply(null).status()).isEqualTo(401);
    }
  }

  @Test
  void operatorCanProvision() {
    Response r = fx.send("POST", "/api/v1/meters", tokens.get("operator"), meter("op-made"));

    assertThat(r.status()).isEqualTo(201);
    assertThat(fx.auditEntries()).anySatisfy(e -> {
      assertThat(e.action()).isEqualTo("meter.create");
      assertThat(e.actor()).isEqualTo("r-operator");
      assertThat(e.target()).isEqualTo("op-made");
    });
  }
}
