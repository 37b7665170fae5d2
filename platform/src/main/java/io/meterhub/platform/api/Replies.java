package io.meterhub.platform.api;

import io.meterhub.platform.store.Durability;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Successful responses. Each waits until what the node committed before it is durable (see {@link #durableWith}):
 * a client is never told of a change, nor shown data, that a crash of the node could take back.
 */
final class Replies {

  static final String JSON = "application/json; charset=utf-8";

  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);
  private static final String DURABILITY_KEY = "meterhub.durability";

  private Replies() {}

  /** The handler that makes every reply of the requests it sees wait for {@code durability}. */
  static Handler<RoutingContext> durableWith(Durability durability) {
    return ctx -> {
      ctx.put(DURABILITY_KEY, durability);
      ctx.next();
    };
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    whenDurable(ctx, () -> ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body.encode()));
  }

  static void noContent(RoutingContext ctx) {
    whenDurable(ctx, () -> ctx.response().setStatusCode(204).end());
  }

  private static void whenDurable(RoutingContext ctx, Runnable reply) {
    Durability durability = ctx.get(DURABILITY_KEY);
    if (durability == null) {
      reply.run();
      return;
    }
    Future.fromCompletionStage(durability.committed(), ctx.vertx().getOrCreateContext())
        .onSuccess(flushed -> reply.run())
        .onFailure(e -> {
          LOG.error("Could not make {} {} durable: {}", ctx.request().method(), ctx.get(RouteTable.ROUTE_KEY),
              e.getMessage());
          ctx.fail(new ApiException(503, "The node could not confirm that its data is stored; retry the"
              + " request (a top-up with the same Idempotency-Key)"));
        });
  }
}
