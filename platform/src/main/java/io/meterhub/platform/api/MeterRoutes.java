package io.meterhub.platform.api;

import io.meterhub.models.RelayState;
import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.meter.MeterFilter;
import io.meterhub.platform.meter.MeterRequests.MeterPatch;
import io.meterhub.platform.meter.MeterRequests.NewMeter;
import io.meterhub.platform.meter.MeterRequests.SecuritySpec;
import io.meterhub.platform.meter.MeterService;
import io.meterhub.platform.meter.MeterStatus;
import io.meterhub.platform.meter.MeterView;
import io.meterhub.platform.prepay.CreditState;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Meter provisioning and lookup. */
final class MeterRoutes {

  private static final Set<String> SECURITY_FIELDS = Set.of("mode", "identity", "key", "publicKey");
  private static final List<String> RELAY_STATES =
      Arrays.stream(RelayState.values()).map(RelayState::apiName).toList();
  private static final List<String> CREDIT_STATES =
      Arrays.stream(CreditState.values()).map(CreditState::apiName).toList();

  private final MeterService meters;
  private final Blocking blocking;

  MeterRoutes(MeterService meters, Blocking blocking) {
    this.meters = meters;
    this.blocking = blocking;
  }

  void register(RouteTable routes) {
    routes.secured(HttpMethod.POST, "/api/v1/meters", Access.METER_WRITE, this::create);
    routes.secured(HttpMethod.GET, "/api/v1/meters", Access.METER_READ, this::list);
    routes.secured(HttpMethod.GET, "/api/v1/meters/:id", Access.METER_READ, this::get);
    routes.secured(HttpMethod.PATCH, "/api/v1/meters/:id", Access.METER_WRITE, this::patch);
    routes.secured(HttpMethod.DELETE, "/api/v1/meters/:id", Access.METER_WRITE, this::delete);
  }

  private void create(RoutingContext ctx) {
    FieldErrors errors = new FieldErrors();
    JsonInput body = JsonInput.body(ctx, errors).allowOnly(Set.of("id", "model", "region", "security"));
    NewMeter request = new NewMeter(body.string("id", true), body.string("model", true),
        body.string("region", true), security(body.object("security", true)));
    errors.throwIfAny();
    String actor = Access.principal(ctx).username();
    blocking.run(() -> meters.create(actor, request))
        .onSuccess(meter -> {
          ctx.response().putHeader("Location", "/api/v1/meters/" + meter.id());
          Replies.json(ctx, 201, JsonViews.meter(new MeterView(meter, MeterStatus.unknown(meter.id()))));
        })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    FieldErrors errors = new FieldErrors();
    QueryParams query = new QueryParams(ctx, errors);
    String region = query.text("region");
    String idPrefix = query.text("idPrefix");
    Boolean online = query.bool("online");
    RelayState relay = query.oneOf("relay", RELAY_STATES, RelayState::valueOf);
    CreditState creditState = query.oneOf("creditState", CREDIT_STATES, CreditState::valueOf);
    int limit = query.limit();
    String cursor = query.text("cursor");
    errors.throwIfAny();
    MeterFilter filter = new MeterFilter(region, idPrefix, relay, creditState == null ? null : creditState.apiName());
    blocking.run(() -> meters.listMatching(filter, online, limit, cursor))
        .onSuccess(page -> Replies.json(ctx, 200, JsonViews.page(page, JsonViews::meter)))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    blocking.run(() -> meters.get(id))
        .onSuccess(view -> view.ifPresentOrElse(
            v -> Replies.json(ctx, 200, JsonViews.meter(v)),
            () -> ctx.fail(ApiException.notFound("Meter not found"))))
        .onFailure(ctx::fail);
  }

  private void patch(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    FieldErrors errors = new FieldErrors();
    JsonInput body = JsonInput.body(ctx, errors).allowOnly(Set.of("region", "security"));
    MeterPatch patch = new MeterPatch(body.string("region", false), security(body.object("security", false)));
    errors.throwIfAny();
    String actor = Access.principal(ctx).username();
    blocking.run(() -> meters.patch(actor, id, patch))
        .onSuccess(view -> view.ifPresentOrElse(
            v -> Replies.json(ctx, 200, JsonViews.meter(v)),
            () -> ctx.fail(ApiException.notFound("Meter not found"))))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String actor = Access.principal(ctx).username();
    blocking.run(() -> meters.delete(actor, id))
        .onSuccess(deleted -> {
          if (deleted) {
            Replies.noContent(ctx);
          } else {
            ctx.fail(ApiException.notFound("Meter not found"));
          }
        })
        .onFailure(ctx::fail);
  }

  private static SecuritySpec security(JsonInput json) {
    if (json == null) {
      return null;
    }
    json.allowOnly(SECURITY_FIELDS);
    return new SecuritySpec(json.string("mode", true), json.string("identity", false), json.string("key", false),
        json.string("publicKey", false));
  }
}
