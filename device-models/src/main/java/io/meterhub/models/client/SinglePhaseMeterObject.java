package io.meterhub.models.client;

import io.meterhub.models.MeterReading;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.response.ReadResponse;

/** OMA 10243 Single-Phase Power Meter, instance 0, of a simulated single-phase meter. */
public final class SinglePhaseMeterObject extends MeterInstanceEnabler {

  static final int TENSION = 4;
  static final int CURRENT = 5;
  static final int ACTIVE_POWER = 6;
  static final int POWER_FACTOR = 11;
  static final int ACTIVE_ENERGY = 14;
  static final int FREQUENCY = 17;
  private static final List<Integer> RESOURCES =
      List.of(TENSION, CURRENT, ACTIVE_POWER, POWER_FACTOR, ACTIVE_ENERGY, FREQUENCY);

  private double voltageV = 230.0;
  private double currentA;
  private double activePowerKw;
  private double powerFactor = 1.0;
  private double frequencyHz = 50.0;
  private long activeEnergyWh;

  public SinglePhaseMeterObject() {
    super(0);
  }

  /** Sets the instantaneous values and notifies observers. */
  public void setInstantaneous(double voltageV, double currentA, double activePowerKw, double powerFactor) {
    synchronized (this) {
      this.voltageV = finite(voltageV, "voltageV");
      this.currentA = finite(currentA, "currentA");
      this.activePowerKw = finite(activePowerKw, "activePowerKw");
      this.powerFactor = finite(powerFactor, "powerFactor");
    }
    changed(TENSION, CURRENT, ACTIVE_POWER, POWER_FACTOR);
  }

  /**
   * Sets the instantaneous values and adds imported energy with one notification to observers (a meter samples all
   * its registers at once; separate setters would notify twice within pmin). Returns the new register value in Wh.
   */
  public long update(double voltageV, double currentA, double activePowerKw, double powerFactor, long addWh) {
    if (addWh < 0) {
      throw new IllegalArgumentException("the import register only grows: " + addWh);
    }
    long total;
    synchronized (this) {
      this.voltageV = finite(voltageV, "voltageV");
      this.currentA = finite(currentA, "currentA");
      this.activePowerKw = finite(activePowerKw, "activePowerKw");
      this.powerFactor = finite(powerFactor, "powerFactor");
      activeEnergyWh = Math.addExact(activeEnergyWh, addWh);
      total = activeEnergyWh;
    }
    changed(TENSION, CURRENT, ACTIVE_POWER, POWER_FACTOR, ACTIVE_ENERGY);
    return total;
  }

  /** Sets the supply frequency and notifies observers. */
  public void setFrequency(double frequencyHz) {
    synchronized (this) {
      this.frequencyHz = finite(frequencyHz, "frequencyHz");
    }
    changed(FREQUENCY);
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

  /** Sets the cumulative register (e.g. a meter installed with a reading) and notifies observers. */
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
    return new MeterReading(
        timestamp, activeEnergyWh, voltageV, currentA, activePowerKw, powerFactor, frequencyHz, null, null);
  }

  @Override
  public synchronized ReadResponse read(LwM2mServer server, int resourceId) {
    return switch (resourceId) {
      // The OMA registry types Tension as String; real meters send text, so do we.
      case TENSION -> ReadResponse.success(resourceId, Double.toString(voltageV));
      case CURRENT -> ReadResponse.success(resourceId, currentA);
      case ACTIVE_POWER -> ReadResponse.success(resourceId, activePowerKw);
      case POWER_FACTOR -> ReadResponse.success(resourceId, powerFactor);
      case ACTIVE_ENERGY -> ReadResponse.success(resourceId, kwh(activeEnergyWh));
      case FREQUENCY -> ReadResponse.success(resourceId, frequencyHz);
      default -> super.read(server, resourceId);
    };
  }

  @Override
  public List<Integer> getAvailableResourceIds(ObjectModel model) {
    return RESOURCES;
  }
}
