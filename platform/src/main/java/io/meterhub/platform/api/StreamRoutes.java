package io.meterhub.platform.api;

import io.meterhub.platform.auth.AuthService;
import io.meterhub.platform.auth.Principal;
import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.event.StreamPublisher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live stream: server-sent events of new meter events, alarm changes and outage changes of the whole cluster
 * ({@link StreamPublisher} relays every node's messages to each node's local Vert.x event bus), fanned out from the
 * local bus ({@link StreamPublisher#ADDRESS}). Authentication: {@code Authorization: Bearer} or a
 * single-use {@code ?ticket=} from {@code POST /api/v1/stream/ticket} (for EventSource, which cannot set headers).
 * Bearer tokens are deliberately not accepted in the URL. Meter-related messages reach only roles that may read
 * meters (payments sees none).
 */
final class StreamRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(StreamRoutes.class);
  static final long PING_MILLIS = 15_000;

  private final Vertx vertx;
  private final AuthService auth;
  private final StreamTickets tickets;
  private final Blocking blocking;

  StreamRoutes(Vertx vertx, AuthService auth, StreamTickets tickets, Blocking blocking) {
    this.vertx = vertx;
    this.auth = auth;
    this.tickets = tickets;
    this.blocking = blocking;
  }

  void register(RouteTable routes) {
    routes.secured(HttpMethod.POST, "/api/v1/stream/ticket", java.util.EnumSet.allOf(
        io.meterhub.platform.auth.Role.class), this::ticket);
    routes.open(HttpMethod.GET, "/api/v1/stream", this::stream);
  }

  private void ticket(RoutingContext ctx) {
    Principal principal = Access.principal(ctx);
    blocking.run(() -> tickets.issue(principal))
        .onSuccess(t -> Replies.json(ctx, 201,
            new JsonObject().put("ticket", t).put("expires_in", StreamTickets.TTL.toSeconds())))
        .onFailure(ctx::fail);
  }

  private void stream(RoutingContext ctx) {
    FieldErrors errors = new FieldErrors();
    String ticket = new QueryParams(ctx, errors).text("ticket");
    errors.throwIfAny();
    if (ctx.queryParams().contains("access_token")) {
      throw ApiException.badRequest("Tokens are not accepted in the URL; use a stream ticket");
    }
    String header = ctx.request().getHeader("Authorization");
    Future<Optional<Principal>> who;
    if (header != null && header.length() > 7 && header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      String token = header.substring(7).trim();
      who = blocking.run(() -> auth.authenticate(token));
    } else if (ticket != null) {
      who = blocking.run(() -> tickets.redeem(ticket));
    } else {
      throw ApiException.unauthorized("A bearer token or a stream ticket is required");
    }
    who.onSuccess(principal -> principal.ifPresentOrElse(p -> open(ctx, p),
            () -> ctx.fail(ApiException.unauthorized("The token or ticket is invalid, used or expired"))))
        .onFailure(ctx::fail);
  }

  private void open(RoutingContext ctx, Principal principal) {
    boolean meterData = principal.hasAny(Access.METER_READ);
    HttpServerResponse response = ctx.response();
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    MessageConsumer<JsonObject> consumer = vertx.eventBus().localConsumer(StreamPublisher.ADDRESS, message -> {
      JsonObject body = message.body();
      if ("meter".equals(body.getString("category")) && !meterData) {
        return;
      }
      if (response.writeQueueFull()) {
        LOG.debug("closing the stream of a client that does not keep up");
        response.reset();
        return;
      }
      response.write("event: " + body.getString("kind") + "\ndata: " + body.encode() + "\n\n");
    });
    long timer = vertx.setPeriodic(PING_MILLIS, id -> {
      if (!response.closed() && !response.ended()) {
        response.write(": ping\n\n");
      }
    });
    Runnable cleanup = () -> {
      consumer.unregister();
      vertx.cancelTimer(timer);
    };
    response.closeHandler(v -> cleanup.run());
    response.endHandler(v -> cleanup.run());
    // Tell the client only once the consumer is registered, so nothing published afterwards is missed.
    consumer.completion().onComplete(done -> response.write(": connected\n\n"));
  }
}
