package io.meterhub.loadtest;

import java.util.Objects;

/**
 * One simulated meter's identity, derived from the run seed and its index so that reruns reuse the same meters.
 *
 * @param index position in the fleet (0-based)
 * @param id LwM2M endpoint name = meter id ({@code urn:imei:...})
 * @param model product profile name (KPM31, KPM33, KPM37)
 * @param region region path for the REST API
 * @param pskIdentity DTLS-PSK identity (the IMEI digits)
 * @param pskKeyHex DTLS-PSK key, 16 bytes hex; never logged
 * @param seed the meter's own seed (load profile, events)
 */
public record MeterIdentity(
    int index, String id, String model, String region, String pskIdentity, String pskKeyHex, long seed) {

  public MeterIdentity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(pskIdentity, "pskIdentity");
    Objects.requireNonNull(pskKeyHex, "pskKeyHex");
  }

  /** Hides the key: identities get printed in diagnostics. */
  @Override
  public String toString() {
    return "MeterIdentity[" + index + ", " + id + ", " + model + ", " + region + "]";
  }
}
