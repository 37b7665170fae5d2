package io.meterhub.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Renders the results document as one self-contained HTML page (inline CSS and SVG charts, no scripts, no CDN). */
final class HtmlReport {

  private HtmlReport() {}

  static String render(JsonObject doc) {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>meterhub load test</title>")
        .append("<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;")
        .append("margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
        .append("th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}h2{margin-top:1.5em}")
        .append(".err{color:#b00}svg{background:#fafafa;border:1px solid #ddd}</style></head><body>")
        .append("<h1>meterhub load test</h1>");
    h.append("<p>Machine: ").append(esc(doc.getJsonObject("machine").encode())).append("</p>");
    h.append("<p>Settings: ").append(esc(doc.getJsonObject("settings").encode())).append("</p>");
    for (Object o : doc.getJsonArray("runs")) {
      run(h, (JsonObject) o);
    }
    JsonObject ratios = doc.getJsonObject("ratios");
    if (ratios != null) {
      h.append("<h2>Platform / baseline ratios</h2>");
      table(h, ratios);
    }
    return h.append("</body></html>").toString();
  }

  private static void run(StringBuilder h, JsonObject run) {
    h.append("<h2>Target: ").append(esc(run.getString("target"))).append("</h2>");
    h.append("<h3>Figures</h3>");
    table(h, run.getJsonObject("figures"));
    h.append("<h3>Latencies (ms)</h3><table><tr><th>what</th><th>count</th><th>p50</th><th>p90</th><th>p99</th>")
        .append("<th>max</th></tr>");
    run.getJsonObject("latencies").forEach(e -> {
      JsonObject l = (JsonObject) e.getValue();
      h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(l.getValue("count"))
          .append("</td><td>").append(l.getValue("p50Ms")).append("</td><td>").append(l.getValue("p90Ms"))
          .append("</td><td>").append(l.getValue("p99Ms")).append("</td><td>").append(l.getValue("maxMs"))
          .append("</td></tr>");
    });
    h.append("</table><h3>Phases</h3><table><tr><th>phase</th><th>status</th><th>seconds</th><th>what happened</th>")
        .append("</tr>");
    for (Object o : run.getJsonArray("phases")) {
      JsonObject p = (JsonObject) o;
      h.append("<tr><td>").append(esc(p.getString("name"))).append("</td><td>").append(esc(p.getString("status")))
          .append("</td><td>").append(p.getValue("seconds")).append("</td><td style=\"text-align:left\">")
          .append(esc(p.getString("message"))).append("</td></tr>");
    }
    h.append("</table><h3>Counters</h3>");
    table(h, run.getJsonObject("counters"));
    h.append("<h3 class=\"err\">Errors</h3>");
    if (run.getJsonObject("errors").isEmpty()) {
      h.append("<p>none</p>");
    } else {
      table(h, run.getJsonObject("errors"));
      table(h, run.getJsonObject("errorExamples"));
    }
    JsonArray samples = run.getJsonArray("samples");
    h.append("<h3>Over time</h3>");
    chart(h, samples, "connected meters", s -> s.getDouble("connected"));
    chart(h, samples, "notifications/s at the target", s -> s.getDouble("notificationsPerSec"));
    chart(h, samples, "heap in use (MiB)", s -> s.getDouble("heapBytes") / 1048576.0);
  }

  private static void table(StringBuilder h, JsonObject values) {
    h.append("<table>");
    for (Map.Entry<String, Object> e : values) {
      h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(String.valueOf(e.getValue())))
          .append("</td></tr>");
    }
    h.append("</table>");
  }

  /** A line chart of one sample series over time, as inline SVG. */
  static void chart(StringBuilder h, JsonArray samples, String title, ToDoubleFunction<JsonObject> value) {
    int w = 640;
    int ht = 160;
    double maxT = 1;
    double maxV = 1;
    for (Object o : samples) {
      JsonObject s = (JsonObject) o;
      maxT = Math.max(maxT, s.getDouble("t"));
      maxV = Math.max(maxV, value.applyAsDouble(s));
    }
    StringBuilder points = new StringBuilder();
    for (Object o : samples) {
      JsonObject s = (JsonObject) o;
      double v = Math.max(0, value.applyAsDouble(s));
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", 40 + (w - 50) * s.getDouble("t") / maxT,
          ht - 20 - (ht - 30) * v / maxV));
    }
    h.append("<figure><figcaption>").append(esc(title)).append("</figcaption>")
        .append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" role=\"img\">", w, ht))
        .append(String.format(Locale.ROOT, "<text x=\"2\" y=\"14\" font-size=\"11\">%.0f</text>", maxV))
        .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%.0f s</text>", w - 50, ht - 4,
            maxT))
        .append("<polyline fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\" points=\"").append(points)
        .append("\"/></svg></figure>");
  }

  static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
