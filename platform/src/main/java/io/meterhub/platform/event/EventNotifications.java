package io.meterhub.platform.event;

/**
 * Receives what the event pipeline produced, for live streams and webhooks. Implementations must return at once
 * (they are called on the ingestion worker) and must not throw.
 */
public interface EventNotifications {

  /** A new (not duplicate) event was stored. */
  default void eventStored(MeterEvent event) {}

  /** An alarm was opened, repeated, acknowledged, cleared or suppressed. */
  default void alarmChanged(AlarmChange change) {}

  /** An outage incident was opened, grew, or was cleared. */
  default void outageChanged(Outage outage, String change) {}
}
