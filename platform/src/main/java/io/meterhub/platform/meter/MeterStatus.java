package io.meterhub.platform.meter;

import io.meterhub.models.MeterReading;
import io.meterhub.models.RelayState;
import java.io.Serializable;
import java.time.Instant;

/**
 * Live view of one meter, shared cluster-wide.
 *
 * @param meterId endpoint name
 * @param online true while the meter holds a valid LwM2M registration
 * @param lastSeen last registration, update, notification or send; null if never seen
 * @param relay last known relay state
 * @param latest latest merged measurement values, null before the first reading
 * @param node id of the cluster node holding the meter's DTLS session, null when offline
 */
public record MeterStatus(
    String meterId, boolean online, Instant lastSeen, RelayState relay, MeterReading latest, String node)
    implements Serializable {

  public static MeterStatus unknown(String meterId) {
    return new MeterStatus(meterId, false, null, RelayState.UNKNOWN, null, null);
  }
}
