package io.meterhub.platform.command;

import java.time.Instant;
import java.util.Objects;

/**
 * A request for a device command.
 *
 * @param meterId the meter
 * @param type executor type, e.g. {@code relay}
 * @param target the state the meter should end in, e.g. {@code open}
 * @param reason why (required, audited)
 * @param actor who asks
 * @param idempotencyKey optional client key: the same key returns the same command
 * @param deadline optional: when an undelivered command expires (default: now + the configured TTL)
 * @param batchId optional relay batch
 */
public record CommandRequest(
    String meterId,
    String type,
    String target,
    String reason,
    String actor,
    String idempotencyKey,
    Instant deadline,
    String batchId) {

  public CommandRequest {
    Objects.requireNonNull(meterId, "meterId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(actor, "actor");
  }

  public static CommandRequest of(String meterId, String type, String target, String reason, String actor) {
    return new CommandRequest(meterId, type, target, reason, actor, null, null, null);
  }
}
