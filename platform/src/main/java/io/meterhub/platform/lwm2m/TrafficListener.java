package io.meterhub.platform.lwm2m;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttribute;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributeSet;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributes;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.SendRequest;
import org.eclipse.leshan.core.request.WriteAttributesRequest;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.queue.PresenceServiceImpl;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.eclipse.leshan.server.send.SendListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Leshan events into {@link DeviceTrafficHandler} calls and sets up observations after a registration. Leshan
 * calls these listeners on its own threads: nothing here blocks (requests use Leshan's asynchronous send).
 */
final class TrafficListener implements RegistrationListener, ObservationListener, SendListener {

  private static final Logger LOG = LoggerFactory.getLogger(TrafficListener.class);

  private final LeshanServer server;
  private final DeviceTrafficHandler handler;
  private final Function<String, List<ObserveTarget>> observeTargets;
  private final Set<String> sentPaths;
  private final Executor observeExecutor;
  private final Clock clock;
  private final long requestTimeoutMs;
  private final Counter notifications;
  private final Counter sends;

  TrafficListener(
      LeshanServer server,
      DeviceTrafficHandler handler,
      Function<String, List<ObserveTarget>> observeTargets,
      Set<String> sentPaths,
      Executor observeExecutor,
      Clock clock,
      long requestTimeoutMs,
      MeterRegistry metrics) {
    this.server = server;
    this.handler = handler;
    this.observeTargets = observeTargets;
    this.sentPaths = Set.copyOf(sentPaths);
    this.observeExecutor = observeExecutor;
    this.clock = clock;
    this.requestTimeoutMs = requestTimeoutMs;
    this.notifications = metrics.counter("meterhub.lwm2m.notifications");
    this.sends = metrics.counter("meterhub.lwm2m.sends");
  }

  /* ---------------- registrations ---------------- */

  @Override
  public void registered(Registration registration, Registration previousReg, Collection<Observation> previousObs) {
    safely("registered", registration.getEndpoint(), () -> handler.registered(registration.getEndpoint(), now()));
    observeExecutor.execute(() -> observeTargets(registration));
  }

  @Override
  public void updated(RegistrationUpdate update, Registration updatedReg, Registration previousReg) {
    safely("updated", updatedReg.getEndpoint(), () -> handler.updated(updatedReg.getEndpoint(), now()));
  }

  @Override
  public void unregistered(
      Registration registration, Collection<Observation> observations, boolean expired, Registration newReg) {
    if (newReg == null) {
      safely(
          "deregistered", registration.getEndpoint(), () -> handler.deregistered(registration.getEndpoint(), now()));
    }
  }

  void observeTargets(Registration registration) {
    String endpoint = registration.getEndpoint();
    List<ObserveTarget> targets;
    try {
      targets = observeTargets.apply(endpoint);
    } catch (RuntimeException e) {
      LOG.warn("No observe targets for {}", endpoint, e);
      return;
    }
    boolean canSend = !LwM2mVersion.V1_0.equals(registration.getLwM2mVersion());
    for (ObserveTarget target : targets) {
      if (canSend && sentPaths.contains(target.path())) {
        continue; // an LwM2M 1.1 meter pushes this with Send; observing it too would deliver everything twice
      }
      if (!stillCurrent(registration, target)) {
        return;
      }
      writeAttributesThenObserve(registration, target);
    }
  }

  private void writeAttributesThenObserve(Registration registration, ObserveTarget target) {
    List<LwM2mAttribute<?>> list = new ArrayList<>();
    list.add(LwM2mAttributes.create(LwM2mAttributes.MINIMUM_PERIOD, (long) target.pmin()));
    if (target.pmax() > 0) {
      list.add(LwM2mAttributes.create(LwM2mAttributes.MAXIMUM_PERIOD, (long) target.pmax()));
    }
    LwM2mAttributeSet attributes = new LwM2mAttributeSet(list);
    server.send(
        registration,
        new WriteAttributesRequest(target.path(), attributes),
        requestTimeoutMs,
        response -> {
          if (!response.isSuccess()) {
            LOG.debug("{} refused attributes on {}: {}", registration.getEndpoint(), target.path(), response);
          }
          observeExecutor.execute(() -> observe(registration, target));
        },
        error -> {
          LOG.info("Write attributes {} on {} failed: {}", target.path(), registration.getEndpoint(), error.toString());
          observeExecutor.execute(() -> observe(registration, target));
        });
  }

  /** Runs on the observe executor: checking the store may be a remote call. */
  private void observe(Registration registration, ObserveTarget target) {
    if (!stillCurrent(registration, target)) {
      return;
    }
    server.send(
        registration,
        new ObserveRequest(target.path()),
        requestTimeoutMs,
        response -> {
          if (response.isSuccess() && response.getContent() != null) {
            deliver(registration.getEndpoint(), Map.of(new LwM2mPath(target.path()), response.getContent()), now());
          } else {
            LOG.info("{} refused to be observed on {}: {}", registration.getEndpoint(), target.path(), response);
          }
        },
        error -> LOG.info("Observe {} on {} failed: {}", target.path(), registration.getEndpoint(), error.toString()));
  }

  /**
   * False, logged, when the meter registered again since (maybe through another node): its observations belong there.
   * INFO, as the setup's failures: a meter the node does not observe reports nothing until it registers again.
   */
  private boolean stillCurrent(Registration registration, ObserveTarget target) {
    Registration current = server.getRegistrationStore().getRegistrationByEndpoint(registration.getEndpoint());
    if (current != null && current.getId().equals(registration.getId())) {
      return true;
    }
    LOG.info("{} re-registered meanwhile (maybe on another node): observe of {} skipped", registration.getEndpoint(),
        target.path());
    return false;
  }

  /* ---------------- notifications ---------------- */

  @Override
  public void newObservation(Observation observation, Registration registration) {}

  @Override
  public void cancelled(Observation observation) {}

  @Override
  public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
    notifications.increment();
    if (response.getContent() != null) {
      deliver(registration.getEndpoint(), Map.of(observation.getPath(), response.getContent()), now());
    }
  }

  @Override
  public void onResponse(
      CompositeObservation observation, Registration registration, ObserveCompositeResponse response) {
    notifications.increment();
    if (response.getContent() != null && !response.getContent().isEmpty()) {
      deliver(registration.getEndpoint(), response.getContent(), now());
    }
  }

  @Override
  public void onError(Observation observation, Registration registration, Exception error) {
    LOG.debug("Bad notification from {}: {}", registration.getEndpoint(), error.toString());
  }

  /* ---------------- send ---------------- */

  @Override
  public void dataReceived(Registration registration, TimestampedLwM2mNodes data, SendRequest request) {
    sends.increment();
    // Leshan marks a queue-mode meter awake on registration, update and notification, but not on Send, although the
    // meter listens after sending too: without this, commands held for it would wait for its next update.
    if (registration.usesQueueMode() && server.getPresenceService() instanceof PresenceServiceImpl presence) {
      presence.setAwake(registration);
    }
    Instant arrival = now();
    for (Instant timestamp : data.getTimestamps()) {
      Map<LwM2mPath, LwM2mNode> nodes = data.getNodesAt(timestamp);
      deliver(registration.getEndpoint(), nodes, timestamp != null ? timestamp : arrival);
    }
  }

  @Override
  public void onError(Registration registration, String errorMessage, Exception error) {
    LOG.debug("Bad Send from {}: {}", registration.getEndpoint(), errorMessage);
  }

  private void deliver(String endpoint, Map<LwM2mPath, LwM2mNode> nodes, Instant timestamp) {
    safely("values", endpoint, () -> handler.values(endpoint, nodes, timestamp));
  }

  private Instant now() {
    return clock.instant();
  }

  private static void safely(String what, String endpoint, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("Traffic handler failed on {} of {}", what, endpoint, e);
    }
  }
}
