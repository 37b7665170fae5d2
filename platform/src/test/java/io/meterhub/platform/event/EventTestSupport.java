package io.meterhub.platform.event;

import io.meterhub.models.EventCode;
import io.meterhub.models.MeterEventRecord;
import io.meterhub.platform.meter.JdbcMeterStore;
import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterSecurity;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.TestDatabase;
import java.time.Instant;

/** Shared helpers of the event tests. */
final class EventTestSupport {

  static final Instant T0 = Instant.parse("2026-12-04T19:30:00Z");

  private EventTestSupport() {}

  /** Empties the event feature's tables (the shared truncate knows only the older tables). */
  static void truncateEventTables(Database db) {
    for (String table : new String[] {"events", "alarms", "outages", "supply_losses", "webhook_deliveries",
        "webhooks"}) {
      TestDatabase.sql(db, "DELETE FROM " + table);
    }
  }

  static void addMeter(JdbcMeterStore meters, String id, String region) {
    meters.insert(new Meter(id, "KPM31", region, MeterSecurity.psk("psk-" + id, "00".repeat(16)), T0, T0));
  }

  static MeterEventRecord record(EventCode code, long sequence, Instant at) {
    return new MeterEventRecord(code.code(), code, at, sequence, null, null);
  }
}
