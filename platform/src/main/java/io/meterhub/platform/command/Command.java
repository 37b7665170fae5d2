package io.meterhub.platform.command;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One device command and its current state.
 *
 * @param id unique id (UUID text)
 * @param meterId the meter it is for
 * @param type the executor that delivers it, e.g. {@code relay} (or {@code relay-local} for a change recorded at the
 *     meter, never delivered)
 * @param target what the meter should end up reporting, e.g. {@code open}
 * @param reason why, as given by the requester
 * @param status where it is in its life cycle
 * @param createdAt when it was accepted
 * @param updatedAt last status change
 * @param attempts delivery attempts so far
 * @param error why it failed, expired or was cancelled; null otherwise
 * @param deadline when a command not yet delivered expires
 * @param actor who asked for it (user name or {@code system:<component>})
 * @param idempotencyKey the client's Idempotency-Key, or null
 * @param batchId the relay batch it belongs to, or null
 */
public record Command(
    String id,
    String meterId,
    String type,
    String target,
    String reason,
    CommandStatus status,
    Instant createdAt,
    Instant updatedAt,
    int attempts,
    String error,
    Instant deadline,
    String actor,
    String idempotencyKey,
    String batchId)
    implements Serializable {

  public Command {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(meterId, "meterId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(actor, "actor");
  }

  /** This command in another status at {@code at}, with {@code error} (null to clear it). */
  public Command withStatus(CommandStatus next, Instant at, String error) {
    return new Command(
        id, meterId, type, target, reason, next, createdAt, at, attempts, error, deadline, actor, idempotencyKey,
        batchId);
  }

  /** This command handed to the meter once more. */
  public Command sentAt(Instant at) {
    return new Command(
        id, meterId, type, target, reason, CommandStatus.SENT, createdAt, at, attempts + 1, error, deadline, actor,
        idempotencyKey, batchId);
  }

  /** This command waiting again; {@code countAttempt} false when nothing actually reached the meter. */
  public Command requeuedAt(Instant at, String why, boolean countAttempt) {
    return new Command(
        id, meterId, type, target, reason, CommandStatus.PENDING, createdAt, at,
        countAttempt ? attempts : Math.max(0, attempts - 1), why, deadline, actor, idempotencyKey, batchId);
  }
}
