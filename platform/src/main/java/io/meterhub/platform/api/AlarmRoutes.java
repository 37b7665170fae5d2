package io.meterhub.platform.api;

import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.event.AlarmState;
import io.meterhub.platform.event.EventApi;
import io.meterhub.platform.event.EventJson;
import io.meterhub.platform.event.Outage;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.regex.Pattern;

/** Alarms (read: admin, operator, auditor, support; acknowledge: admin, operator) and outage incidents. */
final class AlarmRoutes {

  private static final Pattern ID = Pattern.compile("[0-9]{1,18}");

  private final EventApi events;
  private final Blocking blocking;

  AlarmRoutes(EventApi events, Blocking blocking) {
    this.events = events;
    this.blocking = blocking;
  }

  void register(RouteTable routes) {
    routes.secured(HttpMethod.GET, "/api/v1/alarms", Access.METER_READ, this::list);
    routes.secured(HttpMethod.GET, "/api/v1/alarms/:id", Access.METER_READ, this::get);
    routes.secured(HttpMethod.POST, "/api/v1/alarms/:id/ack", Access.METER_WRITE, this::ack);
    routes.secured(HttpMethod.GET, "/api/v1/outages", Access.METER_READ, this::outages);
  }

  private void list(RoutingContext ctx) {
    FieldErrors errors = new FieldErrors();
    QueryParams query = new QueryParams(ctx, errors);
    String stateName = query.text("state");
    AlarmState state = null;
    if (stateName != null) {
      state = AlarmState.fromApiName(stateName).orElse(null);
      if (state == null) {
        errors.add("state", "must be open, acknowledged or cleared");
      }
    }
    String region = query.text("region");
    int limit = query.limit();
    String cursor = query.text("cursor");
    errors.throwIfAny();
    AlarmState filter = state;
    blocking.run(() -> events.alarms().list(filter, region, limit, cursor))
        .onSuccess(page -> Replies.json(ctx, 200, JsonViews.page(page, EventJson::alarm)))
        .onFailure(e -> failCursor(ctx, e));
  }

  private void get(RoutingContext ctx) {
    long id = alarmId(ctx);
    blocking.run(() -> events.alarms().find(id))
        .onSuccess(alarm -> alarm.ifPresentOrElse(a -> Replies.json(ctx, 200, EventJson.alarm(a)),
            () -> ctx.fail(ApiException.notFound("Alarm not found"))))
        .onFailure(ctx::fail);
  }

  private void ack(RoutingContext ctx) {
    long id = alarmId(ctx);
    FieldErrors errors = new FieldErrors();
    JsonInput body = JsonInput.body(ctx, errors).allowOnly(Set.of("note"));
    String note = body.string("note", true);
    errors.throwIfAny();
    String actor = Access.principal(ctx).username();
    blocking.run(() -> events.alarms().acknowledge(actor, id, note))
        .onSuccess(alarm -> alarm.ifPresentOrElse(a -> Replies.json(ctx, 200, EventJson.alarm(a)),
            () -> ctx.fail(ApiException.notFound("Alarm not found"))))
        .onFailure(ctx::fail);
  }

  private void outages(RoutingContext ctx) {
    FieldErrors errors = new FieldErrors();
    QueryParams query = new QueryParams(ctx, errors);
    String state = query.text("state");
    if (state != null && !state.equals(Outage.OPEN) && !state.equals(Outage.CLEARED)) {
      errors.add("state", "must be open or cleared");
    }
    int limit = query.limit();
    String cursor = query.text("cursor");
    errors.throwIfAny();
    blocking.run(() -> events.outages().list(state, limit, cursor))
        .onSuccess(page -> Replies.json(ctx, 200, JsonViews.page(page, EventJson::outage)))
        .onFailure(e -> failCursor(ctx, e));
  }

  private static long alarmId(RoutingContext ctx) {
    String raw = ctx.pathParam("id");
    if (!ID.matcher(raw).matches()) {
      throw ApiException.notFound("Alarm not found");
    }
    return Long.parseLong(raw);
  }

  static void failCursor(RoutingContext ctx, Throwable e) {
    ctx.fail(e instanceof IllegalArgumentException ? ApiException.badRequest("Malformed cursor") : e);
  }
}
