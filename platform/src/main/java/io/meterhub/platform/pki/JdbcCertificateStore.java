package io.meterhub.platform.pki;

import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Jdbc;
import io.meterhub.platform.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link CertificateStore} in SQL (H2 and PostgreSQL alike: standard SQL only). */
public final class JdbcCertificateStore implements CertificateStore {

  private static final String ISSUED = "serial, meter_id, not_before, not_after, issued_at, issued_by";
  private static final String REVOKED = "serial, meter_id, reason, revoked_at, revoked_by";

  private final Database db;

  public JdbcCertificateStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public void recordIssued(IssuedCertificate cert) {
    Objects.requireNonNull(cert, "cert");
    db.withConnection(c -> {
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO pki_certificates (" + ISSUED + ") VALUES (?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, cert.serial());
        ps.setString(2, cert.meterId());
        Jdbc.setInstant(ps, 3, cert.notBefore());
        Jdbc.setInstant(ps, 4, cert.notAfter());
        Jdbc.setInstant(ps, 5, cert.issuedAt());
        ps.setString(6, cert.issuedBy());
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public Optional<IssuedCertificate> find(String serial) {
    Objects.requireNonNull(serial, "serial");
    List<IssuedCertificate> found = issued("SELECT " + ISSUED + " FROM pki_certificates WHERE serial = ?", serial);
    return found.stream().findFirst();
  }

  @Override
  public List<IssuedCertificate> forMeter(String meterId) {
    Objects.requireNonNull(meterId, "meterId");
    return issued(
        "SELECT " + ISSUED + " FROM pki_certificates WHERE meter_id = ? ORDER BY issued_at, serial", meterId);
  }

  @Override
  public boolean revoke(Revocation r) {
    Objects.requireNonNull(r, "revocation");
    try {
      return db.withConnection(c -> {
        try (PreparedStatement ps =
            c.prepareStatement("INSERT INTO pki_revocations (" + REVOKED + ") VALUES (?, ?, ?, ?, ?)")) {
          ps.setString(1, r.serial());
          ps.setString(2, r.meterId());
          ps.setString(3, r.reason());
          Jdbc.setInstant(ps, 4, r.revokedAt());
          ps.setString(5, r.revokedBy());
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
  public Optional<Revocation> revocation(String serial) {
    Objects.requireNonNull(serial, "serial");
    return revoked("SELECT " + REVOKED + " FROM pki_revocations WHERE serial = ?", serial).stream().findFirst();
  }

  @Override
  public List<Revocation> revocations() {
    return revoked("SELECT " + REVOKED + " FROM pki_revocations ORDER BY revoked_at, serial", null);
  }

  private List<IssuedCertificate> issued(String sql, String param) {
    return db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, param);
        try (ResultSet rs = ps.executeQuery()) {
          List<IssuedCertificate> out = new ArrayList<>();
          while (rs.next()) {
            out.add(new IssuedCertificate(rs.getString("serial"), rs.getString("meter_id"),
                Jdbc.getInstant(rs, "not_before"), Jdbc.getInstant(rs, "not_after"),
                Jdbc.getInstant(rs, "issued_at"), rs.getString("issued_by")));
          }
          return out;
        }
      }
    });
  }

  private List<Revocation> revoked(String sql, String param) {
    return db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        if (param != null) {
          ps.setString(1, param);
        }
        try (ResultSet rs = ps.executeQuery()) {
          List<Revocation> out = new ArrayList<>();
          while (rs.next()) {
            out.add(read(rs));
          }
          return out;
        }
      }
    });
  }

  private static Revocation read(ResultSet rs) throws SQLException {
    return new Revocation(rs.getString("serial"), rs.getString("meter_id"), rs.getString("reason"),
        Jdbc.getInstant(rs, "revoked_at"), rs.getString("revoked_by"));
  }
}
