package io.meterhub.platform.api;

import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.event.EventApi;
import io.meterhub.platform.event.EventJson;
import io.meterhub.platform.event.EventQuery;
import io.meterhub.platform.event.EventTypes;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** Meter events: per meter and across the fleet (admin, operator, auditor, support), newest first. */
final class EventRoutes {

  private final EventApi events;
  private final Blocking blocking;

  EventRoutes(EventApi events, Blocking blocking) {
    this.events = events;
    this.blocking = blocking;
  }

  void register(RouteTable routes) {
    routes.secured(HttpMethod.GET, "/api/v1/meters/:id/events", Access.METER_READ, this::meterEvents);
    routes.secured(HttpMethod.GET, "/api/v1/events", Access.METER_READ, this::fleetEvents);
  }

  private void meterEvents(RoutingContext ctx) {
    list(ctx, ctx.pathParam("id"), false);
  }

  private void fleetEvents(RoutingContext ctx) {
    list(ctx, null, true);
  }

  private void list(RoutingContext ctx, String meterId, boolean byRegion) {
    FieldErrors errors = new FieldErrors();
    QueryParams query = new QueryParams(ctx, errors);
    String region = byRegion ? query.text("region") : null;
    String type = query.text("type");
    if (type != null && !EventTypes.isKnown(type)) {
      errors.add("type", "must be an event type such as power_failure or unknown");
    }
    Instant from = query.instant("from");
    Instant to = query.instant("to");
    query.range(from, to);
    int limit = query.limit();
    String cursor = query.text("cursor");
    errors.throwIfAny();
    EventQuery q = new EventQuery(meterId, region, type, from, to, limit, cursor);
    blocking.run(() -> events.events().list(q))
        .onSuccess(page -> Replies.json(ctx, 200, JsonViews.page(page, EventJson::event)))
        .onFailure(e -> ctx.fail(e instanceof IllegalArgumentException ? ApiException.badRequest("Malformed cursor")
            : e));
  }
}
