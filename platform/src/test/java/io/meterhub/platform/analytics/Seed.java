package io.meterhub.platform.analytics;

import io.meterhub.models.MeterReading;
import io.meterhub.platform.meter.JdbcMeterStore;
import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterSecurity;
import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.metering.JdbcReadingStore;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Jdbc;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Writes meters, readings, events and outages the way the platform stores them. */
final class Seed {

  private final Database db;
  private final JdbcMeterStore meters;
  private final JdbcReadingStore readings;
  private final Random random = new Random(42);
  private long sequence;

  Seed(Database db) {
    this.db = db;
    this.meters = new JdbcMeterStore(db);
    this.readings = new JdbcReadingStore(db);
  }

  void meter(String id, String region) {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    meters.insert(new Meter(id, "KPM31", region, MeterSecurity.psk(id + "-psk", "00".repeat(16)), now, now));
  }

  /** Stores the readings shuffled and in several batches, as late and reordered uplinks arrive. */
  void readings(List<IngestedReading> list) {
    List<IngestedReading> shuffled = new ArrayList<>(list);
    Collections.shuffle(shuffled, random);
    for (int i = 0; i < shuffled.size(); i += 97) {
      readings.insertBatch(shuffled.subList(i, Math.min(shuffled.size(), i + 97)));
    }
  }

  static IngestedReading reading(String meterId, Instant at, Long wh, Double volts, Double kw) {
    return new IngestedReading(meterId, new MeterReading(at, wh, volts, null, kw, null, null, null, null), at);
  }

  void event(String meterId, String region, String type, Instant at) {
    db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (meter_id, region, type, severity,"
          + " occurred_at, received_at, sequence) VALUES (?, ?, ?, 'warning', ?, ?, ?)")) {
        ps.setString(1, meterId);
        ps.setString(2, region);
        ps.setString(3, type);
        Jdbc.setInstant(ps, 4, at);
        Jdbc.setInstant(ps, 5, at);
        ps.setLong(6, ++sequence);
        return ps.executeUpdate();
      }
    });
  }

  void outage(String region, Instant started, Instant cleared, int affected) {
    db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO outages (region, state, started_at, updated_at,"
          + " cleared_at, affected_meters, restored_meters) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, region);
        ps.setString(2, cleared == null ? "open" : "cleared");
        Jdbc.setInstant(ps, 3, started);
        Jdbc.setInstant(ps, 4, cleared == null ? started : cleared);
        Jdbc.setInstant(ps, 5, cleared);
        ps.setInt(6, affected);
        ps.setInt(7, cleared == null ? 0 : affected);
        return ps.executeUpdate();
      }
    });
  }

  static void clearAll(Database db) {
    for (String table : new String[] {"events", "outages", "prepay_ledger", "prepay_accounts", "prepay_tariffs",
        "readings", "meters"}) {
      io.meterhub.platform.store.TestDatabase.sql(db, "DELETE FROM " + table);
    }
  }
}
