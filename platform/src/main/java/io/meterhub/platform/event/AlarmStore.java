package io.meterhub.platform.event;

import io.meterhub.models.Severity;
import io.meterhub.platform.store.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable alarms. At most one live (open or acknowledged) alarm exists per meter and cause; every transition is a
 * conditional update, so the ingestion worker and API acknowledgements never overwrite each other. Blocking.
 */
public interface AlarmStore {

  /**
   * Opens an alarm, or when a live one with the same meter and cause exists, counts one more event on it.
   *
   * @return the alarm and whether it was newly opened
   */
  Raised raise(String meterId, String region, String type, String cause, Severity severity, String details,
      Instant at);

  /** The outcome of {@link #raise}. */
  record Raised(Alarm alarm, boolean opened) {}

  Optional<Alarm> find(long id);

  /** Live alarms of a meter whose cause is one of {@code causes}. */
  List<Alarm> live(String meterId, List<String> causes);

  /** Open → acknowledged; empty when the alarm is not open (any more). */
  Optional<Alarm> acknowledge(long id, String by, String note, Instant at);

  /**
   * Live → cleared; empty when it was already cleared.
   *
   * @param outageId the outage it is folded into (suppressed), or null when its condition ended
   */
  Optional<Alarm> clear(long id, Instant at, Long outageId);

  /** Alarms in {@code state} (null = any) of meters whose region starts with {@code regionPrefix}, newest first. */
  Page<Alarm> list(AlarmState state, String regionPrefix, int limit, String cursor);
}
