package io.meterhub.platform.event;

import io.meterhub.platform.store.Page;
import java.util.List;

/** Durable meter events. Blocking (JDBC): never call it on an event loop or a Leshan thread. */
public interface EventStore {

  /**
   * Stores the events that are new; an event whose (meterId, sequence) is already stored, or repeated in the same
   * list, is skipped.
   *
   * @return the events actually stored, with their ids, in input order
   */
  List<MeterEvent> insertNew(List<MeterEvent> events);

  /** Events matching the query, newest (highest id) first. */
  Page<MeterEvent> list(EventQuery query);

  long count();
}
