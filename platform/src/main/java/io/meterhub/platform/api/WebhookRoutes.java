package io.meterhub.platform.api;

import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.event.Webhook;
import io.meterhub.platform.event.WebhookDelivery;
import io.meterhub.platform.event.WebhookService;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/** Webhook subscriptions and their delivery logs (admin only). The secret is write-only. */
final class WebhookRoutes {

  private final WebhookService webhooks;
  private final Blocking blocking;

  WebhookRoutes(WebhookService webhooks, Blocking blocking) {
    this.webhooks = webhooks;
    this.blocking = blocking;
  }

  void register(RouteTable routes) {
    routes.secured(HttpMethod.POST, "/api/v1/webhooks", Access.ADMIN, this::create);
    routes.secured(HttpMethod.GET, "/api/v1/webhooks", Access.ADMIN, this::list);
    routes.secured(HttpMethod.DELETE, "/api/v1/webhooks/:id", Access.ADMIN, this::delete);
    routes.secured(HttpMethod.GET, "/api/v1/webhooks/:id/deliveries", Access.ADMIN, this::deliveries);
  }

  private void create(RoutingContext ctx) {
    FieldErrors errors = new FieldErrors();
    JsonInput body = JsonInput.body(ctx, errors).allowOnly(Set.of("url", "eventTypes", "secret"));
    String url = body.string("url", true);
    List<String> types = body.strings("eventTypes", true);
    String secret = body.string("secret", true);
    errors.throwIfAny();
    String actor = Access.principal(ctx).username();
    blocking.run(() -> webhooks.create(actor, url, types, secret))
        .onSuccess(hook -> {
          ctx.response().putHeader("Location", "/api/v1/webhooks/" + hook.id());
          Replies.json(ctx, 201, view(hook));
        })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    blocking.run(webhooks::list)
        .onSuccess(hooks -> {
          JsonArray items = new JsonArray();
          hooks.forEach(h -> items.add(view(h)));
          Replies.json(ctx, 200, new JsonObject().put("items", items).putNull("next"));
        })
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String actor = Access.principal(ctx).username();
    blocking.run(() -> webhooks.delete(actor, id))
        .onSuccess(deleted -> {
          if (deleted) {
            Replies.noContent(ctx);
          } else {
            ctx.fail(ApiException.notFound("Webhook not found"));
          }
        })
        .onFailure(ctx::fail);
  }

  private void deliveries(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    FieldErrors errors = new FieldErrors();
    QueryParams query = new QueryParams(ctx, errors);
    int limit = query.limit();
    String cursor = query.text("cursor");
    errors.throwIfAny();
    blocking.run(() -> webhooks.deliveries(id, limit, cursor))
        .onSuccess(page -> page.ifPresentOrElse(p -> Replies.json(ctx, 200, JsonViews.page(p, WebhookRoutes::view)),
            () -> ctx.fail(ApiException.notFound("Webhook not found"))))
        .onFailure(e -> AlarmRoutes.failCursor(ctx, e));
  }

  private static JsonObject view(Webhook h) {
    return new JsonObject()
        .put("id", h.id())
        .put("url", h.url())
        .put("eventTypes", new JsonArray(h.eventTypes()))
        .put("createdBy", h.createdBy())
        .put("createdAt", JsonViews.time(h.createdAt()));
  }

  private static JsonObject view(WebhookDelivery d) {
    Object payload;
    try {
      payload = new JsonObject(d.payload());
    } catch (RuntimeException e) {
      payload = d.payload();
    }
    return new JsonObject()
        .put("id", Long.toString(d.id()))
        .put("kind", d.kind())
        .put("status", d.status())
        .put("attempts", d.attempts())
        .put("responseCode", d.responseCode())
        .put("lastError", d.lastError())
        .put("createdAt", JsonViews.time(d.createdAt()))
        .put("updatedAt", JsonViews.time(d.updatedAt()))
        .put("payload", payload);
  }
}
