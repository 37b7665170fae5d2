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
