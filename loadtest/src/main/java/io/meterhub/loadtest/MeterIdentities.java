package io.meterhub.loadtest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives meter identities and PSKs deterministically from the run seed: the same seed and index always give the same
 * IMEI and key (so a rerun finds its meters provisioned), different indexes never share an IMEI, and keys are HMACs
 * of the index, so they are unique per meter and unguessable without the seed.
 */
public final class MeterIdentities {

  private final long runSeed;
  private final ModelMix mix;
  private final int regions;

  /**
   * @param runSeed the run's seed
   * @param mix which model each index gets
   * @param regions how many regions meters are spread over ({@code north/feeder-00}, ...)
   */
  public MeterIdentities(long runSeed, ModelMix mix, int regions) {
    this.runSeed = runSeed;
    this.mix = Objects.requireNonNull(mix, "mix");
    if (regions < 1) {
      throw new IllegalArgumentException("at least one region");
    }
    this.regions = regions;
  }

  /** The identity of meter {@code index} (0..99,999,999). */
  public MeterIdentity identity(int index) {
    if (index < 0 || index > 99_999_999) {
      throw new IllegalArgumentException("index out of range: " + index);
    }
    // 15 digits: "86" + 5 digits of the seed + 8 digits of the index: unique per index within a seed.
    String imei = String.format("86%05d%08d", Math.floorMod(runSeed, 100_000L), index);
    return new MeterIdentity(
        index,
        "urn:imei:" + imei,
        mix.modelOf(index, runSeed),
        region(index),
        imei,
        key("psk", index),
        LoadProfile.mix(runSeed, index));
  }

  /** A key that differs from meter {@code index}'s real one: for meters that must be refused. */
  public String wrongKey(int index) {
    return key("wrong", index);
  }

  /** Region of a meter: meters are dealt round-robin over the regions. */
  public String region(int index) {
    return regionName(index % regions);
  }

  /** Name of region number {@code r}. */
  public static String regionName(int r) {
    return String.format("loadtest/feeder-%02d", r);
  }

  private String key(String label, int index) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(("meterhub-loadtest:" + runSeed).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(label.getBytes(StandardCharsets.UTF_8));
      byte[] digest = mac.doFinal(ByteBuffer.allocate(4).putInt(index).array());
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
