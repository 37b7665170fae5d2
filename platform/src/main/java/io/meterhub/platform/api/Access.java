package io.meterhub.platform.api;

import io.meterhub.platform.auth.AuthService;
import io.meterhub.platform.auth.Principal;
import io.meterhub.platform.auth.Role;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Authentication by bearer token and role checks per route (function-level authorisation, OWASP API5). */
final class Access {

  private static final String PRINCIPAL = "meterhub.principal";

  /** Who may do what; see the role matrix in the OpenAPI document ({@code x-roles} per operation). */
  static final Set<Role> ANY = EnumSet.allOf(Role.class);
  static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);
  static final Set<Role> METER_READ = EnumSet.of(Role.ADMIN, Role.OPERATOR, Role.AUDITOR, Role.SUPPORT);
  static final Set<Role> METER_WRITE = EnumSet.of(Role.ADMIN, Role.OPERATOR);
  static final Set<Role> READINGS_READ = EnumSet.of(Role.ADMIN, Role.OPERATOR, Role.AUDITOR);
  static final Set<Role> AUDIT_READ = EnumSet.of(Role.ADMIN, Role.AUDITOR);

  private final AuthService auth;
  private final Blocking blocking;

  Access(AuthService auth, Blocking blocking) {
    this.auth = auth;
    this.blocking = blocking;
  }

  /** Resolves the bearer token to a principal, or fails with 401. */
  Handler<RoutingContext> authenticate() {
    return ctx -> {
      String header = ctx.request().getHeader("Authorization");
      if (header == null || header.length() < 8 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
        ctx.fail(ApiException.unauthorized("A bearer token is required"));
        return;
      }
      String token = header.substring(7).trim();
      blocking.run(() -> auth.authenticate(token)).onComplete(result -> {
        if (result.failed()) {
          ctx.fail(result.cause());
        } else if (result.result().isEmpty()) {
          ctx.fail(ApiException.unauthorized("The bearer token is invalid or expired"));
        } else {
          ctx.put(PRINCIPAL, result.result().get());
          ctx.next();
        }
      });
    };
  }

  /** Lets the request through only when the principal holds one of the roles, else 403. */
  static Handler<RoutingContext> require(Set<Role> allowed) {
    Set<Role> roles = Set.copyOf(allowed);
    return ctx -> {
      Principal principal = ctx.get(PRINCIPAL);
      if (principal == null) {
        ctx.fail(ApiException.unauthorized("A bearer token is required"));
      } else if (!principal.hasAny(roles)) {
        ctx.fail(ApiException.forbidden());
      } else {
        ctx.next();
      }
    };
  }

  /** The authenticated principal, or null on an open route. */
  static Principal principalIfAny(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  static Principal principal(RoutingContext ctx) {
    Principal principal = ctx.get(PRINCIPAL);
    if (principal == null) {
      throw new IllegalStateException("route without authentication asked for the principal");
    }
    return principal;
  }
}
