package io.meterhub.platform.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.store.DbContractBase;
import io.meterhub.platform.store.TestDatabase;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link JdbcCertificateStore}, run against H2 and PostgreSQL. */
abstract class JdbcCertificateStoreContractTest extends DbContractBase {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private CertificateStore store;

  @BeforeEach
  void createStore() {
    TestDatabase.sql(db, "DELETE FROM pki_certificates");
    TestDatabase.sql(db, "DELETE FROM pki_revocations");
    store = new JdbcCertificateStore(db);
  }

  @Test
  void issuedCertificatesAreFoundBySerialAndByMeterOldestFirst() {
    IssuedCertificate first = issued("0A1B", "m-1", T0);
    IssuedCertificate second = issued("FF01", "m-1", T0.plusSeconds(60));
    store.recordIssued(second);
    store.recordIssued(first);
    store.recordIssued(issued("0C", "m-2", T0));

    assertThat(store.find("0A1B")).contains(first);
    assertThat(store.find("0B")).isEmpty();
    assertThat(store.forMeter("m-1")).containsExactly(first, second);
    assertThat(store.forMeter("m-3")).isEmpty();
  }

  @Test
  void aSerialIsRevokedOnceAndTheFirstRevocationStays() {
    Revocation revocation = new Revocation("0A1B", "m-1", "key compromise", T0, "admin");
    Revocation foreign = new Revocation("77", null, "vendor recall", T0.plusSeconds(1), "admin");

    assertThat(store.revoke(revocation)).isTrue();
    assertThat(store.revoke(new Revocation("0A1B", "m-1", "again", T0.plusSeconds(5), "other"))).isFalse();
    assertThat(store.revoke(foreign)).isTrue();

    assertThat(store.revocation("0A1B")).contains(revocation);
    assertThat(store.revocation("99")).isEmpty();
    assertThat(store.revocations()).containsExactly(revocation, foreign);
  }

  private static IssuedCertificate issued(String serial, String meterId, Instant at) {
    return new IssuedCertificate(serial, meterId, at.minusSeconds(300), at.plusSeconds(86_400), at, "admin");
  }
}
