package io.meterhub.platform.console;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;

/**
 * Serves the web console: its static files (classpath {@code console/}) under {@code /console/}, the chart library
 * from its WebJar under {@code /console/vendor/chart.js/}, and a redirect from {@code /}. The console is a client
 * of the public REST API and nothing else.
 */
public final class ConsoleAssets {

  /** Scripts, styles, images and connections from this origin only; no inline code, no framing. */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
      + "form-action 'self'; frame-ancestors 'none'";

  static final String BASE = "/console/";
  private static final String CHART_POM = "/META-INF/maven/org.webjars.npm/chart.js/pom.properties";

  private final StaticHandler files;
  private final StaticHandler chart;

  public ConsoleAssets() {
    this.files = StaticHandler.create("console").setCachingEnabled(false).setDirectoryListing(false)
        .setIndexPage("index.html");
    this.chart = StaticHandler.create("META-INF/resources/webjars/chart.js/" + chartVersion() + "/dist")
        .setCachingEnabled(false).setDirectoryListing(false);
  }

  /**
   * Adds the console routes. They match only {@code /} and {@code /console/...}, so they never shadow the API or
   * the operations endpoints.
   *
   * @param routeKey context key under which the route template is recorded (for bounded metric tags)
   */
  public void mount(Router router, String routeKey) {
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(routeKey, "routeKey");
    router.route("/").handler(tag(routeKey, "/")).handler(ctx -> {
      if (!ctx.request().path().equals("/")) {
        ctx.next();
        return;
      }
      ctx.response().setStatusCode(302).putHeader("Location", BASE).end();
    });
    router.route("/console/vendor/chart.js/*").handler(tag(routeKey, "/console/vendor/*")).handler(chart);
    router.route("/console/*").handler(tag(routeKey, "/console/*")).handler(files);
  }

  private static Handler<RoutingContext> tag(String routeKey, String template) {
    return ctx -> {
      ctx.put(routeKey, template);
      applyHeaders(ctx.response());
      ctx.next();
    };
  }

  static void applyHeaders(HttpServerResponse response) {
    response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.putHeader("X-Frame-Options", "DENY");
    response.putHeader("Referrer-Policy", "no-referrer");
  }

  static String chartVersion() {
    try (InputStream in = ConsoleAssets.class.getResourceAsStream(CHART_POM)) {
      if (in == null) {
        throw new IllegalStateException("chart.js WebJar missing from the classpath");
      }
      Properties props = new Properties();
      props.load(in);
      return Objects.requireNonNull(props.getProperty("version"), "chart.js WebJar version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
