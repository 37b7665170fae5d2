package io.meterhub.platform.audit;

import io.meterhub.platform.store.Page;

/**
 * Tamper-evident log of every mutating operation: a hash chain in SQL, appended atomically even when several nodes
 * write at once. Blocking: never call it on an event loop.
 */
public interface AuditLog {

  /**
   * Appends an entry.
   *
   * @param details JSON object text, or null
   */
  AuditEntry record(String actor, String action, String target, String details);

  Page<AuditEntry> list(AuditQuery query);

  /** Recomputes the chain from the first entry and reports the first break. */
  AuditVerification verify();
}
