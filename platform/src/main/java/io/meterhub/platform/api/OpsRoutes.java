package io.meterhub.platform.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Unauthenticated operations endpoints: health, Prometheus metrics and the OpenAPI document. */
final class OpsRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(OpsRoutes.class);
  private static final long CHECK_TIMEOUT_SECONDS = 5;

  private final Map<String, HealthCheck> checks;
  private final PrometheusMeterRegistry registry;
  private final String openApi;
  private final Blocking blocking;

  OpsRoutes(Map<String, HealthCheck> checks, PrometheusMeterRegistry registry, String openApi, Blocking blocking) {
    this.checks = checks;
    this.registry = registry;
    this.openApi = openApi;
    this.blocking = blocking;
  }

  void register(RouteTable routes) {
    routes.open(HttpMethod.GET, "/health", this::health);
    routes.open(HttpMethod.GET, "/metrics", this::metrics);
    routes.open(HttpMethod.GET, "/api/v1/openapi.json",
        ctx -> ctx.response().putHeader("Content-Type", Replies.JSON).end(openApi));
  }

  private void health(RoutingContext ctx) {
    List<String> names = new ArrayList<>(checks.keySet());
    List<Future<Boolean>> results = new ArrayList<>();
    for (String name : names) {
      HealthCheck check = checks.get(name);
      results.add(blocking.run(() -> {
        check.check();
        return true;
      }).timeout(CHECK_TIMEOUT_SECONDS, TimeUnit.SECONDS).otherwise(failure -> {
        // Details stay in the server log: /health is public.
        LOG.warn("Health check {} failed: {}", name, failure.toString());
        return false;
      }));
    }
    Future.join(results).onComplete(done -> {
      JsonObject details = new JsonObject();
      boolean up = true;
      for (int i = 0; i < names.size(); i++) {
        boolean ok = Boolean.TRUE.equals(results.get(i).result());
        up &= ok;
        details.put(names.get(i), new JsonObject().put("status", ok ? "UP" : "DOWN"));
      }
      Replies.json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", details));
    });
  }

  private void metrics(RoutingContext ctx) {
    blocking.run(registry::scrape)
        .onSuccess(text -> ctx.response()
            .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            .end(text))
        .onFailure(ctx::fail);
  }
}
