package io.meterhub.platform.retention;

import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The {@code daily_readings} table and the summarising query over {@code readings} (H2 and PostgreSQL alike). */
public final class DailyAggregateStore {

  private static final String COLUMNS =
      "meter_id, reading_day, first_ts, last_ts, samples, energy_first_wh, energy_last_wh, min_voltage_v,"
          + " max_voltage_v, max_power_kw, tou_sharp_wh, tou_peak_wh, tou_flat_wh, tou_valley_wh";

  private final Database db;

  public DailyAggregateStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** A meter's daily aggregates with {@code from <= day < to}, oldest first. */
  public List<DailyAggregate> list(String meterId, LocalDate from, LocalDate to) {
    Objects.requireNonNull(meterId, "meterId");
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM daily_readings WHERE meter_id = ? AND reading_day >= ?"
                      + " AND reading_day < ? ORDER BY reading_day")) {
            ps.setString(1, meterId);
            ps.setObject(2, from);
            ps.setObject(3, to);
            List<DailyAggregate> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(read(rs, rs.getString("meter_id")));
              }
            }
            return out;
          }
        });
  }

  /** Summaries per meter of the fine readings of one UTC day. */
  static List<DailyAggregate> summarise(Connection c, LocalDate day) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT meter_id, MIN(ts) AS first_ts, MAX(ts) AS last_ts, COUNT(*) AS samples,"
                + " MIN(energy_wh) AS energy_first_wh, MAX(energy_wh) AS energy_last_wh,"
                + " MIN(voltage_v) AS min_voltage_v, MAX(voltage_v) AS max_voltage_v, MAX(power_kw) AS max_power_kw,"
                + " MAX(tou_sharp_wh) AS tou_sharp_wh, MAX(tou_peak_wh) AS tou_peak_wh,"
                + " MAX(tou_flat_wh) AS tou_flat_wh, MAX(tou_valley_wh) AS tou_valley_wh"
                + " FROM readings WHERE ts >= ? AND ts < ? GROUP BY meter_id")) {
      bindDay(ps, 1, day);
      List<DailyAggregate> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(aggregate(rs, rs.getString("meter_id"), day));
        }
      }
      return out;
    }
  }

  /** Existing aggregates of one day by meter (from earlier runs: readings that arrived late). */
  static Map<String, DailyAggregate> existing(Connection c, LocalDate day) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM daily_readings WHERE reading_day = ? FOR UPDATE")) {
      ps.setObject(1, day);
      Map<String, DailyAggregate> out = new LinkedHashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          DailyAggregate a = read(rs, rs.getString("meter_id"));
          out.put(a.meterId(), a);
        }
      }
      return out;
    }
  }

  /** Writes aggregates, replacing rows of the same meter and day. */
  static void upsert(Connection c, Collection<DailyAggregate> aggregates, Collection<String> replacing)
      throws SQLException {
    if (!replacing.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM daily_readings WHERE meter_id = ? AND reading_day = ?")) {
        for (DailyAggregate a : aggregates) {
          if (replacing.contains(a.meterId())) {
            ps.setString(1, a.meterId());
            ps.setObject(2, a.day());
            ps.addBatch();
          }
        }
        ps.executeBatch();
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO daily_readings (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (DailyAggregate a : aggregates) {
        ps.setString(1, a.meterId());
        ps.setObject(2, a.day());
        Jdbc.setInstant(ps, 3, a.firstTs());
        Jdbc.setInstant(ps, 4, a.lastTs());
        ps.setInt(5, a.samples());
        Jdbc.setLong(ps, 6, a.energyFirstWh());
        Jdbc.setLong(ps, 7, a.energyLastWh());
        Jdbc.setDouble(ps, 8, a.minVoltageV());
        Jdbc.setDouble(ps, 9, a.maxVoltageV());
        Jdbc.setDouble(ps, 10, a.maxPowerKw());
        Jdbc.setLong(ps, 11, a.touSharpWh());
        Jdbc.setLong(ps, 12, a.touPeakWh());
        Jdbc.setLong(ps, 13, a.touFlatWh());
        Jdbc.setLong(ps, 14, a.touValleyWh());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  static void bindDay(PreparedStatement ps, int index, LocalDate day) throws SQLException {
    Jdbc.setInstant(ps, index, day.atStartOfDay(ZoneOffset.UTC).toInstant());
    Jdbc.setInstant(ps, index + 1, day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  private static DailyAggregate read(ResultSet rs, String meterId) throws SQLException {
    return aggregate(rs, meterId, rs.getObject("reading_day", LocalDate.class));
  }

  private static DailyAggregate aggregate(ResultSet rs, String meterId, LocalDate day) throws SQLException {
    Instant first = Jdbc.getInstant(rs, "first_ts");
    Instant last = Jdbc.getInstant(rs, "last_ts");
    return new DailyAggregate(
        meterId,
        day,
        first,
        last,
        rs.getInt("samples"),
        Jdbc.getLong(rs, "energy_first_wh"),
        Jdbc.getLong(rs, "energy_last_wh"),
        Jdbc.getDouble(rs, "min_voltage_v"),
        Jdbc.getDouble(rs, "max_voltage_v"),
        Jdbc.getDouble(rs, "max_power_kw"),
        Jdbc.getLong(rs, "tou_sharp_wh"),
        Jdbc.getLong(rs, "tou_peak_wh"),
        Jdbc.getLong(rs, "tou_flat_wh"),
        Jdbc.getLong(rs, "tou_valley_wh"));
  }
}
