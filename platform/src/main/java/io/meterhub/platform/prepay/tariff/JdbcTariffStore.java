package io.meterhub.platform.prepay.tariff;

import io.meterhub.platform.store.Cursors;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Jdbc;
import io.meterhub.platform.store.Page;
import io.meterhub.platform.store.StoreException;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** {@link TariffStore} in SQL: one row per version, the definition as canonical JSON text. */
public final class JdbcTariffStore implements TariffStore {

  private static final int CACHE_LIMIT = 10_000;

  private final Database db;
  // Definitions are immutable per row: parse each text once.
  private final Map<String, Tariff> parsed = new ConcurrentHashMap<>();

  public JdbcTariffStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public boolean insert(Tariff tariff, Instant createdAt) {
    Objects.requireNonNull(tariff, "tariff");
    try {
      return db.withConnection(c -> {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO prepay_tariffs (id, active_from, currency, definition, created_at) VALUES (?, ?, ?, ?, ?)")) {
          ps.setString(1, tariff.id());
          Jdbc.setInstant(ps, 2, tariff.activeFrom());
          ps.setString(3, tariff.currency());
          ps.setString(4, TariffCodec.toJson(tariff).encode());
          Jdbc.setInstant(ps, 5, createdAt);
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
  public List<Tariff> versions(String id) {
    Objects.requireNonNull(id, "id");
    return db.withConnection(c -> versions(c, id));
  }

  /** The versions read on a caller's connection (inside its transaction). */
  public List<Tariff> versions(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT definition FROM prepay_tariffs WHERE id = ? ORDER BY active_from")) {
      ps.setString(1, id);
      List<Tariff> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(parse(rs.getString(1)));
        }
      }
      return out;
    }
  }

  @Override
  public Page<List<Tariff>> list(int limit, String cursor) {
    int size = Cursors.pageSize(limit);
    String after = Cursors.decode(cursor);
    Map<String, List<Tariff>> byId = db.withConnection(c -> {
      String ids = "SELECT DISTINCT id FROM prepay_tariffs" + (after == null ? "" : " WHERE id > ?")
          + " ORDER BY id LIMIT ?";
      Map<String, List<Tariff>> out = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement(ids)) {
        int i = 1;
        if (after != null) {
          ps.setString(i++, after);
        }
        ps.setInt(i, size + 1);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), null);
          }
        }
      }
      for (String id : List.copyOf(out.keySet())) {
        out.put(id, versions(c, id));
      }
      return out;
    });
    List<List<Tariff>> items = new ArrayList<>(byId.values());
    return Page.cut(items, size, versions -> versions.get(0).id());
  }

  private Tariff parse(String definition) {
    Tariff cached = parsed.get(definition);
    if (cached != null) {
      return cached;
    }
    Tariff tariff = TariffCodec.parse(new JsonObject(definition));
    if (parsed.size() < CACHE_LIMIT) {
      parsed.put(definition, tariff);
    }
    return tariff;
  }
}
