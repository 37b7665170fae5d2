package io.meterhub.platform.audit;

/**
 * Result of checking the whole chain.
 *
 * @param valid true when every entry's hash and link is intact and seq has no gaps
 * @param entries number of entries checked
 * @param head hash of the last entry (null when empty)
 * @param firstBadSeq first seq at which the chain breaks, null when valid
 */
public record AuditVerification(boolean valid, long entries, String head, Long firstBadSeq) {}
