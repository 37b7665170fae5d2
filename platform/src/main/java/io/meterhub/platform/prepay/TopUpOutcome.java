package io.meterhub.platform.prepay;

/**
 * Result of a top-up call.
 *
 * @param status HTTP status of the original answer (201)
 * @param replayed true when this is the stored answer of an earlier request with the same idempotency key
 */
public record TopUpOutcome(int status, TopUpReceipt receipt, boolean replayed) {}
