package io.meterhub.platform.event;

import io.meterhub.models.MeterReading;
import io.meterhub.models.Severity;
import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.metering.ReadingSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voltage quality from readings: raises an {@code undervoltage} or {@code overvoltage} alarm (type {@code quality})
 * when a phase voltage leaves nominal ± tolerance, and clears it when every phase is back. The check itself is an
 * in-memory comparison on the caller's thread; only state changes go to the ingestion worker for SQL. Voltages
 * below 20 % of nominal are supply losses, which the meter's events report, so they do not change the state.
 */
public final class VoltageQualityMonitor implements ReadingSink {

  private static final Logger LOG = LoggerFactory.getLogger(VoltageQualityMonitor.class);
  static final String UNDER = "undervoltage";
  static final String OVER = "overvoltage";
  private static final String NORMAL = "normal";

  private final EventIngestor worker;
  private final AlarmEngine engine;
  private final RegionLookup regions;
  private final double low;
  private final double high;
  private final double noSupply;
  private final Map<String, String> states = new ConcurrentHashMap<>();

  public VoltageQualityMonitor(EventIngestor worker, AlarmEngine engine, RegionLookup regions, EventConfig config) {
    this.worker = Objects.requireNonNull(worker, "worker");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.regions = Objects.requireNonNull(regions, "regions");
    double nominal = config.nominalVoltage();
    this.low = nominal * (1 - config.voltageTolerance());
    this.high = nominal * (1 + config.voltageTolerance());
    this.noSupply = nominal * 0.2;
  }

  @Override
  public void accept(IngestedReading reading) {
    Objects.requireNonNull(reading, "reading");
    List<Double> voltages = voltages(reading.reading());
    if (voltages.isEmpty()) {
      return;
    }
    String state = NORMAL;
    double worst = Double.NaN;
    for (double v : voltages) {
      if (v < noSupply) {
        return;
      }
      if (v < low) {
        state = UNDER;
        worst = v;
      } else if (v > high && !state.equals(UNDER)) {
        state = OVER;
        worst = v;
      }
    }
    String meterId = reading.meterId();
    String before = states.put(meterId, state);
    if (state.equals(before) || (before == null && state.equals(NORMAL))) {
      return;
    }
    String newState = state;
    double value = worst;
    if (!worker.submit(meterId, () -> apply(meterId, before, newState, value))) {
      states.remove(meterId); // re-evaluate on the next reading
      LOG.warn("event worker queue full: voltage quality change of meter {} postponed", meterId);
    }
  }

  private void apply(String meterId, String before, String state, double voltage) {
    if (before != null && !before.equals(NORMAL)) {
      engine.clear(meterId, List.of(before));
    }
    if (!state.equals(NORMAL)) {
      engine.raise(meterId, regions.regionOf(meterId), "quality", state, Severity.WARNING,
          "{\"voltageV\":" + voltage + "}");
    }
  }

  private static List<Double> voltages(MeterReading r) {
    List<Double> out = new ArrayList<>(3);
    if (r.phases() != null) {
      addIfPresent(out, r.phases().voltageL1V());
      addIfPresent(out, r.phases().voltageL2V());
      addIfPresent(out, r.phases().voltageL3V());
    }
    if (out.isEmpty()) {
      addIfPresent(out, r.voltageV());
    }
    return out;
  }

  private static void addIfPresent(List<Double> out, Double v) {
    if (v != null && Double.isFinite(v)) {
      out.add(v);
    }
  }
}
