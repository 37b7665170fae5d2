package io.meterhub.platform.api;

import io.meterhub.platform.auth.Role;
import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.consent.ConsentBasis;
import io.meterhub.platform.consent.ConsentRecord;
import io.meterhub.platform.consent.ConsentService;
import io.meterhub.platform.consent.ConsentService.ConsentState;
import io.meterhub.platform.consent.Granularity;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.Set;

/** Reporting-granularity consent per meter: record (with history kept) and read. */
final class ConsentRoutes {

  static final Set<Role> WRITE = EnumSet.of(Role.ADMIN, Role.OPERATOR, Role.SUPPORT);
  static final Set<Role> READ = EnumSet.of(Role.ADMIN, Role.OPERATOR, Role.SUPPORT, Role.AUDITOR);

  private final ConsentService consent;
  private final Blocking blocking;

  ConsentRoutes(ConsentService consent, Blocking blocking) {
    this.consent = consent;
    this.blocking = blocking;
  }

  void register(RouteTable routes) {
    routes.secured(HttpMethod.PUT, "/api/v1/meters/:id/consent", WRITE, this::put);
    routes.secured(HttpMethod.GET, "/api/v1/meters/:id/consent", READ, this::get);
  }

  private void put(RoutingContext ctx) {
    String meterId = ctx.pathParam("id");
    FieldErrors errors = new FieldErrors();
    JsonInput body = JsonInput.body(ctx, errors).allowOnly(Set.of("granularity", "basis", "recordedBy", "evidence"));
    String g = body.string("granularity", true);
    String b = body.string("basis", true);
    String recordedBy = body.string("recordedBy", true);
    String evidence = body.string("evidence", false);
    Granularity granularity = g == null ? null : Granularity.fromApiName(g).orElse(null);
    if (g != null && (granularity == null || granularity == Granularity.UNRESTRICTED)) {
      errors.add("granularity", "must be monthly, daily, 30-min or 15-min");
    }
    ConsentBasis basis = b == null ? null : ConsentBasis.fromApiName(b).orElse(null);
    if (b != null && basis == null) {
      errors.add("basis", "must be consent, contract, legal-obligation or legitimate-interest");
    }
    errors.throwIfAny();
    String actor = Access.principal(ctx).username();
    blocking.run(() -> consent.record(actor, meterId, granularity, basis, recordedBy, evidence))
        .onSuccess(found -> found.ifPresentOrElse(
            r -> Replies.json(ctx, 200, record(r)),
            () -> ctx.fail(ApiException.notFound("Meter not found"))))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String meterId = ctx.pathParam("id");
    blocking.run(() -> consent.state(meterId))
        .onSuccess(found -> found.ifPresentOrElse(
            s -> Replies.json(ctx, 200, state(s)),
            () -> ctx.fail(ApiException.notFound("Meter not found"))))
        .onFailure(ctx::fail);
  }

  private static JsonObject state(ConsentState s) {
    JsonArray history = new JsonArray();
    s.history().forEach(r -> history.add(record(r)));
    return new JsonObject()
        .put("meterId", s.meterId())
        .put("granularity", s.granularity().apiName())
        .put("default", s.history().isEmpty())
        .put("current", s.history().isEmpty() ? null : record(s.history().get(s.history().size() - 1)))
        .put("history", history);
  }

  private static JsonObject record(ConsentRecord r) {
    return new JsonObject()
        .put("meterId", r.meterId())
        .put("seq", r.seq())
        .put("granularity", r.granularity().apiName())
        .put("basis", r.basis().apiName())
        .put("recordedBy", r.recordedBy())
        .put("evidence", r.evidence())
        .put("actor", r.actor())
        .put("recordedAt", JsonViews.time(r.recordedAt()));
  }
}
