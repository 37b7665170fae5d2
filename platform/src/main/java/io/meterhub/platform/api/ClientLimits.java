package io.meterhub.platform.api;

import io.meterhub.platform.auth.Principal;
import io.meterhub.platform.security.RateLimiter;
import io.meterhub.platform.security.RateLimits;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;

/**
 * Per-client rate limits (OWASP API4/API6) on the token endpoint, top-ups and relay commands: the client is the
 * authenticated user where there is one, else the remote address. Refusals are 429 problems with Retry-After.
 */
final class ClientLimits {

  private ClientLimits() {}

  static void declare(RouteTable routes, RateLimits limits, Clock clock) {
    if (limits.tokenPerMinute() > 0) {
      Handler<RoutingContext> token =
          handler(new RateLimiter("login", limits.tokenPerMinute(), Duration.ofMinutes(1), clock));
      routes.limit(HttpMethod.POST, "/api/v1/auth/token", token);
    }
    if (limits.topUpsPerSecond() > 0) {
      Handler<RoutingContext> topUps =
          handler(new RateLimiter("top-up", limits.topUpsPerSecond(), Duration.ofSeconds(1), clock));
      routes.limit(HttpMethod.POST, "/api/v1/accounts/:id/topups", topUps);
    }
    if (limits.relayPerSecond() > 0) {
      // One budget for single relay commands and batches: a batch costs one token like a single command.
      Handler<RoutingContext> relay =
          handler(new RateLimiter("relay command", limits.relayPerSecond(), Duration.ofSeconds(1), clock));
      routes.limit(HttpMethod.POST, "/api/v1/meters/:id/relay", relay);
      routes.limit(HttpMethod.POST, "/api/v1/relay-batches", relay);
    }
  }

  private static Handler<RoutingContext> handler(RateLimiter limiter) {
    return ctx -> {
      limiter.acquire(client(ctx));
      ctx.next();
    };
  }

  /** The authenticated user, else the remote address (the balancer's own address when there is one in front). */
  static String client(RoutingContext ctx) {
    Principal principal = Access.principalIfAny(ctx);
    if (principal != null) {
      return "user:" + principal.username();
    }
    SocketAddress remote = ctx.request().remoteAddress();
    return "address:" + (remote == null ? "unknown" : remote.hostAddress());
  }
}
