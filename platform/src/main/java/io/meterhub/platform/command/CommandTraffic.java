package io.meterhub.platform.command;

import io.meterhub.models.MeterNodeDecoder;
import io.meterhub.models.RelayState;
import io.meterhub.platform.lwm2m.DeviceTrafficHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the node's traffic handler: passes everything on, then tells the command pipeline that a meter is reachable
 * here (a registration, update or message is when a queue-mode meter listens; a message only when the pipeline is
 * {@link AwaitingContact awaiting} the meter) and spots relay changes made at the meter. Runs on Leshan threads: only
 * non-blocking hand-overs here.
 */
final class CommandTraffic implements DeviceTrafficHandler {

  private static final Logger LOG = LoggerFactory.getLogger(CommandTraffic.class);
  /** Values arrive often; a delivery check per meter at most this often on their account. */
  private static final Duration VALUES_KICK_INTERVAL = Duration.ofSeconds(2);

  private final DeviceTrafficHandler delegate;
  private final CommandRouter router;
  private final Consumer<String> kick;
  private final AwaitingContact awaiting;
  private final LocalRelayWatch relayWatch;
  private final CommandRecorder recorder;
  private final Executor workers;
  private final Clock clock;

  CommandTraffic(
      DeviceTrafficHandler delegate,
      CommandRouter router,
      Consumer<String> kick,
      AwaitingContact awaiting,
      LocalRelayWatch relayWatch,
      CommandRecorder recorder,
      Executor workers,
      Clock clock) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.router = router;
    this.kick = kick;
    this.awaiting = awaiting;
    this.relayWatch = relayWatch;
    this.recorder = recorder;
    this.workers = workers;
    this.clock = clock;
  }

  @Override
  public void registered(String endpoint, Instant at) {
    delegate.registered(endpoint, at);
    router.seen(endpoint, at);
    kick.accept(endpoint);
  }

  @Override
  public void updated(String endpoint, Instant at) {
    delegate.updated(endpoint, at);
    router.seen(endpoint, at);
    kick.accept(endpoint);
  }

  @Override
  public void deregistered(String endpoint, Instant at) {
    delegate.deregistered(endpoint, at);
    router.gone(endpoint);
    awaiting.remove(endpoint);
  }

  @Override
  public void values(String endpoint, Map<LwM2mPath, LwM2mNode> nodes, Instant timestamp) {
    delegate.values(endpoint, nodes, timestamp);
    Instant now = clock.instant();
    Instant before = router.seen(endpoint, now);
    if (awaiting.contains(endpoint)
        && (before == null || Duration.between(before, now).compareTo(VALUES_KICK_INTERVAL) >= 0)) {
      kick.accept(endpoint);
    }
    relayIn(nodes)
        .filter(state -> relayWatch.reported(endpoint, state, now))
        .ifPresent(state -> recordLocal(endpoint, state, now));
  }

  private void recordLocal(String endpoint, RelayState state, Instant at) {
    try {
      workers.execute(() -> recorder.local(LocalChanges.relay(endpoint, state, at)));
    } catch (RejectedExecutionException e) {
      LOG.warn("Local relay change of {} not recorded: pipeline stopped", endpoint);
    }
  }

  private static Optional<RelayState> relayIn(Map<LwM2mPath, LwM2mNode> nodes) {
    for (Map.Entry<LwM2mPath, LwM2mNode> entry : nodes.entrySet()) {
      Optional<RelayState> state = MeterNodeDecoder.relay(entry.getKey(), entry.getValue());
      if (state.isPresent()) {
        return state;
      }
    }
    return Optional.empty();
  }
}
