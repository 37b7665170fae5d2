package io.meterhub.platform.testsupport;

import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterStore;
import io.meterhub.platform.store.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Thread-safe in-memory {@link MeterStore}: ids ordered, id and PSK identity unique. */
public final class InMemoryMeterStore implements MeterStore {

  private final TreeMap<String, Meter> meters = new TreeMap<>();
  /** When set, every call fails as a broken database connection would. */
  public final java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean();

  @Override
  public synchronized boolean insert(Meter meter) {
    EventLoopGuard.check();
    Objects.requireNonNull(meter, "meter");
    if (meters.containsKey(meter.id()) || identityTaken(meter, null)) {
      return false;
    }
    meters.put(meter.id(), meter);
    return true;
  }

  @Override
  public synchronized Optional<Meter> find(String id) {
    EventLoopGuard.check();
    if (broken.get()) {
      throw new IllegalStateException("connection to jdbc:h2:mem:secret-db lost");
    }
    return Optional.ofNullable(meters.get(id));
  }

  @Override
  public synchronized Page<Meter> list(String regionPrefix, int limit, String cursor) {
    EventLoopGuard.check();
    if (broken.get()) {
      throw new IllegalStateException("connection to jdbc:h2:mem:secret-db lost");
    }
    Map<String, Meter> tail = cursor == null ? meters : meters.tailMap(Cursors.decode(cursor), false);
    List<Meter> items = new ArrayList<>();
    boolean more = false;
    for (Meter meter : tail.values()) {
      if (regionPrefix != null && !meter.region().startsWith(regionPrefix)) {
        continue;
      }
      if (items.size() == limit) {
        more = true;
        break;
      }
      items.add(meter);
    }
    return new Page<>(items, more ? Cursors.encode(items.get(items.size() - 1).id()) : null);
  }

  @Override
  public synchronized boolean update(Meter meter) {
    EventLoopGuard.check();
    if (!meters.containsKey(meter.id())) {
      return false;
    }
    if (identityTaken(meter, meter.id())) {
      throw new IllegalStateException("duplicate PSK identity");
    }
    meters.put(meter.id(), meter);
    return true;
  }

  @Override
  public synchronized boolean delete(String id) {
    EventLoopGuard.check();
    return meters.remove(id) != null;
  }

  @Override
  public void forEach(Consumer<Meter> sink) {
    EventLoopGuard.check();
    List<Meter> copy;
    synchronized (this) {
      copy = List.copyOf(meters.values());
    }
    copy.forEach(sink);
  }

  @Override
  public synchronized long count() {
    EventLoopGuard.check();
    return meters.size();
  }

  private boolean identityTaken(Meter meter, String except) {
    String identity = meter.security().pskIdentity();
    return identity != null && meters.values().stream()
        .anyMatch(m -> !m.id().equals(except) && identity.equals(m.security().pskIdentity()));
  }
}
