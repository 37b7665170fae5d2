package io.meterhub.platform.prepay;

import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.store.Jdbc;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL of prepay_accounts. Every method runs on the caller's connection (and transaction). */
final class AccountDao {

  static final String COLUMNS = "id, meter_id, tariff_id, currency, policy, balance, debt, credit_state, flags,"
      + " remainder_nano, last_seq, reg_ts, reg_total_wh, reg_sharp_wh, reg_peak_wh, reg_flat_wh, reg_valley_wh,"
      + " block_month, block_used_wh, standing_day, debt_period_start, debt_period_taken, supply_requested,"
      + " supply_order, supply_confirmed_at, created_at, updated_at";

  private AccountDao() {}

  static void insert(Connection c, AccountRow a) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO prepay_accounts (" + COLUMNS + ") VALUES ("
        + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, a.id);
      ps.setString(2, a.meterId);
      ps.setString(3, a.tariffId);
      ps.setString(4, a.currency);
      ps.setString(5, PolicyCodec.toJson(a.policy).encode());
      bindMutable(ps, 6, a);
      Jdbc.setInstant(ps, 26, a.createdAt);
      Jdbc.setInstant(ps, 27, a.updatedAt);
      ps.executeUpdate();
    }
  }

  /** Writes every mutable column of a locked row. */
  static void update(Connection c, AccountRow a) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE prepay_accounts SET balance = ?, debt = ?,"
        + " credit_state = ?, flags = ?, remainder_nano = ?, last_seq = ?, reg_ts = ?, reg_total_wh = ?,"
        + " reg_sharp_wh = ?, reg_peak_wh = ?, reg_flat_wh = ?, reg_valley_wh = ?, block_month = ?,"
        + " block_used_wh = ?, standing_day = ?, debt_period_start = ?, debt_period_taken = ?,"
        + " supply_requested = ?, supply_order = ?, supply_confirmed_at = ?, updated_at = ? WHERE id = ?")) {
      bindMutable(ps, 1, a);
      Jdbc.setInstant(ps, 21, a.updatedAt);
      ps.setString(22, a.id);
      if (ps.executeUpdate() != 1) {
        throw new IllegalStateException("locked account row vanished: " + a.id);
      }
    }
  }

  // 20 columns from balance to supply_confirmed_at.
  private static void bindMutable(PreparedStatement ps, int i, AccountRow a) throws SQLException {
    ps.setLong(i, a.balance);
    ps.setLong(i + 1, a.debt);
    ps.setString(i + 2, a.state.apiName());
    ps.setString(i + 3, String.join(",", a.flags));
    ps.setLong(i + 4, a.remainderNano);
    ps.setLong(i + 5, a.lastSeq);
    Jdbc.setInstant(ps, i + 6, a.regTs);
    Jdbc.setLong(ps, i + 7, a.regTotalWh);
    Jdbc.setLong(ps, i + 8, a.regSharpWh);
    Jdbc.setLong(ps, i + 9, a.regPeakWh);
    Jdbc.setLong(ps, i + 10, a.regFlatWh);
    Jdbc.setLong(ps, i + 11, a.regValleyWh);
    ps.setString(i + 12, a.blockMonth);
    ps.setLong(i + 13, a.blockUsedWh);
    setDate(ps, i + 14, a.standingDay);
    setDate(ps, i + 15, a.debtPeriodStart);
    ps.setLong(i + 16, a.debtPeriodTaken);
    ps.setString(i + 17, a.supplyRequested);
    ps.setString(i + 18, a.supplyOrder);
    Jdbc.setInstant(ps, i + 19, a.supplyConfirmedAt);
  }

  /** The row locked for update (SELECT … FOR UPDATE), by account id. */
  static Optional<AccountRow> lock(Connection c, String id) throws SQLException {
    return one(c, "SELECT " + COLUMNS + " FROM prepay_accounts WHERE id = ? FOR UPDATE", id);
  }

  /**
   * The accounts of {@code meterIds}, locked for update in ascending meter order (so that batches on several nodes
   * cannot deadlock), with one statement: a batch of readings locks only the accounts it will charge, and H2, which
   * parses every SELECT … FOR UPDATE anew, parses it once per batch instead of once per meter (a lock attempt per
   * reading was a tenth of a node's CPU in the load test).
   */
  static List<AccountRow> lockByMeters(Connection c, Collection<String> meterIds) throws SQLException {
    List<AccountRow> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM prepay_accounts WHERE meter_id = ANY(?) ORDER BY meter_id FOR UPDATE")) {
      ps.setArray(1, c.createArrayOf("VARCHAR", meterIds.toArray(String[]::new)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(read(rs));
        }
      }
    }
    return rows;
  }

  /** The row locked for update, by meter id. */
  static Optional<AccountRow> lockByMeter(Connection c, String meterId) throws SQLException {
    return one(c, "SELECT " + COLUMNS + " FROM prepay_accounts WHERE meter_id = ? FOR UPDATE", meterId);
  }

  static Optional<AccountRow> find(Connection c, String id) throws SQLException {
    return one(c, "SELECT " + COLUMNS + " FROM prepay_accounts WHERE id = ?", id);
  }

  static List<AccountRow> list(Connection c, String meterId, CreditState state, String after, int limit)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM prepay_accounts WHERE 1 = 1");
    if (meterId != null) {
      sql.append(" AND meter_id = ?");
    }
    if (state != null) {
      sql.append(" AND credit_state = ?");
    }
    if (after != null) {
      sql.append(" AND id > ?");
    }
    sql.append(" ORDER BY id LIMIT ?");
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 1;
      if (meterId != null) {
        ps.setString(i++, meterId);
      }
      if (state != null) {
        ps.setString(i++, state.apiName());
      }
      if (after != null) {
        ps.setString(i++, after);
      }
      ps.setInt(i, limit);
      List<AccountRow> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    }
  }

  /** Number of accounts in each credit state (states without accounts are absent). */
  static Map<CreditState, Long> countByState(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT credit_state, COUNT(*) FROM prepay_accounts GROUP BY credit_state");
        ResultSet rs = ps.executeQuery()) {
      Map<CreditState, Long> out = new EnumMap<>(CreditState.class);
      while (rs.next()) {
        out.put(CreditState.valueOf(rs.getString(1).toUpperCase(java.util.Locale.ROOT)), rs.getLong(2));
      }
      return out;
    }
  }

  /** Ids of accounts matching a WHERE clause without parameters (for the scheduled sweeps). */
  static List<String> ids(Connection c, String where) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM prepay_accounts WHERE " + where + " ORDER BY id")) {
      return firstColumn(ps);
    }
  }

  /** Tariffs that accounts are on. */
  static List<String> tariffIds(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT DISTINCT tariff_id FROM prepay_accounts ORDER BY tariff_id")) {
      return firstColumn(ps);
    }
  }

  /** Ids of the tariff's accounts whose standing charges are charged up to a day before {@code today} (or never). */
  static List<String> standingChargesDue(Connection c, String tariffId, LocalDate today) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM prepay_accounts WHERE tariff_id = ?"
        + " AND (standing_day IS NULL OR standing_day < ?) ORDER BY id")) {
      ps.setString(1, tariffId);
      setDate(ps, 2, today);
      return firstColumn(ps);
    }
  }

  private static List<String> firstColumn(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  private static Optional<AccountRow> one(Connection c, String sql, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private static AccountRow read(ResultSet rs) throws SQLException {
    AccountRow a = new AccountRow();
    a.id = rs.getString("id");
    a.meterId = rs.getString("meter_id");
    a.tariffId = rs.getString("tariff_id");
    a.currency = rs.getString("currency");
    FieldErrors errors = new FieldErrors();
    a.policy = PolicyCodec.parse(new JsonObject(rs.getString("policy")), CreditPolicy.defaults(), "", errors);
    errors.throwIfAny();
    a.balance = rs.getLong("balance");
    a.debt = rs.getLong("debt");
    a.state = CreditState.valueOf(rs.getString("credit_state").toUpperCase(java.util.Locale.ROOT));
    String flags = rs.getString("flags");
    if (!flags.isEmpty()) {
      a.flags.addAll(Arrays.asList(flags.split(",")));
    }
    a.remainderNano = rs.getLong("remainder_nano");
    a.lastSeq = rs.getLong("last_seq");
    a.regTs = Jdbc.getInstant(rs, "reg_ts");
    a.regTotalWh = Jdbc.getLong(rs, "reg_total_wh");
    a.regSharpWh = Jdbc.getLong(rs, "reg_sharp_wh");
    a.regPeakWh = Jdbc.getLong(rs, "reg_peak_wh");
    a.regFlatWh = Jdbc.getLong(rs, "reg_flat_wh");
    a.regValleyWh = Jdbc.getLong(rs, "reg_valley_wh");
    a.blockMonth = rs.getString("block_month");
    a.blockUsedWh = rs.getLong("block_used_wh");
    a.standingDay = getDate(rs, "standing_day");
    a.debtPeriodStart = getDate(rs, "debt_period_start");
    a.debtPeriodTaken = rs.getLong("debt_period_taken");
    a.supplyRequested = rs.getString("supply_requested");
    a.supplyOrder = rs.getString("supply_order");
    a.supplyConfirmedAt = Jdbc.getInstant(rs, "supply_confirmed_at");
    a.createdAt = Jdbc.getInstant(rs, "created_at");
    a.updatedAt = Jdbc.getInstant(rs, "updated_at");
    return a;
  }

  static void setDate(PreparedStatement ps, int index, LocalDate date) throws SQLException {
    if (date == null) {
      ps.setNull(index, Types.DATE);
    } else {
      ps.setObject(index, date);
    }
  }

  static LocalDate getDate(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, LocalDate.class);
  }
}
