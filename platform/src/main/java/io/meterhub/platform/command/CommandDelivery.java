package io.meterhub.platform.command;

import io.meterhub.platform.command.CommandExecutor.Outcome;
import io.meterhub.platform.command.PendingOps.Claimed;
import io.meterhub.platform.lwm2m.DeviceDownlink;
import io.meterhub.platform.store.Jdbc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery attempt for one meter on the node that holds its session: claim the oldest waiting command (no faster
 * than the node's delivery rate, a token bucket), run its executor, record the outcome. Blocking steps run on the
 * pipeline's workers; nothing waits on a protocol thread.
 */
final class CommandDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(CommandDelivery.class);
  private static final CompletableFuture<Boolean> NOTHING_MORE = CompletableFuture.completedFuture(false);

  private final PendingCommands pending;
  private final CommandRecorder recorder;
  private final Map<String, CommandExecutor> executors;
  private final CommandRouter router;
  private final LocalRelayWatch relayWatch;
  private final AwaitingContact awaiting;
  private final Supplier<DeviceDownlink> downlink;
  private final ExecutorService workers;
  private final CommandSettings settings;
  private final Clock clock;
  private final TokenBucket rate;
  private volatile DeliveryScheduler scheduler;

  CommandDelivery(
      PendingCommands pending,
      CommandRecorder recorder,
      Map<String, CommandExecutor> executors,
      CommandRouter router,
      LocalRelayWatch relayWatch,
      AwaitingContact awaiting,
      Supplier<DeviceDownlink> downlink,
      ExecutorService workers,
      CommandSettings settings,
      Clock clock) {
    this.pending = pending;
    this.recorder = recorder;
    this.executors = Map.copyOf(executors);
    this.router = router;
    this.relayWatch = relayWatch;
    this.awaiting = awaiting;
    this.downlink = downlink;
    this.workers = workers;
    this.settings = settings;
    this.clock = clock;
    this.rate = new TokenBucket(settings.ratePerSecond(), System.nanoTime());
  }

  void scheduler(DeliveryScheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** Works on one meter; completes with true when it may have another command due right away. */
  CompletionStage<Boolean> deliver(String meterId) {
    return CompletableFuture.supplyAsync(() -> attempt(meterId), workers).thenCompose(stage -> stage);
  }

  private CompletionStage<Boolean> attempt(String meterId) {
    DeviceDownlink device = downlink.get();
    if (device == null) {
      return NOTHING_MORE;
    }
    if (!pending.hasAny(meterId)) {
      awaiting.remove(meterId);
      return NOTHING_MORE;
    }
    if (!router.holdsSession(meterId)) {
      router.route(meterId);
      return NOTHING_MORE;
    }
    if (!device.isReachable(meterId)) {
      awaiting.add(meterId); // offline or asleep: its next registration, update or message brings it back here
      return NOTHING_MORE;
    }
    // Only real deliveries spend tokens: checks prompted by meter traffic that find nothing to send are free.
    long waitNanos = rate.tryTake(System.nanoTime());
    if (waitNanos > 0) {
      scheduler.kickLater(meterId, Math.max(1, waitNanos / 1_000_000));
      return NOTHING_MORE;
    }
    Instant now = now();
    Claimed claimed = pending.claim(meterId, now);
    for (Command expired : claimed.expired()) {
      recorder.finished(
          expired.withStatus(CommandStatus.EXPIRED, now, "not delivered before its deadline"),
          CommandRecorder.SYSTEM_ACTOR);
    }
    Command command = claimed.claimed();
    awaiting.remove(meterId);
    if (command == null) {
      if (claimed.retryAt() != null) {
        scheduler.kickLater(meterId, Duration.between(now, claimed.retryAt()).toMillis());
      }
      return NOTHING_MORE;
    }
    CommandExecutor executor = executors.get(command.type());
    if (RelayCommand.TYPE.equals(command.type())) {
      RelayCommand.parse(command.target()).ifPresent(state -> relayWatch.expect(meterId, state, now));
    }
    // The "sent" record is written while the meter works on the request: it is not on the confirmation's path, and
    // the outcome is recorded only after it, so history and audit keep their order.
    CompletableFuture<Void> recorded =
        CompletableFuture.runAsync(() -> recorder.sent(command), workers)
            .exceptionally(
                e -> {
                  LOG.warn("Sent state of command {} not recorded: {}", command.id(), e.toString());
                  return null;
                });
    long started = System.nanoTime();
    CompletableFuture<Outcome> outcome;
    try {
      outcome = executor.execute(command, device).toCompletableFuture();
    } catch (RuntimeException e) {
      outcome = CompletableFuture.failedFuture(e);
    }
    return outcome
        .handle(
            (result, error) -> {
              recorder.attemptTook(System.nanoTime() - started);
              if (error != null) {
                LOG.warn("Executor {} failed on command {}: {}", command.type(), command.id(), error.toString());
                return Outcome.retry("delivery error");
              }
              return result;
            })
        .thenCombineAsync(recorded, (result, ignored) -> complete(command, result), workers);
  }

  private boolean complete(Command command, Outcome outcome) {
    Instant now = now();
    String meterId = command.meterId();
    switch (outcome.kind()) {
      case CONFIRMED, FAILED -> {
        CommandStatus status =
            outcome.kind() == Outcome.Kind.CONFIRMED ? CommandStatus.CONFIRMED : CommandStatus.FAILED;
        if (pending.finish(meterId, command.id())) {
          recorder.finished(command.withStatus(status, now, outcome.error()), CommandRecorder.SYSTEM_ACTOR);
        }
        return true;
      }
      case RETRY -> {
        Duration backoff = backoff(command.attempts(), settings);
        Command waiting = pending.release(meterId, command.id(), now, now.plus(backoff), outcome.error(), true);
        if (waiting != null) {
          recorder.requeued(waiting);
          scheduler.kickLater(meterId, backoff.toMillis());
        }
        return false;
      }
      default -> {
        awaiting.add(meterId);
        Command waiting = pending.release(meterId, command.id(), now, now, outcome.error(), false);
        if (waiting != null) {
          recorder.requeued(waiting);
        }
        return false;
      }
    }
  }

  /** Wait before the next attempt after {@code attempts} unanswered ones: base, 2×base, 4×base, … capped. */
  static Duration backoff(int attempts, CommandSettings settings) {
    Duration delay = settings.retryBase().multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
    return delay.compareTo(settings.retryMax()) > 0 ? settings.retryMax() : delay;
  }

  private Instant now() {
    return Jdbc.storable(clock.instant());
  }
}
