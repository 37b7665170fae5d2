package io.meterhub.platform.meter;

import io.meterhub.models.MeterReading;
import io.meterhub.models.RelayState;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * Live view of one meter, shared cluster-wide.
 *
 * @param meterId endpoint name
 * @param online true while the meter holds a valid LwM2M registration
 * @param lastSeen last registration, update, notification or send; null if never seen
 * @param relay last known relay state
 * @param latest latest merged measurement values, null before the first reading
 * @param node id of the cluster node holding the meter's DTLS session, null when offline
 * @param radio last reported radio values (LwM2M object 4), null when the meter did not report them
 */
public record MeterStatus(
    String meterId, boolean online, Instant lastSeen, RelayState relay, MeterReading latest, String node, Radio radio)
    implements Serializable {

  /** A status without radio values. */
  public MeterStatus(
      String meterId, boolean online, Instant lastSeen, RelayState relay, MeterReading latest, String node) {
    this(meterId, online, lastSeen, relay, latest, node, null);
  }

  public static MeterStatus unknown(String meterId) {
    return new MeterStatus(meterId, false, null, RelayState.UNKNOWN, null, null, null);
  }

  /**
   * Radio values from LwM2M 4 Connectivity Monitoring.
   *
   * @param signalStrengthDbm resource 2, Radio Signal Strength (dBm)
   * @param linkQuality resource 3, Link Quality (bearer specific, e.g. RSRQ for LTE); null when not reported
   * @param at when the values arrived
   */
  public record Radio(long signalStrengthDbm, Long linkQuality, Instant at) implements Serializable {

    public Radio {
      Objects.requireNonNull(at, "at");
    }
  }
}
