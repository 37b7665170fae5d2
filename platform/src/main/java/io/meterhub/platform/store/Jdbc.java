package io.meterhub.platform.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Small JDBC helpers shared by the stores: nullable values, UTC instants, unique-violation detection. */
public final class Jdbc {

  private static final String UNIQUE_VIOLATION = "23505";

  private Jdbc() {}

  /** True when the exception (or one chained to it) is a unique/primary key violation (SQLState 23505). */
  public static boolean isUniqueViolation(SQLException e) {
    for (SQLException cur = e; cur != null; cur = cur.getNextException()) {
      if (UNIQUE_VIOLATION.equals(cur.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The instant as both databases store it: TIMESTAMP WITH TIME ZONE keeps microseconds, so values are truncated
   * before writing (and before hashing) to read back equal.
   */
  public static Instant storable(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
  }

  public static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(index, OffsetDateTime.ofInstant(storable(value), ZoneOffset.UTC));
    }
  }

  public static Instant getInstant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  public static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  public static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.DOUBLE);
    } else {
      ps.setDouble(index, value);
    }
  }

  public static Long getLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  public static Double getDouble(ResultSet rs, String column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? null : value;
  }

  /** Escapes {@code %}, {@code _} and {@code \} for a {@code LIKE ? ESCAPE '\'} prefix pattern. */
  public static String likePrefix(String prefix) {
    StringBuilder out = new StringBuilder(prefix.length() + 1);
    for (char c : prefix.toCharArray()) {
      if (c == '%' || c == '_' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append('%').toString();
  }
}
