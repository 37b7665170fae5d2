package io.meterhub.platform.event;

import io.meterhub.platform.store.Cursors;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Jdbc;
import io.meterhub.platform.store.Page;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Webhook subscriptions and their delivery log, in SQL (H2 or PostgreSQL). Blocking. */
public final class JdbcWebhookStore {

  private static final String HOOK_COLUMNS = "id, url, event_types, secret, created_by, created_at";
  private static final String DELIVERY_COLUMNS =
      "id, webhook_id, kind, payload, status, attempts, response_code, last_error, created_at, updated_at";

  private final Database db;

  public JdbcWebhookStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  public void insert(Webhook hook) {
    db.withConnection(c -> {
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO webhooks (" + HOOK_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, hook.id());
        ps.setString(2, hook.url());
        ps.setString(3, String.join(",", hook.eventTypes()));
        ps.setString(4, hook.secret());
        ps.setString(5, hook.createdBy());
        Jdbc.setInstant(ps, 6, hook.createdAt());
        return ps.executeUpdate();
      }
    });
  }

  /** Every subscription, oldest first (a node holds few; they are cached by the dispatcher). */
  public List<Webhook> all() {
    return db.withConnection(c -> {
      try (PreparedStatement ps =
          c.prepareStatement("SELECT " + HOOK_COLUMNS + " FROM webhooks ORDER BY created_at, id");
          ResultSet rs = ps.executeQuery()) {
        List<Webhook> out = new ArrayList<>();
        while (rs.next()) {
          out.add(readHook(rs));
        }
        return out;
      }
    });
  }

  public Optional<Webhook> find(String id) {
    return db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + HOOK_COLUMNS + " FROM webhooks WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(readHook(rs)) : Optional.<Webhook>empty();
        }
      }
    });
  }

  /** Removes a subscription and its delivery log; false when it did not exist. */
  public boolean delete(String id) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM webhook_deliveries WHERE webhook_id = ?")) {
        ps.setString(1, id);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM webhooks WHERE id = ?")) {
        ps.setString(1, id);
        return ps.executeUpdate() == 1;
      }
    });
  }

  /**
   * Logs a new delivery ({@code pending}, no attempt yet, due now) already claimed by {@code claimToken} until
   * {@code claimUntil}, and returns its id.
   */
  public long newDelivery(String webhookId, String kind, String payload, Instant at, String claimToken,
      Instant claimUntil) {
    return db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_deliveries (webhook_id, kind, payload,"
          + " status, attempts, created_at, updated_at, next_attempt_at, claimed_by, claim_until)"
          + " VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?)", new String[] {"id"})) {
        ps.setString(1, webhookId);
        ps.setString(2, kind);
        ps.setString(3, payload);
        ps.setString(4, WebhookDelivery.PENDING);
        Jdbc.setInstant(ps, 5, at);
        Jdbc.setInstant(ps, 6, at);
        Jdbc.setInstant(ps, 7, at);
        ps.setString(8, claimToken);
        Jdbc.setInstant(ps, 9, claimUntil);
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          keys.next();
          return keys.getLong(1);
        }
      }
    });
  }

  /** A delivery attempt a node has claimed: what to send and how many attempts were made before. */
  record Claimed(long id, String webhookId, String payload, int attempts) {}

  /**
   * Claims up to {@code limit} open deliveries that are due at {@code now} and not under another live claim, for
   * {@code claimToken} until {@code claimUntil}. The claim conditions are repeated on the updated rows so that a
   * concurrent claimer re-checking a row after our commit sees the new lease and skips it.
   */
  List<Claimed> claimDue(String claimToken, Instant now, Instant claimUntil, int limit) {
    String due = "status IN ('" + WebhookDelivery.PENDING + "', '" + WebhookDelivery.RETRYING + "')"
        + " AND next_attempt_at <= ? AND (claim_until IS NULL OR claim_until < ?)";
    return db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_deliveries SET claimed_by = ?, claim_until = ?"
          + " WHERE " + due + " AND id IN (SELECT id FROM webhook_deliveries WHERE " + due
          + " ORDER BY next_attempt_at, id LIMIT ?)")) {
        SqlArgs.bind(ps, List.of(claimToken, claimUntil, now, now, now, now, limit));
        if (ps.executeUpdate() == 0) {
          return List.<Claimed>of();
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT id, webhook_id, payload, attempts"
          + " FROM webhook_deliveries WHERE claimed_by = ? ORDER BY id")) {
        ps.setString(1, claimToken);
        List<Claimed> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
          }
        }
        return out;
      }
    });
  }

  /**
   * Records the outcome of an attempt made under {@code claimToken} and releases the claim; {@code nextAttemptAt}
   * is when a retry is due (null when the delivery is finished).
   *
   * @return false when the claim was lost (its lease ran out and another node took the delivery over)
   */
  boolean finishAttempt(long id, String claimToken, String status, int attempts, Integer responseCode, String error,
      Instant at, Instant nextAttemptAt) {
    return db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_deliveries SET status = ?, attempts = ?,"
          + " response_code = ?, last_error = ?, updated_at = ?, next_attempt_at = ?, claimed_by = NULL,"
          + " claim_until = NULL WHERE id = ? AND claimed_by = ?")) {
        ps.setString(1, status);
        ps.setInt(2, attempts);
        if (responseCode == null) {
          ps.setNull(3, Types.INTEGER);
        } else {
          ps.setInt(3, responseCode);
        }
        ps.setString(4, error == null ? null : error.substring(0, Math.min(error.length(), 500)));
        Jdbc.setInstant(ps, 5, at);
        Jdbc.setInstant(ps, 6, nextAttemptAt);
        ps.setLong(7, id);
        ps.setString(8, claimToken);
        return ps.executeUpdate() == 1;
      }
    });
  }

  /** Gives up claims (id → claim token) on attempts that were never made, so any node may take them at once. */
  void releaseClaims(Map<Long, String> claims) {
    if (claims.isEmpty()) {
      return;
    }
    db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_deliveries SET claimed_by = NULL,"
          + " claim_until = NULL WHERE id = ? AND claimed_by = ?")) {
        for (Map.Entry<Long, String> e : claims.entrySet()) {
          ps.setLong(1, e.getKey());
          ps.setString(2, e.getValue());
          ps.addBatch();
        }
        return ps.executeBatch().length;
      }
    });
  }

  /** The delivery log of a webhook, newest first. */
  public Page<WebhookDelivery> deliveries(String webhookId, int limit, String cursor) {
    int size = Cursors.pageSize(limit);
    Long beforeId = JdbcEventStore.parseCursor(Cursors.decode(cursor));
    List<WebhookDelivery> rows = db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries"
          + " WHERE webhook_id = ? AND id < ? ORDER BY id DESC LIMIT ?")) {
        ps.setString(1, webhookId);
        ps.setLong(2, beforeId == null ? Long.MAX_VALUE : beforeId);
        ps.setInt(3, size + 1);
        List<WebhookDelivery> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(readDelivery(rs));
          }
        }
        return out;
      }
    });
    return Page.cut(rows, size, d -> Long.toString(d.id()));
  }

  private static Webhook readHook(ResultSet rs) throws SQLException {
    return new Webhook(rs.getString("id"), rs.getString("url"),
        Arrays.asList(rs.getString("event_types").split(",")), rs.getString("secret"), rs.getString("created_by"),
        Jdbc.getInstant(rs, "created_at"));
  }

  private static WebhookDelivery readDelivery(ResultSet rs) throws SQLException {
    int code = rs.getInt("response_code");
    Integer codeOrNull = rs.wasNull() ? null : code;
    return new WebhookDelivery(rs.getLong("id"), rs.getString("webhook_id"), rs.getString("kind"),
        rs.getString("payload"), rs.getString("status"), rs.getInt("attempts"), codeOrNull,
        rs.getString("last_error"), Jdbc.getInstant(rs, "created_at"), Jdbc.getInstant(rs, "updated_at"));
  }
}
