package io.meterhub.platform.event;

import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.common.ConflictException;
import io.meterhub.platform.common.ValidationException;
import io.meterhub.platform.store.Page;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/** Alarm reads and operator acknowledgements (audited). Blocking: call it off the event loop. */
public final class AlarmService {

  static final int MAX_NOTE = 1024;

  private final AlarmStore alarms;
  private final AuditLog audit;
  private final EventNotifications notify;
  private final Clock clock;

  public AlarmService(AlarmStore alarms, AuditLog audit, EventNotifications notify, Clock clock) {
    this.alarms = Objects.requireNonNull(alarms, "alarms");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.notify = Objects.requireNonNull(notify, "notify");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Page<Alarm> list(AlarmState state, String regionPrefix, int limit, String cursor) {
    return alarms.list(state, regionPrefix, limit, cursor);
  }

  public Optional<Alarm> find(long id) {
    return alarms.find(id);
  }

  /**
   * Acknowledges an open alarm with a note and records it in the audit log.
   *
   * @return empty when no such alarm exists
   * @throws ValidationException when the note is missing, blank or longer than 1024 characters
   * @throws ConflictException when the alarm is already acknowledged or cleared
   */
  public Optional<Alarm> acknowledge(String actor, long id, String note) {
    Objects.requireNonNull(actor, "actor");
    if (note == null || note.isBlank()) {
      throw ValidationException.of("note", "is required");
    }
    if (note.length() > MAX_NOTE) {
      throw ValidationException.of("note", "must be at most " + MAX_NOTE + " characters");
    }
    Optional<Alarm> existing = alarms.find(id);
    if (existing.isEmpty()) {
      return Optional.empty();
    }
    Alarm acked = alarms.acknowledge(id, actor, note, clock.instant())
        .orElseThrow(() -> new ConflictException("The alarm is not open (it is "
            + alarms.find(id).map(a -> a.state().apiName()).orElse("gone") + ")"));
    audit.record(actor, "alarm.acknowledge", "alarm:" + id,
        new JsonObject().put("meterId", acked.meterId()).put("cause", acked.cause()).put("note", note).encode());
    notify.alarmChanged(new AlarmChange(acked, "acknowledged"));
    return Optional.of(acked);
  }
}
