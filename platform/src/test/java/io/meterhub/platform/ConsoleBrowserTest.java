package io.meterhub.platform;

import static io.meterhub.platform.PlatformFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.meterhub.models.client.SimulatedMeter;
import io.meterhub.models.client.TariffRegistersObject;
import io.meterhub.platform.console.HeadlessChromium;
import io.meterhub.platform.console.PageChecks;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
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
 * The web console in a real headless Chromium against a real platform node with a real meter over DTLS. Every test
 * also asserts that the browser logged no error.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ONLINE = "urn:imei:861234567899001";
  private static final String KEY = "00112233445566778899aabbccddeeff";

  @TempDir static Path dataDir;
  private static PlatformFixture platform;
  private static HeadlessChromium chromium;
  private static SimulatedMeter meter;

  private final List<String> browserErrors = HeadlessChromium.errorLog();
  private Page page;

  @BeforeAll
  static void start() throws Exception {
    chromium = HeadlessChromium.launchForTest();
    PlaywrightAssertions.setDefaultAssertionTimeout(WAIT.toMillis());
    platform = PlatformFixture.start(dataDir, "console-" + UUID.randomUUID(), 1, List.of());
    platform.createUser("audrey", "auditor-password-1", "auditor");
    platform.createUser("paula", "payments-password-1", "payments");
    platform.createMeter(ONLINE, "KPM31", "north/feeder-07", "861234567899001", KEY);
    platform.createMeter("urn:imei:861234567899002", "KPM31", "north/feeder-09", "861234567899002", "11".repeat(16));
    platform.createMeter("urn:imei:861234567899003", "KPM33", "south/feeder-01", "861234567899003", "22".repeat(16));
    meter = platform.meter(ONLINE, "KPM31", "861234567899001", KEY);
    meter.singlePhaseMeter().setInstantaneous(229.8, 3.2, 0.71, 0.97);
    meter.singlePhaseMeter().setEnergyWh(1_234_567);
    meter.start();
    assertThat(meter.awaitRegistered(WAIT)).as("simulated meter registered over DTLS").isTrue();
    await("the meter is online with a reading", WAIT, () -> {
      JsonObject view = platform.getJson("/api/v1/meters/" + encode(ONLINE));
      return view.getBoolean("online") && view.getJsonObject("latest") != null
          && view.getJsonObject("latest").getDouble("activeEnergyKwh") != null;
    }, () -> SessionDiagnostics.describe(platform, meter, ONLINE));
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
  }

  @AfterEach
  void browserLoggedNoError() {
    assertThat(HeadlessChromium.closeAndCollect(page, browserErrors)).as("errors in the browser console").isEmpty();
  }

  @Test
  @Order(1)
  void overviewCountsMatchTheApiAndFitATablet() {
    login("admin", PlatformFixture.ADMIN_PASSWORD);

    JsonObject summary = platform.getJson("/api/v1/fleet/summary");
    assertThat(summary.getLong("meters")).isEqualTo(3);
    assertThat(summary.getLong("online")).isEqualTo(1);
    int onlineListed = platform.getJson("/api/v1/meters?online=true").getJsonArray("items").size();
    assertThat(summary.getLong("online")).as("summary agrees with the list").isEqualTo(onlineListed);
    PlaywrightAssertions.assertThat(stat("meters")).hasText("3");
    PlaywrightAssertions.assertThat(stat("online")).hasText(String.valueOf(summary.getLong("online")));
    PlaywrightAssertions.assertThat(stat("offline")).hasText(String.valueOf(summary.getLong("offline")));
    PlaywrightAssertions.assertThat(stat("relay-open")).hasText(String.valueOf(summary.getLong("relayOpen")));
    PlaywrightAssertions.assertThat(page.locator("tr[data-region=north] td[data-count=meters]")).hasText("2");
    PlaywrightAssertions.assertThat(page.locator("tr[data-region=south] td[data-count=meters]")).hasText("1");
    for (String region : List.of("north", "south")) {
      int listed = platform.getJson("/api/v1/meters?online=true&region=" + region).getJsonArray("items").size();
      long summarized = summary.getJsonArray("regions").stream().map(JsonObject.class::cast)
          .filter(r -> r.getString("region").equals(region)).findFirst().orElseThrow().getLong("online");
      assertThat(summarized).as("online in %s agrees with the list", region).isEqualTo(listed);
      PlaywrightAssertions.assertThat(page.locator("tr[data-region=" + region + "] td[data-count=online]"))
          .hasText(String.valueOf(listed));
    }
    PlaywrightAssertions.assertThat(stat("outages")).hasText(String.valueOf(summary.getLong("openOutages")));
    PlaywrightAssertions.assertThat(page.locator("section[aria-labelledby=outages-title]"))
        .containsText("No open outages.");
    PlaywrightAssertions.assertThat(stat("accounts-low")).hasText("0");
    screenshot("overview");
    assertThat(PageChecks.contrastFailures(page)).as("text below WCAG AA contrast").isEmpty();

    page.setViewportSize(768, 1024);
    Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
    assertThat(((Number) overflow).intValue()).as("no horizontal scrolling at tablet width").isLessThanOrEqualTo(0);
    screenshot("overview-tablet");

    assertThat(page.evaluate("() => sessionStorage.getItem('meterhub.token')")).isNotNull();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out")).click();
    PlaywrightAssertions.assertThat(page.getByLabel("User name")).isVisible();
    assertThat(page.evaluate("() => sessionStorage.getItem('meterhub.token')")).as("token forgotten").isNull();
    assertThat(page.url()).doesNotContain("token");
  }

  @Test
  @Order(2)
  void meterDetailShowsANewReadingArriveWithoutReload() {
    login("admin", PlatformFixture.ADMIN_PASSWORD);
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Meters").setExact(true)).click();
    page.getByLabel("Meter id starts with").fill("urn:imei:86123456789900");
    page.getByLabel("Status").selectOption("true");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
    PlaywrightAssertions.assertThat(page.locator("tbody tr")).hasCount(1);
    page.getByLabel("Status").selectOption("");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
    PlaywrightAssertions.assertThat(page.locator("tbody tr")).hasCount(3);
    screenshot("meters");

    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(ONLINE)).click();
    Locator energy = page.locator("dd[data-value=activeEnergyKwh]");
    PlaywrightAssertions.assertThat(energy).hasText("1,234.567 kWh");
    PlaywrightAssertions.assertThat(page.locator("dd[data-value=voltageV]")).hasText("229.8 V");
    PlaywrightAssertions.assertThat(page.locator("dd[data-value=relay]")).hasText("Closed (supply on)");
    PlaywrightAssertions.assertThat(page.locator("#readings-canvas")).isVisible();
    page.evaluate("() => { window.__sameDocument = true; }");

    meter.addEnergyWh(2_500);

    PlaywrightAssertions.assertThat(energy).hasText("1,237.067 kWh");
    assertThat(page.evaluate("() => window.__sameDocument === true")).as("updated without a reload").isEqualTo(true);
    screenshot("meter");
    assertThat(PageChecks.contrastFailures(page)).as("text below WCAG AA contrast").isEmpty();
  }

  @Test
  @Order(3)
  void addMeterDialogKeepsFocusInsideAndProvisionsThroughTheApi() {
    login("admin", PlatformFixture.ADMIN_PASSWORD);
    page.navigate(platform.baseUrl() + "/console/#/meters");
    Locator add = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add meter"));
    add.click();
    PlaywrightAssertions.assertThat(page.locator("dialog[open]")).isVisible();
    for (int i = 0; i < 12; i++) {
      page.keyboard().press(i % 5 == 4 ? "Shift+Tab" : "Tab");
      assertThat(page.evaluate("() => document.querySelector('dialog[open]').contains(document.activeElement)"))
          .as("focus stays in the dialog after key %d", i).isEqualTo(true);
    }
    page.keyboard().press("Escape");
    PlaywrightAssertions.assertThat(page.locator("dialog[open]")).hasCount(0);
    PlaywrightAssertions.assertThat(add).isFocused();

    add.click();
    Locator dialog = page.locator("dialog[open]");
    dialog.getByLabel("Meter id (LwM2M endpoint)").fill("urn:imei:861234567899004");
    dialog.getByLabel("Model").selectOption("KPM37");
    dialog.getByLabel("Region", new Locator.GetByLabelOptions().setExact(true)).fill("east/feeder-03");
    dialog.getByLabel("PSK identity").fill("861234567899004");
    dialog.getByLabel("PSK key (hex, 16–64 bytes)").fill("33".repeat(16));
    screenshot("add-meter");
    dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Add meter")).click();
    PlaywrightAssertions.assertThat(page.locator("dd[data-value=model]")).hasText("KPM37");
    assertThat(platform.getJson("/api/v1/meters/" + encode("urn:imei:861234567899004")).getString("region"))
        .isEqualTo("east/feeder-03");
  }

  @Test
  @Order(4)
  void auditorSeesNoWriteControlsTheApiRefusesThemAndTheAuditChainIsValid() {
    login("audrey", "auditor-password-1");
    page.navigate(platform.baseUrl() + "/console/#/meters");
    PlaywrightAssertions.assertThat(page.locator("tbody tr").first()).isVisible();
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add meter")).count()).isZero();
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(ONLINE)).click();
    PlaywrightAssertions.assertThat(page.locator("dd[data-value=model]")).hasText("KPM31");
    assertThat(page.locator("#edit-region, #delete-meter, #relay-open, #relay-close").count()).isZero();

    String token = platform.token("audrey", "auditor-password-1");
    JsonObject newMeter = new JsonObject().put("id", "urn:imei:861234567899099").put("model", "KPM31")
        .put("region", "north").put("security", new JsonObject().put("mode", "psk")
            .put("identity", "861234567899099").put("key", "44".repeat(16)));
    assertThat(platform.call("POST", "/api/v1/meters", token, newMeter).statusCode()).isEqualTo(403);
    assertThat(platform.call("PATCH", "/api/v1/meters/" + encode(ONLINE), token,
        new JsonObject().put("region", "west")).statusCode()).isEqualTo(403);
    assertThat(platform.call("DELETE", "/api/v1/meters/" + encode(ONLINE), token, null).statusCode())
        .isEqualTo(403);

    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Audit log")).click();
    JsonObject verification = platform.getJson("/api/v1/audit/verify");
    assertThat(verification.getBoolean("valid")).isTrue();
    PlaywrightAssertions.assertThat(page.locator("[data-valid=true]")).containsText("valid");
    PlaywrightAssertions.assertThat(page.locator("tbody tr").first()).isVisible();
    assertThat(page.locator("tbody").textContent()).contains("meter.create");
    screenshot("audit");
    assertThat(PageChecks.contrastFailures(page)).as("text below WCAG AA contrast").isEmpty();
  }

  @Test
  @Order(5)
  void paymentsUserSeesNoMeterScreensAndTheApiRefusesThem() {
    login("paula", "payments-password-1");
    PlaywrightAssertions.assertThat(page.locator("#user-name")).containsText("payments");
    assertThat(page.locator("#nav a").allTextContents()).doesNotContain("Meters", "Overview", "Audit log");
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add meter")).count()).isZero();
    if (page.locator("#nav a").count() == 0) {
      PlaywrightAssertions.assertThat(page.locator("main")).containsText("No screens are available for your role");
    }
    String token = platform.token("paula", "payments-password-1");
    assertThat(platform.call("GET", "/api/v1/meters", token, null).statusCode()).isEqualTo(403);
    assertThat(platform.call("GET", "/api/v1/fleet/summary", token, null).statusCode()).isEqualTo(403);
    assertThat(platform.call("DELETE", "/api/v1/meters/" + encode(ONLINE), token, null).statusCode())
        .isEqualTo(403);
    screenshot("payments");
  }

  @Test
  @Order(6)
  void consolePagesCarryAStrictContentSecurityPolicy() {
    var response = page.navigate(platform.baseUrl() + "/");
    assertThat(page.url()).endsWith("/console/");
    String csp = response.headerValue("content-security-policy");
    assertThat(csp).contains("default-src 'self'").contains("script-src 'self'").contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(response.headerValue("x-content-type-options")).isEqualTo("nosniff");
    assertThat(platform.call("GET", "/health", null, null).statusCode()).as("/health not shadowed").isEqualTo(200);
    assertThat(platform.call("GET", "/console/../openapi.json", null, null).statusCode()).isEqualTo(404);
    assertThat(platform.call("GET", "/api/v1/meters", null, null).statusCode()).as("API not shadowed")
        .isEqualTo(401);
  }

  @Test
  @Order(7)
  void loginIsKeyboardOperableWithVisibleFocus() {
    page.navigate(platform.baseUrl() + "/console/");
    PlaywrightAssertions.assertThat(page.getByLabel("User name")).isFocused();
    page.keyboard().type("admin");
    page.keyboard().press("Tab");
    assertThat(PageChecks.focused(page)).isEqualTo("login-password+outline");
    page.keyboard().type(PlatformFixture.ADMIN_PASSWORD);
    page.keyboard().press("Tab");
    assertThat(PageChecks.focused(page)).isEqualTo("button+outline");
    page.keyboard().press("Enter");
    PlaywrightAssertions.assertThat(page.locator("#user-name")).containsText("admin");
    PlaywrightAssertions.assertThat(stat("meters")).isVisible();
    assertThat(PageChecks.focused(page)).as("focus moves to the new screen's content").startsWith("main");
    page.keyboard().press("Tab");
    assertThat(PageChecks.focused(page)).as("next stop is inside the content, visibly").endsWith("+outline");
    assertThat(page.evaluate("() => document.querySelector('main').contains(document.activeElement)")).isEqualTo(true);
    assertThat(PageChecks.contrastFailures(page)).isEmpty();
  }

  /**
   * The meter list's relay filter, by role and exact name: "Relay" alone also matches the "Relay commands" section of
   * a meter page that is still shown while the list renders.
   */
  private Locator relayFilter() {
    return page.getByRole(AriaRole.COMBOBOX, new Page.GetByRoleOptions().setName("Relay").setExact(true));
  }

  @Test
  @Order(8)
  void aRelayTrippedAtTheMeterShowsOnTheOpenOverviewWithoutReload() {
    login("admin", PlatformFixture.ADMIN_PASSWORD);
    PlaywrightAssertions.assertThat(stat("relay-open")).hasText("0");
    page.evaluate("() => { window.__sameDocument = true; }");

    meter.powerControl().setLocal(false);

    PlaywrightAssertions.assertThat(stat("relay-open")).hasText("1");
    assertThat(page.evaluate("() => window.__sameDocument === true")).as("updated without a reload").isEqualTo(true);
    page.navigate(platform.baseUrl() + "/console/#/meters/" + encode(ONLINE));
    PlaywrightAssertions.assertThat(page.locator("dd[data-value=relay]")).hasText("Open (supply off)");

    await("the relay state is recorded for the list filter", WAIT,
        () -> platform.getJson("/api/v1/meters?relay=open").getJsonArray("items").size() == 1);
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Meters").setExact(true)).click();
    relayFilter().selectOption("open");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
    PlaywrightAssertions.assertThat(page.locator("tbody tr")).hasCount(1);
    PlaywrightAssertions.assertThat(page.locator("tbody tr").first()).containsText(ONLINE);
    relayFilter().selectOption("closed");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
    PlaywrightAssertions.assertThat(page.locator("main")).containsText("No meters match these filters.");
    assertThat(platform.getJson("/api/v1/meters?relay=closed").getJsonArray("items")).isEmpty();
    assertThat(platform.call("GET", "/api/v1/meters?relay=tripped", platform.token("admin",
        PlatformFixture.ADMIN_PASSWORD), null).statusCode()).isEqualTo(400);
    relayFilter().selectOption("open");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
    PlaywrightAssertions.assertThat(page.locator("tbody tr")).hasCount(1);
    screenshot("meters-relay-open");
  }

  @Test
  @Order(9)
  void meterDetailShowsSignalStrengthAndTimeOfUseRegistersOrNotReported() throws Exception {
    String id = "urn:imei:861234567899005";
    String key = "55".repeat(16);
    platform.createMeter(id, "KPM37", "east/feeder-04", "861234567899005", key);
    try (SimulatedMeter wifi = platform.meter(id, "KPM37", "861234567899005", key)) {
      wifi.connectivity().setRadio(-71, 12, 42);
      wifi.tariffRegisters().addEnergyWh(TariffRegistersObject.Band.PEAK, 12_345);
      wifi.tariffRegisters().addEnergyWh(TariffRegistersObject.Band.VALLEY, 2_000);
      wifi.tariffRegisters().recordDemand(3.5);
      wifi.start();
      assertThat(wifi.awaitRegistered(WAIT)).isTrue();
      await("radio and time-of-use registers reach the API", WAIT, () -> {
        JsonObject view = platform.getJson("/api/v1/meters/" + encode(id));
        return view.getJsonObject("radio") != null && view.getJsonObject("latest") != null
            && view.getJsonObject("latest").getJsonObject("tou") != null;
      });
      JsonObject view = platform.getJson("/api/v1/meters/" + encode(id));
      assertThat(view.getJsonObject("radio").getLong("signalStrengthDbm")).isEqualTo(-71);
      assertThat(view.getJsonObject("latest").getJsonObject("tou").getDouble("peakKwh")).isEqualTo(12.345);

      login("admin", PlatformFixture.ADMIN_PASSWORD);
      page.navigate(platform.baseUrl() + "/console/#/meters/" + encode(id));
      PlaywrightAssertions.assertThat(page.locator("dd[data-value=signal]")).hasText("-71 dBm (excellent)");
      PlaywrightAssertions.assertThat(page.locator("tr[data-band=peakKwh] td")).hasText("12.345");
      PlaywrightAssertions.assertThat(page.locator("tr[data-band=valleyKwh] td")).hasText("2.000");
      PlaywrightAssertions.assertThat(page.locator("dd[data-value=maxDemandKw]")).hasText("3.500 kW");
      page.evaluate("() => { window.__sameDocument = true; }");

      wifi.connectivity().setRadio(-104, 5, 42);
      // The profile observes object 4 with pmin 300 s: ask for the new values now rather than wait for it.
      wifi.send(org.eclipse.leshan.core.request.ContentFormat.SENML_JSON, "/4/0");

      PlaywrightAssertions.assertThat(page.locator("dd[data-value=signal]")).hasText("-104 dBm (poor)");
      assertThat(page.evaluate("() => window.__sameDocument === true")).isEqualTo(true);
      screenshot("meter-signal-tou");
      assertThat(PageChecks.contrastFailures(page)).as("text below WCAG AA contrast").isEmpty();
      page.setViewportSize(768, 1024);
      // The chart resizes on its ResizeObserver callback, a frame or so after the viewport changed.
      page.waitForFunction("() => document.documentElement.scrollWidth <= window.innerWidth");
      screenshot("meter-signal-tou-tablet");
    }

    page.navigate(platform.baseUrl() + "/console/#/meters/" + encode(ONLINE));
    PlaywrightAssertions.assertThat(page.locator("dd[data-value=model]")).hasText("KPM31");
    PlaywrightAssertions.assertThat(page.locator("dd[data-value=signal]")).hasText("not reported");
    assertThat(platform.getJson("/api/v1/meters/" + encode(ONLINE)).getValue("radio")).isNull();
  }

  private void login(String username, String password) {
    HeadlessChromium.login(page, platform.baseUrl(), username, password);
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
