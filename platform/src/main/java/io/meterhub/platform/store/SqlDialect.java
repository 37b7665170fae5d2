package io.meterhub.platform.store;

import java.util.Objects;

/** The SQL databases meterhub runs on; decides the few statements that differ between them. */
public enum SqlDialect {
  H2("h2"),
  POSTGRESQL("postgresql");

  private final String flywayVendor;

  SqlDialect(String flywayVendor) {
    this.flywayVendor = flywayVendor;
  }

  /** Name of the per-vendor Flyway migration folder ({@code db/migration/<vendor>}). */
  public String flywayVendor() {
    return flywayVendor;
  }

  /** The dialect of a JDBC URL; IllegalArgumentException for databases meterhub does not support. */
  public static SqlDialect fromUrl(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException("unsupported JDBC URL (H2 or PostgreSQL only): " + redact(jdbcUrl));
  }

  // A URL may carry a password parameter: show only the scheme part in errors.
  private static String redact(String url) {
    int cut = url.indexOf('?');
    int semi = url.indexOf(';');
    if (semi >= 0 && (cut < 0 || semi < cut)) {
      cut = semi;
    }
    return cut < 0 ? url : url.substring(0, cut) + "…";
  }
}
