package io.meterhub.platform.api;

import io.meterhub.platform.auth.AuthService;
import io.meterhub.platform.auth.User;
import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.store.Page;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/** User management (admin only). */
final class UserRoutes {

  private final AuthService auth;
  private final Blocking blocking;

  UserRoutes(AuthService auth, Blocking blocking) {
    this.auth = auth;
    this.blocking = blocking;
  }

  void register(RouteTable routes) {
    routes.secured(HttpMethod.POST, "/api/v1/users", Access.ADMIN, this::create);
    routes.secured(HttpMethod.GET, "/api/v1/users", Access.ADMIN, this::list);
  }

  private void create(RoutingContext ctx) {
    FieldErrors errors = new FieldErrors();
    JsonInput body = JsonInput.body(ctx, errors).allowOnly(Set.of("username", "password", "roles"));
    String username = body.string("username", true);
    String password = body.string("password", true);
    List<String> roles = body.strings("roles", true);
    errors.throwIfAny();
    String actor = Access.principal(ctx).username();
    blocking.run(() -> auth.createUser(actor, username, password, roles))
        .onSuccess(user -> Replies.json(ctx, 201, JsonViews.user(user)))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    blocking.run(auth::listUsers)
        .onSuccess(users -> Replies.json(ctx, 200, JsonViews.page(new Page<User>(users, null), JsonViews::user)))
        .onFailure(ctx::fail);
  }
}
