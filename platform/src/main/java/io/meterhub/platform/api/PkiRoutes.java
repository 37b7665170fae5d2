package io.meterhub.platform.api;

import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.pki.DeviceCertificates;
import io.meterhub.platform.pki.ProvisionedCredentials;
import io.meterhub.platform.pki.Revocation;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * Device PKI: the CA certificate, certificates from CSRs, generated credentials, revocation. Without a PKI service
 * (an API built without one) the routes answer 503.
 */
final class PkiRoutes {

  private final DeviceCertificates pki;
  private final Blocking blocking;

  PkiRoutes(DeviceCertificates pki, Blocking blocking) {
    this.pki = pki;
    this.blocking = blocking;
  }

  void register(RouteTable routes) {
    routes.open(HttpMethod.GET, "/api/v1/pki/ca", available(this::ca));
    routes.secured(HttpMethod.POST, "/api/v1/pki/csr", Access.ADMIN, available(this::csr));
    routes.secured(HttpMethod.POST, "/api/v1/pki/revocations", Access.ADMIN, available(this::revoke));
    routes.secured(HttpMethod.POST, "/api/v1/meters/:id/credentials", Access.ADMIN, available(this::provision));
  }

  private Handler<RoutingContext> available(Handler<RoutingContext> handler) {
    return ctx -> {
      if (pki == null) {
        ctx.fail(new ApiException(503, "The device PKI is not configured on this node"));
      } else {
        handler.handle(ctx);
      }
    };
  }

  private void ca(RoutingContext ctx) {
    Replies.json(ctx, 200, new JsonObject().put("certificate", pki.caCertificatePem()));
  }

  private void csr(RoutingContext ctx) {
    FieldErrors errors = new FieldErrors();
    JsonInput body = JsonInput.body(ctx, errors).allowOnly(Set.of("csr"));
    String csr = body.string("csr", true);
    errors.throwIfAny();
    String actor = Access.principal(ctx).username();
    blocking.run(() -> pki.signRequest(actor, csr))
        .onSuccess(issued -> Replies.json(ctx, 201, new JsonObject()
            .put("serial", issued.serial())
            .put("meterId", issued.meterId())
            .put("notAfter", issued.notAfter().toString())
            .put("certificate", issued.certificatePem())))
        .onFailure(ctx::fail);
  }

  private void provision(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    FieldErrors errors = new FieldErrors();
    JsonInput body = JsonInput.body(ctx, errors).allowOnly(Set.of("mode"));
    String mode = body.string("mode", false);
    errors.throwIfAny();
    String actor = Access.principal(ctx).username();
    blocking.run(() -> pki.provision(actor, id, mode))
        .onSuccess(result -> result.ifPresentOrElse(
            credentials -> {
              // the private key is in this answer only: no cache may keep it
              ctx.response().putHeader("Cache-Control", "no-store");
              Replies.json(ctx, 201, credentials(credentials));
            },
            () -> ctx.fail(ApiException.notFound("Meter not found"))))
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    FieldErrors errors = new FieldErrors();
    JsonInput body = JsonInput.body(ctx, errors).allowOnly(Set.of("serial", "meterId", "reason"));
    String serial = body.string("serial", false);
    String meterId = body.string("meterId", false);
    String reason = body.string("reason", true);
    errors.throwIfAny();
    String actor = Access.principal(ctx).username();
    blocking.run(() -> pki.revoke(actor, serial, meterId, reason))
        .onSuccess(revoked -> {
          if (revoked.isEmpty()) {
            ctx.fail(ApiException.notFound("The meter has no unrevoked certificate issued by the platform"));
          } else {
            Replies.json(ctx, 201, new JsonObject().put("items", revocations(revoked)));
          }
        })
        .onFailure(ctx::fail);
  }

  private static JsonObject credentials(ProvisionedCredentials c) {
    return new JsonObject()
        .put("meterId", c.meterId())
        .put("mode", c.mode())
        .put("privateKey", c.privateKeyPem())
        .put("certificate", c.certificatePem())
        .put("serial", c.serial())
        .put("notAfter", c.notAfter() == null ? null : c.notAfter().toString())
        .put("publicKey", c.publicKeyBase64())
        .put("serverPublicKey", c.serverPublicKeyBase64())
        .put("serverCertificate", c.serverCertificatePem())
        .put("caCertificate", c.caCertificatePem());
  }

  private static JsonArray revocations(List<Revocation> revoked) {
    JsonArray items = new JsonArray();
    for (Revocation r : revoked) {
      items.add(new JsonObject()
          .put("serial", r.serial())
          .put("meterId", r.meterId())
          .put("reason", r.reason())
          .put("revokedAt", r.revokedAt().toString()));
    }
    return items;
  }
}
