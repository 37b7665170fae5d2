package io.meterhub.platform.audit;

import java.time.Instant;

/**
 * One entry of the tamper-evident audit log.
 *
 * @param seq position in the chain, from 1, no gaps
 * @param at when the action happened
 * @param actor who did it (user name, or {@code system:<component>})
 * @param action what was done, e.g. {@code meter.create}
 * @param target what it was done to, e.g. the meter id
 * @param details JSON object text with further facts (never secrets or personal data)
 * @param prevHash hash of the previous entry (64 zeros for the first)
 * @param hash SHA-256 hex over prevHash and this entry's fields
 */
public record AuditEntry(
    long seq, Instant at, String actor, String action, String target, String details, String prevHash, String hash) {}
