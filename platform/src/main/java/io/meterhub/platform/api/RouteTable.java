package io.meterhub.platform.api;

import io.meterhub.platform.auth.Role;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/**
 * The one way routes are added: each route declares who may call it, gets its path template recorded for metrics,
 * and, when it takes a body, a Content-Type check (415).
 */
final class RouteTable {

  /** Context key holding the path template of the matched route (bounded metric tag values). */
  static final String ROUTE_KEY = "meterhub.route";

  private final Router router;
  private final Access access;

  RouteTable(Router router, Access access) {
    this.router = router;
    this.access = access;
  }

  /** A route anyone may call. */
  void open(HttpMethod method, String path, Handler<RoutingContext> handler) {
    Route route = start(method, path);
    if (takesBody(method)) {
      route.handler(RouteTable::requireJson);
    }
    route.handler(handler);
  }

  /** A route for callers with a valid bearer token holding one of {@code roles}. */
  void secured(HttpMethod method, String path, Set<Role> roles, Handler<RoutingContext> handler) {
    Route route = start(method, path).handler(access.authenticate()).handler(Access.require(roles));
    if (takesBody(method)) {
      route.handler(RouteTable::requireJson);
    }
    route.handler(handler);
  }

  private Route start(HttpMethod method, String path) {
    return router.route(method, path).handler(ctx -> {
      ctx.put(ROUTE_KEY, path);
      ctx.next();
    });
  }

  private static boolean takesBody(HttpMethod method) {
    return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
  }

  private static void requireJson(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!media.equals("application/json")) {
      ctx.fail(new ApiException(415, "Content-Type must be application/json"));
      return;
    }
    ctx.next();
  }
}
