package io.meterhub.platform.customer;

import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Jdbc;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The vault's data keys in SQL, each wrapped with AES-GCM under a key-encryption key (associated data: the data key
 * id). Exactly one is active for new writes; writers lock its row, so a rotation (which updates every key row) and a
 * write never interleave: a write either lands before the rotation re-encrypts or after, under the new key.
 */
final class DataKeyRing {

  /** Id of the first data key; a fixed id makes two nodes starting at once agree on it (the loser re-reads). */
  static final String INITIAL_KEY_ID = "dek-initial";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Database db;
  private final VaultKeys keks;
  private final Clock clock;
  private final Map<String, SecretKey> opened = new ConcurrentHashMap<>();

  DataKeyRing(Database db, VaultKeys keks, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.keks = Objects.requireNonNull(keks, "keks");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A data key by id with its key material. */
  record DataKey(String id, SecretKey key) {
    @Override
    public String toString() {
      return "DataKey[" + id + "]";
    }
  }

  /** Makes sure an active key exists and every stored key unwraps with a configured KEK; fails fast otherwise. */
  void open() {
    db.withConnection(
        c -> {
          if (readActive(c, false) == null) {
            insertIgnoringDuplicate(c, INITIAL_KEY_ID);
          }
          try (PreparedStatement ps = c.prepareStatement("SELECT id, wrapped_key, kek_id FROM vault_data_keys");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              unwrap(rs.getString(1), rs.getString(2), rs.getString(3));
            }
          }
          return null;
        });
  }

  /**
   * The active key, its row locked until the caller's transaction ends. Null when a rotation replaced it while we
   * waited for the lock (the caller retries in a new transaction).
   */
  DataKey lockActive(Connection c) throws SQLException {
    return readActive(c, true);
  }

  private DataKey readActive(Connection c, boolean lock) throws SQLException {
    String sql = "SELECT id, wrapped_key, kek_id FROM vault_data_keys WHERE active = TRUE" + (lock ? " FOR UPDATE" : "");
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      String id = rs.getString(1);
      return new DataKey(id, unwrap(id, rs.getString(2), rs.getString(3)));
    }
  }

  /** The key material of a stored data key (cached once unwrapped). */
  SecretKey unwrap(String id, String wrapped, String kekId) {
    SecretKey cached = opened.get(id);
    if (cached != null) {
      return cached;
    }
    KeyEncryptionKey kek =
        keks.find(kekId)
            .orElseThrow(
                () ->
                    new VaultIntegrityException(
                        "vault data key "
                            + id
                            + " is wrapped by key-encryption key "
                            + kekId
                            + ", which is not configured (METERHUB_VAULT_KEY / METERHUB_VAULT_PREVIOUS_KEYS)"));
    SecretKey key = new SecretKeySpec(FieldCipher.decrypt(kek.secretKey(), wrapped, aad(id)), "AES");
    opened.put(id, key);
    return key;
  }

  /**
   * Deactivates every key (locking all key rows, so in-flight writers finish first) and inserts a new active key
   * wrapped under the current KEK. Returns the new key and the ids of the old ones.
   */
  Rotated rotate(Connection c) throws SQLException {
    List<String> old = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM vault_data_keys FOR UPDATE");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        old.add(rs.getString(1));
      }
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE vault_data_keys SET active = FALSE")) {
      ps.executeUpdate();
    }
    String id = "dek-" + UUID.randomUUID();
    DataKey fresh = insert(c, id);
    return new Rotated(fresh, old);
  }

  record Rotated(DataKey fresh, List<String> retired) {}

  /** Deletes retired keys once nothing refers to them any more. */
  void delete(Connection c, List<String> ids) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM vault_data_keys WHERE id = ? AND active = FALSE")) {
      for (String id : ids) {
        ps.setString(1, id);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    ids.forEach(opened::remove);
  }

  private void insertIgnoringDuplicate(Connection c, String id) throws SQLException {
    try {
      insert(c, id);
    } catch (SQLException e) {
      if (!Jdbc.isUniqueViolation(e)) {
        throw e;
      }
    }
  }

  private DataKey insert(Connection c, String id) throws SQLException {
    byte[] material = new byte[32];
    RANDOM.nextBytes(material);
    String wrapped = FieldCipher.encrypt(keks.current().secretKey(), material, aad(id));
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO vault_data_keys (id, wrapped_key, kek_id, active, created_at) VALUES (?, ?, ?, TRUE, ?)")) {
      ps.setString(1, id);
      ps.setString(2, wrapped);
      ps.setString(3, keks.current().id());
      Jdbc.setInstant(ps, 4, clock.instant());
      ps.executeUpdate();
    }
    SecretKey key = new SecretKeySpec(material, "AES");
    opened.put(id, key);
    return new DataKey(id, key);
  }

  private static String aad(String dataKeyId) {
    return "meterhub-vault-data-key\0" + dataKeyId;
  }
}
