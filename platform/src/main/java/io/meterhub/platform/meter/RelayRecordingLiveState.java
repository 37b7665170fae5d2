package io.meterhub.platform.meter;

import io.meterhub.models.MeterReading;
import io.meterhub.models.RelayState;
import io.meterhub.platform.store.StoreException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live state that also records each relay state change in the meter registry (SQL), so that meter lists can filter
 * by relay state.
 *
 * <p>Why SQL and not a Hazelcast predicate: a list is keyset-paginated by id in SQL together with the region, id and
 * credit-state filters. A predicate query would have to pull every matching id out of the cluster, sort it and
 * intersect it with SQL on each page, and for the common case (relay closed, most of the fleet) that is every meter.
 * Relay changes are rare (trips and reconnects), so writing only when the state changes costs next to nothing, while
 * the periodic relay notifications that repeat the same state cost no SQL at all.
 *
 * <p>The recorded value is the last change this cluster saw; the live state stays the authority shown with each
 * meter. A failed write is logged and corrected by the next change.
 */
public final class RelayRecordingLiveState implements MeterLiveState {

  private static final Logger LOG = LoggerFactory.getLogger(RelayRecordingLiveState.class);

  private final MeterLiveState live;
  private final MeterStore store;

  public RelayRecordingLiveState(MeterLiveState live, MeterStore store) {
    this.live = Objects.requireNonNull(live, "live");
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public void relay(String meterId, RelayState state, Instant at) {
    RelayState before = live.get(meterId).relay();
    live.relay(meterId, state, at);
    if (before != state) {
      try {
        store.recordRelay(meterId, state);
      } catch (StoreException e) {
        LOG.warn("Relay state of {} not recorded in the registry: {}", meterId, e.toString());
      }
    }
  }

  @Override
  public MeterStatus get(String meterId) {
    return live.get(meterId);
  }

  @Override
  public Map<String, MeterStatus> getAll(Collection<String> meterIds) {
    return live.getAll(meterIds);
  }

  @Override
  public void online(String meterId, String node, Instant at) {
    live.online(meterId, node, at);
  }

  @Override
  public void offline(String meterId, Instant at) {
    live.offline(meterId, at);
  }

  @Override
  public void seen(String meterId, Instant at) {
    live.seen(meterId, at);
  }

  @Override
  public void reading(String meterId, MeterReading reading) {
    live.reading(meterId, reading);
  }

  @Override
  public void seenWithReading(String meterId, Instant at, MeterReading reading) {
    live.seenWithReading(meterId, at, reading);
  }

  @Override
  public void radio(String meterId, MeterStatus.Radio radio) {
    live.radio(meterId, radio);
  }

  @Override
  public void remove(String meterId) {
    live.remove(meterId);
  }

  @Override
  public long onlineCount() {
    return live.onlineCount();
  }

  @Override
  public OptionalLong relayOpenCount() {
    return live.relayOpenCount();
  }

  @Override
  public Optional<Set<String>> onlineMeterIds() {
    return live.onlineMeterIds();
  }
}
