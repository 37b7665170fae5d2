package io.meterhub.platform.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterhub.platform.audit.ChainedAuditLog;
import io.meterhub.platform.common.ValidationException;
import io.meterhub.platform.store.DbContractBase;
import io.meterhub.platform.store.TestDatabase;
import io.meterhub.platform.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class ConsentServiceContractTest extends DbContractBase {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
  private final Map<String, String> shared = new ConcurrentHashMap<>();
  private ConsentService service;
  private ChainedAuditLog audit;

  @BeforeEach
  void setUp() {
    TestDatabase.sql(db, "DELETE FROM meter_consents");
    shared.clear();
    audit = new ChainedAuditLog(db, clock);
    service = new ConsentService(new JdbcConsentStore(db), audit, Set.of("m1", "m2")::contains, shared,
        Granularity.MONTHLY, clock);
  }

  @Test
  void recordsAreKeptAsHistoryAndTheLatestIsInForce() {
    assertThat(service.granularity("m1")).isEqualTo(Granularity.MONTHLY);
    service.record("op", "m1", Granularity.DAILY, ConsentBasis.CONTRACT, "call-centre", null);
    clock.advance(Duration.ofDays(3));
    ConsentRecord second =
        service.record("op", "m1", Granularity.HALF_HOURLY, ConsentBasis.CONSENT, "web-portal", "f-1").orElseThrow();

    assertThat(second.seq()).isEqualTo(2);
    assertThat(service.granularity("m1")).isEqualTo(Granularity.HALF_HOURLY);
    assertThat(service.granularity("m2")).isEqualTo(Granularity.MONTHLY);
    var state = service.state("m1").orElseThrow();
    assertThat(state.history()).extracting(ConsentRecord::granularity)
        .containsExactly(Granularity.DAILY, Granularity.HALF_HOURLY);
    assertThat(state.history().get(1).recordedAt()).isEqualTo(clock.instant());
    assertThat(service.state("unknown")).isEmpty();
    assertThat(service.record("op", "unknown", Granularity.DAILY, ConsentBasis.CONTRACT, "x", null)).isEmpty();
    assertThat(audit.verify().entries()).isEqualTo(2);
  }

  @Test
  void aNewNodeLearnsTheRecordsInForceFromTheDatabase() {
    service.record("op", "m1", Granularity.DAILY, ConsentBasis.CONTRACT, "call-centre", null);
    service.record("op", "m1", Granularity.QUARTER_HOURLY, ConsentBasis.CONSENT, "call-centre", null);
    service.record("op", "m2", Granularity.DAILY, ConsentBasis.LEGITIMATE_INTEREST, "call-centre", null);
    Map<String, String> fresh = new ConcurrentHashMap<>();
    ConsentService other = new ConsentService(new JdbcConsentStore(db), audit, id -> true, fresh,
        Granularity.MONTHLY, clock);

    other.publishAll();

    assertThat(fresh).containsEntry("m1", "15-min").containsEntry("m2", "daily").hasSize(2);
  }

  @Test
  void subDailyGranularityNeedsExplicitConsentOrALegalObligation() {
    assertThatThrownBy(() ->
        service.record("op", "m1", Granularity.QUARTER_HOURLY, ConsentBasis.LEGITIMATE_INTEREST, "x", null))
        .isInstanceOf(ValidationException.class);
    assertThat(service.record("op", "m1", Granularity.HALF_HOURLY, ConsentBasis.LEGAL_OBLIGATION, "settlement",
        null)).isPresent();
    assertThatThrownBy(() -> service.record("op", "m1", Granularity.UNRESTRICTED, ConsentBasis.CONSENT, "x", null))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> service.record("op", "m1", Granularity.DAILY, ConsentBasis.CONSENT, " ", null))
        .isInstanceOf(ValidationException.class);
  }
}
