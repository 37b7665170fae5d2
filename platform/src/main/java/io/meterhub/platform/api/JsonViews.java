package io.meterhub.platform.api;

import io.meterhub.models.MeterReading;
import io.meterhub.models.MeterReading.PhaseValues;
import io.meterhub.models.MeterReading.TouRegisters;
import io.meterhub.platform.audit.AuditEntry;
import io.meterhub.platform.auth.Role;
import io.meterhub.platform.auth.User;
import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterStatus;
import io.meterhub.platform.meter.MeterView;
import io.meterhub.platform.store.Page;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;

/** Renders domain values as the JSON of api-v1. Credentials are never rendered: there is no code path for a key. */
final class JsonViews {

  private JsonViews() {}

  static JsonObject meter(MeterView view) {
    Meter meter = view.meter();
    MeterStatus status = view.status();
    return new JsonObject()
        .put("id", meter.id())
        .put("model", meter.model())
        .put("region", meter.region())
        .put("online", status.online())
        .put("lastSeen", time(status.lastSeen()))
        .put("relay", status.relay().apiName())
        .put("latest", status.latest() == null ? null : reading(status.latest()))
        .put("radio", status.radio() == null ? null : new JsonObject()
            .put("signalStrengthDbm", status.radio().signalStrengthDbm())
            .put("linkQuality", status.radio().linkQuality())
            .put("at", time(status.radio().at())))
        .put("security", new JsonObject()
            .put("mode", meter.security().mode().name().toLowerCase(Locale.ROOT))
            .put("identity", meter.security().pskIdentity()))
        .put("createdAt", time(meter.createdAt()))
        .put("updatedAt", time(meter.updatedAt()));
  }

  static JsonObject reading(MeterReading r) {
    JsonObject json = new JsonObject()
        .put("timestamp", time(r.timestamp()))
        .put("activeEnergyKwh", kwh(r.activeEnergyWh()))
        .put("voltageV", r.voltageV())
        .put("currentA", r.currentA())
        .put("activePowerKw", r.activePowerKw())
        .put("powerFactor", r.powerFactor());
    if (r.frequencyHz() != null) {
      json.put("frequencyHz", r.frequencyHz());
    }
    if (r.phases() != null) {
      json.put("phases", phases(r.phases()));
    }
    if (r.tou() != null) {
      json.put("tou", tou(r.tou()));
    }
    return json;
  }

  private static JsonObject phases(PhaseValues p) {
    return new JsonObject()
        .put("l1", phase(p.voltageL1V(), p.currentL1A(), p.activePowerL1Kw()))
        .put("l2", phase(p.voltageL2V(), p.currentL2A(), p.activePowerL2Kw()))
        .put("l3", phase(p.voltageL3V(), p.currentL3A(), p.activePowerL3Kw()))
        .put("neutralCurrentA", p.neutralCurrentA());
  }

  private static JsonObject phase(Double voltage, Double current, Double power) {
    return new JsonObject().put("voltageV", voltage).put("currentA", current).put("activePowerKw", power);
  }

  private static JsonObject tou(TouRegisters t) {
    return new JsonObject()
        .put("sharpKwh", kwh(t.sharpWh()))
        .put("peakKwh", kwh(t.peakWh()))
        .put("flatKwh", kwh(t.flatWh()))
        .put("valleyKwh", kwh(t.valleyWh()))
        .put("maxDemandKw", t.maxDemandKw())
        .put("maxDemandAt", time(t.maxDemandAt()));
  }

  static JsonObject audit(AuditEntry e) {
    return new JsonObject()
        .put("seq", e.seq())
        .put("at", time(e.at()))
        .put("actor", e.actor())
        .put("action", e.action())
        .put("target", e.target())
        .put("details", details(e.details()))
        .put("hash", e.hash())
        .put("prevHash", e.prevHash());
  }

  static JsonObject user(User user) {
    return new JsonObject()
        .put("username", user.username())
        .put("roles", new JsonArray(user.roles().stream().map(Role::apiName).sorted().toList()))
        .put("createdAt", time(user.createdAt()));
  }

  static <T> JsonObject page(Page<T> page, Function<T, JsonObject> render) {
    JsonArray items = new JsonArray();
    page.items().forEach(item -> items.add(render.apply(item)));
    return new JsonObject().put("items", items).put("next", page.next());
  }

  static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** kWh with exact Wh resolution: Wh / 1000 as the nearest double prints with at most three decimals. */
  private static Double kwh(Long wh) {
    return wh == null ? null : wh / 1000.0;
  }

  private static Object details(String details) {
    if (details == null) {
      return null;
    }
    try {
      return new JsonObject(details);
    } catch (DecodeException | ClassCastException e) {
      return details;
    }
  }
}
