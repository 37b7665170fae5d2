package io.meterhub.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a run's results: {@code results.json} (all figures, latencies, errors, samples, and platform/baseline ratios
 * when both ran), {@code report.html} (self-contained: inline CSS and SVG, no external resources) and
 * {@code summary.txt} (one line).
 */
public final class ReportWriter {

  private ReportWriter() {}

  /** The JSON document of one or two runs (platform first, baseline second). */
  public static JsonObject json(Map<String, String> command, List<Results> runs) {
    JsonArray array = new JsonArray();
    runs.forEach(r -> array.add(r.toJson()));
    JsonObject doc = new JsonObject()
        .put("tool", "meterhub-loadtest")
        .put("machine", machine())
        .put("settings", new JsonObject(Map.copyOf(command)))
        .put("runs", array);
    ratios(runs).ifPresent(r -> doc.put("ratios", r));
    return doc;
  }

  /** Figures whose platform/baseline ratio means something. */
  private static final List<String> COMPARABLE =
      List.of("registrationsPerSecond", "timeToRegisterAllSeconds", "notificationsPerSecond", "heapBytes",
          "heapBytesPerConnectedMeter", "heapGrowthBytesPerConnectedMeter", "heapMinSteadyBytes", "threads", "cpu");

  /** Platform/baseline ratio of the comparable figures and of the latency percentiles both runs have. */
  static Optional<JsonObject> ratios(List<Results> runs) {
    if (runs.size() < 2) {
      return Optional.empty();
    }
    JsonObject a = runs.get(0).toJson();
    JsonObject b = runs.get(1).toJson();
    JsonObject ratios = new JsonObject();
    JsonObject fa = a.getJsonObject("figures");
    JsonObject fb = b.getJsonObject("figures");
    for (String key : COMPARABLE) {
      if (fa.getValue(key) instanceof Number x && fb.getValue(key) instanceof Number y && y.doubleValue() != 0) {
        ratios.put(key, Scenario.round(x.doubleValue() / y.doubleValue()));
      }
    }
    JsonObject la = a.getJsonObject("latencies");
    JsonObject lb = b.getJsonObject("latencies");
    for (String key : la.fieldNames()) {
      if (lb.containsKey(key)) {
        for (String p : List.of("p50Ms", "p99Ms")) {
          double y = lb.getJsonObject(key).getDouble(p);
          if (y > 0) {
            ratios.put(key + "." + p, Scenario.round(la.getJsonObject(key).getDouble(p) / y));
          }
        }
      }
    }
    return Optional.of(ratios);
  }

  private static JsonObject machine() {
    return new JsonObject()
        .put("processors", Runtime.getRuntime().availableProcessors())
        .put("maxHeapBytes", Runtime.getRuntime().maxMemory())
        .put("java", System.getProperty("java.version"))
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
  }

  /** The one-line summary of a run. */
  public static String summary(Results r) {
    return String.format(
        Locale.ROOT,
        "%s: meters=%s registered=%s reg/s=%s all-in=%ss notif/s=%s readings/s=%s fresh-p50=%sms fresh-p99=%sms"
            + " fresh-steady-p99=%sms sent-to-queryable-steady-p99=%sms heap/meter=%sB threads=%s errors=%d",
        r.target(), fig(r, "meters"), fig(r, "registered"), fig(r, "registrationsPerSecond"),
        fig(r, "timeToRegisterAllSeconds"), fig(r, "notificationsPerSecond"), fig(r, "readingsPersistedPerSecond"),
        r.summary("notificationToQueryable").p50(), r.summary("notificationToQueryable").p99(),
        r.summary("notificationToQueryable.steady").p99(), r.summary("notificationSentToQueryable.steady").p99(),
        fig(r, "heapBytesPerConnectedMeter"), fig(r, "threads"), r.errorCount());
  }

  private static String fig(Results r, String name) {
    Object v = r.figureValue(name);
    return v == null ? "n/a" : v.toString();
  }

  /** Writes the three files into {@code dir} (created if needed); returns the summary lines. */
  public static String write(Path dir, Map<String, String> command, List<Results> runs) throws IOException {
    Objects.requireNonNull(dir, "dir");
    Files.createDirectories(dir);
    JsonObject doc = json(command, runs);
    Files.writeString(dir.resolve("results.json"), doc.encodePrettily(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("report.html"), HtmlReport.render(doc), StandardCharsets.UTF_8);
    StringBuilder lines = new StringBuilder();
    runs.forEach(r -> lines.append(summary(r)).append('\n'));
    doc.getJsonObject("ratios", new JsonObject()).stream()
        .filter(e -> List.of("registrationsPerSecond", "timeToRegisterAllSeconds", "heapBytes", "threads")
            .contains(e.getKey()))
        .forEach(e -> lines.append("ratio platform/baseline ").append(e.getKey()).append('=').append(e.getValue())
            .append('\n'));
    Files.writeString(dir.resolve("summary.txt"), lines.toString(), StandardCharsets.UTF_8);
    return lines.toString();
  }
}
