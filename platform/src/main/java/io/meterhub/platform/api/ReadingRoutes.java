package io.meterhub.platform.api;

import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.meter.MeterService;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** Reading history of a meter. */
final class ReadingRoutes {

  private final MeterService meters;
  private final Blocking blocking;

  ReadingRoutes(MeterService meters, Blocking blocking) {
    this.meters = meters;
    this.blocking = blocking;
  }

  void register(RouteTable routes) {
    routes.secured(HttpMethod.GET, "/api/v1/meters/:id/readings", Access.READINGS_READ, this::list);
  }

  private void list(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    FieldErrors errors = new FieldErrors();
    QueryParams query = new QueryParams(ctx, errors);
    Instant from = query.instant("from");
    Instant to = query.instant("to");
    query.range(from, to);
    int limit = query.limit();
    String cursor = query.text("cursor");
    errors.throwIfAny();
    blocking.run(() -> meters.readings(id, from, to, limit, cursor))
        .onSuccess(page -> page.ifPresentOrElse(
            p -> Replies.json(ctx, 200, JsonViews.page(p, JsonViews::reading)),
            () -> ctx.fail(ApiException.notFound("Meter not found"))))
        .onFailure(ctx::fail);
  }
}
