package io.meterhub.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Everything one run against one target measures: latency histograms, counters of expected outcomes, errors by kind,
 * per-phase outcomes and figures, and the time series of progress samples. Thread-safe.
 */
public final class Results {

  private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(2);

  private final String target;
  private final Instant startedAt;
  private final Map<String, Histogram> latencies = new ConcurrentSkipListMap<>();
  private final Map<String, LongAdder> counters = new ConcurrentSkipListMap<>();
  private final Map<String, LongAdder> errors = new ConcurrentSkipListMap<>();
  private final Map<String, Object> figures = new ConcurrentHashMap<>();
  private final List<PhaseOutcome> phases = new CopyOnWriteArrayList<>();
  private final List<Sample> samples = new CopyOnWriteArrayList<>();
  private final Map<String, String> errorExamples = new ConcurrentHashMap<>();

  /** @param target what was measured, e.g. {@code platform} or {@code baseline} */
  public Results(String target, Instant startedAt) {
    this.target = Objects.requireNonNull(target, "target");
    this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
  }

  /** Records one latency sample under {@code name}. */
  public void latency(String name, Duration value) {
    long micros = Math.max(0, Math.min(MAX_MICROS, value.toNanos() / 1000));
    latencies.computeIfAbsent(name, n -> new ConcurrentHistogram(MAX_MICROS, 3)).recordValue(micros);
  }

  /** Counts an expected outcome (e.g. {@code registrations}, {@code wrongKeyRefused}). */
  public void count(String name) {
    count(name, 1);
  }

  public void count(String name, long n) {
    counters.computeIfAbsent(name, k -> new LongAdder()).add(n);
  }

  /** Counts an unexpected outcome of the given kind; the first detail of each kind is kept as an example. */
  public void error(String kind, String detail) {
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    if (detail != null) {
      errorExamples.putIfAbsent(kind, detail.length() > 300 ? detail.substring(0, 300) : detail);
    }
  }

  /** Sets a named figure (a number or text), e.g. {@code registrationsPerSecond}. */
  public void figure(String name, Object value) {
    figures.put(name, Objects.requireNonNull(value, "value"));
  }

  public void phase(PhaseOutcome outcome) {
    phases.add(Objects.requireNonNull(outcome, "outcome"));
  }

  public void sample(Sample sample) {
    samples.add(Objects.requireNonNull(sample, "sample"));
  }

  public long counter(String name) {
    LongAdder adder = counters.get(name);
    return adder == null ? 0 : adder.sum();
  }

  public long errorCount() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public Map<String, Long> errors() {
    Map<String, Long> copy = new TreeMap<>();
    errors.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }

  public LatencySummary summary(String name) {
    Histogram histogram = latencies.get(name);
    return histogram == null ? LatencySummary.of(new Histogram(3)) : LatencySummary.of(histogram);
  }

  public List<String> latencyNames() {
    return new ArrayList<>(latencies.keySet());
  }

  public Object figureValue(String name) {
    return figures.get(name);
  }

  public List<PhaseOutcome> phases() {
    return List.copyOf(phases);
  }

  public List<Sample> samples() {
    return List.copyOf(samples);
  }

  public String target() {
    return target;
  }

  public Instant startedAt() {
    return startedAt;
  }

  /** The whole result as JSON (the report's data). */
  public JsonObject toJson() {
    JsonObject lat = new JsonObject();
    latencies.forEach((name, h) -> lat.put(name, LatencySummary.of(h).toJson()));
    JsonObject cnt = new JsonObject();
    counters.forEach((name, v) -> cnt.put(name, v.sum()));
    JsonObject err = new JsonObject();
    errors.forEach((name, v) -> err.put(name, v.sum()));
    JsonObject fig = new JsonObject();
    new TreeMap<>(figures).forEach(fig::put);
    JsonArray ph = new JsonArray();
    phases.forEach(p -> ph.add(p.toJson()));
    JsonArray smp = new JsonArray();
    samples.forEach(s -> smp.add(s.toJson()));
    return new JsonObject()
        .put("target", target)
        .put("startedAt", startedAt.toString())
        .put("figures", fig)
        .put("latencies", lat)
        .put("counters", cnt)
        .put("errors", err)
        .put("errorExamples", new JsonObject(new TreeMap<>(errorExamples)))
        .put("phases", ph)
        .put("samples", smp);
  }

  /**
   * What happened in one phase.
   *
   * @param status {@code done}, {@code skipped} or {@code failed}
   */
  public record PhaseOutcome(String name, String status, String message, double seconds) {
    public JsonObject toJson() {
      return new JsonObject().put("name", name).put("status", status).put("message", message).put("seconds", seconds);
    }
  }

  /** One progress sample; platform figures are -1 when unknown. */
  public record Sample(
      double t,
      String phase,
      long connected,
      double registrationsPerSec,
      double notificationsPerSec,
      double readingsPerSec,
      long errors,
      long heapBytes,
      double cpu,
      long threads) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("t", t)
          .put("phase", phase)
          .put("connected", connected)
          .put("registrationsPerSec", registrationsPerSec)
          .put("notificationsPerSec", notificationsPerSec)
          .put("readingsPerSec", readingsPerSec)
          .put("errors", errors)
          .put("heapBytes", heapBytes)
          .put("cpu", cpu)
          .put("threads", threads);
    }
  }
}
