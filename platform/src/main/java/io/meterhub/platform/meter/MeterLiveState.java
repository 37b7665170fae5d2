package io.meterhub.platform.meter;

import io.meterhub.models.MeterReading;
import io.meterhub.models.RelayState;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Cluster-wide live state of meters (online, last seen, relay, latest values). Updates are atomic per meter and
 * never block on SQL.
 */
public interface MeterLiveState {

  /** The status of one meter; {@link MeterStatus#unknown(String)} when nothing is known. */
  MeterStatus get(String meterId);

  /** Statuses of several meters at once (one round trip); meters without state are absent from the map. */
  Map<String, MeterStatus> getAll(Collection<String> meterIds);

  void online(String meterId, String node, Instant at);

  void offline(String meterId, Instant at);

  void seen(String meterId, Instant at);

  /** Merges the reading into the latest values, unless it is older than the latest one. */
  void reading(String meterId, MeterReading reading);

  /**
   * {@link #seen} and {@link #reading} together: what every notification with a reading does, in one update where the
   * state is shared (one cluster operation instead of two).
   */
  default void seenWithReading(String meterId, Instant at, MeterReading reading) {
    seen(meterId, at);
    reading(meterId, reading);
  }

  void relay(String meterId, RelayState state, Instant at);

  /** Replaces the radio values (LwM2M object 4) unless they are older than the stored ones. */
  void radio(String meterId, MeterStatus.Radio radio);

  /** Forgets the meter (it was deleted). */
  void remove(String meterId);

  /** Number of meters currently online in the cluster. */
  long onlineCount();

  /**
   * Number of meters whose last known relay state is open (supply off); empty when this implementation cannot count
   * without listing every meter.
   */
  default java.util.OptionalLong relayOpenCount() {
    return java.util.OptionalLong.empty();
  }

  /**
   * Ids of the meters currently online; empty when this implementation cannot list them without reading every
   * meter's state. Costs in proportion to the number of online meters: for dashboards, not per request.
   */
  default java.util.Optional<java.util.Set<String>> onlineMeterIds() {
    return java.util.Optional.empty();
  }
}
