package io.meterhub.platform.metering;

import io.meterhub.models.MeterReading;
import io.meterhub.platform.store.Page;
import java.time.Instant;
import java.util.List;

/** Time series of meter readings. Blocking (JDBC): never call it on an event loop. */
public interface ReadingStore {

  /** Stores all readings in one transaction with JDBC batching. A repeated (meterId, timestamp) is ignored. */
  void insertBatch(List<IngestedReading> readings);

  /** Readings of one meter with {@code from <= timestamp < to} (null = open), oldest first. */
  Page<MeterReading> list(String meterId, Instant from, Instant to, int limit, String cursor);

  /** Deletes all readings of a meter. */
  void deleteMeter(String meterId);
}
