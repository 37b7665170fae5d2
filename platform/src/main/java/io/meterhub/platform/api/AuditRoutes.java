package io.meterhub.platform.api;

import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.audit.AuditQuery;
import io.meterhub.platform.audit.AuditTree;
import io.meterhub.platform.audit.ProofJson;
import io.meterhub.platform.common.FieldErrors;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/**
 * The tamper-evident audit log: listing and chain verification, the signed Merkle tree head and inclusion proofs
 * (admin, auditor); the public key that verifies tree heads is open to anyone.
 */
final class AuditRoutes {

  static final String PEM = "application/x-pem-file";

  private final AuditLog audit;
  private final AuditTree tree;
  private final Blocking blocking;

  /** {@code tree} may be null on an API without a Merkle tree: its routes then answer 503. */
  AuditRoutes(AuditLog audit, AuditTree tree, Blocking blocking) {
    this.audit = audit;
    this.tree = tree;
    this.blocking = blocking;
  }

  void register(RouteTable routes) {
    routes.secured(HttpMethod.GET, "/api/v1/audit", Access.AUDIT_READ, this::list);
    routes.secured(HttpMethod.GET, "/api/v1/audit/verify", Access.AUDIT_READ, this::verify);
    routes.secured(HttpMethod.GET, "/api/v1/audit/root", Access.AUDIT_READ, this::root);
    routes.open(HttpMethod.GET, "/api/v1/audit/public-key", this::publicKey);
    routes.secured(HttpMethod.GET, "/api/v1/audit/:seq/proof", Access.AUDIT_READ, this::proof);
  }

  private AuditTree tree() {
    if (tree == null) {
      throw new ApiException(503, "The signed audit tree is not available on this node");
    }
    return tree;
  }

  private void root(RoutingContext ctx) {
    AuditTree t = tree();
    blocking.run(t::latest)
        .onSuccess(head -> {
          if (head.isEmpty()) {
            ctx.fail(new ApiException(503, "No signed tree head yet"));
            return;
          }
          Replies.json(ctx, 200, ProofJson.head(head.get()));
        })
        .onFailure(ctx::fail);
  }

  private void publicKey(RoutingContext ctx) {
    AuditTree t = tree();
    blocking.run(t::publicKeyPem)
        .onSuccess(pem -> ctx.response().setStatusCode(200).putHeader("Content-Type", PEM).end(pem))
        .onFailure(ctx::fail);
  }

  private void proof(RoutingContext ctx) {
    long seq;
    try {
      seq = Long.parseLong(ctx.pathParam("seq"));
    } catch (NumberFormatException e) {
      throw ApiException.notFound("No audit entry with this seq");
    }
    AuditTree t = tree();
    blocking.run(() -> t.proof(seq))
        .onSuccess(proof -> {
          if (proof.isEmpty()) {
            ctx.fail(ApiException.notFound("No audit entry with this seq in the signed tree"));
            return;
          }
          Replies.json(ctx, 200, ProofJson.proof(proof.get()));
        })
        .onFailure(ctx::fail);
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
