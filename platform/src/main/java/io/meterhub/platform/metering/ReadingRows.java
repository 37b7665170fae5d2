package io.meterhub.platform.metering;

import io.meterhub.models.MeterReading;
import io.meterhub.models.MeterReading.PhaseValues;
import io.meterhub.models.MeterReading.TouRegisters;
import io.meterhub.platform.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Objects;

/** Mapping between {@link MeterReading} and a row of the readings table. */
final class ReadingRows {

  /** Every column, meter_id and ts first (the insert statements rely on that order). */
  static final String COLUMNS =
      "meter_id, ts, energy_wh, voltage_v, current_a, power_kw, power_factor, frequency_hz,"
          + " l1_voltage_v, l2_voltage_v, l3_voltage_v, l1_current_a, l2_current_a, l3_current_a,"
          + " l1_power_kw, l2_power_kw, l3_power_kw, neutral_current_a,"
          + " tou_sharp_wh, tou_peak_wh, tou_flat_wh, tou_valley_wh, max_demand_kw, max_demand_at, received_at";

  static final int COLUMN_COUNT = 25;

  private ReadingRows() {}

  /** Binds all 25 parameters in {@link #COLUMNS} order. */
  static void bind(PreparedStatement ps, IngestedReading in) throws SQLException {
    MeterReading r = in.reading();
    ps.setString(1, in.meterId());
    Jdbc.setInstant(ps, 2, r.timestamp());
    Jdbc.setLong(ps, 3, r.activeEnergyWh());
    Jdbc.setDouble(ps, 4, r.voltageV());
    Jdbc.setDouble(ps, 5, r.currentA());
    Jdbc.setDouble(ps, 6, r.activePowerKw());
    Jdbc.setDouble(ps, 7, r.powerFactor());
    Jdbc.setDouble(ps, 8, r.frequencyHz());
    PhaseValues p = r.phases() != null ? r.phases() : new PhaseValues(null, null, null, null, null, null, null, null,
        null, null);
    Jdbc.setDouble(ps, 9, p.voltageL1V());
    Jdbc.setDouble(ps, 10, p.voltageL2V());
    Jdbc.setDouble(ps, 11, p.voltageL3V());
    Jdbc.setDouble(ps, 12, p.currentL1A());
    Jdbc.setDouble(ps, 13, p.currentL2A());
    Jdbc.setDouble(ps, 14, p.currentL3A());
    Jdbc.setDouble(ps, 15, p.activePowerL1Kw());
    Jdbc.setDouble(ps, 16, p.activePowerL2Kw());
    Jdbc.setDouble(ps, 17, p.activePowerL3Kw());
    Jdbc.setDouble(ps, 18, p.neutralCurrentA());
    TouRegisters t = r.tou() != null ? r.tou() : new TouRegisters(null, null, null, null, null, null);
    Jdbc.setLong(ps, 19, t.sharpWh());
    Jdbc.setLong(ps, 20, t.peakWh());
    Jdbc.setLong(ps, 21, t.flatWh());
    Jdbc.setLong(ps, 22, t.valleyWh());
    Jdbc.setDouble(ps, 23, t.maxDemandKw());
    Jdbc.setInstant(ps, 24, t.maxDemandAt());
    Jdbc.setInstant(ps, 25, in.receivedAt());
  }

  /** The reading of the current row; phases and TOU are null when all their columns are. */
  static MeterReading read(ResultSet rs) throws SQLException {
    PhaseValues phases =
        new PhaseValues(
            Jdbc.getDouble(rs, "l1_voltage_v"),
            Jdbc.getDouble(rs, "l2_voltage_v"),
            Jdbc.getDouble(rs, "l3_voltage_v"),
            Jdbc.getDouble(rs, "l1_current_a"),
            Jdbc.getDouble(rs, "l2_current_a"),
            Jdbc.getDouble(rs, "l3_current_a"),
            Jdbc.getDouble(rs, "l1_power_kw"),
            Jdbc.getDouble(rs, "l2_power_kw"),
            Jdbc.getDouble(rs, "l3_power_kw"),
            Jdbc.getDouble(rs, "neutral_current_a"));
    TouRegisters tou =
        new TouRegisters(
            Jdbc.getLong(rs, "tou_sharp_wh"),
            Jdbc.getLong(rs, "tou_peak_wh"),
            Jdbc.getLong(rs, "tou_flat_wh"),
            Jdbc.getLong(rs, "tou_valley_wh"),
            Jdbc.getDouble(rs, "max_demand_kw"),
            Jdbc.getInstant(rs, "max_demand_at"));
    return new MeterReading(
        Jdbc.getInstant(rs, "ts"),
        Jdbc.getLong(rs, "energy_wh"),
        Jdbc.getDouble(rs, "voltage_v"),
        Jdbc.getDouble(rs, "current_a"),
        Jdbc.getDouble(rs, "power_kw"),
        Jdbc.getDouble(rs, "power_factor"),
        Jdbc.getDouble(rs, "frequency_hz"),
        anyPresent(phases.voltageL1V(), phases.voltageL2V(), phases.voltageL3V(), phases.currentL1A(),
            phases.currentL2A(), phases.currentL3A(), phases.activePowerL1Kw(), phases.activePowerL2Kw(),
            phases.activePowerL3Kw(), phases.neutralCurrentA()) ? phases : null,
        anyPresent(tou.sharpWh(), tou.peakWh(), tou.flatWh(), tou.valleyWh(), tou.maxDemandKw(), tou.maxDemandAt())
            ? tou
            : null);
  }

  private static boolean anyPresent(Object... values) {
    return Arrays.stream(values).anyMatch(Objects::nonNull);
  }
}
