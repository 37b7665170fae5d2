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
   * Meters matching {@code filter}, ordered by id, keyset-paginated. The default supports only the prefix filters;
   * SQL stores also filter by recorded relay state and by the credit state of the meter's account.
   *
   * @throws UnsupportedOperationException a relay or credit-state filter on a store that cannot apply it
   */
  default Page<Meter> listMatching(MeterFilter filter, int limit, String cursor) {
    java.util.Objects.requireNonNull(filter, "filter");
    if (!filter.prefixesOnly()) {
      throw new UnsupportedOperationException("relay and credit-state filters need a SQL store");
    }
    return list(filter.regionPrefix(), filter.idPrefix(), limit, cursor);
  }

  /**
   * Records the meter's last relay state, so lists can filter on it; called only when the state changes.
   *
   * @return false when the meter does not exist
   */
  boolean recordRelay(String id, io.meterhub.models.RelayState state);

  /**
   * Number of meters per exact region value among {@code ids} (unknown ids are not counted). The default looks
   * each meter up; SQL stores count in batches.
   */
  default java.util.Map<String, Long> countByRegion(java.util.Collection<String> ids) {
    java.util.Map<String, Long> counts = new java.util.TreeMap<>();
    for (String id : ids) {
      find(id).ifPresent(m -> counts.merge(m.region(), 1L, Long::sum));
    }
    return counts;
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
