package io.meterhub.platform.consent;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a meter's granularity history.
 *
 * @param seq position in the meter's history, from 1
 * @param recordedBy who captured the consent (channel or agent reference, e.g. {@code web-portal}); not the customer
 * @param evidence reference to the signed form or recording, or null
 * @param actor the API user who stored it
 */
public record ConsentRecord(
    String meterId,
    long seq,
    Granularity granularity,
    ConsentBasis basis,
    String recordedBy,
    String evidence,
    String actor,
    Instant recordedAt) {

  public ConsentRecord {
    Objects.requireNonNull(meterId, "meterId");
    Objects.requireNonNull(granularity, "granularity");
    Objects.requireNonNull(basis, "basis");
    Objects.requireNonNull(recordedBy, "recordedBy");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(recordedAt, "recordedAt");
  }
}
