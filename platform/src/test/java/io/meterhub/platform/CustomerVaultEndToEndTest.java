package io.meterhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.meterhub.platform.store.Database;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The customer vault through a real node: who sees what, reasons and audit, and the privacy guarantee that planted
 * personal data appears nowhere outside the vault's ciphertext — not in any log line of the run, not in metrics, not
 * in any column of any table of the database.
 */
@Timeout(180)
class CustomerVaultEndToEndTest {

  @TempDir Path dataDir;

  private final String surname = "Plantx" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private final String name = "Ada " + surname;
  private final String digits = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L));
  private final String phone = "+44 " + digits;
  private final String email = surname.toLowerCase(Locale.ROOT) + "@example.org";
  private final String street = "Zz" + UUID.randomUUID().toString().substring(0, 8) + " Street";
  private final String newDigits = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L));

  private List<String> planted() {
    return List.of(surname, digits, email, street, newDigits);
  }

  @Test
  void personalDataIsShownOnlyToAuthorisedReadersWithAReasonAndLeaksNowhere() throws Exception {
    ListAppender<ILoggingEvent> logs = captureLogs();
    String ref;
    String id;
    try (PlatformFixture fx = PlatformFixture.start(dataDir, "vault-" + UUID.randomUUID(), 1, List.of())) {
      String admin = fx.adminToken();
      String support = fx.tokenFor("support");
      String operator = fx.tokenFor("operator");
      String payments = fx.tokenFor("payments");
      String auditor = fx.tokenFor("auditor");
      fx.createMeter("urn:imei:861234567000001", "KPM31", "north/f1", "861234567000001", "ab".repeat(16));

      HttpResponse<String> created = fx.call("POST", "/api/v1/customers", support, new JsonObject()
          .put("name", name).put("address", street + " 1, Springfield").put("phone", phone).put("email", email)
          .put("protectedReasons", new JsonArray().add("medical")));
      assertThat(created.statusCode()).isEqualTo(201);
      assertNoPlanted(created.body(), "create response");
      id = new JsonObject(created.body()).getString("id");
      ref = new JsonObject(created.body()).getString("ref");
      assertThat(ref).startsWith("cref-");
      String path = "/api/v1/customers/" + id;

      // Readers of personal data must say why.
      assertThat(fx.call("GET", path, support, null).statusCode()).isEqualTo(400);
      assertThat(fx.call("GET", "/api/v1/customers", admin, null).statusCode()).isEqualTo(400);
      HttpResponse<String> read = fx.call("GET", path + "?reason=" + enc("call about a disconnection"), support, null);
      assertThat(read.statusCode()).isEqualTo(200);
      JsonObject full = new JsonObject(read.body());
      assertThat(full.getString("name")).isEqualTo(name);
      assertThat(full.getString("phone")).isEqualTo(phone);
      assertThat(full.getJsonArray("protectedReasons")).containsExactly("medical");

      // Operators see the pseudonym, the protection flag and meters; payments and auditors nothing.
      assertThat(fx.call("PUT", path + "/meters/urn:imei:861234567000001", operator, new JsonObject()).statusCode())
          .isEqualTo(200);
      assertThat(fx.call("PUT", path + "/meters/urn:imei:999", operator, new JsonObject()).statusCode())
          .isEqualTo(404);
      HttpResponse<String> pseudonymous = fx.call("GET", "/api/v1/customers/" + ref, operator, null);
      assertThat(pseudonymous.statusCode()).isEqualTo(200);
      JsonObject opView = new JsonObject(pseudonymous.body());
      assertThat(opView.fieldNames()).containsExactlyInAnyOrder("ref", "protected", "meters", "createdAt",
          "updatedAt");
      assertThat(opView.getBoolean("protected")).isTrue();
      assertThat(opView.getJsonArray("meters")).containsExactly("urn:imei:861234567000001");
      HttpResponse<String> opList = fx.call("GET", "/api/v1/customers", operator, null);
      assertThat(opList.statusCode()).isEqualTo(200);
      assertThat(opList.body()).contains(ref).doesNotContain(id);
      assertNoPlanted(opList.body(), "operator list");
      for (String token : List.of(payments, auditor)) {
        assertThat(fx.call("GET", path + "?reason=x", token, null).statusCode()).isEqualTo(403);
        assertThat(fx.call("GET", "/api/v1/customers?reason=x", token, null).statusCode()).isEqualTo(403);
        assertThat(fx.call("PATCH", path, token, new JsonObject().put("phone", "+1 555")).statusCode())
            .isEqualTo(403);
      }
      assertThat(fx.call("POST", "/api/v1/customers", operator, new JsonObject().put("name", "X")).statusCode())
          .isEqualTo(403);

      // Invalid input is refused without echoing it; a valid change is stored.
      HttpResponse<String> invalid = fx.call("PATCH", path, support, new JsonObject().put("email", surname));
      assertThat(invalid.statusCode()).isEqualTo(400);
      assertNoPlanted(invalid.body(), "validation problem");
      HttpResponse<String> patched = fx.call("PATCH", path, support, new JsonObject().put("phone", "+44 " + newDigits));
      assertThat(patched.statusCode()).isEqualTo(200);
      assertNoPlanted(patched.body(), "patch response");

      // Key rotation: admin only, and everything still reads afterwards.
      assertThat(fx.call("POST", "/api/v1/customers/key-rotation", operator, new JsonObject()).statusCode())
          .isEqualTo(403);
      HttpResponse<String> rotated = fx.call("POST", "/api/v1/customers/key-rotation", admin, new JsonObject());
      assertThat(rotated.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(rotated.body()).getInteger("customersReencrypted")).isEqualTo(1);
      HttpResponse<String> list = fx.call("GET", "/api/v1/customers?reason=" + enc("annual data review"), admin, null);
      assertThat(new JsonObject(list.body()).getJsonArray("items").getJsonObject(0).getString("phone"))
          .isEqualTo("+44 " + newDigits);

      // The audit log says who read which customer and why, and holds no personal value.
      JsonArray reads = fx.getJson("/api/v1/audit?action=customer.read").getJsonArray("items");
      assertThat(reads).hasSize(1);
      assertThat(reads.getJsonObject(0).getString("actor")).isEqualTo("support-user");
      assertThat(reads.getJsonObject(0).getString("target")).isEqualTo(id);
      assertThat(reads.getJsonObject(0).getString("details")).contains("call about a disconnection");
      JsonObject audit = fx.getJson("/api/v1/audit?limit=1000");
      assertThat(audit.encode()).contains("customer.create", "customer.update", "customer.meter.link",
          "customer.list", "customer.key-rotation");
      assertNoPlanted(audit.encode(), "audit log");
      assertThat(fx.getJson("/api/v1/audit/verify").getBoolean("valid")).isTrue();
      HttpResponse<String> metrics = fx.call("GET", "/metrics", null, null);
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertNoPlanted(metrics.body(), "metrics");
    } finally {
      releaseLogs(logs);
    }

    StringBuilder logText = new StringBuilder();
    for (ILoggingEvent event : logs.list) {
      logText.append(event.getFormattedMessage()).append('\n');
      if (event.getThrowableProxy() != null) {
        logText.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
      }
    }
    assertThat(logText).as("captured log is live").contains(dataDir.resolve("vault.key").toAbsolutePath().toString());
    assertNoPlanted(logText.toString(), "log output");

    String everything = dumpEveryColumn();
    assertThat(everything).as("the scan reads the vault tables").contains(ref).contains(id);
    assertNoPlanted(everything, "database");
  }

  /** Every value of every column of every table (INFORMATION_SCHEMA), as text. */
  private String dumpEveryColumn() throws Exception {
    StringBuilder out = new StringBuilder();
    try (Database db = Database.embedded(dataDir); Connection c = db.dataSource().getConnection()) {
      List<String[]> columns = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT c.TABLE_NAME, c.COLUMN_NAME FROM"
          + " INFORMATION_SCHEMA.COLUMNS c JOIN INFORMATION_SCHEMA.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA"
          + " AND t.TABLE_NAME = c.TABLE_NAME WHERE c.TABLE_SCHEMA = 'PUBLIC' AND t.TABLE_TYPE = 'BASE TABLE'");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
      assertThat(columns).extracting(col -> col[0].toLowerCase(Locale.ROOT)).contains("customers", "readings", "audit_log", "events",
          "meter_consents", "daily_readings");
      for (String[] col : columns) {
        try (PreparedStatement ps = c.prepareStatement("SELECT CAST(\"" + col[1] + "\" AS VARCHAR) FROM \""
            + col[0] + "\"");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.append(col[0]).append('.').append(col[1]).append('=').append(rs.getString(1)).append('\n');
          }
        }
      }
    }
    return out.toString();
  }

  private void assertNoPlanted(String text, String where) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (String value : planted()) {
      assertThat(lower).as("%s must not contain planted personal data", where)
          .doesNotContain(value.toLowerCase(Locale.ROOT));
    }
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static ListAppender<ILoggingEvent> captureLogs() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.setContext(context);
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    root.setLevel(Level.INFO);
    context.getLogger("io.meterhub").setLevel(Level.TRACE);
    return appender;
  }

  private static void releaseLogs(ListAppender<ILoggingEvent> appender) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(appender);
    root.setLevel(Level.WARN);
    context.getLogger("io.meterhub").setLevel(Level.INFO);
    appender.stop();
  }
}
