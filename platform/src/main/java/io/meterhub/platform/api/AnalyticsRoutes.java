package io.meterhub.platform.api;

import io.meterhub.platform.analytics.Analytics;
import io.meterhub.platform.analytics.GroupBy;
import io.meterhub.platform.analytics.LoadQuery;
import io.meterhub.platform.auth.Role;
import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.customer.CustomerService;
import io.meterhub.platform.common.ValidationException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Grid analytics (load curves, voltage quality, outages) and energy reports per meter and per customer. */
final class AnalyticsRoutes {

  static final Set<Role> ANALYTICS = EnumSet.of(Role.ADMIN, Role.OPERATOR, Role.AUDITOR);
  static final Set<Role> ENERGY_REPORT = EnumSet.of(Role.ADMIN, Role.OPERATOR, Role.SUPPORT);
  private static final Pattern MONTH = Pattern.compile("[0-9]{4}-[0-9]{2}");

  private final Analytics analytics;
  private final CustomerService customers;
  private final Blocking blocking;

  /** customers may be null (no vault on this node): the customer report then answers 503. */
  AnalyticsRoutes(Analytics analytics, CustomerService customers, Blocking blocking) {
    this.analytics = analytics;
    this.customers = customers;
    this.blocking = blocking;
  }

  void register(RouteTable routes) {
    routes.secured(HttpMethod.GET, "/api/v1/analytics/load", ANALYTICS, this::load);
    routes.secured(HttpMethod.GET, "/api/v1/analytics/quality", ANALYTICS, this::quality);
    routes.secured(HttpMethod.GET, "/api/v1/meters/:id/energy-report", ENERGY_REPORT, this::energyReport);
    routes.secured(HttpMethod.GET, "/api/v1/customers/:id/energy-report", ENERGY_REPORT, this::customerReport);
  }

  private boolean unavailable(RoutingContext ctx) {
    if (analytics == null) {
      ctx.fail(new ApiException(503, "Analytics is not configured on this node"));
      return true;
    }
    return false;
  }

  private void load(RoutingContext ctx) {
    if (unavailable(ctx)) {
      return;
    }
    FieldErrors errors = new FieldErrors();
    QueryParams params = new QueryParams(ctx, errors);
    String prefix = params.text("regionPrefix");
    GroupBy groupBy = groupBy(params, errors);
    Instant from = required(params, errors, "from");
    Instant to = required(params, errors, "to");
    params.range(from, to);
    Duration interval = interval(params, errors);
    errors.throwIfAny();
    String actor = Access.principal(ctx).username();
    LoadQuery query = new LoadQuery(blankToNull(prefix), groupBy, from, to, interval);
    blocking.run(() -> analytics.load(actor, query))
        .onSuccess(report -> Replies.json(ctx, 200, AnalyticsJson.load(report)))
        .onFailure(ctx::fail);
  }

  private void quality(RoutingContext ctx) {
    if (unavailable(ctx)) {
      return;
    }
    FieldErrors errors = new FieldErrors();
    QueryParams params = new QueryParams(ctx, errors);
    String prefix = params.text("regionPrefix");
    GroupBy groupBy = groupBy(params, errors);
    Instant from = required(params, errors, "from");
    Instant to = required(params, errors, "to");
    params.range(from, to);
    errors.throwIfAny();
    String actor = Access.principal(ctx).username();
    blocking.run(() -> analytics.quality(actor, blankToNull(prefix), groupBy, from, to))
        .onSuccess(report -> Replies.json(ctx, 200, AnalyticsJson.quality(report)))
        .onFailure(ctx::fail);
  }

  private void energyReport(RoutingContext ctx) {
    if (unavailable(ctx)) {
      return;
    }
    String id = ctx.pathParam("id");
    YearMonth month = month(ctx);
    String actor = Access.principal(ctx).username();
    blocking.run(() -> analytics.meterReport(actor, id, month))
        .onSuccess(report -> report.ifPresentOrElse(
            r -> Replies.json(ctx, 200, AnalyticsJson.energyReport(r)),
            () -> ctx.fail(ApiException.notFound("Meter not found"))))
        .onFailure(ctx::fail);
  }

  /** The report over a customer's linked meters; the id may be the pseudonymous reference operators see. */
  private void customerReport(RoutingContext ctx) {
    if (unavailable(ctx)) {
      return;
    }
    if (customers == null) {
      ctx.fail(new ApiException(503, "The customer vault is not configured on this node"));
      return;
    }
    String id = ctx.pathParam("id");
    YearMonth month = month(ctx);
    String actor = Access.principal(ctx).username();
    blocking.run(() -> customers.summary(id)
            .map(c -> analytics.customerReport(actor, c.ref(), c.meters(), month)))
        .onSuccess(report -> report.ifPresentOrElse(
            r -> Replies.json(ctx, 200, AnalyticsJson.energyReport(r)),
            () -> ctx.fail(ApiException.notFound("Customer not found"))))
        .onFailure(ctx::fail);
  }

  /** The required {@code month} parameter (YYYY-MM); throws a validation problem naming it otherwise. */
  private static YearMonth month(RoutingContext ctx) {
    FieldErrors errors = new FieldErrors();
    String text = new QueryParams(ctx, errors).text("month");
    YearMonth month = null;
    if (text == null) {
      errors.add("month", "is required (YYYY-MM)");
    } else {
      try {
        month = MONTH.matcher(text).matches() ? YearMonth.parse(text) : null;
      } catch (DateTimeParseException e) {
        month = null;
      }
      if (month == null) {
        errors.add("month", "must be a month like 2026-11");
      }
    }
    errors.throwIfAny();
    return month;
  }


  private static GroupBy groupBy(QueryParams params, FieldErrors errors) {
    try {
      return GroupBy.parse(params.text("groupBy"));
    } catch (ValidationException e) {
      e.errors().forEach(f -> errors.add(f.field(), f.message()));
      return GroupBy.REGION;
    }
  }

  private static Instant required(QueryParams params, FieldErrors errors, String name) {
    int before = errors.size();
    Instant value = params.instant(name);
    if (value == null && errors.size() == before) {
      errors.add(name, "is required (ISO-8601 UTC time like 2026-12-04T00:00:00Z)");
    }
    return value;
  }

  private static Duration interval(QueryParams params, FieldErrors errors) {
    String text = params.text("interval");
    if (text == null) {
      errors.add("interval", "is required (ISO-8601 duration such as PT15M, PT1H or P1D)");
      return Duration.ofHours(1);
    }
    try {
      Duration d = Duration.parse(text);
      if (d.isNegative() || d.isZero()) {
        errors.add("interval", "must be a positive duration such as PT15M, PT1H or P1D");
      }
      return d;
    } catch (DateTimeParseException e) {
      errors.add("interval", "must be an ISO-8601 duration such as PT15M, PT1H or P1D");
      return Duration.ofHours(1);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
