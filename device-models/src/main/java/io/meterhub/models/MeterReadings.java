package io.meterhub.models;

import io.meterhub.models.MeterReading.PhaseValues;
import io.meterhub.models.MeterReading.TouRegisters;
import java.time.Instant;
import java.util.Map;

/** Resource-id mappings of the meter objects onto {@link MeterReading}; the ids are the DDFs'. */
final class MeterReadings {

  // 10243 Single-Phase Power Meter
  static final int SP_TENSION = 4;
  static final int SP_CURRENT = 5;
  static final int SP_ACTIVE_POWER = 6;
  static final int SP_POWER_FACTOR = 11;
  static final int SP_ACTIVE_ENERGY = 14;
  static final int SP_FREQUENCY = 17;

  // 10242 3-Phase Power Meter: phase R (L1) 4.., S (L2) 14.., T (L3) 24..; tension +0, current +1, active power +2
  static final int TP_PHASE_BASE_L1 = 4;
  static final int TP_PHASE_STRIDE = 10;
  static final int TP_ACTIVE_POWER = 34;
  static final int TP_POWER_FACTOR = 39;
  static final int TP_ACTIVE_ENERGY = 41;
  static final int TP_FREQUENCY = 49;
  static final int TP_NEUTRAL_CURRENT = 50;

  // 26241 Tariff Registers
  static final int TOU_SHARP = 0;
  static final int TOU_PEAK = 1;
  static final int TOU_FLAT = 2;
  static final int TOU_VALLEY = 3;
  static final int TOU_MAX_DEMAND = 4;
  static final int TOU_MAX_DEMAND_TIME = 5;

  private MeterReadings() {}

  static MeterReading singlePhase(Map<Integer, Object> v, Instant timestamp) {
    return new MeterReading(
        timestamp,
        NodeValues.kwhToWh(v.get(SP_ACTIVE_ENERGY)),
        NodeValues.toDouble(v.get(SP_TENSION)),
        NodeValues.toDouble(v.get(SP_CURRENT)),
        NodeValues.toDouble(v.get(SP_ACTIVE_POWER)),
        NodeValues.toDouble(v.get(SP_POWER_FACTOR)),
        NodeValues.toDouble(v.get(SP_FREQUENCY)),
        null,
        null);
  }

  static MeterReading threePhase(Map<Integer, Object> v, Instant timestamp) {
    Double[] tension = new Double[3];
    Double[] current = new Double[3];
    Double[] power = new Double[3];
    for (int phase = 0; phase < 3; phase++) {
      int base = TP_PHASE_BASE_L1 + phase * TP_PHASE_STRIDE;
      tension[phase] = NodeValues.toDouble(v.get(base));
      current[phase] = NodeValues.toDouble(v.get(base + 1));
      power[phase] = NodeValues.toDouble(v.get(base + 2));
    }
    Double neutral = NodeValues.toDouble(v.get(TP_NEUTRAL_CURRENT));
    PhaseValues phases =
        new PhaseValues(
            tension[0], tension[1], tension[2], current[0], current[1], current[2], power[0], power[1], power[2],
            neutral);
    return new MeterReading(
        timestamp,
        NodeValues.kwhToWh(v.get(TP_ACTIVE_ENERGY)),
        tension[0],
        current[0],
        NodeValues.toDouble(v.get(TP_ACTIVE_POWER)),
        NodeValues.toDouble(v.get(TP_POWER_FACTOR)),
        NodeValues.toDouble(v.get(TP_FREQUENCY)),
        allNull(phases) ? null : phases,
        null);
  }

  static MeterReading tariff(Map<Integer, Object> v, Instant timestamp) {
    TouRegisters tou =
        new TouRegisters(
            NodeValues.kwhToWh(v.get(TOU_SHARP)),
            NodeValues.kwhToWh(v.get(TOU_PEAK)),
            NodeValues.kwhToWh(v.get(TOU_FLAT)),
            NodeValues.kwhToWh(v.get(TOU_VALLEY)),
            NodeValues.toDouble(v.get(TOU_MAX_DEMAND)),
            NodeValues.toInstant(v.get(TOU_MAX_DEMAND_TIME)));
    boolean empty =
        tou.sharpWh() == null && tou.peakWh() == null && tou.flatWh() == null && tou.valleyWh() == null
            && tou.maxDemandKw() == null && tou.maxDemandAt() == null;
    return empty
        ? MeterReading.empty(timestamp)
        : new MeterReading(timestamp, null, null, null, null, null, null, null, tou);
  }

  private static boolean allNull(PhaseValues p) {
    return p.voltageL1V() == null && p.voltageL2V() == null && p.voltageL3V() == null && p.currentL1A() == null
        && p.currentL2A() == null && p.currentL3A() == null && p.activePowerL1Kw() == null
        && p.activePowerL2Kw() == null && p.activePowerL3Kw() == null && p.neutralCurrentA() == null;
  }
}
