package io.meterhub.platform.event;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Passes every notification to several listeners; one failing listener does not stop the others. */
final class FanOut implements EventNotifications {

  private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);

  private final List<EventNotifications> listeners;

  FanOut(List<EventNotifications> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void eventStored(MeterEvent event) {
    for (EventNotifications l : listeners) {
      try {
        l.eventStored(event);
      } catch (RuntimeException e) {
        LOG.error("event listener {} failed", l.getClass().getSimpleName(), e);
      }
    }
  }

  @Override
  public void alarmChanged(AlarmChange change) {
    for (EventNotifications l : listeners) {
      try {
        l.alarmChanged(change);
      } catch (RuntimeException e) {
        LOG.error("alarm listener {} failed", l.getClass().getSimpleName(), e);
      }
    }
  }

  @Override
  public void outageChanged(Outage outage, String change) {
    for (EventNotifications l : listeners) {
      try {
        l.outageChanged(outage, change);
      } catch (RuntimeException e) {
        LOG.error("outage listener {} failed", l.getClass().getSimpleName(), e);
      }
    }
  }
}
