package io.meterhub.platform.event;

import io.meterhub.platform.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Binds a list of positional arguments (String, Long, Integer, Instant) to a statement. */
final class SqlArgs {

  private SqlArgs() {}

  static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object arg = args.get(i);
      if (arg instanceof Instant instant) {
        Jdbc.setInstant(ps, i + 1, instant);
      } else if (arg instanceof Long l) {
        ps.setLong(i + 1, l);
      } else if (arg instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else {
        ps.setString(i + 1, (String) arg);
      }
    }
  }
}
