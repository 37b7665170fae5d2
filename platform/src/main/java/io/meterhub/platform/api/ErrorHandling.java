package io.meterhub.platform.api;

import io.meterhub.platform.common.ConflictException;
import io.meterhub.platform.common.FieldError;
import io.meterhub.platform.common.RateLimitedException;
import io.meterhub.platform.common.ValidationException;
import io.meterhub.platform.store.InvalidCursorException;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps every failure, and every request no route serves, to a problem document. */
final class ErrorHandling {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandling.class);

  private ErrorHandling() {}

  static void install(Router router) {
    router.route().failureHandler(ErrorHandling::failure);
    router.errorHandler(404, ctx -> Problems.send(ctx.response(), 404, "No resource at this path", null));
    router.errorHandler(405, ctx -> Problems.send(ctx.response(), 405, "Method not allowed on this path", null));
    router.errorHandler(413, ctx -> Problems.send(ctx.response(), 413, "Request body too large", null));
    router.errorHandler(415, ctx -> Problems.send(ctx.response(), 415, "Content-Type must be application/json", null));
    router.errorHandler(500, ErrorHandling::failure);
  }

  static void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ValidationException e) {
      Problems.send(ctx.response(), 400, e.getMessage(), e.errors());
    } else if (failure instanceof ApiException e) {
      Problems.send(ctx.response(), e.status(), e.getMessage(), null);
    } else if (failure instanceof ConflictException e) {
      Problems.send(ctx.response(), 409, e.getMessage(), null);
    } else if (failure instanceof RateLimitedException e) {
      ctx.response().putHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
      Problems.send(ctx.response(), 429, e.getMessage(), null);
    } else if (failure instanceof InvalidCursorException) {
      // Only the store can tell that a well-formed cursor points nowhere it issued: still the client's input.
      Problems.send(ctx.response(), 400, "Invalid request",
          List.of(new FieldError("cursor", "is not a valid cursor")));
    } else if (failure instanceof DecodeException) {
      Problems.send(ctx.response(), 400, "Malformed JSON", null);
    } else if (failure instanceof HttpException e && e.getStatusCode() < 500) {
      Problems.send(ctx.response(), e.getStatusCode(), statusDetail(e.getStatusCode()), null);
    } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      Problems.send(ctx.response(), ctx.statusCode(), statusDetail(ctx.statusCode()), null);
    } else {
      String route = ctx.get(RouteTable.ROUTE_KEY);
      LOG.error("Request {} {} failed", ctx.request().method(), route == null ? "(unmatched)" : route, failure);
      Problems.send(ctx.response(), 500, "The server could not process the request", null);
    }
  }

  private static String statusDetail(int status) {
    switch (status) {
      case 413:
        return "Request body too large";
      case 415:
        return "Content-Type must be application/json";
      case 404:
        return "No resource at this path";
      case 405:
        return "Method not allowed on this path";
      default:
        return "The request could not be processed";
    }
  }
}
