package io.meterhub.loadtest;

import io.meterhub.models.RelayState;
import io.meterhub.models.client.PowerControlObject.Behaviour;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Relay commands through the API (api-v1.md, "Commands"): trips and reconnects a set of meters one command each,
 * offered at a fixed rate, then one relay batch, and follows every command to its final status. A 429 (the per-user
 * relay limit) is counted as {@code commandsRateLimited}, not as an error. Meters set to refuse relay writes must end
 * {@code failed}; the others {@code confirmed} with the meter's relay really moved.
 */
final class CommandPhase {

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
  // The headline latency comes from the platform's own stamps, so polling need not be fine: at 100 ms, 128 followers
  // sent over 1,000 GETs/s and slowed the platform they measure.
  private static final Duration POLL = Duration.ofMillis(500);
  private static final int THREADS = 128;
  private static final int BATCH_METERS = 500;

  private final PlatformApi api;
  private final Results results;

  CommandPhase(PlatformApi api, Results results) {
    this.api = Objects.requireNonNull(api, "api");
    this.results = Objects.requireNonNull(results, "results");
  }

  /**
   * Runs the phase: {@code count} meters tripped, then reconnected, each command offered at {@code perSecond};
   * the outcome's message says why it was skipped, if it was.
   */
  Results.PhaseOutcome run(List<SimMeter> meters, int count, double perSecond) {
    long start = System.nanoTime();
    List<SimMeter> chosen = meters.stream().filter(SimMeter::registered).limit(count).toList();
    if (chosen.isEmpty()) {
      return outcome("skipped", "no registered meter to command", start);
    }
    PlatformApi.Reply probe = relay(chosen.get(0), "open");
    if (probe.status() == 404) {
      return outcome(
          "skipped", "POST /api/v1/meters/{id}/relay answered 404: the commands API is not there yet", start);
    }
    follow(chosen.get(0), "open", probe, System.nanoTime());
    List<SimMeter> rest = chosen.subList(1, chosen.size());
    double seconds = 0;
    int offered = 0;
    for (String state : List.of("open", "closed")) {
      List<SimMeter> targets = state.equals("open") ? rest : chosen;
      seconds += Paced.run(targets.stream().<Runnable>map(m -> () -> command(m, state)).toList(), perSecond,
          THREADS);
      offered += targets.size();
    }
    results.figure("commandsOfferedPerSecond", Scenario.round(offered / Math.max(0.001, seconds)));
    // One batch of at most BATCH_METERS: larger id lists exceed the platform's request body limit (413).
    String batch = batch(chosen.subList(0, Math.min(BATCH_METERS, chosen.size())));
    return outcome("done", chosen.size() + " meters tripped and reconnected at " + perSecond + "/s offered; " + batch,
        start);
  }

  private PlatformApi.Reply relay(SimMeter meter, String state) {
    return api.call(
        "POST",
        "/api/v1/meters/" + PlatformApi.enc(meter.identity().id()) + "/relay",
        new JsonObject().put("state", state).put("reason", "loadtest"),
        Map.of("Idempotency-Key", UUID.randomUUID().toString()));
  }

  private void command(SimMeter meter, String state) {
    long t0 = System.nanoTime();
    follow(meter, state, relay(meter, state), t0);
  }

  private void follow(SimMeter meter, String state, PlatformApi.Reply created, long t0) {
    if (created.status() == 429) {
      // Refused by the per-user relay limit: not a lost command, counted apart.
      results.count("commandsRateLimited");
      return;
    }
    if (created.status() != 202 && created.status() != 201) {
      results.error("command.http" + created.status(), created.body());
      return;
    }
    String id = created.json().getString("id");
    follow(meter, state, id, t0);
  }

  private void follow(SimMeter meter, String state, String commandId, long t0) {
    String[] status = {"pending"};
    JsonObject[] last = {new JsonObject()};
    Poll.until(COMMAND_TIMEOUT, POLL, () -> {
      PlatformApi.Reply reply = api.get("/api/v1/commands/" + PlatformApi.enc(commandId));
      status[0] = reply.ok() ? reply.json().getString("status", "?") : "http" + reply.status();
      if (reply.ok()) {
        last[0] = reply.json();
      }
      return !status[0].equals("pending") && !status[0].equals("sent");
    });
    boolean refuses = meter.meter().powerControl().behaviour() == Behaviour.REFUSE;
    RelayState wanted = state.equals("open") ? RelayState.OPEN : RelayState.CLOSED;
    switch (status[0]) {
      case "confirmed" -> {
        // The platform's own stamps (createdAt → updatedAt of the confirmation) are exact; what the client sees adds
        // HTTP and up to one poll period.
        results.latency("commandObservedConfirmed", Duration.ofNanos(System.nanoTime() - t0));
        serverLatency(last[0]);
        results.count("commandsConfirmed");
        if (refuses) {
          results.error("command.confirmedButMeterRefused", meter.identity().id());
        } else if (meter.meter().powerControl().state() != wanted) {
          results.error("command.meterRelayNotMoved", meter.identity().id());
        }
      }
      case "failed" -> {
        if (refuses) {
          results.count("commandsRefusedAsExpected");
        } else {
          results.error("command.failed", meter.identity().id());
        }
      }
      default -> results.error("command." + status[0], meter.identity().id() + " command " + commandId);
    }
  }

  private void serverLatency(JsonObject command) {
    try {
      Instant created = Instant.parse(command.getString("createdAt"));
      Instant updated = Instant.parse(command.getString("updatedAt"));
      results.latency("commandCreatedToConfirmed", Duration.between(created, updated));
    } catch (RuntimeException e) {
      results.error("command.timestamps", command.encode());
    }
  }

  private String batch(List<SimMeter> meters) {
    JsonArray ids = new JsonArray();
    meters.forEach(m -> ids.add(m.identity().id()));
    long t0 = System.nanoTime();
    PlatformApi.Reply reply =
        api.call(
            "POST",
            "/api/v1/relay-batches",
            new JsonObject().put("meterIds", ids).put("state", "closed").put("reason", "loadtest batch"),
            Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    if (reply.status() == 404) {
      return "relay batches skipped: POST /api/v1/relay-batches answered 404";
    }
    if (!reply.ok()) {
      results.error("batch.http" + reply.status(), reply.body());
      return "relay batch answered " + reply.status();
    }
    results.latency("relayBatchAccepted", Duration.ofNanos(System.nanoTime() - t0));
    results.count("relayBatches");
    return "relay batch of " + meters.size() + " accepted";
  }

  private static Results.PhaseOutcome outcome(String status, String message, long start) {
    return new Results.PhaseOutcome("commands", status, message, (System.nanoTime() - start) / 1e9);
  }
}
