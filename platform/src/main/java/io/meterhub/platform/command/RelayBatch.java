package io.meterhub.platform.command;

import java.time.Instant;
import java.util.Objects;

/**
 * A bulk relay operation: one relay command per selected meter.
 *
 * @param id unique id
 * @param target {@code open} or {@code closed}
 * @param reason why, as given by the requester
 * @param selector how meters were chosen: {@code region:<prefix>} or {@code ids}
 * @param meterCount number of commands created
 * @param actor who asked for it
 * @param createdAt when it was accepted
 */
public record RelayBatch(
    String id, String target, String reason, String selector, int meterCount, String actor, Instant createdAt) {

  public RelayBatch {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
