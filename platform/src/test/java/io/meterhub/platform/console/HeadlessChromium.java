package io.meterhub.platform.console;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium driven by Playwright, headless, for console tests and measurements. Fails with a clear message
 * when Chromium is missing (CI installs it), unless {@code METERHUB_SKIP_BROWSER_TESTS=1} asks to skip locally.
 */
public final class HeadlessChromium implements AutoCloseable {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** Where Chromium is expected; {@code METERHUB_CHROMIUM} overrides it. */
  public static final Path DEFAULT_EXECUTABLE = Path.of("/usr/bin/chromium");

  /** No sandbox (root in CI), no GPU, and nothing that phones out: the machine has no internet. */
  static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage");

  private final Playwright playwright;
  private final Browser browser;

  private HeadlessChromium(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  /** Launches Chromium for a JUnit test: aborts (skips) only when the developer asked for it. */
  public static HeadlessChromium launchForTest() {
    Path executable = executable();
    if (!Files.isExecutable(executable)) {
      String message = "Chromium is not installed at " + executable + ": the web console tests need a real browser."
          + " Install it with `apt-get update && apt-get install -y chromium` (.ci/run does), or set"
          + " METERHUB_SKIP_BROWSER_TESTS=1 to skip the browser tests locally.";
      if ("1".equals(System.getenv("METERHUB_SKIP_BROWSER_TESTS"))) {
        Assumptions.abort(message);
      }
      throw new AssertionError(message);
    }
    return launch(executable);
  }

  /** Launches Chromium at {@code executable}; Playwright gives each browser a fresh temporary profile. */
  public static HeadlessChromium launch(Path executable) {
    // The driver must not try to download its own browsers: there is no internet here.
    Playwright playwright = Playwright.create(
        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
          .setExecutablePath(executable).setHeadless(true).setArgs(ARGS).setTimeout(60_000));
      return new HeadlessChromium(playwright, browser);
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  public static Path executable() {
    String override = System.getenv("METERHUB_CHROMIUM");
    return override == null || override.isBlank() ? DEFAULT_EXECUTABLE : Path.of(override);
  }

  /** A fresh context (own storage) and page at the given viewport; browser errors are collected into errors. */
  public Page newPage(int width, int height, List<String> errors) {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height));
    Page page = context.newPage();
    page.onConsoleMessage(message -> {
      if ("error".equals(message.type())) {
        errors.add("console: " + message.text() + " @ " + message.location());
      }
    });
    page.onPageError(error -> errors.add("page error: " + error));
    page.onRequestFailed(request -> {
      if (!cancelledOnPurpose(request)) {
        errors.add("request failed: " + request.method() + " " + request.url() + " " + request.failure());
      }
    });
    return page;
  }

  /**
   * The console aborts its own live stream on logout, and the browser cancels its own favicon fetch when a page
   * navigates or closes; any other failed request is an error.
   */
  private static boolean cancelledOnPurpose(Request request) {
    boolean ours = request.url().endsWith("/api/v1/stream") || request.url().endsWith("/favicon.svg");
    return ours && "net::ERR_ABORTED".equals(request.failure());
  }

  /**
   * Closes the page's context and returns what the browser logged while the page was open: what closing itself
   * cancels is not the console's error.
   */
  public static List<String> closeAndCollect(Page page, List<String> errors) {
    List<String> logged = List.copyOf(errors);
    page.context().close();
    return logged;
  }

  /** Logs in through the console's own form and waits until the header names the user. */
  public static void login(Page page, String baseUrl, String username, String password) {
    page.navigate(baseUrl + "/console/");
    page.getByLabel("User name").fill(username);
    page.getByLabel("Password").fill(password);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
    PlaywrightAssertions.assertThat(page.locator("#user-name")).containsText(username);
  }

  /** Saves a full-page screenshot as a test artifact under {@code target/screenshots}. */
  public static void screenshot(Page page, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
  }

  /** A thread-safe list for {@link #newPage}. */
  public static List<String> errorLog() {
    return new CopyOnWriteArrayList<>();
  }

  @Override
  public void close() {
    try {
      browser.close();
    } finally {
      playwright.close();
    }
  }
}
