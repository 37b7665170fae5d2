package io.meterhub.platform.command;

import io.meterhub.platform.command.PendingOps.CancelResult;
import io.meterhub.platform.common.ConflictException;
import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.meter.MeterStore;
import io.meterhub.platform.store.Jdbc;
import io.meterhub.platform.store.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** {@link CommandService}: validation, idempotency, the durable record, the cluster queue, then routing. */
final class CommandPipeline implements CommandService {

  static final int MAX_REASON = 512;
  static final int MAX_KEY = 256;

  private final CommandStore store;
  private final MeterStore meters;
  private final PendingCommands pending;
  private final CommandRecorder recorder;
  private final Map<String, CommandExecutor> executors;
  private final CommandRouter router;
  private final CommandSettings settings;
  private final Clock clock;

  CommandPipeline(
      CommandStore store,
      MeterStore meters,
      PendingCommands pending,
      CommandRecorder recorder,
      Map<String, CommandExecutor> executors,
      CommandRouter router,
      CommandSettings settings,
      Clock clock) {
    this.store = store;
    this.meters = meters;
    this.pending = pending;
    this.recorder = recorder;
    this.executors = Map.copyOf(executors);
    this.router = router;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Accepted create(CommandRequest request) {
    Objects.requireNonNull(request, "request");
    Instant now = now();
    Instant deadline = validate(request, now);
    if (meters.find(request.meterId()).isEmpty()) {
      throw new UnknownMeterException(request.meterId());
    }
    if (request.idempotencyKey() != null) {
      Optional<Command> earlier = store.findByIdempotencyKey(request.idempotencyKey());
      if (earlier.isPresent()) {
        return replay(earlier.get(), request);
      }
    }
    Command command =
        new Command(
            UUID.randomUUID().toString(),
            request.meterId(),
            request.type(),
            request.target(),
            request.reason(),
            CommandStatus.PENDING,
            now,
            now,
            0,
            null,
            deadline,
            request.actor(),
            request.idempotencyKey(),
            request.batchId());
    if (!recorder.created(command)) {
      // the same key won a race with this request on another worker or node
      return store
          .findByIdempotencyKey(Objects.requireNonNull(request.idempotencyKey(), "duplicate command id"))
          .map(earlier -> replay(earlier, request))
          .orElseThrow(() -> new ConflictException("Command could not be stored"));
    }
    // Only commands of the same type are superseded: a display update never cancels a relay order, nor vice versa.
    String supersedes = executors.get(command.type()).supersedesWaiting() ? command.type() : null;
    List<Command> superseded = pending.enqueue(command, supersedes);
    for (Command older : superseded) {
      Command cancelled = older.withStatus(CommandStatus.CANCELLED, now, "superseded by " + command.id());
      recorder.finished(cancelled, CommandRecorder.SYSTEM_ACTOR);
    }
    router.route(command.meterId());
    return new Accepted(command, false);
  }

  private static Accepted replay(Command earlier, CommandRequest request) {
    if (!earlier.meterId().equals(request.meterId())
        || !earlier.type().equals(request.type())
        || !earlier.target().equals(request.target())) {
      throw new IdempotencyKeyReusedException();
    }
    return new Accepted(earlier, true);
  }

  private Instant validate(CommandRequest request, Instant now) {
    FieldErrors errors = new FieldErrors();
    CommandExecutor executor = executors.get(request.type());
    if (executor == null) {
      errors.add("type", "unknown command type");
    } else if (request.target() == null) {
      errors.add("state", "is required");
    } else {
      String problem = executor.validateTarget(request.target());
      if (problem != null) {
        errors.add("state", problem);
      }
    }
    if (request.reason() == null || request.reason().isBlank()) {
      errors.add("reason", "is required");
    } else if (request.reason().length() > MAX_REASON) {
      errors.add("reason", "must be at most " + MAX_REASON + " characters");
    }
    if (request.idempotencyKey() != null
        && (request.idempotencyKey().isBlank() || request.idempotencyKey().length() > MAX_KEY)) {
      errors.add("Idempotency-Key", "must be 1 to " + MAX_KEY + " characters");
    }
    Instant deadline = request.deadline() != null ? Jdbc.storable(request.deadline()) : now.plus(settings.defaultTtl());
    if (!deadline.isAfter(now)) {
      errors.add("deadline", "must be in the future");
    } else if (deadline.isAfter(now.plus(settings.maxTtl()))) {
      errors.add("deadline", "must be at most " + settings.maxTtl().toDays() + " days ahead");
    }
    errors.throwIfAny();
    return deadline;
  }

  @Override
  public Optional<Command> get(String id) {
    return store.find(Objects.requireNonNull(id, "id"));
  }

  @Override
  public Optional<Page<Command>> listForMeter(String meterId, int limit, String cursor) {
    Objects.requireNonNull(meterId, "meterId");
    if (meters.find(meterId).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(store.listForMeter(meterId, limit, cursor));
  }

  @Override
  public Optional<Command> cancel(String id, String actor) {
    Objects.requireNonNull(actor, "actor");
    Optional<Command> found = store.find(Objects.requireNonNull(id, "id"));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Command command = found.get();
    CancelResult result = pending.cancel(command.meterId(), id);
    if (result == CancelResult.IN_FLIGHT) {
      throw new ConflictException("The command is being delivered and can no longer be cancelled");
    }
    if (result == CancelResult.ABSENT) {
      CommandStatus status = store.find(id).map(Command::status).orElse(command.status());
      throw new ConflictException("The command is " + status.apiName() + " and can no longer be cancelled");
    }
    Command cancelled = command.withStatus(CommandStatus.CANCELLED, now(), "cancelled by " + actor);
    recorder.finished(cancelled, actor);
    return Optional.of(cancelled);
  }

  private Instant now() {
    return Jdbc.storable(clock.instant());
  }
}
