package io.meterhub.platform.api;

import io.meterhub.platform.command.CommandRequest;
import io.meterhub.platform.command.CommandService;
import io.meterhub.platform.command.RelayCommand;
import io.meterhub.platform.common.FieldErrors;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** Device commands: relay requests, lookup, history per meter, cancel. */
final class CommandRoutes {

  private static final long MAX_TTL_SECONDS = 30L * 24 * 3600;

  private final CommandService commands;
  private final Blocking blocking;
  private final Clock clock;

  /** {@code commands} may be null on an API without a command pipeline: the routes then answer 503. */
  CommandRoutes(CommandService commands, Blocking blocking, Clock clock) {
    this.commands = commands;
    this.blocking = blocking;
    this.clock = clock;
  }

  void register(RouteTable routes) {
    routes.secured(HttpMethod.POST, "/api/v1/meters/:id/relay", Access.METER_WRITE, this::relay);
    routes.secured(HttpMethod.GET, "/api/v1/meters/:id/commands", Access.METER_READ, this::listForMeter);
    routes.secured(HttpMethod.GET, "/api/v1/commands/:id", Access.METER_READ, this::get);
    routes.secured(HttpMethod.POST, "/api/v1/commands/:id/cancel", Access.METER_WRITE, this::cancel);
  }

  private void relay(RoutingContext ctx) {
    CommandService service = service();
    String meterId = ctx.pathParam("id");
    FieldErrors errors = new FieldErrors();
    JsonInput body = JsonInput.body(ctx, errors).allowOnly(Set.of("state", "reason", "deadline", "ttlSeconds"));
    String state = body.string("state", true);
    String reason = body.string("reason", true);
    String deadlineText = body.string("deadline", false);
    Instant deadline = deadline(deadlineText, ctx.body().asJsonObject(), errors);
    if (state != null && RelayCommand.parse(state).isEmpty()) {
      errors.add("state", "must be open or closed");
    }
    if (reason != null && reason.isBlank()) {
      errors.add("reason", "is required");
    }
    errors.throwIfAny();
    String key = ctx.request().getHeader("Idempotency-Key");
    String actor = Access.principal(ctx).username();
    CommandRequest request =
        new CommandRequest(meterId, RelayCommand.TYPE, state, reason, actor, key, deadline, null);
    blocking
        .run(() -> service.create(request))
        .onSuccess(
            accepted -> {
              ctx.response().putHeader("Location", "/api/v1/commands/" + accepted.command().id());
              if (accepted.replayed()) {
                ctx.response().putHeader("Idempotency-Replayed", "true");
              }
              Replies.json(ctx, 202, CommandJson.command(accepted.command()));
            })
        .onFailure(e -> ctx.fail(CommandJson.httpError(e)));
  }

  /** {@code deadline} (ISO-8601 UTC) or {@code ttlSeconds} (whole seconds), at most one; null for the default. */
  private Instant deadline(String text, JsonObject json, FieldErrors errors) {
    Object ttl = json.getValue("ttlSeconds");
    if (text != null && ttl != null) {
      errors.add("ttlSeconds", "give deadline or ttlSeconds, not both");
      return null;
    }
    if (text != null) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        errors.add("deadline", "must be an ISO-8601 UTC time like 2026-12-04T19:30:00Z");
        return null;
      }
    }
    if (json.containsKey("ttlSeconds")) {
      if (!(ttl instanceof Integer || ttl instanceof Long)
          || ((Number) ttl).longValue() < 1
          || ((Number) ttl).longValue() > MAX_TTL_SECONDS) {
        errors.add("ttlSeconds", "must be a whole number from 1 to " + MAX_TTL_SECONDS);
        return null;
      }
      return clock.instant().plusSeconds(((Number) ttl).longValue());
    }
    return null;
  }

  private void listForMeter(RoutingContext ctx) {
    CommandService service = service();
    String meterId = ctx.pathParam("id");
    FieldErrors errors = new FieldErrors();
    QueryParams query = new QueryParams(ctx, errors);
    int limit = query.limit();
    String cursor = query.text("cursor");
    errors.throwIfAny();
    blocking
        .run(() -> service.listForMeter(meterId, limit, cursor))
        .onSuccess(
            page ->
                page.ifPresentOrElse(
                    p -> Replies.json(ctx, 200, JsonViews.page(p, CommandJson::command)),
                    () -> ctx.fail(ApiException.notFound("Meter not found"))))
        .onFailure(e -> ctx.fail(CommandJson.httpError(e)));
  }

  private void get(RoutingContext ctx) {
    CommandService service = service();
    String id = ctx.pathParam("id");
    blocking
        .run(() -> service.get(id))
        .onSuccess(
            command ->
                command.ifPresentOrElse(
                    c -> Replies.json(ctx, 200, CommandJson.command(c)),
                    () -> ctx.fail(ApiException.notFound("Command not found"))))
        .onFailure(ctx::fail);
  }

  private void cancel(RoutingContext ctx) {
    CommandService service = service();
    String id = ctx.pathParam("id");
    String actor = Access.principal(ctx).username();
    blocking
        .run(() -> service.cancel(id, actor))
        .onSuccess(
            command ->
                command.ifPresentOrElse(
                    c -> Replies.json(ctx, 200, CommandJson.command(c)),
                    () -> ctx.fail(ApiException.notFound("Command not found"))))
        .onFailure(e -> ctx.fail(CommandJson.httpError(e)));
  }

  private CommandService service() {
    if (commands == null) {
      throw new ApiException(503, "Device commands are not available on this node");
    }
    return commands;
  }
}
