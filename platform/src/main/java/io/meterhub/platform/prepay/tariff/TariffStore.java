package io.meterhub.platform.prepay.tariff;

import io.meterhub.platform.store.Page;
import java.time.Instant;
import java.util.List;

/** Durable tariff versions. Blocking (SQL). */
public interface TariffStore {

  /** Stores a version; false when a version with the same id and activeFrom exists. */
  boolean insert(Tariff tariff, Instant createdAt);

  /** Every version of a tariff, oldest activeFrom first; empty when unknown. */
  List<Tariff> versions(String id);

  /** Tariff ids with their versions, ordered by id, keyset-paged. */
  Page<List<Tariff>> list(int limit, String cursor);

  /** The version in force at {@code at}: the latest activeFrom not after it; the first version before that. */
  static Tariff activeAt(List<Tariff> versions, Instant at) {
    Tariff active = versions.get(0);
    for (Tariff t : versions) {
      if (!t.activeFrom().isAfter(at)) {
        active = t;
      }
    }
    return active;
  }
}
