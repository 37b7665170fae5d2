package io.meterhub.platform.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Times every request into {@code meterhub.http.server.requests} (Prometheus: {@code
 * meterhub_http_server_requests_seconds_count/_sum/_max}) tagged by method, route template and status. Unmatched
 * paths share the route tag {@code unmatched} so that scanners cannot blow up the tag space.
 */
final class HttpMetrics {

  static final String TIMER = "meterhub.http.server.requests";
  private static final Set<HttpMethod> KNOWN = Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
      HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final MeterRegistry registry;

  HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(done -> {
      String route = ctx.get(RouteTable.ROUTE_KEY);
      HttpMethod method = ctx.request().method();
      Timer.builder(TIMER)
          .description("HTTP requests served by the API")
          .tag("method", KNOWN.contains(method) ? method.name() : "OTHER")
          .tag("route", route == null ? "unmatched" : route)
          .tag("status", Integer.toString(ctx.response().getStatusCode()))
          .register(registry)
          .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    });
    ctx.next();
  }
}
