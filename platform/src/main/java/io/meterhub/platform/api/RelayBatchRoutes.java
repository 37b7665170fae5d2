package io.meterhub.platform.api;

import io.meterhub.platform.command.RelayBatchService;
import io.meterhub.platform.command.RelayBatchService.BatchRequest;
import io.meterhub.platform.common.FieldErrors;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** Bulk relay operations: create, then follow the counts per command status. */
final class RelayBatchRoutes {

  private final RelayBatchService batches;
  private final Blocking blocking;

  /** {@code batches} may be null on an API without a command pipeline: the routes then answer 503. */
  RelayBatchRoutes(RelayBatchService batches, Blocking blocking) {
    this.batches = batches;
    this.blocking = blocking;
  }

  void register(RouteTable routes) {
    routes.secured(HttpMethod.POST, "/api/v1/relay-batches", Access.METER_WRITE, this::create);
    routes.secured(HttpMethod.GET, "/api/v1/relay-batches/:id", Access.METER_READ, this::get);
  }

  private void create(RoutingContext ctx) {
    RelayBatchService service = service();
    FieldErrors errors = new FieldErrors();
    JsonInput body = JsonInput.body(ctx, errors).allowOnly(Set.of("meterIds", "regionPrefix", "state", "reason"));
    BatchRequest request =
        new BatchRequest(
            body.strings("meterIds", false),
            body.string("regionPrefix", false),
            body.string("state", true),
            body.string("reason", true),
            Access.principal(ctx).username());
    errors.throwIfAny();
    blocking
        .run(() -> service.get(service.create(request).id()).orElseThrow())
        .onSuccess(
            status -> {
              ctx.response().putHeader("Location", "/api/v1/relay-batches/" + status.batch().id());
              Replies.json(ctx, 202, CommandJson.batch(status));
            })
        .onFailure(e -> ctx.fail(CommandJson.httpError(e)));
  }

  private void get(RoutingContext ctx) {
    RelayBatchService service = service();
    String id = ctx.pathParam("id");
    blocking
        .run(() -> service.get(id))
        .onSuccess(
            status ->
                status.ifPresentOrElse(
                    s -> Replies.json(ctx, 200, CommandJson.batch(s)),
                    () -> ctx.fail(ApiException.notFound("Relay batch not found"))))
        .onFailure(ctx::fail);
  }

  private RelayBatchService service() {
    if (batches == null) {
      throw new ApiException(503, "Device commands are not available on this node");
    }
    return batches;
  }
}
