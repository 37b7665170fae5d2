package io.meterhub.platform.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every notification, for assertions. */
final class RecordingNotifications implements EventNotifications {

  final List<MeterEvent> events = new CopyOnWriteArrayList<>();
  final List<AlarmChange> alarms = new CopyOnWriteArrayList<>();
  final List<String> outages = new CopyOnWriteArrayList<>();

  @Override
  public void eventStored(MeterEvent event) {
    events.add(event);
  }

  @Override
  public void alarmChanged(AlarmChange change) {
    alarms.add(change);
  }

  @Override
  public void outageChanged(Outage outage, String change) {
    outages.add(outage.region() + ":" + change);
  }
}
