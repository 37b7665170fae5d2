package io.meterhub.platform.api;

import io.meterhub.platform.console.FleetOverview;
import io.meterhub.platform.console.FleetSummary;
import io.meterhub.platform.prepay.CreditState;
import io.meterhub.platform.prepay.PrepayService;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/fleet/summary}: counts for dashboards, computed without listing meters: meters, online, relays
 * open, per top-level region (with online), accounts per credit state and open outages when those features are served.
 */
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

  /** The overview over what this node serves: account counts with prepayment, outages with the event feature. */
  static FleetOverview overview(ApiDependencies deps) {
    PrepayService prepay = deps.prepay();
    Supplier<Map<String, Long>> accounts = prepay == null ? null : () -> {
      Map<String, Long> byName = new LinkedHashMap<>();
      prepay.accountCounts().forEach((state, count) -> byName.put(state.apiName(), count));
      return byName;
    };
    LongSupplier outages = deps.events() == null ? null : deps.events().outages()::countOpen;
    return new FleetOverview(deps.meters(), deps.liveState(), deps.clock(), FleetOverview.DEFAULT_MAX_AGE, accounts,
        outages);
  }

  static JsonObject render(FleetSummary summary) {
    JsonArray regions = new JsonArray();
    summary.regions().forEach(r -> regions.add(
        new JsonObject().put("region", r.region()).put("meters", r.meters()).put("online", r.online())));
    JsonObject json = new JsonObject()
        .put("meters", summary.meters())
        .put("online", summary.online())
        .put("offline", summary.offline())
        .put("relayOpen", summary.relayOpen())
        .put("regions", regions);
    if (summary.accounts() != null) {
      JsonObject accounts = new JsonObject();
      for (CreditState state : CreditState.values()) {
        accounts.put(state.apiName(), summary.accounts().getOrDefault(state.apiName(), 0L));
      }
      json.put("accounts", accounts);
    }
    if (summary.openOutages() != null) {
      json.put("openOutages", summary.openOutages());
    }
    return json;
  }
}
