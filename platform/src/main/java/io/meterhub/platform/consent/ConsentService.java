package io.meterhub.platform.consent;

import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.common.FieldErrors;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reporting-granularity consent per meter: validated, kept with its history in SQL, audited, and published to a
 * cluster-wide map that the ingest path and the observation set-up read locally. Blocking: not on an event loop.
 */
public final class ConsentService {

  private static final int MAX_TEXT = 256;

  private final JdbcConsentStore store;
  private final AuditLog audit;
  private final Predicate<String> meterExists;
  private final Map<String, String> inForce;
  private final Granularity fallback;
  private final Clock clock;

  /**
   * @param inForce granularity api names by meter id, shared by the cluster (a Hazelcast ReplicatedMap: local reads)
   * @param fallback what applies to meters without a record
   */
  public ConsentService(JdbcConsentStore store, AuditLog audit, Predicate<String> meterExists,
      Map<String, String> inForce, Granularity fallback, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.meterExists = Objects.requireNonNull(meterExists, "meterExists");
    this.inForce = Objects.requireNonNull(inForce, "inForce");
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Copies the records in force from SQL into the shared map (at node start). */
  public void publishAll() {
    store.allCurrent().forEach((meterId, g) -> inForce.put(meterId, g.apiName()));
  }

  /** What a meter's readings may be collected and stored at; a local read, safe on protocol threads. */
  public Granularity granularity(String meterId) {
    String value = inForce.get(meterId);
    return value == null ? fallback : Granularity.fromApiName(value).orElse(fallback);
  }

  public Granularity fallback() {
    return fallback;
  }

  /**
   * Records a new granularity for a meter; empty when the meter is unknown. Half-hourly and finer need the basis
   * {@code consent} (explicit opt-in) or {@code legal-obligation} (e.g. settlement).
   */
  public Optional<ConsentRecord> record(String actor, String meterId, Granularity granularity, ConsentBasis basis,
      String recordedBy, String evidence) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(meterId, "meterId");
    FieldErrors errors = new FieldErrors();
    if (granularity == Granularity.UNRESTRICTED) {
      errors.add("granularity", "must be monthly, daily, 30-min or 15-min");
    }
    if (granularity != null && basis != null && granularity.finerThanDaily()
        && basis != ConsentBasis.CONSENT && basis != ConsentBasis.LEGAL_OBLIGATION) {
      errors.add("basis", "finer than daily needs explicit consent or a legal obligation");
    }
    if (recordedBy == null || recordedBy.isBlank() || recordedBy.length() > MAX_TEXT) {
      errors.add("recordedBy", "must be 1–" + MAX_TEXT + " characters");
    }
    if (evidence != null && (evidence.isBlank() || evidence.length() > MAX_TEXT)) {
      errors.add("evidence", "must be 1–" + MAX_TEXT + " characters");
    }
    errors.throwIfAny();
    Objects.requireNonNull(granularity, "granularity");
    Objects.requireNonNull(basis, "basis");
    if (!meterExists.test(meterId)) {
      return Optional.empty();
    }
    ConsentRecord record = store.append(
        new ConsentRecord(meterId, 0, granularity, basis, recordedBy, evidence, actor, clock.instant()));
    audit.record(actor, "meter.consent", meterId, new JsonObject()
        .put("seq", record.seq())
        .put("granularity", granularity.apiName())
        .put("basis", basis.apiName())
        .put("recordedBy", recordedBy)
        .put("evidence", evidence)
        .encode());
    inForce.put(meterId, granularity.apiName());
    return Optional.of(record);
  }

  /** The record in force (empty: the fallback applies) and the history; empty when the meter is unknown. */
  public Optional<ConsentState> state(String meterId) {
    if (!meterExists.test(Objects.requireNonNull(meterId, "meterId"))) {
      return Optional.empty();
    }
    List<ConsentRecord> history = store.history(meterId);
    return Optional.of(new ConsentState(meterId,
        history.isEmpty() ? fallback : history.get(history.size() - 1).granularity(), history));
  }

  /**
   * A meter's granularity in force and how it got there.
   *
   * @param history oldest first; empty when the deployment default applies
   */
  public record ConsentState(String meterId, Granularity granularity, List<ConsentRecord> history) {
    public ConsentState {
      history = List.copyOf(history);
    }
  }
}
