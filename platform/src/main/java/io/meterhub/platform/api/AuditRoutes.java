package io.meterhub.platform.api;

import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.audit.AuditQuery;
import io.meterhub.platform.common.FieldErrors;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** The tamper-evident audit log: listing and chain verification (admin, auditor). */
final class AuditRoutes {

  private final AuditLog audit;
  private final Blocking blocking;

  AuditRoutes(AuditLog audit, Blocking blocking) {
    this.audit = audit;
    this.blocking = blocking;
  }

  void register(RouteTable routes) {
    routes.secured(HttpMethod.GET, "/api/v1/audit", Access.AUDIT_READ, this::list);
    routes.secured(HttpMethod.GET, "/api/v1/audit/verify", Access.AUDIT_READ, this::verify);
  }

  private void list(RoutingContext ctx) {
    FieldErrors errors = new FieldErrors();
    QueryParams params = new QueryParams(ctx, errors);
    String actor = params.text("actor");
    String action = params.text("action");
    Instant from = params.instant("from");
    Instant to = params.instant("to");
    params.range(from, to);
    int limit = params.limit();
    String cursor = params.text("cursor");
    errors.throwIfAny();
    AuditQuery query = new AuditQuery(actor, action, from, to, limit, cursor);
    blocking.run(() -> audit.list(query))
        .onSuccess(page -> Replies.json(ctx, 200, JsonViews.page(page, JsonViews::audit)))
        .onFailure(ctx::fail);
  }

  private void verify(RoutingContext ctx) {
    blocking.run(audit::verify)
        .onSuccess(v -> Replies.json(ctx, 200, new JsonObject()
            .put("valid", v.valid())
            .put("entries", v.entries())
            .put("head", v.head())
            .put("firstBadSeq", v.firstBadSeq())))
        .onFailure(ctx::fail);
  }
}
