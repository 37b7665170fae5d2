package io.meterhub.platform.event;

import java.util.Objects;

/** The services behind the event, alarm, outage and webhook routes. All blocking: call them off the event loop. */
public record EventApi(EventStore events, AlarmService alarms, JdbcOutageStore outages, WebhookService webhooks) {

  public EventApi {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(alarms, "alarms");
    Objects.requireNonNull(outages, "outages");
    Objects.requireNonNull(webhooks, "webhooks");
  }
}
