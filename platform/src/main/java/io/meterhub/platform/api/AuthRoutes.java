package io.meterhub.platform.api;

import io.meterhub.platform.auth.AuthService;
import io.meterhub.platform.auth.Principal;
import io.meterhub.platform.auth.Role;
import io.meterhub.platform.common.FieldErrors;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** {@code POST /api/v1/auth/token}: password login for a bearer token; {@code GET /api/v1/auth/me}: who am I. */
final class AuthRoutes {

  private final AuthService auth;
  private final Blocking blocking;

  AuthRoutes(AuthService auth, Blocking blocking) {
    this.auth = auth;
    this.blocking = blocking;
  }

  void register(RouteTable routes) {
    routes.open(HttpMethod.POST, "/api/v1/auth/token", this::token);
    routes.secured(HttpMethod.GET, "/api/v1/auth/me", Access.ANY, AuthRoutes::me);
  }

  private static void me(RoutingContext ctx) {
    Principal principal = Access.principal(ctx);
    Replies.json(ctx, 200, new JsonObject()
        .put("username", principal.username())
        .put("roles", new JsonArray(principal.roles().stream().map(Role::apiName).sorted().toList())));
  }

  private void token(RoutingContext ctx) {
    FieldErrors errors = new FieldErrors();
    JsonInput body = JsonInput.body(ctx, errors).allowOnly(Set.of("username", "password"));
    String username = body.string("username", true);
    String password = body.string("password", true);
    errors.throwIfAny();
    blocking.run(() -> auth.login(username, password))
        .onSuccess(token -> {
          if (token.isEmpty()) {
            ctx.fail(ApiException.unauthorized("Invalid username or password"));
            return;
          }
          Replies.json(ctx, 200, new JsonObject()
              .put("access_token", token.get().accessToken())
              .put("token_type", "Bearer")
              .put("expires_in", token.get().expiresInSeconds()));
        })
        .onFailure(ctx::fail);
  }
}
