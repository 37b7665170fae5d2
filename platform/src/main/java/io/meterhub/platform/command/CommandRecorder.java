package io.meterhub.platform.command;

import io.meterhub.platform.audit.AuditLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every command state change durable and visible: the SQL history row, an audit entry (with the requester and
 * reason) and the metrics {@code meterhub.commands.accepted} (created), {@code meterhub.commands.finished{status}}
 * and the timers {@code meterhub.commands.confirm.latency} (created → confirmed),
 * {@code meterhub.commands.dispatch.latency} (created → first request) and
 * {@code meterhub.commands.attempt.latency} (one attempt's round trips). Types named quiet (frequent,
 * low-stakes, e.g. display pushes) are audited only when they fail, expire or a user cancels them; their history rows
 * and metrics are kept like all others. Blocking.
 */
final class CommandRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(CommandRecorder.class);
  static final String SYSTEM_ACTOR = "system:command";

  private final CommandStore store;
  private final AuditLog audit;
  private final Counter created;
  private final Map<CommandStatus, Counter> finished = new EnumMap<>(CommandStatus.class);
  private final Timer confirmLatency;
  private final Timer dispatchLatency;
  private final Timer attemptLatency;
  private final Set<String> quietTypes;
  private final List<Consumer<Command>> finishedListeners = new CopyOnWriteArrayList<>();

  CommandRecorder(CommandStore store, AuditLog audit, MeterRegistry metrics, Set<String> quietTypes) {
    this.store = store;
    this.audit = audit;
    this.quietTypes = Set.copyOf(quietTypes);
    this.created = Counter.builder("meterhub.commands.accepted").description("commands accepted").register(metrics);
    for (CommandStatus status : CommandStatus.values()) {
      if (status.isFinal()) {
        finished.put(
            status,
            Counter.builder("meterhub.commands.finished")
                .tag("status", status.apiName())
                .description("commands that reached a final state")
                .register(metrics));
      }
    }
    this.confirmLatency =
        Timer.builder("meterhub.commands.confirm.latency")
            .description("from a command's creation to its confirmation by the meter")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
    this.dispatchLatency =
        Timer.builder("meterhub.commands.dispatch.latency")
            .description("from a command's creation to its first request to the meter")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
    this.attemptLatency =
        Timer.builder("meterhub.commands.attempt.latency")
            .description("one delivery attempt: the requests to the meter and their answers")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
  }

  /** Stores a new command; false when its idempotency key was taken meanwhile. */
  boolean created(Command command) {
    if (!store.insert(command)) {
      return false;
    }
    if (!quiet(command)) {
      audit.record(command.actor(), "command.create", command.meterId(), details(command).encode());
    }
    created.increment();
    return true;
  }

  void sent(Command command) {
    if (command.attempts() == 1) {
      dispatchLatency.record(Duration.between(command.createdAt(), command.updatedAt()));
    }
    store.update(command);
    if (!quiet(command)) {
      audit.record(SYSTEM_ACTOR, "command.sent", command.meterId(), details(command).encode());
    }
  }

  void attemptTook(long nanos) {
    attemptLatency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  void requeued(Command command) {
    store.update(command);
    if (!quiet(command)) {
      audit.record(SYSTEM_ACTOR, "command.retry", command.meterId(), details(command).encode());
    }
  }

  /** Records a final state; {@code actor} is who caused it (a user for cancel, else the system). */
  void finished(Command command, String actor) {
    if (!store.update(command)) {
      LOG.warn("Command {} was already final; {} not recorded", command.id(), command.status().apiName());
      return;
    }
    boolean routine =
        command.status() == CommandStatus.CONFIRMED
            || (command.status() == CommandStatus.CANCELLED && SYSTEM_ACTOR.equals(actor));
    if (!routine || !quiet(command)) {
      audit.record(actor, "command." + command.status().apiName(), command.meterId(), details(command).encode());
    }
    finished.get(command.status()).increment();
    if (command.status() == CommandStatus.CONFIRMED) {
      confirmLatency.record(Duration.between(command.createdAt(), command.updatedAt()));
    }
    for (Consumer<Command> listener : finishedListeners) {
      try {
        listener.accept(command);
      } catch (RuntimeException e) {
        LOG.warn("listener of finished command {} failed", command.id(), e);
      }
    }
  }

  /** Calls {@code listener} (on the recording thread, blocking allowed) after each command's final state is stored. */
  void onFinished(Consumer<Command> listener) {
    finishedListeners.add(listener);
  }

  /** A change made at the meter itself, stored as a final history row. */
  void local(Command change) {
    store.insert(change);
    audit.record(change.actor(), "relay.local", change.meterId(), details(change).encode());
  }

  private boolean quiet(Command command) {
    return quietTypes.contains(command.type());
  }

  private static JsonObject details(Command c) {
    JsonObject json =
        new JsonObject()
            .put("command", c.id())
            .put("type", c.type())
            .put("target", c.target())
            .put("status", c.status().apiName())
            .put("requestedBy", c.actor())
            .put("reason", c.reason())
            .put("attempts", c.attempts());
    if (c.error() != null) {
      json.put("error", c.error());
    }
    if (c.batchId() != null) {
      json.put("batch", c.batchId());
    }
    return json;
  }
}
