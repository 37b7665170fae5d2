package io.meterhub.platform.testsupport;

import io.meterhub.models.MeterReading;
import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.metering.ReadingStore;
import io.meterhub.platform.store.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Thread-safe in-memory {@link ReadingStore}, keyed by (meter, timestamp); oldest first. */
public final class InMemoryReadingStore implements ReadingStore {

  private final Map<String, TreeMap<Instant, MeterReading>> byMeter = new HashMap<>();

  @Override
  public synchronized void insertBatch(List<IngestedReading> readings) {
    EventLoopGuard.check();
    for (IngestedReading r : readings) {
      byMeter.computeIfAbsent(r.meterId(), k -> new TreeMap<>()).putIfAbsent(r.reading().timestamp(), r.reading());
    }
  }

  @Override
  public synchronized Page<MeterReading> list(String meterId, Instant from, Instant to, int limit, String cursor) {
    EventLoopGuard.check();
    NavigableMap<Instant, MeterReading> series = byMeter.getOrDefault(meterId, new TreeMap<>());
    if (from != null) {
      series = series.tailMap(from, true);
    }
    if (to != null) {
      series = series.headMap(to, false);
    }
    if (cursor != null) {
      series = series.tailMap(Instant.parse(Cursors.decode(cursor)), false);
    }
    List<MeterReading> items = new ArrayList<>();
    for (MeterReading reading : series.values()) {
      if (items.size() == limit) {
        return new Page<>(items, Cursors.encode(items.get(limit - 1).timestamp().toString()));
      }
      items.add(reading);
    }
    return new Page<>(items, null);
  }

  @Override
  public synchronized void deleteMeter(String meterId) {
    EventLoopGuard.check();
    byMeter.remove(meterId);
  }

  public synchronized int count(String meterId) {
    return byMeter.getOrDefault(meterId, new TreeMap<>()).size();
  }
}
