package io.meterhub.platform.command;

import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterStore;
import io.meterhub.platform.store.Jdbc;
import io.meterhub.platform.store.Page;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Bulk trip or reconnect: one relay command per selected meter, all tagged with the batch id. Delivery follows the
 * node's token bucket and in-flight cap like any command. Blocking.
 */
public final class RelayBatchService {

  /** Most meters one batch may address. */
  public static final int MAX_METERS = 10_000;

  private final CommandService commands;
  private final CommandStore store;
  private final MeterStore meters;
  private final AuditLog audit;
  private final Clock clock;

  public RelayBatchService(
      CommandService commands, CommandStore store, MeterStore meters, AuditLog audit, Clock clock) {
    this.commands = Objects.requireNonNull(commands, "commands");
    this.store = Objects.requireNonNull(store, "store");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A batch request: exactly one of {@code meterIds} and {@code regionPrefix}.
   *
   * @param meterIds the meters, or null
   * @param regionPrefix every meter whose region starts with it, or null
   * @param target {@code open} or {@code closed}
   * @param reason why (required)
   * @param actor who asks
   */
  public record BatchRequest(List<String> meterIds, String regionPrefix, String target, String reason, String actor) {}

  /** A batch with the number of its commands per status. */
  public record BatchStatus(RelayBatch batch, Map<CommandStatus, Long> counts) {}

  /** Creates the batch and its commands (all pending on return). */
  public RelayBatch create(BatchRequest request) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(request.actor(), "actor");
    FieldErrors errors = new FieldErrors();
    if ((request.meterIds() == null) == (request.regionPrefix() == null)) {
      errors.add("meterIds", "give either meterIds or regionPrefix");
    }
    if (request.target() == null) {
      errors.add("state", "is required");
    } else if (RelayCommand.parse(request.target()).isEmpty()) {
      errors.add("state", "must be open or closed");
    }
    if (request.reason() == null || request.reason().isBlank()) {
      errors.add("reason", "is required");
    } else if (request.reason().length() > CommandPipeline.MAX_REASON) {
      errors.add("reason", "must be at most " + CommandPipeline.MAX_REASON + " characters");
    }
    if (request.regionPrefix() != null && (request.regionPrefix().isEmpty() || request.regionPrefix().length() > 256)) {
      errors.add("regionPrefix", "must be 1 to 256 characters");
    }
    errors.throwIfAny();
    List<String> ids =
        request.meterIds() != null ? known(request.meterIds(), errors) : inRegion(request.regionPrefix());
    if (ids.isEmpty()) {
      errors.add(request.meterIds() != null ? "meterIds" : "regionPrefix", "selects no meter");
    } else if (ids.size() > MAX_METERS) {
      errors.add(request.meterIds() != null ? "meterIds" : "regionPrefix", "selects more than " + MAX_METERS);
    }
    errors.throwIfAny();

    String selector = request.regionPrefix() != null ? "region:" + request.regionPrefix() : "ids";
    RelayBatch batch =
        new RelayBatch(
            UUID.randomUUID().toString(),
            request.target(),
            request.reason(),
            selector,
            ids.size(),
            request.actor(),
            Jdbc.storable(clock.instant()));
    store.insertBatch(batch);
    audit.record(
        request.actor(),
        "relay-batch.create",
        batch.id(),
        new JsonObject()
            .put("target", batch.target())
            .put("reason", batch.reason())
            .put("selector", selector)
            .put("meters", ids.size())
            .encode());
    for (String meterId : ids) {
      commands.create(
          new CommandRequest(
              meterId, RelayCommand.TYPE, request.target(), request.reason(), request.actor(), null, null, batch.id()));
    }
    return batch;
  }

  public Optional<BatchStatus> get(String id) {
    return store.findBatch(Objects.requireNonNull(id, "id")).map(b -> new BatchStatus(b, store.countByBatch(id)));
  }

  private List<String> known(List<String> requested, FieldErrors errors) {
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(requested));
    if (ids.size() > MAX_METERS) {
      return ids;
    }
    for (String id : ids) {
      if (meters.find(id).isEmpty()) {
        errors.add("meterIds", "unknown meter " + id);
        if (errors.size() >= 10) {
          break;
        }
      }
    }
    return ids;
  }

  private List<String> inRegion(String prefix) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      Page<Meter> page = meters.list(prefix, 1000, cursor);
      page.items().forEach(m -> ids.add(m.id()));
      cursor = page.next();
    } while (cursor != null && ids.size() <= MAX_METERS);
    return ids;
  }
}
