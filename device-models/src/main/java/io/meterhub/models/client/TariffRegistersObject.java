package io.meterhub.models.client;

import io.meterhub.models.MeterReading;
import io.meterhub.models.MeterReading.TouRegisters;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;

/**
 * meterhub 26241 Tariff Registers, instance 0: cumulative import per time-of-use band, maximum demand of the billing
 * period, and the billing-period reset (resource 7) that clears the maximum demand but never the energy registers.
 */
public final class TariffRegistersObject extends MeterInstanceEnabler {

  /** Time-of-use bands; the ordinal is the resource id of the band's register. */
  public enum Band {
    SHARP,
    PEAK,
    FLAT,
    VALLEY
  }

  static final int MAX_DEMAND = 4;
  static final int MAX_DEMAND_TIME = 5;
  static final int BILLING_PERIOD_START = 6;
  static final int BILLING_PERIOD_RESET = 7;

  private final Clock clock;
  private final long[] bandWh = new long[Band.values().length];
  private Double maxDemandKw;
  private Instant maxDemandAt;
  private Instant billingPeriodStart;

  public TariffRegistersObject(Clock clock) {
    super(0);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.billingPeriodStart = clock.instant();
  }

  /** Adds imported energy to a band's register and notifies observers; returns the band's new value. */
  public long addEnergyWh(Band band, long wh) {
    Objects.requireNonNull(band, "band");
    if (wh < 0) {
      throw new IllegalArgumentException("the import registers only grow: " + wh);
    }
    long total;
    synchronized (this) {
      bandWh[band.ordinal()] = Math.addExact(bandWh[band.ordinal()], wh);
      total = bandWh[band.ordinal()];
    }
    changed(band.ordinal());
    return total;
  }

  public synchronized long energyWh(Band band) {
    return bandWh[Objects.requireNonNull(band, "band").ordinal()];
  }

  /** Records an integrated demand value at clock now; it becomes the maximum demand when higher. */
  public void recordDemand(double kw) {
    finite(kw, "kw");
    boolean raised;
    synchronized (this) {
      raised = maxDemandKw == null || kw > maxDemandKw;
      if (raised) {
        maxDemandKw = kw;
        maxDemandAt = clock.instant();
      }
    }
    if (raised) {
      changed(MAX_DEMAND, MAX_DEMAND_TIME);
    }
  }

  /** Closes the billing period as resource 7 does: clears the maximum demand, starts a new period at clock now. */
  public void resetBillingPeriod() {
    synchronized (this) {
      maxDemandKw = null;
      maxDemandAt = null;
      billingPeriodStart = clock.instant();
    }
    changed(MAX_DEMAND, MAX_DEMAND_TIME, BILLING_PERIOD_START);
  }

  public synchronized Instant billingPeriodStart() {
    return billingPeriodStart;
  }

  /** The registers as the platform should decode them (times in whole seconds, as they travel). */
  public synchronized MeterReading reading(Instant timestamp) {
    Objects.requireNonNull(timestamp, "timestamp");
    TouRegisters tou =
        new TouRegisters(bandWh[0], bandWh[1], bandWh[2], bandWh[3], maxDemandKw,
            maxDemandAt == null ? null : Instant.ofEpochSecond(maxDemandAt.getEpochSecond()));
    return new MeterReading(timestamp, null, null, null, null, null, null, null, tou);
  }

  @Override
  public synchronized ReadResponse read(LwM2mServer server, int resourceId) {
    if (resourceId >= 0 && resourceId < bandWh.length) {
      return ReadResponse.success(resourceId, kwh(bandWh[resourceId]));
    }
    return switch (resourceId) {
      case MAX_DEMAND -> maxDemandKw == null ? ReadResponse.notFound() : ReadResponse.success(resourceId, maxDemandKw);
      case MAX_DEMAND_TIME ->
          maxDemandAt == null ? ReadResponse.notFound() : ReadResponse.success(resourceId, Date.from(maxDemandAt));
      case BILLING_PERIOD_START -> ReadResponse.success(resourceId, Date.from(billingPeriodStart));
      default -> super.read(server, resourceId);
    };
  }

  @Override
  public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
    if (resourceId != BILLING_PERIOD_RESET) {
      return super.execute(server, resourceId, arguments);
    }
    resetBillingPeriod();
    return ExecuteResponse.success();
  }

  @Override
  public synchronized List<Integer> getAvailableResourceIds(ObjectModel model) {
    List<Integer> ids = new ArrayList<>(List.of(0, 1, 2, 3));
    if (maxDemandKw != null) {
      ids.add(MAX_DEMAND);
      ids.add(MAX_DEMAND_TIME);
    }
    ids.add(BILLING_PERIOD_START);
    ids.add(BILLING_PERIOD_RESET);
    return ids;
  }
}
