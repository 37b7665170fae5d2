package io.meterhub.platform.api;

import io.meterhub.platform.analytics.EnergyReport;
import io.meterhub.platform.analytics.LoadReport;
import io.meterhub.platform.analytics.QualityReport;
import io.meterhub.platform.event.Outage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/** JSON views of analytics answers; suppressed groups carry only their name and the reason, never numbers. */
final class AnalyticsJson {

  private AnalyticsJson() {}

  static JsonObject load(LoadReport r) {
    JsonArray groups = new JsonArray();
    for (LoadReport.GroupLoad g : r.groups()) {
      if (g.suppressed()) {
        groups.add(suppressed(g.group(), g.reason()));
        continue;
      }
      JsonArray intervals = new JsonArray();
      for (LoadReport.IntervalLoad i : g.intervals()) {
        intervals.add(new JsonObject().put("start", i.start().toString()).put("end", i.end().toString())
            .put("energyKwh", kwh(i.energyWh())).put("peakDemandKw", i.peakDemandKw())
            .put("averageDemandKw", Math.round(i.averageDemandKw() * 1000.0) / 1000.0).put("meters", i.meters()));
      }
      groups.add(new JsonObject().put("group", g.group()).put("suppressed", false).put("meters", g.meters())
          .put("energyKwh", kwh(g.energyWh())).put("intervals", intervals));
    }
    return new JsonObject().put("regionPrefix", r.query().regionPrefix())
        .put("groupBy", r.query().groupBy().toString()).put("from", r.query().from().toString())
        .put("to", r.query().to().toString()).put("interval", r.query().interval().toString())
        .put("privacy", new JsonObject().put("rule", r.rule()).put("minGroupMeters", r.minGroupMeters())
            .put("maxSharePercent", r.maxSharePercent()))
        .put("groups", groups);
  }

  static JsonObject quality(QualityReport r) {
    JsonArray groups = new JsonArray();
    for (QualityReport.GroupQuality g : r.groups()) {
      if (g.suppressed()) {
        groups.add(suppressed(g.group(), g.reason()));
        continue;
      }
      groups.add(new JsonObject().put("group", g.group()).put("suppressed", false).put("meters", g.meters())
          .put("voltage", new JsonObject().put("samples", g.samples()).put("minV", g.minV()).put("avgV", g.avgV())
              .put("maxV", g.maxV()).put("outsideTolerance", g.outside())
              .put("outsideToleranceShare", g.outsideShare() == null ? null
                  : Math.round(g.outsideShare() * 10000.0) / 10000.0))
          .put("events", new JsonObject().put("voltageLoss", g.voltageLossEvents())
              .put("currentLoss", g.currentLossEvents()).put("powerFailure", g.powerFailureEvents())));
    }
    JsonArray outages = new JsonArray();
    for (Outage o : r.outages()) {
      outages.add(new JsonObject().put("id", o.id()).put("region", o.region()).put("state", o.state())
          .put("startedAt", o.startedAt().toString())
          .put("clearedAt", o.clearedAt() == null ? null : o.clearedAt().toString())
          .put("affectedMeters", o.affectedMeters()).put("restoredMeters", o.restoredMeters()));
    }
    return new JsonObject().put("regionPrefix", r.regionPrefix()).put("groupBy", r.groupBy().toString())
        .put("from", r.from().toString()).put("to", r.to().toString())
        .put("toleranceV", new JsonObject().put("low", r.lowV()).put("high", r.highV()))
        .put("groups", groups).put("outages", outages).put("outagesTruncated", r.outagesTruncated());
  }

  static JsonObject energyReport(EnergyReport r) {
    JsonArray days = new JsonArray();
    r.days().forEach(d -> days.add(new JsonObject().put("day", d.day().toString()).put("energyKwh",
        kwh(d.energyWh()))));
    JsonObject bands = null;
    if (r.bands() != null) {
      bands = new JsonObject();
      Map<String, Long> sorted = new TreeMap<>();
      r.bands().forEach((band, wh) -> sorted.put(band.apiName(), wh));
      for (Map.Entry<String, Long> e : sorted.entrySet()) {
        bands.put(e.getKey(), kwh(e.getValue()));
      }
    }
    JsonObject cost = r.cost() == null ? null : new JsonObject().put("amount", r.cost().amount())
        .put("currency", r.cost().currency()).put("note", r.cost().note());
    JsonObject previous = new JsonObject().put("month", r.previousMonth().month().toString())
        .put("energyKwh", kwh(r.previousMonth().energyWh())).put("changePercent", r.previousMonth().changePercent());
    JsonArray regional = new JsonArray();
    r.regional().forEach(c -> regional.add(new JsonObject().put("region", c.region()).put("available", c.available())
        .put("reason", c.reason()).put("averageKwhPerMeter", c.averageWhPerMeter() == null ? null
            : kwh(c.averageWhPerMeter())).put("differencePercent", c.differencePercent())));
    JsonArray tips = new JsonArray();
    r.tips().forEach(t -> tips.add(new JsonObject().put("code", t.code()).put("message", t.message())));
    return new JsonObject().put("meterIds", new JsonArray(r.meterIds())).put("month", r.month().toString())
        .put("zone", r.zone().getId()).put("energyKwh", kwh(r.energyWh())).put("days", days).put("bands", bands)
        .put("bandSource", r.bandSource()).put("cost", cost).put("previousMonth", previous).put("regional", regional)
        .put("baseLoadW", r.baseLoadW()).put("tips", tips);
  }

  private static JsonObject suppressed(String group, String reason) {
    return new JsonObject().put("group", group).put("suppressed", true).put("reason", reason);
  }

  private static double kwh(long wh) {
    return wh / 1000.0;
  }
}
