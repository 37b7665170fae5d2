package io.meterhub.platform.meter;

import io.meterhub.platform.store.Page;
import java.util.Optional;
import java.util.function.Consumer;

/** Durable registry of meters and their credentials. Blocking (JDBC): never call it on an event loop. */
public interface MeterStore {

  /**
   * Adds a meter.
   *
   * @return false when a meter with the same id, or the same PSK identity, already exists (nothing is written)
   */
  boolean insert(Meter meter);

  Optional<Meter> find(String id);

  /** Meters whose region starts with {@code regionPrefix} (null or empty = all), ordered by id. */
  Page<Meter> list(String regionPrefix, int limit, String cursor);

  /**
   * Meters whose region starts with {@code regionPrefix} and whose id starts with {@code idPrefix} (null or empty =
   * any), ordered by id. The default filters pages of {@link #list(String, int, String)}; SQL stores override it.
   */
  default Page<Meter> list(String regionPrefix, String idPrefix, int limit, String cursor) {
    if (idPrefix == null || idPrefix.isEmpty()) {
      return list(regionPrefix, limit, cursor);
    }
    java.util.List<Meter> out = new java.util.ArrayList<>();
    String position = cursor;
    while (true) {
      Page<Meter> page = list(regionPrefix, limit - out.size(), position);
      for (Meter meter : page.items()) {
        if (meter.id().startsWith(idPrefix)) {
          out.add(meter);
        }
      }
      if (out.size() >= limit || page.next() == null) {
        // the cursor of the last scanned page is safe to resume from: everything before it was considered
        return new Page<>(out, page.next());
      }
      position = page.next();
    }
  }

  /**
   * Number of meters per exact region value. The default streams every meter; SQL stores override it with one
   * GROUP BY query.
   */
  default java.util.Map<String, Long> countByRegion() {
    java.util.Map<String, Long> counts = new java.util.TreeMap<>();
    forEach(m -> counts.merge(m.region(), 1L, Long::sum));
    return counts;
  }

  /** Replaces region, model and security of an existing meter; false when it does not exist. */
  boolean update(Meter meter);

  /** @return false when it did not exist */
  boolean delete(String id);

  /** Streams every meter to {@code sink}, e.g. to fill the live security store at start. */
  void forEach(Consumer<Meter> sink);

  long count();

  /**
   * The meter using this PSK identity. The default scans every meter; SQL stores should override it with an indexed
   * lookup.
   */
  default Optional<Meter> findByPskIdentity(String identity) {
    java.util.Objects.requireNonNull(identity, "identity");
    Meter[] found = new Meter[1];
    forEach(m -> {
      if (found[0] == null && identity.equals(m.security().pskIdentity())) {
        found[0] = m;
      }
    });
    return Optional.ofNullable(found[0]);
  }
}
