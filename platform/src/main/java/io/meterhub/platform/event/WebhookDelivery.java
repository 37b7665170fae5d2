package io.meterhub.platform.event;

import java.time.Instant;

/**
 * One notification to one webhook and how its delivery went.
 *
 * @param status {@code pending} (first attempt under way), {@code retrying}, {@code delivered} or {@code dead}
 *     (every attempt failed: dead letter)
 * @param responseCode HTTP status of the last attempt, null when it got no answer
 * @param lastError why the last attempt failed, or null
 */
public record WebhookDelivery(long id, String webhookId, String kind, String payload, String status, int attempts,
    Integer responseCode, String lastError, Instant createdAt, Instant updatedAt) {

  public static final String PENDING = "pending";
  public static final String RETRYING = "retrying";
  public static final String DELIVERED = "delivered";
  public static final String DEAD = "dead";
}
