package io.meterhub.platform.api;

import io.meterhub.platform.console.FleetOverview;
import io.meterhub.platform.console.FleetSummary;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/v1/fleet/summary}: counts for dashboards, computed without listing meters. */
final class FleetRoutes {

  private final FleetOverview overview;
  private final Blocking blocking;

  FleetRoutes(FleetOverview overview, Blocking blocking) {
    this.overview = overview;
    this.blocking = blocking;
  }

  void register(RouteTable routes) {
    routes.secured(HttpMethod.GET, "/api/v1/fleet/summary", Access.METER_READ, this::summary);
  }

  private void summary(RoutingContext ctx) {
    blocking.run(overview::summary)
        .onSuccess(summary -> Replies.json(ctx, 200, render(summary)))
        .onFailure(ctx::fail);
  }

  static JsonObject render(FleetSummary summary) {
    JsonArray regions = new JsonArray();
    summary.regions().forEach(r -> regions.add(new JsonObject().put("region", r.region()).put("meters", r.meters())));
    return new JsonObject()
        .put("meters", summary.meters())
        .put("online", summary.online())
        .put("offline", summary.offline())
        .put("relayOpen", summary.relayOpen())
        .put("regions", regions);
  }
}
