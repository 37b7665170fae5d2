package io.meterhub.platform.event;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Publishes events, alarm changes and outage changes on this node's Vert.x event bus (local only) for the live
 * stream. Message body: {@code {"kind": "event"|"alarm"|"outage", "category": "meter", "change": ..., "data": {...}}}.
 * Each node streams what it ingested itself.
 */
public final class StreamPublisher implements EventNotifications {

  /** Event bus address of the live stream. */
  public static final String ADDRESS = "meterhub.stream";

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;

  public StreamPublisher(Vertx vertx) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
  }

  @Override
  public void eventStored(MeterEvent event) {
    publish("event", event.type(), EventJson.event(event));
  }

  @Override
  public void alarmChanged(AlarmChange change) {
    publish("alarm", change.change(), EventJson.alarm(change.alarm()));
  }

  @Override
  public void outageChanged(Outage outage, String change) {
    publish("outage", change, EventJson.outage(outage));
  }

  private void publish(String kind, String change, JsonObject data) {
    vertx.eventBus().publish(ADDRESS,
        new JsonObject().put("kind", kind).put("category", "meter").put("change", change).put("data", data), LOCAL);
  }
}
