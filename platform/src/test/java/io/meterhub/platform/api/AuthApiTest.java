package io.meterhub.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.testsupport.ApiFixture;
import io.meterhub.platform.testsupport.ApiFixture.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AuthApiTest {

  static ApiFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new ApiFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  private static Response login(String username, String password) {
    return fx.send("POST", "/api/v1/auth/token", null,
        new JsonObject().put("username", username).put("password", password));
  }

  @Test
  void bootstrappedAdminGetsABearerToken() {
    Response r = login("admin", ApiFixture.ADMIN_PASSWORD);

    assertThat(r.status()).isEqualTo(200);
    JsonObject body = r.json();
    assertThat(body.getString("token_type")).isEqualTo("Bearer");
    assertThat(body.getLong("expires_in")).isEqualTo(3600L);
    assertThat(body.getString("access_token")).matches("[A-Za-z0-9_-]{43}");
    assertThat(r.header("Cache-Control")).contains("no-store");
    assertThat(r.header("X-Content-Type-Options")).contains("nosniff");
    assertThat(fx.get("/api/v1/meters", body.getString("access_token")).status()).isEqualTo(200);
  }

  @Test
  void unknownUserAndWrongPasswordGetTheSameAnswer() {
    Response wrongPassword = login("admin", "not-the-password");
    Response unknownUser = login("nobody-here", "not-the-password");

    assertThat(wrongPassword.status()).isEqualTo(401);
    assertThat(unknownUser.status()).isEqualTo(401);
    assertThat(unknownUser.body()).isEqualTo(wrongPassword.body());
    assertThat(unknownUser.header("Content-Type")).contains("application/problem+json");
    assertThat(unknownUser.header("WWW-Authenticate")).contains("Bearer");
    assertThat(wrongPassword.json().getString("detail")).isEqualTo("Invalid username or password");
  }

  @Test
  void repeatedFailuresForOneNameAreRateLimited() {
    for (int i = 0; i < 10; i++) {
      assertThat(login("victim-name", "wrong-" + i).status()).isEqualTo(401);
    }
    Response limited = login("victim-name", "wrong-again");

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
    assertThat(limited.json().getInteger("status")).isEqualTo(429);
  }

  @Test
  void missingMalformedAndUnknownTokensAreRejected() {
    Response none = fx.get("/api/v1/meters", null);
    Response bad = fx.get("/api/v1/meters", "not-a-real-token");
    Response basic = fx.call("GET", "/api/v1/meters", null, null, null);

    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("WWW-Authenticate")).contains("Bearer");
    assertThat(none.json().getString("title")).isEqualTo("Unauthorized");
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.header("WWW-Authenticate")).contains("Bearer");
    assertThat(basic.status()).isEqualTo(401);
  }

  @Test
  void adminCreatesUsersWhoCanLogIn() {
    String admin = fx.adminToken();
    Response created = fx.send("POST", "/api/v1/users", admin, new JsonObject().put("username", "olga.operator")
        .put("password", "correct horse battery").put("roles", new JsonArray().add("operator")));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().getString("username")).isEqualTo("olga.operator");
    assertThat(created.json().getJsonArray("roles").getList()).containsExactly("operator");
    assertThat(created.body()).doesNotContain("correct horse").doesNotContain("password");
    assertThat(login("olga.operator", "correct horse battery").status()).isEqualTo(200);
    assertThat(fx.users.find("olga.operator").orElseThrow().passwordHash()).startsWith("$2");
    Response list = fx.get("/api/v1/users", admin);
    assertThat(list.json().getJsonArray("items").stream().map(u -> ((JsonObject) u).getString("username")))
        .contains("admin", "olga.operator");
    assertThat(fx.auditEntries()).anySatisfy(e -> {
      assertThat(e.action()).isEqualTo("user.create");
      assertThat(e.actor()).isEqualTo("admin");
      assertThat(e.target()).isEqualTo("olga.operator");
      assertThat(e.details()).doesNotContain("correct horse");
    });
  }

  @Test
  void duplicateUserIsAConflict() {
    String admin = fx.adminToken();
    JsonObject user = new JsonObject().put("username", "dup.user").put("password", "long enough password")
        .put("roles", new JsonArray().add("auditor"));

    assertThat(fx.send("POST", "/api/v1/users", admin, user).status()).isEqualTo(201);
    Response again = fx.send("POST", "/api/v1/users", admin, user);

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.header("Content-Type")).contains("application/problem+json");
  }

  @Test
  void weakPasswordBadNameAndUnknownRoleAreFieldErrors() {
    Response r = fx.send("POST", "/api/v1/users", fx.adminToken(), new JsonObject().put("username", "Bad Name")
        .put("password", "short").put("roles", new JsonArray().add("superuser")));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .containsExactlyInAnyOrder("username", "password", "roles");
    assertThat(r.body()).doesNotContain("short\"");
  }

  @Test
  void onlyAdminsManageUsers() {
    String operator = fx.userWithRole("op.no.users", "operator");
    JsonObject user = new JsonObject().put("username", "sneaky").put("password", "long enough password")
        .put("roles", new JsonArray().add("admin"));

    assertThat(fx.send("POST", "/api/v1/users", operator, user).status()).isEqualTo(403);
    assertThat(fx.get("/api/v1/users", operator).status()).isEqualTo(403);
    assertThat(fx.users.find("sneaky")).isEmpty();
  }
}
