package io.meterhub.loadtest;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

/** Percentiles of one latency histogram, in milliseconds. */
public record LatencySummary(long count, double p50, double p90, double p99, double max, double mean) {

  /** The summary of {@code histogram} (values recorded in microseconds). */
  public static LatencySummary of(Histogram histogram) {
    if (histogram.getTotalCount() == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0);
    }
    return new LatencySummary(
        histogram.getTotalCount(),
        ms(histogram.getValueAtPercentile(50)),
        ms(histogram.getValueAtPercentile(90)),
        ms(histogram.getValueAtPercentile(99)),
        ms(histogram.getMaxValue()),
        Math.round(histogram.getMean()) / 1000.0);
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("count", count)
        .put("p50Ms", p50)
        .put("p90Ms", p90)
        .put("p99Ms", p99)
        .put("maxMs", max)
        .put("meanMs", mean);
  }
}
