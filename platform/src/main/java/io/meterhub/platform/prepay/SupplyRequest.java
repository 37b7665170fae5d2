package io.meterhub.platform.prepay;

import java.time.Instant;

/**
 * A recorded relay order of the credit policy.
 *
 * @param action {@code disconnect} or {@code reconnect}
 * @param status {@code pending} until the command pipeline takes it
 */
public record SupplyRequest(
    long id, String meterId, String action, String reason, String status, Instant requestedAt) {}
