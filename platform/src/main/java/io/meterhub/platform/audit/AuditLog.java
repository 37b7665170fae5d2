package io.meterhub.platform.audit;

import io.meterhub.platform.store.Page;

/**
 * Tamper-evident log of every mutating operation: a hash chain in SQL, appended atomically even when several nodes
 * write at once. A recorded entry joins the chain shortly after its transaction commits, and always before the next
 * {@link #list} or {@link #verify} returns. Blocking: never call it on an event loop.
 */
public interface AuditLog {

  /**
   * Appends an entry in a transaction of its own.
   *
   * @param details JSON object text, or null
   */
  void record(String actor, String action, String target, String details);

  /**
   * Appends an entry inside the caller's open transaction on this log's database: the entry commits or rolls back
   * with the caller's other changes (e.g. a ledger entry), so neither can exist without the other. Takes no lock
   * that other writers wait for.
   *
   * @param transaction a connection of the same database with auto-commit off
   * @param details JSON object text, or null
   */
  void record(java.sql.Connection transaction, String actor, String action, String target, String details);

  Page<AuditEntry> list(AuditQuery query);

  /** Recomputes the chain from the first entry and reports the first break. */
  AuditVerification verify();
}
