package io.meterhub.platform.api;

import io.meterhub.platform.auth.Role;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one way routes are added: each route declares who may call it, gets its path template recorded for metrics,
 * its rate limit (if one was declared with {@link #limit}, checked once the caller is known) and, when it takes a
 * body, a Content-Type check (415).
 */
final class RouteTable {

  /** Context key holding the path template of the matched route (bounded metric tag values). */
  static final String ROUTE_KEY = "meterhub.route";

  private final Router router;
  private final Access access;
  private final Map<String, Handler<RoutingContext>> limits = new HashMap<>();

  RouteTable(Router router, Access access) {
    this.router = router;
    this.access = access;
  }

  /** Declares the rate limit of a route; must come before the route is added. */
  void limit(HttpMethod method, String path, Handler<RoutingContext> limiter) {
    limits.put(method.name() + " " + path, limiter);
  }

  private void addLimit(Route route, HttpMethod method, String path) {
    Handler<RoutingContext> limiter = limits.get(method.name() + " " + path);
    if (limiter != null) {
      route.handler(limiter);
    }
  }

  /** A route anyone may call. */
  void open(HttpMethod method, String path, Handler<RoutingContext> handler) {
    Route route = start(method, path);
    addLimit(route, method, path);
    if (takesBody(method)) {
      route.handler(RouteTable::requireJson);
    }
    route.handler(handler);
  }

  /** A route for callers with a valid bearer token holding one of {@code roles}. */
  void secured(HttpMethod method, String path, Set<Role> roles, Handler<RoutingContext> handler) {
    Route route = start(method, path).handler(access.authenticate()).handler(Access.require(roles));
    addLimit(route, method, path);
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
