package io.meterhub.platform.event;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;

/** The JSON shapes of events, alarms and outages, shared by the REST API, the live stream and webhooks. */
public final class EventJson {

  private EventJson() {}

  public static JsonObject event(MeterEvent e) {
    return new JsonObject()
        .put("id", Long.toString(e.id()))
        .put("meterId", e.meterId())
        .put("type", e.type())
        .put("severity", e.severity().name().toLowerCase(Locale.ROOT))
        .put("occurredAt", time(e.occurredAt()))
        .put("receivedAt", time(e.receivedAt()))
        .put("sequence", e.sequence())
        .put("value", e.value())
        .put("phase", e.phase())
        .put("region", e.region())
        .put("details", details(e.details()));
  }

  public static JsonObject alarm(Alarm a) {
    return new JsonObject()
        .put("id", Long.toString(a.id()))
        .put("meterId", a.meterId())
        .put("region", a.region())
        .put("type", a.type())
        .put("cause", a.cause())
        .put("severity", a.severity().name().toLowerCase(Locale.ROOT))
        .put("state", a.state().apiName())
        .put("openedAt", time(a.openedAt()))
        .put("updatedAt", time(a.updatedAt()))
        .put("eventCount", a.eventCount())
        .put("acknowledgedBy", a.ackBy())
        .put("acknowledgedAt", time(a.ackedAt()))
        .put("note", a.ackNote())
        .put("clearedAt", time(a.clearedAt()))
        .put("outageId", a.outageId() == null ? null : Long.toString(a.outageId()))
        .put("details", details(a.details()));
  }

  public static JsonObject outage(Outage o) {
    return new JsonObject()
        .put("id", Long.toString(o.id()))
        .put("region", o.region())
        .put("state", o.state())
        .put("startedAt", time(o.startedAt()))
        .put("updatedAt", time(o.updatedAt()))
        .put("clearedAt", time(o.clearedAt()))
        .put("affectedMeters", o.affectedMeters())
        .put("restoredMeters", o.restoredMeters());
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static JsonObject details(String text) {
    if (text == null) {
      return new JsonObject();
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      return new JsonObject().put("text", text);
    }
  }
}
