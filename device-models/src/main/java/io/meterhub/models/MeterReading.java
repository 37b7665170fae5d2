package io.meterhub.models;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One set of measurement values a meter reported at one instant. Every value except the timestamp may be absent
 * (null) when the meter's model does not provide it or the report carried only part of the object.
 *
 * <p>Energy is kept in Wh as a {@code long}: it is the basis of billing and must not drift through floating point.
 *
 * @param timestamp when the values were measured (meter time for Send, arrival time for Observe)
 * @param activeEnergyWh cumulative active energy import register, Wh
 * @param voltageV voltage (single-phase) or phase L1 voltage, V
 * @param currentA current (single-phase) or phase L1 current, A
 * @param activePowerKw total active power, kW
 * @param powerFactor total power factor
 * @param frequencyHz supply frequency, Hz
 * @param phases per-phase values of three-phase meters, null for single-phase
 * @param tou time-of-use registers and maximum demand, null when not reported
 */
public record MeterReading(
    Instant timestamp,
    Long activeEnergyWh,
    Double voltageV,
    Double currentA,
    Double activePowerKw,
    Double powerFactor,
    Double frequencyHz,
    PhaseValues phases,
    TouRegisters tou)
    implements Serializable {

  public MeterReading {
    Objects.requireNonNull(timestamp, "timestamp");
  }

  /** A reading with only a timestamp, to be completed with {@link #merge(MeterReading)}. */
  public static MeterReading empty(Instant timestamp) {
    return new MeterReading(timestamp, null, null, null, null, null, null, null, null);
  }

  /** The values of {@code newer} where present, ours elsewhere; the timestamp of {@code newer}. */
  public MeterReading merge(MeterReading newer) {
    return new MeterReading(
        newer.timestamp,
        firstNonNull(newer.activeEnergyWh, activeEnergyWh),
        firstNonNull(newer.voltageV, voltageV),
        firstNonNull(newer.currentA, currentA),
        firstNonNull(newer.activePowerKw, activePowerKw),
        firstNonNull(newer.powerFactor, powerFactor),
        firstNonNull(newer.frequencyHz, frequencyHz),
        firstNonNull(newer.phases, phases),
        firstNonNull(newer.tou, tou));
  }

  /** True when no measurement value is present. */
  public boolean isEmpty() {
    return activeEnergyWh == null
        && voltageV == null
        && currentA == null
        && activePowerKw == null
        && powerFactor == null
        && frequencyHz == null
        && phases == null
        && tou == null;
  }

  private static <T> T firstNonNull(T a, T b) {
    return a != null ? a : b;
  }

  /** Per-phase values of a three-phase meter; any value may be null. */
  public record PhaseValues(
      Double voltageL1V,
      Double voltageL2V,
      Double voltageL3V,
      Double currentL1A,
      Double currentL2A,
      Double currentL3A,
      Double activePowerL1Kw,
      Double activePowerL2Kw,
      Double activePowerL3Kw,
      Double neutralCurrentA)
      implements Serializable {}

  /**
   * Cumulative active energy per time-of-use band and maximum demand of the current billing period.
   *
   * @param sharpWh band "sharp" (highest price) register, Wh
   * @param peakWh band "peak" register, Wh
   * @param flatWh band "flat" register, Wh
   * @param valleyWh band "valley" register, Wh
   * @param maxDemandKw maximum demand of the billing period, kW
   * @param maxDemandAt when the maximum demand occurred
   */
  public record TouRegisters(
      Long sharpWh, Long peakWh, Long flatWh, Long valleyWh, Double maxDemandKw, Instant maxDemandAt)
      implements Serializable {}
}
