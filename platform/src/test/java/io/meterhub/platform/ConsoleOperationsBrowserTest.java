package io.meterhub.platform;

import static io.meterhub.platform.PlatformFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.meterhub.models.EventCode;
import io.meterhub.models.client.SimulatedMeter;
import io.meterhub.platform.console.HeadlessChromium;
import io.meterhub.platform.console.PageChecks;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's operational panels against the real APIs: relay commands executed by a real meter over DTLS, a
 * prepayment top-up, a tamper alarm raised by the meter and acknowledged, and live updates through the real event
 * stream. Every test also asserts that the browser logged no error.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleOperationsBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ONLINE = "urn:imei:861234567897001";
  private static final String PREPAID = "urn:imei:861234567897002";
  private static final String KEY = "66".repeat(16);

  @TempDir static Path dataDir;
  private static PlatformFixture platform;
  private static HeadlessChromium chromium;
  private static SimulatedMeter meter;
  private static String accountId;

  private final List<String> browserErrors = HeadlessChromium.errorLog();
  private final List<Request> streamRequests = new CopyOnWriteArrayList<>();
  private Page page;

  @BeforeAll
  static void start() throws Exception {
    chromium = HeadlessChromium.launchForTest();
    PlaywrightAssertions.setDefaultAssertionTimeout(WAIT.toMillis());
    // Two meters of one region group losing supply make an outage (the smallest threshold the config allows).
    platform = PlatformFixture.start(dataDir, "console-ops-" + UUID.randomUUID(), 1, List.of(),
        io.meterhub.platform.command.CommandSettings.defaults(), java.util.Map.of("METERHUB_OUTAGE_METERS", "2"));
    platform.createUser("audrey", "auditor-password-1", "auditor");
    platform.createUser("paula", "payments-password-1", "payments");
    platform.createUser("otto", "operator-password-1", "operator");
    platform.createMeter(ONLINE, "KPM31", "north/feeder-07", "861234567897001", KEY);
    // The account is on a meter that stays offline: no consumption charges move its balance during the test.
    platform.createMeter(PREPAID, "KPM31", "north/feeder-08", "861234567897002", "77".repeat(16));
    platform.post("/api/v1/tariffs", new JsonObject().put("id", "flat-console").put("currency", "CNY")
        .put("type", "flat").put("pricePerKwh", "0.5800"), 201);
    accountId = platform.post("/api/v1/accounts", new JsonObject().put("meterId", PREPAID)
        .put("tariffId", "flat-console").put("currency", "CNY").put("policy", new JsonObject()
            .put("lowCreditThreshold", 1000).put("emergencyCredit", 0).put("reconnectThreshold", 0)
            .put("friendlyPeriods", new JsonArray())), 201).getString("id");
    meter = platform.meter(ONLINE, "KPM31", "861234567897001", KEY);
    meter.singlePhaseMeter().setEnergyWh(42_000);
    meter.start();
    assertThat(meter.awaitRegistered(WAIT)).as("simulated meter registered over DTLS").isTrue();
    await("the meter is online", WAIT, () -> platform.getJson("/api/v1/meters/" + encode(ONLINE))
        .getBoolean("online"));
  }

  @AfterAll
  static void stop() {
    if (meter != null) {
      meter.close();
    }
    if (chromium != null) {
      chromium.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  @BeforeEach
  void openBrowser() {
    page = chromium.newPage(1280, 900, browserErrors);
    page.onRequest(request -> {
      if (request.url().contains("/api/v1/stream")) {
        streamRequests.add(request);
      }
    });
  }

  @AfterEach
  void browserLoggedNoError() {
    assertThat(HeadlessChromium.closeAndCollect(page, browserErrors)).as("errors in the browser console").isEmpty();
  }

  @Test
  @Order(1)
  void overviewAlarmCountMatchesTheApiAndATamperAlarmArrivesThroughTheStream() {
    login("admin", PlatformFixture.ADMIN_PASSWORD);
    PlaywrightAssertions.assertThat(stat("alarms")).hasText(String.valueOf(openAlarms().size()));
    page.waitForFunction("() => performance.getEntriesByName('meterhub:stream-connected').length > 0");
    Request stream = streamRequests.get(0);
    assertThat(stream.url()).as("no token or ticket in the URL").endsWith("/api/v1/stream");
    assertThat(stream.headers().get("authorization")).startsWith("Bearer ");
    page.evaluate("() => { window.__sameDocument = true; }");

    meter.events().raise(EventCode.METER_COVER_OPENED, null, null);
    await("the meter's events are accepted", WAIT, () -> PlatformFixture.eventsSent(meter));
    await("the tamper alarm is open", WAIT, () -> openAlarms().size() == 1);

    PlaywrightAssertions.assertThat(stat("alarms")).hasText(String.valueOf(openAlarms().size()));
    page.waitForFunction("() => performance.getEntriesByName('meterhub:stream:alarm').length > 0");
    assertThat(page.evaluate("() => window.__sameDocument === true")).as("updated without a reload").isEqualTo(true);
  }

  @Test
  @Order(2)
  void rolesSeeOnlyTheControlsTheyMayUse() {
    login("audrey", "auditor-password-1");
    page.navigate(platform.baseUrl() + "/console/#/meters/" + encode(PREPAID));
    PlaywrightAssertions.assertThat(page.locator("#commands-title")).isVisible();
    PlaywrightAssertions.assertThat(page.locator("dd[data-value=balance]")).hasText("0.00 CNY");
    assertThat(page.locator("#relay-open, #relay-close, #top-up").count()).isZero();
    page.navigate(platform.baseUrl() + "/console/#/alarms");
    PlaywrightAssertions.assertThat(page.locator("tbody tr")).hasCount(1);
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Acknowledge")).count()).isZero();
    logout();

    login("otto", "operator-password-1");
    page.navigate(platform.baseUrl() + "/console/#/meters/" + encode(PREPAID));
    PlaywrightAssertions.assertThat(page.locator("#relay-open")).isVisible();
    PlaywrightAssertions.assertThat(page.locator("dd[data-value=balance]")).hasText("0.00 CNY");
    assertThat(page.locator("#top-up").count()).as("operators may not top up").isZero();
    String operator = platform.token("otto", "operator-password-1");
    assertThat(platform.call("POST", "/api/v1/accounts/" + accountId + "/topups", operator,
        new JsonObject().put("amount", 100).put("currency", "CNY"), java.util.Map.of("Idempotency-Key", "o-1"))
        .statusCode()).isEqualTo(403);
    logout();

    login("paula", "payments-password-1");
    assertThat(page.locator("#nav a").allTextContents()).containsExactly("Accounts");
    page.getByLabel("Meter id").fill(PREPAID);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Find account")).click();
    PlaywrightAssertions.assertThat(page.locator("dd[data-value=balance]")).hasText("0.00 CNY");
    PlaywrightAssertions.assertThat(page.locator("#top-up")).isVisible();
    String payments = platform.token("paula", "payments-password-1");
    assertThat(platform.call("GET", "/api/v1/accounts/" + accountId + "/ledger", payments, null).statusCode())
        .as("payments may not read the ledger, and the console does not ask").isEqualTo(403);
  }

  @Test
  @Order(3)
  void operatorAcknowledgesTheAlarmWithANote() {
    login("admin", PlatformFixture.ADMIN_PASSWORD);
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Alarms")).click();
    Locator row = page.locator("tbody tr").filter(new Locator.FilterOptions().setHasText(ONLINE));
    PlaywrightAssertions.assertThat(row).containsText("tamper");
    row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Acknowledge")).click();
    Locator dialog = page.locator("dialog[open]");
    dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Acknowledge")).click();
    PlaywrightAssertions.assertThat(dialog.locator(".form-error")).containsText("is required");
    dialog.getByLabel("Note").fill("crew dispatched, ticket 77");
    dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Acknowledge")).click();
    PlaywrightAssertions.assertThat(page.locator("dialog[open]")).hasCount(0);
    PlaywrightAssertions.assertThat(page.locator("#toast")).containsText("acknowledged");

    page.getByLabel("State").selectOption("acknowledged");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
    PlaywrightAssertions.assertThat(page.locator("td[data-state=acknowledged]"))
        .hasText("acknowledged by admin: crew dispatched, ticket 77");
    JsonObject alarm = platform.getJson("/api/v1/alarms?state=acknowledged").getJsonArray("items").getJsonObject(0);
    assertThat(alarm.getString("meterId")).isEqualTo(ONLINE);
    assertThat(alarm.getString("note")).isEqualTo("crew dispatched, ticket 77");
    assertThat(alarm.getString("acknowledgedBy")).isEqualTo("admin");
    screenshot("alarms");
  }

  @Test
  @Order(4)
  void relayIsTrippedWithAReasonConfirmedByTheMeterAndReconnected() {
    login("admin", PlatformFixture.ADMIN_PASSWORD);
    page.navigate(platform.baseUrl() + "/console/#/meters/" + encode(ONLINE));
    Locator relay = page.locator("dd[data-value=relay]");
    PlaywrightAssertions.assertThat(relay).hasText("Closed (supply on)");
    PlaywrightAssertions.assertThat(page.locator("#events-title")).isVisible();
    PlaywrightAssertions.assertThat(page.locator("section[aria-labelledby=events-title]"))
        .containsText("meter_cover_opened");

    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Disconnect supply")).click();
    Locator dialog = page.locator("dialog[open]");
    dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Disconnect")).click();
    PlaywrightAssertions.assertThat(dialog.locator(".form-error")).containsText("is required");
    PlaywrightAssertions.assertThat(dialog).isVisible();
    assertThat(commands()).as("nothing sent without a reason").isEmpty();
    dialog.getByLabel("Reason (recorded in the audit log)").fill("unpaid bill, ticket 42");
    dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Disconnect")).click();
    PlaywrightAssertions.assertThat(page.locator("dialog[open]")).hasCount(0);

    Locator history = page.locator("section[aria-labelledby=commands-title] tbody tr");
    PlaywrightAssertions.assertThat(history).hasCount(1);
    PlaywrightAssertions.assertThat(history.first()).containsText("confirmed");
    PlaywrightAssertions.assertThat(history.first()).containsText("unpaid bill, ticket 42");
    PlaywrightAssertions.assertThat(relay).hasText("Open (supply off)");
    assertThat(meter.powerControl().isOn()).as("relay open at the meter").isFalse();
    JsonObject trip = commands().getJsonObject(0);
    assertThat(trip.getString("status")).isEqualTo("confirmed");
    assertThat(trip.getString("target")).isEqualTo("open");
    assertThat(trip.getString("actor")).isEqualTo("admin");
    screenshot("meter-relay");

    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reconnect supply")).click();
    dialog.getByLabel("Reason (recorded in the audit log)").fill("paid, ticket 42");
    dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Reconnect")).click();
    PlaywrightAssertions.assertThat(history).hasCount(2);
    PlaywrightAssertions.assertThat(history.first()).containsText("confirmed");
    PlaywrightAssertions.assertThat(relay).hasText("Closed (supply on)");
    assertThat(meter.powerControl().isOn()).as("relay closed again").isTrue();
    assertThat(commands().getJsonObject(0).getString("status")).isEqualTo("confirmed");
  }

  @Test
  @Order(5)
  void accountIsToppedUpFromTheMeterPageAndBalanceAndLedgerFollow() {
    login("admin", PlatformFixture.ADMIN_PASSWORD);
    page.navigate(platform.baseUrl() + "/console/#/meters/" + encode(PREPAID));
    Locator balance = page.locator("dd[data-value=balance]");
    PlaywrightAssertions.assertThat(balance).hasText("0.00 CNY");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Top up")).click();
    Locator dialog = page.locator("dialog[open]");
    dialog.getByLabel("Amount (CNY)").fill("50.5");
    dialog.getByLabel("Payment reference").fill("pay-console-1");
    dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Top up")).click();
    PlaywrightAssertions.assertThat(page.locator("dialog[open]")).hasCount(0);
    PlaywrightAssertions.assertThat(page.locator("#toast")).containsText("receipt");

    PlaywrightAssertions.assertThat(balance).hasText("50.50 CNY");
    Locator ledger = page.locator("section[aria-labelledby=account-title] tbody tr");
    PlaywrightAssertions.assertThat(ledger).hasCount(1);
    PlaywrightAssertions.assertThat(ledger.first()).containsText("pay-console-1");
    PlaywrightAssertions.assertThat(ledger.first()).containsText("50.50 CNY");
    assertThat(platform.getJson("/api/v1/accounts/" + accountId).getLong("balance")).isEqualTo(5050);
    JsonArray entries = platform.getJson("/api/v1/accounts/" + accountId + "/ledger").getJsonArray("items");
    assertThat(entries).hasSize(1);
    assertThat(entries.getJsonObject(0).getString("reference")).isEqualTo("pay-console-1");
    screenshot("meter-account");
  }

  @Test
  @Order(6)
  void overviewShowsCreditCountsAndAnOutageOfTwoMetersAsTheApiDoesAndTheListFiltersByCreditState()
      throws Exception {
    String low = "urn:imei:861234567897003";
    platform.createMeter(low, "KPM31", "north/feeder-08", "861234567897003", "88".repeat(16));
    String lowAccount = platform.post("/api/v1/accounts", new JsonObject().put("meterId", low)
        .put("tariffId", "flat-console").put("currency", "CNY").put("policy", new JsonObject()
            .put("lowCreditThreshold", 1000).put("emergencyCredit", 0).put("reconnectThreshold", 0)
            .put("friendlyPeriods", new JsonArray())), 201).getString("id");
    String admin = platform.token("admin", PlatformFixture.ADMIN_PASSWORD);
    assertThat(platform.call("POST", "/api/v1/accounts/" + lowAccount + "/topups", admin,
        new JsonObject().put("amount", 500).put("currency", "CNY").put("reference", "pay-low-1"),
        java.util.Map.of("Idempotency-Key", "console-low-1")).statusCode()).isEqualTo(201);
    assertThat(platform.getJson("/api/v1/accounts/" + lowAccount).getString("creditState")).isEqualTo("low");

    List<SimulatedMeter> west = new java.util.ArrayList<>();
    try {
      for (int i = 1; i <= 2; i++) {
        String id = "urn:imei:86123456789710" + i;
        String key = ("a" + i).repeat(16);
        platform.createMeter(id, "KPM31", "west/feeder-0" + i, "86123456789710" + i, key);
        SimulatedMeter m = platform.meter(id, "KPM31", "86123456789710" + i, key);
        west.add(m);
        m.start();
        assertThat(m.awaitRegistered(WAIT)).isTrue();
      }
      for (SimulatedMeter m : west) {
        m.events().raise(EventCode.POWER_FAILURE, null, null);
        await("the power failure is accepted", WAIT, () -> PlatformFixture.eventsSent(m));
      }
      await("an outage is open", WAIT, () -> openOutages().size() == 1);
      // The summary is reused for up to two seconds, and this test can be that fast since the last overview.
      await("the summary counts the low account and the outage", WAIT, () -> {
        JsonObject fresh = platform.getJson("/api/v1/fleet/summary");
        return fresh.getJsonObject("accounts").getLong("low") == 1 && fresh.getLong("openOutages") == 1;
      });

      login("admin", PlatformFixture.ADMIN_PASSWORD);
      JsonObject summary = platform.getJson("/api/v1/fleet/summary");
      JsonObject accounts = summary.getJsonObject("accounts");
      for (String state : List.of("low", "exhausted", "disconnected")) {
        int listed = platform.getJson("/api/v1/accounts?limit=1000&creditState=" + state).getJsonArray("items").size();
        assertThat(accounts.getLong(state)).as("%s accounts agree with the list", state).isEqualTo(listed);
        PlaywrightAssertions.assertThat(stat("accounts-" + state)).hasText(String.valueOf(listed));
      }
      assertThat(accounts.getLong("low")).isEqualTo(1);
      assertThat(summary.getLong("openOutages")).isEqualTo(openOutages().size()).isEqualTo(1);
      PlaywrightAssertions.assertThat(stat("outages")).hasText("1");
      Locator outage = page.locator("section[aria-labelledby=outages-title] tbody tr");
      PlaywrightAssertions.assertThat(outage).hasCount(1);
      PlaywrightAssertions.assertThat(outage.first()).containsText("west");
      PlaywrightAssertions.assertThat(outage.first().locator("td.num").first()).hasText(
          String.valueOf(openOutages().getJsonObject(0).getInteger("affectedMeters")));
      PlaywrightAssertions.assertThat(page.locator("tr[data-region=west] td[data-count=online]")).hasText("2");
      screenshot("overview-outages");
      assertThat(PageChecks.contrastFailures(page)).as("text below WCAG AA contrast").isEmpty();

      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Accounts low")).click();
      PlaywrightAssertions.assertThat(page.getByLabel("Credit state")).hasValue("low");
      Locator rows = page.locator("tbody tr");
      PlaywrightAssertions.assertThat(rows).hasCount(1);
      PlaywrightAssertions.assertThat(rows.first()).containsText(low);
      assertThat(platform.getJson("/api/v1/meters?creditState=low").getJsonArray("items").getJsonObject(0)
          .getString("id")).isEqualTo(low);
      page.getByLabel("Credit state").selectOption("ok");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
      PlaywrightAssertions.assertThat(rows).hasCount(1);
      PlaywrightAssertions.assertThat(rows.first()).containsText(PREPAID);
      page.getByLabel("Credit state").focus();
      assertThat(PageChecks.focused(page)).isEqualTo("filter-credit+outline");
    } finally {
      west.forEach(SimulatedMeter::close);
    }
  }

  private JsonArray openOutages() {
    return platform.getJson("/api/v1/outages?state=open").getJsonArray("items");
  }

  private JsonArray openAlarms() {
    return platform.getJson("/api/v1/alarms?state=open").getJsonArray("items");
  }

  private JsonArray commands() {
    return platform.getJson("/api/v1/meters/" + encode(ONLINE) + "/commands").getJsonArray("items");
  }

  private void login(String username, String password) {
    HeadlessChromium.login(page, platform.baseUrl(), username, password);
  }

  private void logout() {
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out")).click();
    PlaywrightAssertions.assertThat(page.getByLabel("User name")).isVisible();
  }

  private Locator stat(String key) {
    return page.locator("[data-stat=" + key + "]");
  }

  private void screenshot(String name) {
    HeadlessChromium.screenshot(page, name);
  }

  private static String encode(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }
}
