package io.meterhub.platform.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Successful responses. */
final class Replies {

  static final String JSON = "application/json; charset=utf-8";

  private Replies() {}

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body.encode());
  }

  static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }
}
