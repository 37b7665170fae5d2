package io.meterhub.models.client;

import io.meterhub.models.MeterReading;
import io.meterhub.models.MeterReading.PhaseValues;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.response.ReadResponse;

/**
 * OMA 10242 3-Phase Power Meter, instance 0, of a simulated three-phase meter. Phases are numbered 1..3 (R/S/T =
 * L1/L2/L3); the 3-phase active power is the sum of the phase powers.
 */
public final class ThreePhaseMeterObject extends MeterInstanceEnabler {

  static final int PHASE_BASE = 4;
  static final int PHASE_STRIDE = 10;
  static final int TOTAL_ACTIVE_POWER = 34;
  static final int POWER_FACTOR = 39;
  static final int ACTIVE_ENERGY = 41;
  static final int FREQUENCY = 49;
  static final int NEUTRAL_CURRENT = 50;
  private static final List<Integer> RESOURCES =
      List.of(4, 5, 6, 14, 15, 16, 24, 25, 26, TOTAL_ACTIVE_POWER, POWER_FACTOR, ACTIVE_ENERGY, FREQUENCY,
          NEUTRAL_CURRENT);

  private final double[] voltageV = {230.0, 230.0, 230.0};
  private final double[] currentA = new double[3];
  private final double[] activePowerKw = new double[3];
  private double powerFactor = 1.0;
  private double frequencyHz = 50.0;
  private double neutralCurrentA;
  private long activeEnergyWh;

  public ThreePhaseMeterObject() {
    super(0);
  }

  /** Sets the instantaneous values of one phase (1..3) and notifies observers. */
  public void setPhase(int phase, double voltageV, double currentA, double activePowerKw) {
    if (phase < 1 || phase > 3) {
      throw new IllegalArgumentException("phase must be 1..3: " + phase);
    }
    int i = phase - 1;
    synchronized (this) {
      this.voltageV[i] = finite(voltageV, "voltageV");
      this.currentA[i] = finite(currentA, "currentA");
      this.activePowerKw[i] = finite(activePowerKw, "activePowerKw");
    }
    int base = PHASE_BASE + i * PHASE_STRIDE;
    changed(base, base + 1, base + 2, TOTAL_ACTIVE_POWER);
  }

  /**
   * Sets every phase (arrays of 3: L1..L3), the power factor and adds imported energy with one notification to
   * observers (separate setters would notify several times within pmin). Returns the new register value in Wh.
   */
  public long update(double[] voltageV, double[] currentA, double[] activePowerKw, double powerFactor, long addWh) {
    if (voltageV.length != 3 || currentA.length != 3 || activePowerKw.length != 3) {
      throw new IllegalArgumentException("three phases expected");
    }
    if (addWh < 0) {
      throw new IllegalArgumentException("the import register only grows: " + addWh);
    }
    long total;
    synchronized (this) {
      for (int i = 0; i < 3; i++) {
        this.voltageV[i] = finite(voltageV[i], "voltageV");
        this.currentA[i] = finite(currentA[i], "currentA");
        this.activePowerKw[i] = finite(activePowerKw[i], "activePowerKw");
      }
      this.powerFactor = finite(powerFactor, "powerFactor");
      activeEnergyWh = Math.addExact(activeEnergyWh, addWh);
      total = activeEnergyWh;
    }
    changed(4, 5, 6, 14, 15, 16, 24, 25, 26, TOTAL_ACTIVE_POWER, POWER_FACTOR, ACTIVE_ENERGY);
    return total;
  }

  /** Sets the 3-phase power factor, the neutral current and the frequency, and notifies observers. */
  public void setTotals(double powerFactor, double neutralCurrentA, double frequencyHz) {
    synchronized (this) {
      this.powerFactor = finite(powerFactor, "powerFactor");
      this.neutralCurrentA = finite(neutralCurrentA, "neutralCurrentA");
      this.frequencyHz = finite(frequencyHz, "frequencyHz");
    }
    changed(POWER_FACTOR, NEUTRAL_CURRENT, FREQUENCY);
  }

  /** Adds imported energy to the cumulative register and notifies observers; returns the new register value. */
  public long addEnergyWh(long wh) {
    if (wh < 0) {
      throw new IllegalArgumentException("the import register only grows: " + wh);
    }
    long total;
    synchronized (this) {
      activeEnergyWh = Math.addExact(activeEnergyWh, wh);
      total = activeEnergyWh;
    }
    changed(ACTIVE_ENERGY);
    return total;
  }

  /** Sets the cumulative register and notifies observers. */
  public void setEnergyWh(long wh) {
    if (wh < 0) {
      throw new IllegalArgumentException("energy register must not be negative: " + wh);
    }
    synchronized (this) {
      activeEnergyWh = wh;
    }
    changed(ACTIVE_ENERGY);
  }

  public synchronized long energyWh() {
    return activeEnergyWh;
  }

  /** The values as the platform should decode them, stamped with the given time. */
  public synchronized MeterReading reading(Instant timestamp) {
    Objects.requireNonNull(timestamp, "timestamp");
    PhaseValues phases =
        new PhaseValues(voltageV[0], voltageV[1], voltageV[2], currentA[0], currentA[1], currentA[2],
            activePowerKw[0], activePowerKw[1], activePowerKw[2], neutralCurrentA);
    return new MeterReading(
        timestamp, activeEnergyWh, voltageV[0], currentA[0], totalPowerKw(), powerFactor, frequencyHz, phases, null);
  }

  private double totalPowerKw() {
    return activePowerKw[0] + activePowerKw[1] + activePowerKw[2];
  }

  @Override
  public synchronized ReadResponse read(LwM2mServer server, int resourceId) {
    if (resourceId >= PHASE_BASE && resourceId < PHASE_BASE + 3 * PHASE_STRIDE) {
      int phase = (resourceId - PHASE_BASE) / PHASE_STRIDE;
      switch ((resourceId - PHASE_BASE) % PHASE_STRIDE) {
        case 0:
          return ReadResponse.success(resourceId, voltageV[phase]);
        case 1:
          return ReadResponse.success(resourceId, currentA[phase]);
        case 2:
          return ReadResponse.success(resourceId, activePowerKw[phase]);
        default:
          return super.read(server, resourceId);
      }
    }
    return switch (resourceId) {
      case TOTAL_ACTIVE_POWER -> ReadResponse.success(resourceId, totalPowerKw());
      case POWER_FACTOR -> ReadResponse.success(resourceId, powerFactor);
      case ACTIVE_ENERGY -> ReadResponse.success(resourceId, kwh(activeEnergyWh));
      case FREQUENCY -> ReadResponse.success(resourceId, frequencyHz);
      case NEUTRAL_CURRENT -> ReadResponse.success(resourceId, neutralCurrentA);
      default -> super.read(server, resourceId);
    };
  }

  @Override
  public List<Integer> getAvailableResourceIds(ObjectModel model) {
    return RESOURCES;
  }
}
