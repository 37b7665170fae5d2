package io.meterhub.platform.customer;

import io.meterhub.platform.common.ConflictException;
import io.meterhub.platform.customer.DataKeyRing.DataKey;
import io.meterhub.platform.store.Cursors;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Jdbc;
import io.meterhub.platform.store.Page;
import io.meterhub.platform.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;

/** {@link CustomerVault} in SQL (H2 and PostgreSQL): AES-GCM per field under wrapped data keys. */
public final class JdbcCustomerVault implements CustomerVault {

  private static final String SEALED = "name_enc, address_enc, phone_enc, email_enc, protected_reasons_enc";
  private static final String SUMMARY = "c.id, c.ref, c.is_protected, c.created_at, c.updated_at";
  private static final int WRITE_ATTEMPTS = 5;

  private final Database db;
  private final VaultKeys keks;
  private final DataKeyRing keys;
  private final Clock clock;

  /** Opens the vault: creates the first data key if needed and checks every stored key unwraps (fails fast). */
  public JdbcCustomerVault(Database db, VaultKeys keks, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.keks = Objects.requireNonNull(keks, "keks");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keys = new DataKeyRing(db, keks, clock);
    keys.open();
  }

  @Override
  public CustomerSummary create(String id, PersonalData personal) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(personal, "personal");
    String ref = CustomerRows.reference(keks.current(), id);
    Instant now = Jdbc.storable(clock.instant());
    try {
      withActiveKey(
          (c, key) -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO customers (id, ref, key_id, " + SEALED + ", is_protected, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
              ps.setString(1, id);
              ps.setString(2, ref);
              ps.setString(3, key.id());
              bindSealed(ps, 4, CustomerRows.seal(key.key(), id, personal));
              ps.setBoolean(9, !personal.protectedReasons().isEmpty());
              Jdbc.setInstant(ps, 10, now);
              Jdbc.setInstant(ps, 11, now);
              ps.executeUpdate();
            }
            return null;
          });
    } catch (StoreException e) {
      if (e.isUniqueViolation()) {
        throw new ConflictException("A customer with this id exists");
      }
      throw e;
    }
    return new CustomerSummary(id, ref, !personal.protectedReasons().isEmpty(), List.of(), now, now);
  }

  @Override
  public Optional<CustomerSummary> summary(String idOrRef) {
    return db.withConnection(c -> findRow(c, idOrRef, false)).map(Row::summary);
  }

  @Override
  public Page<CustomerSummary> summaries(int limit, String cursor) {
    return page(limit, cursor, false).map(Row::summary);
  }

  @Override
  public Optional<Customer> read(String idOrRef) {
    return db.withConnection(c -> findRow(c, idOrRef, true)).map(this::open);
  }

  @Override
  public Page<Customer> readAll(int limit, String cursor) {
    return page(limit, cursor, true).map(this::open);
  }

  @Override
  public Optional<CustomerSummary> update(String id, CustomerPatch patch) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(patch, "patch");
    return withActiveKey(
        (c, key) -> {
          if (!lockCustomer(c, id)) {
            return Optional.empty();
          }
          Optional<Row> row = findRow(c, id, true);
          PersonalData changed = patch.applyTo(open(row.get()).personal());
          Instant now = Jdbc.storable(clock.instant());
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE customers SET key_id = ?, name_enc = ?, address_enc = ?, phone_enc = ?, email_enc = ?,"
                      + " protected_reasons_enc = ?, is_protected = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, key.id());
            bindSealed(ps, 2, CustomerRows.seal(key.key(), id, changed));
            ps.setBoolean(7, !changed.protectedReasons().isEmpty());
            Jdbc.setInstant(ps, 8, now);
            ps.setString(9, id);
            ps.executeUpdate();
          }
          Row old = row.get();
          return Optional.of(
              new CustomerSummary(
                  id, old.ref(), !changed.protectedReasons().isEmpty(), old.meters(), old.createdAt(), now));
        });
  }

  @Override
  public LinkOutcome link(String customerId, String meterId) {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(meterId, "meterId");
    return db.inTransaction(
        c -> {
          if (findRow(c, customerId, false).filter(r -> r.id().equals(customerId)).isEmpty()) {
            return LinkOutcome.CUSTOMER_NOT_FOUND;
          }
          String owner = ownerOf(c, meterId);
          if (owner != null) {
            return owner.equals(customerId) ? LinkOutcome.ALREADY_LINKED : LinkOutcome.LINKED_TO_ANOTHER_CUSTOMER;
          }
          try (PreparedStatement ps =
              c.prepareStatement("INSERT INTO customer_meters (meter_id, customer_id, linked_at) VALUES (?, ?, ?)")) {
            ps.setString(1, meterId);
            ps.setString(2, customerId);
            Jdbc.setInstant(ps, 3, clock.instant());
            ps.executeUpdate();
          } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
              return LinkOutcome.LINKED_TO_ANOTHER_CUSTOMER;
            }
            throw e;
          }
          return LinkOutcome.LINKED;
        });
  }

  @Override
  public boolean unlink(String customerId, String meterId) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM customer_meters WHERE meter_id = ? AND customer_id = ?")) {
            ps.setString(1, Objects.requireNonNull(meterId, "meterId"));
            ps.setString(2, Objects.requireNonNull(customerId, "customerId"));
            return ps.executeUpdate() > 0;
          }
        });
  }

  @Override
  public KeyRotation rotateKeys() {
    return db.inTransaction(
        c -> {
          DataKeyRing.Rotated rotated = keys.rotate(c);
          int reencrypted = reencryptAll(c, rotated.fresh());
          keys.delete(c, rotated.retired());
          return new KeyRotation(
              rotated.fresh().id(), keks.current().id(), reencrypted, rotated.retired().size());
        });
  }

  private int reencryptAll(Connection c, DataKey fresh) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT " + SUMMARY + ", c.key_id, " + SEALED + ", k.wrapped_key, k.kek_id FROM customers c"
                    + " JOIN vault_data_keys k ON k.id = c.key_id WHERE c.key_id <> ?")) {
      ps.setString(1, fresh.id());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(Row.read(rs, true, List.of()));
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE customers SET key_id = ?, name_enc = ?, address_enc = ?, phone_enc = ?, email_enc = ?,"
                + " protected_reasons_enc = ? WHERE id = ?")) {
      for (Row row : rows) {
        PersonalData personal = open(row).personal();
        ps.setString(1, fresh.id());
        bindSealed(ps, 2, CustomerRows.seal(fresh.key(), row.id(), personal));
        ps.setString(7, row.id());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return rows.size();
  }

  /** Runs a write under the active data key (row-locked); retries when a rotation replaced it meanwhile. */
  private <T> T withActiveKey(KeyedWork<T> work) {
    for (int attempt = 1; ; attempt++) {
      Attempt<T> result =
          db.inTransaction(
              c -> {
                DataKey key = keys.lockActive(c);
                return key == null ? new Attempt<T>(false, null) : new Attempt<T>(true, work.run(c, key));
              });
      if (result.done()) {
        return result.value();
      }
      if (attempt >= WRITE_ATTEMPTS) {
        throw new StoreException("no active vault data key after " + attempt + " attempts");
      }
    }
  }

  private record Attempt<T>(boolean done, T value) {}

  private interface KeyedWork<T> {
    T run(Connection c, DataKey key) throws SQLException;
  }

  private Page<Row> page(int limit, String cursor, boolean sealed) {
    int size = Cursors.pageSize(limit);
    String after = Cursors.decode(cursor);
    List<Row> rows =
        db.withConnection(
            c -> {
              String sql =
                  select(sealed) + (after == null ? "" : " WHERE c.id > ?") + " ORDER BY c.id LIMIT " + (size + 1);
              List<Row> out = new ArrayList<>();
              try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (after != null) {
                  ps.setString(1, after);
                }
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.add(Row.read(rs, sealed, List.of()));
                  }
                }
              }
              List<Row> withMeters = new ArrayList<>(out.size());
              for (Row row : out) {
                withMeters.add(row.withMeters(metersOf(c, row.id())));
              }
              return withMeters;
            });
    return Page.cut(rows, size, r -> r.id());
  }

  private static boolean lockCustomer(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM customers WHERE id = ? FOR UPDATE")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private Optional<Row> findRow(Connection c, String idOrRef, boolean sealed) throws SQLException {
    Objects.requireNonNull(idOrRef, "idOrRef");
    for (String column : new String[] {"c.id", "c.ref"}) {
      try (PreparedStatement ps = c.prepareStatement(select(sealed) + " WHERE " + column + " = ?")) {
        ps.setString(1, idOrRef);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            Row row = Row.read(rs, sealed, List.of());
            return Optional.of(row.withMeters(metersOf(c, row.id())));
          }
        }
      }
    }
    return Optional.empty();
  }

  private static String select(boolean sealed) {
    return sealed
        ? "SELECT " + SUMMARY + ", c.key_id, " + SEALED + ", k.wrapped_key, k.kek_id FROM customers c"
            + " JOIN vault_data_keys k ON k.id = c.key_id"
        : "SELECT " + SUMMARY + " FROM customers c";
  }

  private static List<String> metersOf(Connection c, String customerId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT meter_id FROM customer_meters WHERE customer_id = ? ORDER BY meter_id")) {
      ps.setString(1, customerId);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }

  private static String ownerOf(Connection c, String meterId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT customer_id FROM customer_meters WHERE meter_id = ?")) {
      ps.setString(1, meterId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private Customer open(Row row) {
    SecretKey key = keys.unwrap(row.keyId(), row.wrappedKey(), row.kekId());
    return new Customer(row.summary(), CustomerRows.open(key, row.id(), row.sealed()));
  }

  private static void bindSealed(PreparedStatement ps, int first, List<String> sealed) throws SQLException {
    for (int i = 0; i < sealed.size(); i++) {
      ps.setString(first + i, sealed.get(i));
    }
  }

  /** One customers row; the sealed part only when selected. */
  private record Row(
      String id,
      String ref,
      boolean isProtected,
      Instant createdAt,
      Instant updatedAt,
      List<String> meters,
      String keyId,
      List<String> sealed,
      String wrappedKey,
      String kekId) {

    static Row read(ResultSet rs, boolean sealed, List<String> meters) throws SQLException {
      List<String> values = new ArrayList<>();
      if (sealed) {
        for (String field : CustomerRows.FIELDS) {
          values.add(rs.getString(field + "_enc"));
        }
      }
      return new Row(
          rs.getString("id"),
          rs.getString("ref"),
          rs.getBoolean("is_protected"),
          Jdbc.getInstant(rs, "created_at"),
          Jdbc.getInstant(rs, "updated_at"),
          meters,
          sealed ? rs.getString("key_id") : null,
          values,
          sealed ? rs.getString("wrapped_key") : null,
          sealed ? rs.getString("kek_id") : null);
    }

    Row withMeters(List<String> linked) {
      return new Row(id, ref, isProtected, createdAt, updatedAt, List.copyOf(linked), keyId, sealed, wrappedKey, kekId);
    }

    CustomerSummary summary() {
      return new CustomerSummary(id, ref, isProtected, meters, createdAt, updatedAt);
    }
  }
}
