package io.meterhub.platform.command;

import io.meterhub.platform.store.Page;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Durable command history and relay batches (SQL). Blocking: never call it on an event loop. */
public interface CommandStore {

  /** Stores a new command; false when its id or idempotency key is already taken. */
  boolean insert(Command command);

  /**
   * Stores the status, updatedAt, attempts and error of a command that is not final yet; false when the stored command
   * is already final (a final state is never overwritten) or absent.
   */
  boolean update(Command command);

  Optional<Command> find(String id);

  Optional<Command> findByIdempotencyKey(String idempotencyKey);

  /** Commands of one meter, newest first, keyset-paged. */
  Page<Command> listForMeter(String meterId, int limit, String cursor);

  /** Number of commands of a batch per status (statuses without commands are absent). */
  Map<CommandStatus, Long> countByBatch(String batchId);

  /** Stores a new batch; false when the id is taken. */
  boolean insertBatch(RelayBatch batch);

  Optional<RelayBatch> findBatch(String id);

  /** Every command not yet final (pending or sent), oldest first: what a restarted cluster must deliver still. */
  List<Command> unfinished();
}
