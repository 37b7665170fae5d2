package io.meterhub.platform.metering;

import io.meterhub.models.MeterReading;
import io.meterhub.platform.store.Cursors;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.InvalidCursorException;
import io.meterhub.platform.store.Jdbc;
import io.meterhub.platform.store.Page;
import io.meterhub.platform.store.SqlDialect;
import io.meterhub.platform.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** {@link ReadingStore} in SQL: one row per (meter, timestamp), first write wins. */
public final class JdbcReadingStore implements ReadingStore {

  private final Database db;
  private final String insertSql;
  private final String plainInsertSql;

  public JdbcReadingStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
    this.insertSql = insertSql(db.dialect());
    this.plainInsertSql =
        db.dialect() == SqlDialect.H2
            ? "INSERT INTO readings (" + ReadingRows.COLUMNS + ") VALUES ("
                + String.join(", ", Collections.nCopies(ReadingRows.COLUMN_COUNT, "?")) + ")"
            : null;
  }

  private static String insertSql(SqlDialect dialect) {
    String params = String.join(", ", Collections.nCopies(ReadingRows.COLUMN_COUNT - 2, "?"));
    return switch (dialect) {
      case POSTGRESQL -> "INSERT INTO readings (" + ReadingRows.COLUMNS + ") VALUES (?, ?, " + params
          + ") ON CONFLICT DO NOTHING";
      // H2 has no ON CONFLICT outside PostgreSQL mode; a MERGE with only WHEN NOT MATCHED inserts or ignores.
      case H2 -> "MERGE INTO readings t USING (SELECT CAST(? AS VARCHAR(128)) AS meter_id,"
          + " CAST(? AS TIMESTAMP(6) WITH TIME ZONE) AS ts) s ON t.meter_id = s.meter_id AND t.ts = s.ts"
          + " WHEN NOT MATCHED THEN INSERT (" + ReadingRows.COLUMNS + ") VALUES (s.meter_id, s.ts, " + params + ")";
    };
  }

  @Override
  public void insertBatch(List<IngestedReading> readings) {
    Objects.requireNonNull(readings, "readings");
    if (readings.isEmpty()) {
      return;
    }
    if (plainInsertSql != null) {
      // H2's MERGE costs a join per row; repeats are rare, so try a plain INSERT and redo with MERGE only when the
      // batch held a repeat (the failed attempt is rolled back as a whole).
      try {
        execute(plainInsertSql, readings);
        return;
      } catch (StoreException e) {
        if (!(e.isUniqueViolation())) {
          throw e;
        }
      }
    }
    execute(insertSql, readings);
  }

  private void execute(String sql, List<IngestedReading> readings) {
    db.inTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (IngestedReading reading : readings) {
              ReadingRows.bind(ps, reading);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  @Override
  public Page<MeterReading> list(String meterId, Instant from, Instant to, int limit, String cursor) {
    Objects.requireNonNull(meterId, "meterId");
    int size = Cursors.pageSize(limit);
    Instant after = decodeCursor(cursor);
    StringBuilder sql =
        new StringBuilder("SELECT ").append(ReadingRows.COLUMNS).append(" FROM readings WHERE meter_id = ?");
    if (from != null) {
      sql.append(" AND ts >= ?");
    }
    if (to != null) {
      sql.append(" AND ts < ?");
    }
    if (after != null) {
      sql.append(" AND ts > ?");
    }
    sql.append(" ORDER BY ts LIMIT ?");
    List<MeterReading> rows =
        db.withConnection(
            c -> {
              try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setString(i++, meterId);
                if (from != null) {
                  Jdbc.setInstant(ps, i++, from);
                }
                if (to != null) {
                  Jdbc.setInstant(ps, i++, to);
                }
                if (after != null) {
                  Jdbc.setInstant(ps, i++, after);
                }
                ps.setInt(i, size + 1);
                List<MeterReading> out = new ArrayList<>(size + 1);
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.add(ReadingRows.read(rs));
                  }
                }
                return out;
              }
            });
    return Page.cut(rows, size, r -> r.timestamp().toString());
  }

  private static Instant decodeCursor(String cursor) {
    String key = Cursors.decode(cursor);
    try {
      return key == null ? null : Instant.parse(key);
    } catch (DateTimeParseException e) {
      throw new InvalidCursorException(e);
    }
  }

  @Override
  public void deleteMeter(String meterId) {
    Objects.requireNonNull(meterId, "meterId");
    db.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM readings WHERE meter_id = ?")) {
            ps.setString(1, meterId);
            return ps.executeUpdate();
          }
        });
  }
}
