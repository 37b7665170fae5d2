package io.meterhub.platform.meter;

import io.meterhub.models.RelayState;
import io.meterhub.platform.store.Cursors;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.DuplicateKeyException;
import io.meterhub.platform.store.Jdbc;
import io.meterhub.platform.store.Page;
import io.meterhub.platform.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/** {@link MeterStore} in SQL (H2 or PostgreSQL). */
public final class JdbcMeterStore implements MeterStore {

  private static final String COLUMNS =
      "id, model, region, security_mode, psk_identity, psk_key_hex, public_key, created_at, updated_at";
  private static final int STREAM_FETCH_SIZE = 500;
  /** Ids per IN list when counting a set of meters by region. */
  private static final int COUNT_BATCH = 1000;

  private final Database db;

  public JdbcMeterStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public boolean insert(Meter meter) {
    Objects.requireNonNull(meter, "meter");
    try {
      return db.withConnection(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO meters (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
              ps.setString(1, meter.id());
              ps.setString(2, meter.model());
              ps.setString(3, meter.region());
              setSecurity(ps, 4, meter.security());
              Jdbc.setInstant(ps, 8, meter.createdAt());
              Jdbc.setInstant(ps, 9, meter.updatedAt());
              return ps.executeUpdate() == 1;
            }
          });
    } catch (StoreException e) {
      if (e.isUniqueViolation()) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public Optional<Meter> find(String id) {
    Objects.requireNonNull(id, "id");
    return db.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM meters WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.<Meter>empty();
            }
          }
        });
  }

  @Override
  public Page<Meter> list(String regionPrefix, int limit, String cursor) {
    return list(regionPrefix, null, limit, cursor);
  }

  @Override
  public Page<Meter> list(String regionPrefix, String idPrefix, int limit, String cursor) {
    return listMatching(MeterFilter.of(regionPrefix, idPrefix), limit, cursor);
  }

  @Override
  public Page<Meter> listMatching(MeterFilter filter, int limit, String cursor) {
    Objects.requireNonNull(filter, "filter");
    int size = Cursors.pageSize(limit);
    String after = Cursors.decode(cursor);
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM meters WHERE 1 = 1");
    List<String> args = new ArrayList<>();
    if (filter.regionPrefix() != null && !filter.regionPrefix().isEmpty()) {
      sql.append(" AND region LIKE ? ESCAPE '\\'");
      args.add(Jdbc.likePrefix(filter.regionPrefix()));
    }
    if (filter.idPrefix() != null && !filter.idPrefix().isEmpty()) {
      sql.append(" AND id LIKE ? ESCAPE '\\'");
      args.add(Jdbc.likePrefix(filter.idPrefix()));
    }
    if (filter.relay() != null) {
      sql.append(" AND relay_state = ?");
      args.add(filter.relay().apiName());
    }
    if (filter.creditState() != null && !filter.creditState().isEmpty()) {
      // The registry and prepayment share one database (PlatformNode). Index (credit_state, meter_id) on the
      // accounts side; at most one account per meter, so no duplicates.
      sql.append(" AND id IN (SELECT meter_id FROM prepay_accounts WHERE credit_state = ?)");
      args.add(filter.creditState());
    }
    if (after != null) {
      sql.append(" AND id > ?");
      args.add(after);
    }
    sql.append(" ORDER BY id LIMIT ?");
    List<Meter> rows =
        db.withConnection(
            c -> {
              try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                for (String arg : args) {
                  ps.setString(i++, arg);
                }
                ps.setInt(i, size + 1);
                List<Meter> out = new ArrayList<>(size + 1);
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.add(read(rs));
                  }
                }
                return out;
              }
            });
    if (rows.size() <= size) {
      return new Page<>(rows, null);
    }
    List<Meter> items = rows.subList(0, size);
    return new Page<>(items, Cursors.encode(items.get(size - 1).id()));
  }

  @Override
  public boolean recordRelay(String id, RelayState state) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
    return db.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("UPDATE meters SET relay_state = ? WHERE id = ?")) {
            ps.setString(1, state.apiName());
            ps.setString(2, id);
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public Map<String, Long> countByRegion(Collection<String> ids) {
    Objects.requireNonNull(ids, "ids");
    List<String> all = List.copyOf(ids);
    Map<String, Long> counts = new TreeMap<>();
    for (int from = 0; from < all.size(); from += COUNT_BATCH) {
      List<String> batch = all.subList(from, Math.min(all.size(), from + COUNT_BATCH));
      String marks = String.join(", ", java.util.Collections.nCopies(batch.size(), "?"));
      db.withConnection(
          c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT region, COUNT(*) FROM meters WHERE id IN (" + marks + ") GROUP BY region")) {
              for (int i = 0; i < batch.size(); i++) {
                ps.setString(i + 1, batch.get(i));
              }
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  counts.merge(rs.getString(1), rs.getLong(2), Long::sum);
                }
              }
            }
            return null;
          });
    }
    return counts;
  }

  @Override
  public boolean update(Meter meter) {
    Objects.requireNonNull(meter, "meter");
    try {
      return db.withConnection(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE meters SET model = ?, region = ?, security_mode = ?, psk_identity = ?, psk_key_hex = ?,"
                        + " public_key = ?, updated_at = ? WHERE id = ?")) {
              ps.setString(1, meter.model());
              ps.setString(2, meter.region());
              setSecurity(ps, 3, meter.security());
              Jdbc.setInstant(ps, 7, meter.updatedAt());
              ps.setString(8, meter.id());
              return ps.executeUpdate() == 1;
            }
          });
    } catch (StoreException e) {
      if (e.isUniqueViolation()) {
        throw new DuplicateKeyException("PSK identity already used by another meter", e.getCause());
      }
      throw e;
    }
  }

  @Override
  public boolean delete(String id) {
    Objects.requireNonNull(id, "id");
    return db.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM meters WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public void forEach(Consumer<Meter> sink) {
    Objects.requireNonNull(sink, "sink");
    // A transaction lets PostgreSQL stream with a server-side cursor instead of loading every meter at once.
    db.inTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM meters ORDER BY id")) {
            ps.setFetchSize(STREAM_FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                sink.accept(read(rs));
              }
            }
          }
          return null;
        });
  }

  @Override
  public long count() {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM meters");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Override
  public java.util.Map<String, Long> countByRegion() {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT region, COUNT(*) FROM meters GROUP BY region");
              ResultSet rs = ps.executeQuery()) {
            java.util.Map<String, Long> counts = new java.util.TreeMap<>();
            while (rs.next()) {
              counts.put(rs.getString(1), rs.getLong(2));
            }
            return counts;
          }
        });
  }

  private static void setSecurity(PreparedStatement ps, int index, MeterSecurity security) throws SQLException {
    ps.setString(index, security.mode().name());
    ps.setString(index + 1, security.pskIdentity());
    ps.setString(index + 2, security.pskKeyHex());
    ps.setString(index + 3, security.publicKeyBase64());
  }

  private static Meter read(ResultSet rs) throws SQLException {
    MeterSecurity security =
        new MeterSecurity(
            MeterSecurity.Mode.valueOf(rs.getString("security_mode")),
            rs.getString("psk_identity"),
            rs.getString("psk_key_hex"),
            rs.getString("public_key"));
    return new Meter(
        rs.getString("id"),
        rs.getString("model"),
        rs.getString("region"),
        security,
        Jdbc.getInstant(rs, "created_at"),
        Jdbc.getInstant(rs, "updated_at"));
  }
}
