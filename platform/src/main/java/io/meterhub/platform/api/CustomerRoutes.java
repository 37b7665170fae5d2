package io.meterhub.platform.api;

import io.meterhub.platform.auth.Principal;
import io.meterhub.platform.auth.Role;
import io.meterhub.platform.common.ConflictException;
import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.customer.Customer;
import io.meterhub.platform.customer.CustomerPatch;
import io.meterhub.platform.customer.CustomerService;
import io.meterhub.platform.customer.CustomerSummary;
import io.meterhub.platform.customer.PersonalData;
import io.meterhub.platform.customer.ProtectionReason;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The customer vault. Personal fields are served only to admin and support, and only with a {@code reason} (audited);
 * operators get the pseudonymous reference, the protection flag and the linked meters; payments and auditor nothing.
 */
final class CustomerRoutes {

  static final Set<Role> PERSONAL = EnumSet.of(Role.ADMIN, Role.SUPPORT);
  static final Set<Role> READ = EnumSet.of(Role.ADMIN, Role.SUPPORT, Role.OPERATOR);
  static final Set<Role> LINK = EnumSet.of(Role.ADMIN, Role.SUPPORT, Role.OPERATOR);
  private static final Set<String> FIELDS = Set.of("id", "name", "address", "phone", "email", "protectedReasons");

  private final CustomerService customers;
  private final Blocking blocking;

  CustomerRoutes(CustomerService customers, Blocking blocking) {
    this.customers = customers;
    this.blocking = blocking;
  }

  void register(RouteTable routes) {
    routes.secured(HttpMethod.POST, "/api/v1/customers/key-rotation", Access.ADMIN, this::rotate);
    routes.secured(HttpMethod.POST, "/api/v1/customers", PERSONAL, this::create);
    routes.secured(HttpMethod.GET, "/api/v1/customers", READ, this::list);
    routes.secured(HttpMethod.GET, "/api/v1/customers/:id", READ, this::get);
    routes.secured(HttpMethod.PATCH, "/api/v1/customers/:id", PERSONAL, this::patch);
    routes.secured(HttpMethod.PUT, "/api/v1/customers/:id/meters/:meterId", LINK, this::link);
    routes.secured(HttpMethod.DELETE, "/api/v1/customers/:id/meters/:meterId", LINK, this::unlink);
  }

  private void create(RoutingContext ctx) {
    FieldErrors errors = new FieldErrors();
    JsonInput body = JsonInput.body(ctx, errors).allowOnly(FIELDS);
    String id = body.string("id", false);
    String name = body.string("name", true);
    PersonalData personal =
        name == null
            ? null
            : new PersonalData(name, body.string("address", false), body.string("phone", false),
                body.string("email", false), reasons(body, errors));
    errors.throwIfAny();
    String actor = Access.principal(ctx).username();
    blocking.run(() -> customers.create(actor, id, personal))
        .onSuccess(created -> {
          ctx.response().putHeader("Location", "/api/v1/customers/" + created.id());
          Replies.json(ctx, 201, summary(created).put("id", created.id()));
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Principal principal = Access.principal(ctx);
    if (principal.hasAny(PERSONAL)) {
      String reason = reason(ctx);
      blocking.run(() -> customers.readPersonal(principal.username(), id, reason))
          .onSuccess(found -> found.ifPresentOrElse(
              c -> Replies.json(ctx, 200, personal(c)),
              () -> ctx.fail(ApiException.notFound("Customer not found"))))
          .onFailure(ctx::fail);
    } else {
      blocking.run(() -> customers.summary(id))
          .onSuccess(found -> found.ifPresentOrElse(
              s -> Replies.json(ctx, 200, summary(s)),
              () -> ctx.fail(ApiException.notFound("Customer not found"))))
          .onFailure(ctx::fail);
    }
  }

  private void list(RoutingContext ctx) {
    FieldErrors errors = new FieldErrors();
    QueryParams query = new QueryParams(ctx, errors);
    int limit = query.limit();
    String cursor = query.text("cursor");
    String reason = query.text("reason");
    errors.throwIfAny();
    Principal principal = Access.principal(ctx);
    if (principal.hasAny(PERSONAL)) {
      if (reason == null || reason.isBlank()) {
        throw ApiException.badRequest("A reason query parameter is required to read personal data");
      }
      blocking.run(() -> customers.listPersonal(principal.username(), limit, cursor, reason))
          .onSuccess(page -> Replies.json(ctx, 200, JsonViews.page(page, CustomerRoutes::personal)))
          .onFailure(ctx::fail);
    } else {
      blocking.run(() -> customers.summaries(limit, cursor))
          .onSuccess(page -> Replies.json(ctx, 200, JsonViews.page(page, CustomerRoutes::summary)))
          .onFailure(ctx::fail);
    }
  }

  private void patch(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    FieldErrors errors = new FieldErrors();
    JsonInput body = JsonInput.body(ctx, errors).allowOnly(Set.of("name", "address", "phone", "email",
        "protectedReasons"));
    CustomerPatch patch = new CustomerPatch(body.string("name", false), body.string("address", false),
        body.string("phone", false), body.string("email", false),
        body.has("protectedReasons") ? reasons(body, errors) : null);
    errors.throwIfAny();
    String actor = Access.principal(ctx).username();
    blocking.run(() -> customers.update(actor, id, patch))
        .onSuccess(found -> found.ifPresentOrElse(
            s -> Replies.json(ctx, 200, summary(s).put("id", s.id())),
            () -> ctx.fail(ApiException.notFound("Customer not found"))))
        .onFailure(ctx::fail);
  }

  private void link(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String meterId = ctx.pathParam("meterId");
    String actor = Access.principal(ctx).username();
    blocking.run(() -> customers.link(actor, id, meterId))
        .onSuccess(outcome -> {
          switch (outcome) {
            case LINKED, ALREADY_LINKED -> Replies.json(ctx, 200,
                new JsonObject().put("meterId", meterId).put("linked", true));
            case CUSTOMER_NOT_FOUND -> ctx.fail(ApiException.notFound("Customer not found"));
            case METER_NOT_FOUND -> ctx.fail(ApiException.notFound("Meter not found"));
            case LINKED_TO_ANOTHER_CUSTOMER ->
                ctx.fail(new ConflictException("The meter is linked to another customer"));
          }
        })
        .onFailure(ctx::fail);
  }

  private void unlink(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String meterId = ctx.pathParam("meterId");
    String actor = Access.principal(ctx).username();
    blocking.run(() -> customers.unlink(actor, id, meterId))
        .onSuccess(removed -> {
          if (removed) {
            Replies.noContent(ctx);
          } else {
            ctx.fail(ApiException.notFound("The meter is not linked to this customer"));
          }
        })
        .onFailure(ctx::fail);
  }

  private void rotate(RoutingContext ctx) {
    String actor = Access.principal(ctx).username();
    blocking.run(() -> customers.rotateKeys(actor))
        .onSuccess(r -> Replies.json(ctx, 200, new JsonObject()
            .put("dataKeyId", r.dataKeyId())
            .put("kekId", r.kekId())
            .put("customersReencrypted", r.customersReencrypted())
            .put("dataKeysRetired", r.dataKeysRetired())))
        .onFailure(ctx::fail);
  }

  private static String reason(RoutingContext ctx) {
    FieldErrors errors = new FieldErrors();
    String reason = new QueryParams(ctx, errors).text("reason");
    errors.throwIfAny();
    if (reason == null || reason.isBlank()) {
      throw ApiException.badRequest("A reason query parameter is required to read personal data");
    }
    return reason;
  }

  private static List<ProtectionReason> reasons(JsonInput body, FieldErrors errors) {
    List<String> codes = body.strings("protectedReasons", false);
    if (codes == null) {
      return List.of();
    }
    List<ProtectionReason> out = new ArrayList<>();
    for (int i = 0; i < codes.size(); i++) {
      int index = i;
      ProtectionReason.fromApiName(codes.get(i)).ifPresentOrElse(out::add,
          () -> errors.add("protectedReasons[" + index + "]", "must be one of " + codes()));
    }
    return out;
  }

  private static List<String> codes() {
    return java.util.Arrays.stream(ProtectionReason.values()).map(ProtectionReason::apiName).toList();
  }

  /** The pseudonymous view: no id, no personal field. */
  static JsonObject summary(CustomerSummary s) {
    return new JsonObject()
        .put("ref", s.ref())
        .put("protected", s.protectedCustomer())
        .put("meters", new JsonArray(s.meters()))
        .put("createdAt", JsonViews.time(s.createdAt()))
        .put("updatedAt", JsonViews.time(s.updatedAt()));
  }

  static JsonObject personal(Customer c) {
    PersonalData p = c.personal();
    return summary(c.summary())
        .put("id", c.id())
        .put("name", p.name())
        .put("address", p.address())
        .put("phone", p.phone())
        .put("email", p.email())
        .put("protectedReasons", new JsonArray(p.protectedReasons().stream().map(ProtectionReason::apiName)
            .toList()));
  }
}
