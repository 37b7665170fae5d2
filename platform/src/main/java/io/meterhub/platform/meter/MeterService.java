package io.meterhub.platform.meter;

import io.meterhub.models.MeterReading;
import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.common.ConflictException;
import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.common.ValidationException;
import io.meterhub.platform.meter.MeterRequests.MeterPatch;
import io.meterhub.platform.meter.MeterRequests.NewMeter;
import io.meterhub.platform.metering.ReadingStore;
import io.meterhub.platform.store.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Provisioning and lookup of meters: the durable registry, the live credentials the DTLS handshake reads, the live
 * status, and the audit trail of every change. Blocking (SQL, Hazelcast): never call it on an event loop.
 */
public final class MeterService {

  /** Upper bound of meters scanned per list request when filtering on live status. */
  static final int MAX_SCANNED_PER_LIST = 10_000;

  private final MeterStore store;
  private final MeterLiveState live;
  private final DeviceCredentials credentials;
  private final ReadingStore readings;
  private final AuditLog audit;
  private final Set<String> knownModels;
  private final Clock clock;

  public MeterService(
      MeterStore store, MeterLiveState live, DeviceCredentials credentials, ReadingStore readings, AuditLog audit,
      Set<String> knownModels, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.live = Objects.requireNonNull(live, "live");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.readings = Objects.requireNonNull(readings, "readings");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.knownModels = Set.copyOf(knownModels);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Provisions a meter and makes its credentials live.
   *
   * @throws ValidationException a field breaks a rule
   * @throws ConflictException the id or the PSK identity is taken
   */
  public Meter create(String actor, NewMeter request) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(request, "request");
    FieldErrors errors = new FieldErrors();
    MeterValidation.id(request.id(), errors);
    MeterValidation.model(request.model(), knownModels, errors);
    MeterValidation.region(request.region(), errors);
    MeterSecurity security = MeterValidation.security(request.security(), errors);
    errors.throwIfAny();
    Instant now = clock.instant();
    Meter meter = new Meter(request.id(), request.model(), request.region(), security, now, now);
    if (!store.insert(meter)) {
      throw new ConflictException("A meter with this id or security identity already exists");
    }
    credentials.put(meter);
    audit.record(actor, "meter.create", meter.id(), details(meter.model(), meter.region(), security, false));
    return meter;
  }

  /** The meter with its live status. */
  public Optional<MeterView> get(String id) {
    Objects.requireNonNull(id, "id");
    return store.find(id).map(m -> new MeterView(m, live.get(id)));
  }

  /**
   * Meters whose region starts with {@code regionPrefix}, ordered by id; with {@code online} non-null only those
   * with that live status. A filtered page may hold fewer than {@code limit} items while {@code next} is non-null.
   */
  public Page<MeterView> list(String regionPrefix, Boolean online, int limit, String cursor) {
    return list(regionPrefix, null, online, limit, cursor);
  }

  /** As {@link #list(String, Boolean, int, String)}, and only meters whose id starts with {@code idPrefix}. */
  public Page<MeterView> list(String regionPrefix, String idPrefix, Boolean online, int limit, String cursor) {
    return listMatching(MeterFilter.of(regionPrefix, idPrefix), online, limit, cursor);
  }

  /**
   * Meters matching {@code filter} (applied in the registry), ordered by id; with {@code online} non-null only those
   * with that live status.
   */
  public Page<MeterView> listMatching(MeterFilter filter, Boolean online, int limit, String cursor) {
    Objects.requireNonNull(filter, "filter");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1");
    }
    ListCursor position = cursor == null ? ListCursor.START : ListCursor.decode(cursor);
    if (online == null) {
      if (position.skip() != 0) {
        throw ValidationException.of("cursor", "belongs to a list with another filter");
      }
      Page<Meter> page = store.listMatching(filter, limit, position.storeCursor());
      Map<String, MeterStatus> statuses = live.getAll(page.items().stream().map(Meter::id).toList());
      return new Page<>(
          page.items().stream().map(m -> new MeterView(m, status(statuses, m.id()))).toList(),
          page.next() == null ? null : new ListCursor(page.next(), 0).encode());
    }
    return filtered(filter, online, limit, position);
  }

  private Page<MeterView> filtered(MeterFilter filter, boolean online, int limit, ListCursor position) {
    // The store pages by its own opaque cursor; we resume inside a store page by skipping what was already
    // scanned, so the batch size must stay fixed across requests.
    int batch = ListCursor.FILTER_BATCH;
    String storeCursor = position.storeCursor();
    int skip = position.skip();
    List<MeterView> out = new ArrayList<>();
    int scanned = 0;
    while (true) {
      Page<Meter> page = store.listMatching(filter, batch, storeCursor);
      List<Meter> items = page.items();
      Map<String, MeterStatus> statuses =
          live.getAll(items.subList(Math.min(skip, items.size()), items.size()).stream().map(Meter::id).toList());
      for (int i = skip; i < items.size(); i++) {
        Meter meter = items.get(i);
        MeterStatus status = status(statuses, meter.id());
        scanned++;
        if (status.online() == online) {
          out.add(new MeterView(meter, status));
        }
        boolean more = i < items.size() - 1 || page.next() != null;
        if (out.size() == limit || (scanned >= MAX_SCANNED_PER_LIST && more)) {
          String next = !more ? null
              : i < items.size() - 1 ? new ListCursor(storeCursor, i + 1).encode()
              : new ListCursor(page.next(), 0).encode();
          return new Page<>(out, next);
        }
      }
      if (page.next() == null) {
        return new Page<>(out, null);
      }
      storeCursor = page.next();
      skip = 0;
    }
  }

  /**
   * Changes region and/or rotates the credentials (which drops the live DTLS session).
   *
   * @return the updated meter with its live status, empty when it does not exist
   * @throws ValidationException a field breaks a rule
   * @throws ConflictException the new PSK identity belongs to another meter
   */
  public Optional<MeterView> patch(String actor, String id, MeterPatch patch) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(patch, "patch");
    FieldErrors errors = new FieldErrors();
    if (patch.region() == null && patch.security() == null) {
      errors.add("region", "give region and/or security to change");
    }
    if (patch.region() != null) {
      MeterValidation.region(patch.region(), errors);
    }
    MeterSecurity security = patch.security() == null ? null : MeterValidation.security(patch.security(), errors);
    errors.throwIfAny();
    Optional<Meter> existing = store.find(id);
    if (existing.isEmpty()) {
      return Optional.empty();
    }
    Meter old = existing.get();
    if (security != null && security.pskIdentity() != null
        && !security.pskIdentity().equals(old.security().pskIdentity())
        && store.findByPskIdentity(security.pskIdentity()).filter(other -> !other.id().equals(id)).isPresent()) {
      throw new ConflictException("Another meter already uses this security identity");
    }
    Meter updated = new Meter(old.id(), old.model(), patch.region() == null ? old.region() : patch.region(),
        security == null ? old.security() : security, old.createdAt(), clock.instant());
    if (!store.update(updated)) {
      return Optional.empty();
    }
    if (security != null) {
      credentials.put(updated);
    }
    audit.record(actor, "meter.update", id, details(null, patch.region(), security, security != null));
    return Optional.of(new MeterView(updated, live.get(id)));
  }

  /**
   * Deletes a meter: its credentials first (so its session drops at once), then the registry entry, live state and
   * readings.
   *
   * @return false when it did not exist
   */
  public boolean delete(String actor, String id) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(id, "id");
    if (store.find(id).isEmpty()) {
      return false;
    }
    credentials.remove(id);
    if (!store.delete(id)) {
      return false;
    }
    live.remove(id);
    readings.deleteMeter(id);
    audit.record(actor, "meter.delete", id, null);
    return true;
  }

  /** Readings of an existing meter, oldest first; empty when the meter does not exist. */
  public Optional<Page<MeterReading>> readings(String id, Instant from, Instant to, int limit, String cursor) {
    Objects.requireNonNull(id, "id");
    if (store.find(id).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(readings.list(id, from, to, limit, cursor));
  }

  private static MeterStatus status(Map<String, MeterStatus> statuses, String id) {
    MeterStatus status = statuses.get(id);
    return status != null ? status : MeterStatus.unknown(id);
  }

  /** Audit details: what changed, never the key. */
  private static String details(String model, String region, MeterSecurity security, boolean rotated) {
    StringBuilder json = new StringBuilder("{");
    if (model != null) {
      json.append("\"model\":").append(quote(model)).append(',');
    }
    if (region != null) {
      json.append("\"region\":").append(quote(region)).append(',');
    }
    if (security != null) {
      json.append("\"securityMode\":").append(quote(security.mode().name().toLowerCase(java.util.Locale.ROOT)))
          .append(",\"identity\":").append(quote(security.pskIdentity())).append(',');
    }
    if (rotated) {
      json.append("\"credentialsRotated\":true,");
    }
    if (json.length() > 1) {
      json.setLength(json.length() - 1);
    }
    return json.append('}').toString();
  }

  /** Values here are validated printable ASCII, so escaping quote and backslash is enough. */
  private static String quote(String value) {
    return value == null ? "null" : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
