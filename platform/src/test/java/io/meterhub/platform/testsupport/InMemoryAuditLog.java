package io.meterhub.platform.testsupport;

import io.meterhub.platform.audit.AuditEntry;
import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.audit.AuditQuery;
import io.meterhub.platform.audit.AuditVerification;
import io.meterhub.platform.store.Page;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Thread-safe in-memory {@link AuditLog} with a real SHA-256 hash chain (so verification can fail). */
public final class InMemoryAuditLog implements AuditLog {

  static final String GENESIS = "0".repeat(64);

  private final List<AuditEntry> entries = new ArrayList<>();
  private final Clock clock;

  public InMemoryAuditLog(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized AuditEntry record(String actor, String action, String target, String details) {
    EventLoopGuard.check();
    long seq = entries.size() + 1L;
    String prev = entries.isEmpty() ? GENESIS : entries.get(entries.size() - 1).hash();
    AuditEntry unsigned = new AuditEntry(seq, clock.instant(), actor, action, target, details, prev, null);
    AuditEntry entry = new AuditEntry(seq, unsigned.at(), actor, action, target, details, prev, hash(unsigned));
    entries.add(entry);
    return entry;
  }

  @Override
  public synchronized Page<AuditEntry> list(AuditQuery q) {
    EventLoopGuard.check();
    long after = q.cursor() == null ? 0 : Long.parseLong(Cursors.decode(q.cursor()));
    List<AuditEntry> items = new ArrayList<>();
    for (AuditEntry e : entries) {
      if (e.seq() <= after
          || (q.actor() != null && !q.actor().equals(e.actor()))
          || (q.action() != null && !q.action().equals(e.action()))
          || (q.from() != null && e.at().isBefore(q.from()))
          || (q.to() != null && !e.at().isBefore(q.to()))) {
        continue;
      }
      if (items.size() == q.limit()) {
        return new Page<>(items, Cursors.encode(Long.toString(items.get(items.size() - 1).seq())));
      }
      items.add(e);
    }
    return new Page<>(items, null);
  }

  @Override
  public synchronized AuditVerification verify() {
    EventLoopGuard.check();
    String prev = GENESIS;
    for (int i = 0; i < entries.size(); i++) {
      AuditEntry e = entries.get(i);
      if (e.seq() != i + 1 || !e.prevHash().equals(prev) || !e.hash().equals(hash(e))) {
        return new AuditVerification(false, entries.size(), last(), (long) i + 1);
      }
      prev = e.hash();
    }
    return new AuditVerification(true, entries.size(), last(), null);
  }

  /** Test hook: rewrites the action of one stored entry without fixing its hash, as an attacker editing SQL would. */
  public synchronized void tamper(long seq, String newAction) {
    AuditEntry e = entries.get((int) seq - 1);
    entries.set((int) seq - 1,
        new AuditEntry(e.seq(), e.at(), e.actor(), newAction, e.target(), e.details(), e.prevHash(), e.hash()));
  }

  public synchronized List<AuditEntry> all() {
    return List.copyOf(entries);
  }

  private String last() {
    return entries.isEmpty() ? null : entries.get(entries.size() - 1).hash();
  }

  private static String hash(AuditEntry e) {
    String text = String.join("\u001f", e.prevHash(), Long.toString(e.seq()), e.at().toString(), e.actor(),
        e.action(), String.valueOf(e.target()), String.valueOf(e.details()));
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
