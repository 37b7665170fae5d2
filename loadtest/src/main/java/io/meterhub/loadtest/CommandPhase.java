package io.meterhub.loadtest;

import io.meterhub.models.RelayState;
import io.meterhub.models.client.PowerControlObject.Behaviour;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Relay commands through the API (api-v1.md, "Commands"): trips and reconnects a set of meters one command each,
 * then one relay batch, and follows every command to its final status. Meters set to refuse relay writes must end
 * {@code failed}; the others {@code confirmed} with the meter's relay really moved.
 */
final class CommandPhase {

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

  private final PlatformApi api;
  private final Results results;

  CommandPhase(PlatformApi api, Results results) {
    this.api = Objects.requireNonNull(api, "api");
    this.results = Objects.requireNonNull(results, "results");
  }

  /** Runs the phase; the outcome's message says why it was skipped, if it was. */
  Results.PhaseOutcome run(List<SimMeter> meters, int count) {
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
    List<Runnable> tasks = new ArrayList<>();
    tasks.add(() -> follow(chosen.get(0), "open", probe, System.nanoTime()));
    for (SimMeter meter : chosen.subList(1, chosen.size())) {
      tasks.add(() -> command(meter, "open"));
    }
    runAll(tasks);
    runAll(chosen.stream().<Runnable>map(m -> () -> command(m, "closed")).toList());
    String batch = batch(chosen);
    return outcome("done", chosen.size() + " meters tripped and reconnected; " + batch, start);
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
    if (created.status() != 202 && created.status() != 201) {
      results.error("command.http" + created.status(), created.body());
      return;
    }
    String id = created.json().getString("id");
    follow(meter, state, id, t0);
  }

  private void follow(SimMeter meter, String state, String commandId, long t0) {
    String[] status = {"pending"};
    Poll.until(COMMAND_TIMEOUT, Duration.ofMillis(200), () -> {
      PlatformApi.Reply reply = api.get("/api/v1/commands/" + PlatformApi.enc(commandId));
      status[0] = reply.ok() ? reply.json().getString("status", "?") : "http" + reply.status();
      return !status[0].equals("pending") && !status[0].equals("sent");
    });
    boolean refuses = meter.meter().powerControl().behaviour() == Behaviour.REFUSE;
    RelayState wanted = state.equals("open") ? RelayState.OPEN : RelayState.CLOSED;
    switch (status[0]) {
      case "confirmed" -> {
        results.latency("commandCreatedToConfirmed", Duration.ofNanos(System.nanoTime() - t0));
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

  private static void runAll(List<Runnable> tasks) {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    tasks.forEach(pool::execute);
    pool.shutdown();
    try {
      pool.awaitTermination(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Results.PhaseOutcome outcome(String status, String message, long start) {
    return new Results.PhaseOutcome("commands", status, message, (System.nanoTime() - start) / 1e9);
  }
}
