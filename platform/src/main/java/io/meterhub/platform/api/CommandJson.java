package io.meterhub.platform.api;

import io.meterhub.platform.command.Command;
import io.meterhub.platform.command.CommandStatus;
import io.meterhub.platform.command.IdempotencyKeyReusedException;
import io.meterhub.platform.command.RelayBatchService.BatchStatus;
import io.meterhub.platform.command.UnknownMeterException;
import io.vertx.core.json.JsonObject;

/** JSON of commands and relay batches, and the mapping of command errors to HTTP. */
final class CommandJson {

  private CommandJson() {}

  static JsonObject command(Command c) {
    JsonObject json =
        new JsonObject()
            .put("id", c.id())
            .put("meterId", c.meterId())
            .put("type", c.type())
            .put("target", c.target())
            .put("reason", c.reason())
            .put("status", c.status().apiName())
            .put("createdAt", JsonViews.time(c.createdAt()))
            .put("updatedAt", JsonViews.time(c.updatedAt()))
            .put("attempts", c.attempts())
            .put("error", c.error())
            .put("deadline", JsonViews.time(c.deadline()))
            .put("actor", c.actor());
    if (c.batchId() != null) {
      json.put("batchId", c.batchId());
    }
    return json;
  }

  static JsonObject batch(BatchStatus status) {
    JsonObject counts = new JsonObject();
    long total = 0;
    for (CommandStatus s : CommandStatus.values()) {
      long n = status.counts().getOrDefault(s, 0L);
      counts.put(s.apiName(), n);
      total += n;
    }
    return new JsonObject()
        .put("id", status.batch().id())
        .put("state", status.batch().target())
        .put("reason", status.batch().reason())
        .put("selector", status.batch().selector())
        .put("meterCount", status.batch().meterCount())
        .put("actor", status.batch().actor())
        .put("createdAt", JsonViews.time(status.batch().createdAt()))
        .put("commands", total)
        .put("counts", counts);
  }

  /** Command-specific failures as HTTP errors; everything else unchanged (the shared error handler maps it). */
  static Throwable httpError(Throwable failure) {
    if (failure instanceof UnknownMeterException) {
      return ApiException.notFound("Meter not found");
    }
    if (failure instanceof IdempotencyKeyReusedException e) {
      return new ApiException(422, e.getMessage());
    }
    if (failure instanceof IllegalArgumentException) {
      return ApiException.badRequest("Invalid cursor");
    }
    return failure;
  }
}
