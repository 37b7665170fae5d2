package io.meterhub.platform.audit;

/** Checks audit entries fed in seq order against the chain rules; remembers the first break. */
final class ChainChecker {

  private long entries;
  private long expectedSeq = 1;
  private String prevHash = AuditHashing.GENESIS;
  private Long firstBadSeq;

  /** @return false once the chain is broken (further entries need not be fed) */
  boolean accept(AuditEntry e) {
    if (firstBadSeq != null) {
      return false;
    }
    if (e.seq() != expectedSeq) {
      // A gap (deleted row): the missing seq is where the chain breaks.
      firstBadSeq = Math.min(e.seq(), expectedSeq);
      return false;
    }
    if (!prevHash.equals(e.prevHash()) || !AuditHashing.hash(e).equals(e.hash())) {
      firstBadSeq = e.seq();
      return false;
    }
    entries++;
    expectedSeq++;
    prevHash = e.hash();
    return true;
  }

  /** The verdict once every entry up to the recorded head was fed. */
  AuditVerification finish(long headSeq, String headHash) {
    String lastHash = entries == 0 ? null : prevHash;
    if (firstBadSeq != null) {
      return new AuditVerification(false, entries, lastHash, firstBadSeq);
    }
    if (entries != headSeq || !prevHash.equals(headHash)) {
      // Tail removed (or head row altered): the first seq the head covers that is missing or differs.
      return new AuditVerification(false, entries, lastHash, Math.min(entries + 1, Math.max(headSeq, 1)));
    }
    return new AuditVerification(true, entries, lastHash, null);
  }
}
