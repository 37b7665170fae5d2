package io.meterhub.platform.api;

import io.meterhub.platform.auth.Role;
import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.common.ValidationException;
import io.meterhub.platform.prepay.CreditPolicy;
import io.meterhub.platform.prepay.CreditState;
import io.meterhub.platform.prepay.NewAccount;
import io.meterhub.platform.prepay.PolicyCodec;
import io.meterhub.platform.prepay.PrepayExceptions;
import io.meterhub.platform.prepay.PrepayService;
import io.meterhub.platform.prepay.TopUpRequest;
import io.meterhub.platform.prepay.tariff.TariffCodec;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** Prepayment: tariffs, accounts, idempotent top-ups, ledger, reversals, reconciliation. */
final class PrepayRoutes {

  static final Set<Role> TARIFF_WRITE = EnumSet.of(Role.ADMIN, Role.OPERATOR);
  static final Set<Role> TARIFF_READ = EnumSet.of(Role.ADMIN, Role.OPERATOR, Role.AUDITOR, Role.PAYMENTS);
  static final Set<Role> ACCOUNT_WRITE = EnumSet.of(Role.ADMIN, Role.OPERATOR);
  static final Set<Role> ACCOUNT_READ =
      EnumSet.of(Role.ADMIN, Role.OPERATOR, Role.PAYMENTS, Role.AUDITOR, Role.SUPPORT);
  static final Set<Role> TOPUP = EnumSet.of(Role.ADMIN, Role.PAYMENTS);
  static final Set<Role> LEDGER_READ = EnumSet.of(Role.ADMIN, Role.OPERATOR, Role.AUDITOR, Role.SUPPORT);
  static final Set<Role> REVERSAL = EnumSet.of(Role.ADMIN);
  static final Set<Role> RECONCILIATION = EnumSet.of(Role.ADMIN, Role.AUDITOR);

  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");
  private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Set<String> ACCOUNT_FIELDS = Set.of("meterId", "tariffId", "currency", "policy", "debt");
  private static final java.util.List<String> CREDIT_STATES =
      java.util.Arrays.stream(CreditState.values()).map(CreditState::apiName).toList();
  private static final Set<String> TOPUP_FIELDS = Set.of("amount", "currency", "reference", "channel");

  private final PrepayService prepay;
  private final Blocking blocking;

  PrepayRoutes(PrepayService prepay, Blocking blocking) {
    this.prepay = prepay;
    this.blocking = blocking;
  }

  void register(RouteTable routes) {
    routes.secured(HttpMethod.POST, "/api/v1/tariffs", TARIFF_WRITE, this::createTariff);
    routes.secured(HttpMethod.GET, "/api/v1/tariffs", TARIFF_READ, this::listTariffs);
    routes.secured(HttpMethod.GET, "/api/v1/tariffs/:id", TARIFF_READ, this::getTariff);
    routes.secured(HttpMethod.POST, "/api/v1/tariffs/:id/versions", TARIFF_WRITE, this::addVersion);
    routes.secured(HttpMethod.POST, "/api/v1/accounts", ACCOUNT_WRITE, this::createAccount);
    routes.secured(HttpMethod.GET, "/api/v1/accounts", ACCOUNT_READ, this::listAccounts);
    routes.secured(HttpMethod.GET, "/api/v1/accounts/:id", ACCOUNT_READ, this::getAccount);
    routes.secured(HttpMethod.POST, "/api/v1/accounts/:id/topups", TOPUP, this::topUp);
    routes.secured(HttpMethod.GET, "/api/v1/accounts/:id/ledger", LEDGER_READ, this::ledger);
    routes.secured(HttpMethod.POST, "/api/v1/topups/:id/reversal", REVERSAL, this::reverse);
    routes.secured(HttpMethod.POST, "/api/v1/accounts/:id/adjustments", REVERSAL, this::adjust);
    routes.secured(HttpMethod.GET, "/api/v1/reconciliation", RECONCILIATION, this::reconcile);
  }

  private void createTariff(RoutingContext ctx) {
    JsonObject body = body(ctx);
    String actor = Access.principal(ctx).username();
    call(ctx, () -> prepay.createTariff(actor, body)).onSuccess(t -> {
      ctx.response().putHeader("Location", "/api/v1/tariffs/" + t.id());
      Replies.json(ctx, 201, TariffCodec.toJson(t));
    });
  }

  private void addVersion(RoutingContext ctx) {
    JsonObject body = body(ctx);
    String id = ctx.pathParam("id");
    String actor = Access.principal(ctx).username();
    call(ctx, () -> prepay.addTariffVersion(actor, id, body))
        .onSuccess(t -> Replies.json(ctx, 201, TariffCodec.toJson(t)));
  }

  private void listTariffs(RoutingContext ctx) {
    FieldErrors errors = new FieldErrors();
    QueryParams query = new QueryParams(ctx, errors);
    int limit = query.limit();
    String cursor = cursor(query.text("cursor"), errors);
    errors.throwIfAny();
    call(ctx, () -> prepay.tariffs(limit, cursor)).onSuccess(page ->
        Replies.json(ctx, 200, JsonViews.page(page, versions -> PrepayJson.tariff(versions, Instant.now()))));
  }

  private void getTariff(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    call(ctx, () -> prepay.tariff(id)).onSuccess(versions -> {
      if (versions.isEmpty()) {
        ctx.fail(ApiException.notFound("Tariff not found"));
      } else {
        Replies.json(ctx, 200, PrepayJson.tariff(versions, Instant.now()));
      }
    });
  }

  private void createAccount(RoutingContext ctx) {
    JsonObject body = body(ctx);
    FieldErrors errors = new FieldErrors();
    allowOnly(body, ACCOUNT_FIELDS, errors);
    String meterId = string(body, "meterId", 128, true, errors);
    String tariffId = string(body, "tariffId", 64, true, errors);
    String currency = TariffCodec.currency(string(body, "currency", 3, true, errors), "currency", errors);
    long debt = body.containsKey("debt") ? minor(body, "debt", errors) : 0;
    CreditPolicy defaults = prepay == null ? CreditPolicy.defaults() : prepay.config().defaultPolicy();
    Object policyJson = body.getValue("policy");
    if (body.containsKey("policy") && !(policyJson instanceof JsonObject)) {
      errors.add("policy", "must be an object");
    }
    CreditPolicy policy = PolicyCodec.parse(policyJson instanceof JsonObject o ? o : null, defaults, "policy.",
        errors);
    errors.throwIfAny();
    String actor = Access.principal(ctx).username();
    NewAccount request = new NewAccount(meterId, tariffId, currency, policy, debt);
    call(ctx, () -> prepay.openAccount(actor, request)).onSuccess(a -> {
      ctx.response().putHeader("Location", "/api/v1/accounts/" + a.id());
      Replies.json(ctx, 201, PrepayJson.account(a));
    });
  }

  private void listAccounts(RoutingContext ctx) {
    FieldErrors errors = new FieldErrors();
    QueryParams query = new QueryParams(ctx, errors);
    String meterId = query.text("meterId");
    CreditState state = query.oneOf("creditState", CREDIT_STATES, CreditState::valueOf);
    int limit = query.limit();
    String cursor = cursor(query.text("cursor"), errors);
    errors.throwIfAny();
    call(ctx, () -> prepay.accounts(meterId, state, limit, cursor))
        .onSuccess(page -> Replies.json(ctx, 200, JsonViews.page(page, PrepayJson::account)));
  }

  private void getAccount(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    call(ctx, () -> prepay.account(id)).onSuccess(account -> account.ifPresentOrElse(
        a -> Replies.json(ctx, 200, PrepayJson.account(a)),
        () -> ctx.fail(ApiException.notFound("Account not found"))));
  }

  private void topUp(RoutingContext ctx) {
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null || !KEY.matcher(key).matches()) {
      throw ApiException.badRequest("An Idempotency-Key header (1-200 visible ASCII characters) is required");
    }
    JsonObject body = body(ctx);
    FieldErrors errors = new FieldErrors();
    allowOnly(body, TOPUP_FIELDS, errors);
    long amount = 0;
    Object value = body.getValue("amount");
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() > 0) {
      amount = ((Number) value).longValue();
    } else {
      errors.add("amount", "must be a positive integer of minor units");
    }
    String currency = string(body, "currency", 3, true, errors);
    String reference = string(body, "reference", 128, false, errors);
    String channel = string(body, "channel", 64, false, errors);
    if (channel != null && !CHANNEL.matcher(channel).matches()) {
      errors.add("channel", "must be 1-64 letters, digits, '.', '_' or '-'");
    }
    errors.throwIfAny();
    String actor = Access.principal(ctx).username();
    String id = ctx.pathParam("id");
    TopUpRequest request = new TopUpRequest(amount, currency, reference, channel);
    call(ctx, () -> prepay.topUp(actor, id, key, request)).onSuccess(outcome -> {
      if (outcome.replayed()) {
        ctx.response().putHeader("Idempotency-Replayed", "true");
      }
      Replies.json(ctx, outcome.status(), outcome.receipt().toJson());
    });
  }

  private void ledger(RoutingContext ctx) {
    FieldErrors errors = new FieldErrors();
    QueryParams query = new QueryParams(ctx, errors);
    int limit = query.limit();
    String cursor = cursor(query.text("cursor"), errors);
    errors.throwIfAny();
    String id = ctx.pathParam("id");
    call(ctx, () -> prepay.ledger(id, limit, cursor))
        .onSuccess(page -> Replies.json(ctx, 200, JsonViews.page(page, PrepayJson::entry)));
  }

  private void reverse(RoutingContext ctx) {
    JsonObject body = body(ctx);
    FieldErrors errors = new FieldErrors();
    allowOnly(body, Set.of("reason"), errors);
    String reason = string(body, "reason", 256, true, errors);
    if (reason != null && reason.isBlank()) {
      errors.add("reason", "must not be blank");
    }
    errors.throwIfAny();
    String actor = Access.principal(ctx).username();
    String id = ctx.pathParam("id");
    call(ctx, () -> prepay.reverseTopUp(actor, id, reason))
        .onSuccess(e -> Replies.json(ctx, 201, PrepayJson.entry(e)));
  }

  /** Admin correction of a balance: {"amount": non-zero integer minor units, "reason": required}. */
  private void adjust(RoutingContext ctx) {
    JsonObject body = body(ctx);
    FieldErrors errors = new FieldErrors();
    allowOnly(body, Set.of("amount", "reason"), errors);
    Object value = body.getValue("amount");
    long amount = 0;
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() != 0) {
      amount = ((Number) value).longValue();
    } else {
      errors.add("amount", "must be a non-zero integer of minor units (negative debits)");
    }
    String reason = string(body, "reason", 256, true, errors);
    if (reason != null && reason.isBlank()) {
      errors.add("reason", "must not be blank");
    }
    errors.throwIfAny();
    String actor = Access.principal(ctx).username();
    String id = ctx.pathParam("id");
    long adjustment = amount;
    call(ctx, () -> prepay.adjust(actor, id, adjustment, reason))
        .onSuccess(e -> Replies.json(ctx, 201, PrepayJson.entry(e)));
  }

  private void reconcile(RoutingContext ctx) {
    FieldErrors errors = new FieldErrors();
    String text = new QueryParams(ctx, errors).text("day");
    LocalDate day = null;
    if (text == null) {
      errors.add("day", "is required (a UTC date like 2026-12-04)");
    } else {
      try {
        day = LocalDate.parse(text);
      } catch (DateTimeParseException e) {
        errors.add("day", "must be a date like 2026-12-04");
      }
    }
    errors.throwIfAny();
    LocalDate d = day;
    call(ctx, () -> prepay.reconcile(d)).onSuccess(r -> Replies.json(ctx, 200, PrepayJson.reconciliation(r)));
  }

  /** Runs the service call off the event loop; failures become problem documents. */
  private <T> Future<T> call(RoutingContext ctx, Callable<T> work) {
    if (prepay == null) {
      ctx.fail(new ApiException(503, "Prepayment is not configured on this node"));
      return Future.<T>future(p -> {});
    }
    return blocking.run(work).onFailure(e -> ctx.fail(translate(e)));
  }

  private static Throwable translate(Throwable e) {
    if (e instanceof PrepayExceptions.NotFound nf) {
      return ApiException.notFound(nf.getMessage());
    }
    if (e instanceof PrepayExceptions.KeyReused reused) {
      return new ApiException(422, reused.getMessage());
    }
    if (e instanceof IllegalArgumentException && "malformed cursor".equals(e.getMessage())) {
      return ValidationException.of("cursor", "is malformed");
    }
    return e;
  }

  private static JsonObject body(RoutingContext ctx) {
    Buffer buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw ApiException.badRequest("A JSON object body is required");
    }
    try {
      if (Json.decodeValue(buffer) instanceof JsonObject object) {
        return object;
      }
    } catch (DecodeException e) {
      throw ApiException.badRequest("Malformed JSON");
    }
    throw ApiException.badRequest("The body must be a JSON object");
  }

  private static void allowOnly(JsonObject body, Set<String> allowed, FieldErrors errors) {
    for (String name : body.fieldNames()) {
      if (!allowed.contains(name)) {
        errors.add(name, "unknown field");
      }
    }
  }

  private static String string(JsonObject body, String field, int max, boolean required, FieldErrors errors) {
    if (!body.containsKey(field)) {
      if (required) {
        errors.add(field, "is required");
      }
      return null;
    }
    if (body.getValue(field) instanceof String s && !s.isEmpty() && s.length() <= max) {
      return s;
    }
    errors.add(field, "must be a string of 1-" + max + " characters");
    return null;
  }

  private static long minor(JsonObject body, String field, FieldErrors errors) {
    Object value = body.getValue(field);
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0) {
      return ((Number) value).longValue();
    }
    errors.add(field, "must be a non-negative integer of minor units");
    return 0;
  }

  private static String cursor(String cursor, FieldErrors errors) {
    try {
      io.meterhub.platform.store.Cursors.decode(cursor);
      return cursor;
    } catch (IllegalArgumentException e) {
      errors.add("cursor", "is malformed");
      return null;
    }
  }
}
