package io.meterhub.platform.meter;

/** Inputs of {@link MeterService}, as parsed from the API (types checked, rules not yet). */
public final class MeterRequests {

  private MeterRequests() {}

  /** Credentials as given by a client; only the fields of {@code mode} may be set. Hides the key. */
  public record SecuritySpec(String mode, String identity, String key, String publicKey) {
    @Override
    public String toString() {
      return "SecuritySpec[mode=" + mode + ", identity=" + identity + "]";
    }
  }

  /** A meter to provision. */
  public record NewMeter(String id, String model, String region, SecuritySpec security) {}

  /** Changes to a meter; null fields stay as they are. */
  public record MeterPatch(String region, SecuritySpec security) {}
}
