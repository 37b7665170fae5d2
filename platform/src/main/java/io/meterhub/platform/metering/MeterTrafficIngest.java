package io.meterhub.platform.metering;

import io.meterhub.models.MeterEventRecord;
import io.meterhub.models.MeterNodeDecoder;
import io.meterhub.models.MeterReading;
import io.meterhub.models.RelayState;
import io.meterhub.platform.event.MeterEventSink;
import io.meterhub.platform.lwm2m.DeviceTrafficHandler;
import io.meterhub.platform.meter.MeterLiveState;
import io.meterhub.platform.meter.MeterStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;

/**
 * Turns what meters do on the LwM2M server into live state (online, last seen, relay, latest values, radio), stored
 * readings and meter events. Decoding is cheap and happens on the protocol thread; readings and events go to sinks
 * that queue and return at once; cluster updates are handed to a keyed executor so Leshan threads never wait on
 * Hazelcast.
 */
public final class MeterTrafficIngest implements DeviceTrafficHandler, AutoCloseable {

  private final MeterLiveState live;
  private final ReadingSink readings;
  private final MeterEventSink events;
  private final String node;
  private final Clock clock;
  private final KeyedSerialExecutor liveUpdates;

  public MeterTrafficIngest(
      MeterLiveState live, ReadingSink readings, MeterEventSink events, String node, Clock clock) {
    this.live = Objects.requireNonNull(live, "live");
    this.readings = Objects.requireNonNull(readings, "readings");
    this.events = Objects.requireNonNull(events, "events");
    this.node = Objects.requireNonNull(node, "node");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.liveUpdates = new KeyedSerialExecutor("live-state", 4, 50_000);
  }

  @Override
  public void registered(String endpoint, Instant at) {
    liveUpdates.execute(endpoint, () -> live.online(endpoint, node, at));
  }

  @Override
  public void updated(String endpoint, Instant at) {
    liveUpdates.execute(endpoint, () -> live.seen(endpoint, at));
  }

  @Override
  public void deregistered(String endpoint, Instant at) {
    liveUpdates.execute(endpoint, () -> live.offline(endpoint, at));
  }

  @Override
  public void values(String endpoint, Map<LwM2mPath, LwM2mNode> nodes, Instant timestamp) {
    Instant receivedAt = clock.instant();
    Optional<MeterReading> reading = MeterNodeDecoder.reading(nodes, timestamp);
    Optional<RelayState> relay = relayIn(nodes);
    Optional<MeterStatus.Radio> radio = RadioValues.in(nodes, receivedAt);
    reading.ifPresent(r -> readings.accept(new IngestedReading(endpoint, r, receivedAt)));
    List<MeterEventRecord> meterEvents = MeterNodeDecoder.events(nodes);
    if (!meterEvents.isEmpty()) {
      events.accept(endpoint, meterEvents, receivedAt);
    }
    liveUpdates.execute(
        endpoint,
        () -> {
          if (reading.isPresent()) {
            live.seenWithReading(endpoint, receivedAt, reading.get());
          } else {
            live.seen(endpoint, receivedAt);
          }
          relay.ifPresent(state -> live.relay(endpoint, state, receivedAt));
          radio.ifPresent(r -> live.radio(endpoint, r));
        });
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

  /** Live-state updates dropped because the cluster could not keep up. */
  public long droppedLiveUpdates() {
    return liveUpdates.dropped();
  }

  @Override
  public void close() {
    liveUpdates.close();
  }
}
