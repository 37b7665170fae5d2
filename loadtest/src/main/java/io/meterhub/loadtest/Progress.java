package io.meterhub.loadtest;

import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Prints a progress line every few seconds and records it as a {@link Results.Sample}. */
public final class Progress implements AutoCloseable {

  private final LoadTarget target;
  private final Results results;
  private final LongSupplier connected;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "progress");
    t.setDaemon(true);
    return t;
  });
  private volatile String phase = "setup";
  private long lastNanos = startNanos;
  private long lastRegistrations;
  private TargetStats last = TargetStats.UNKNOWN;

  public Progress(LoadTarget target, Results results, LongSupplier connected, PrintStream out) {
    this.target = Objects.requireNonNull(target, "target");
    this.results = Objects.requireNonNull(results, "results");
    this.connected = Objects.requireNonNull(connected, "connected");
    this.out = Objects.requireNonNull(out, "out");
  }

  public void start(int everySeconds) {
    timer.scheduleAtFixedRate(this::report, everySeconds, everySeconds, TimeUnit.SECONDS);
  }

  public void phase(String phase) {
    this.phase = phase;
    out.printf("[%s] phase %s%n", target.name(), phase);
  }

  public String phase() {
    return phase;
  }

  /** Takes a sample now (also called at phase ends). */
  public synchronized TargetStats report() {
    long now = System.nanoTime();
    double dt = (now - lastNanos) / 1e9;
    TargetStats stats = target.stats();
    if (dt < 1.0) {
      // Rates over a fraction of a second (two reports back to back at a phase change) are noise.
      return stats;
    }
    long registrations = results.counter("registrations");
    double regRate = (registrations - lastRegistrations) / dt;
    double notifRate = rate(last.notifications(), stats.notifications(), dt);
    double readRate = rate(last.readingsPersisted(), stats.readingsPersisted(), dt);
    long conn = connected.getAsLong();
    double t = (now - startNanos) / 1e9;
    results.sample(new Results.Sample(
        Math.round(t * 10) / 10.0, phase, conn, round(regRate), round(notifRate), round(readRate),
        results.errorCount(), stats.heapBytes(), stats.cpu(), stats.threads()));
    out.printf(
        "[%s] %6.0fs %-8s connected=%d reg/s=%.1f notif/s=%s readings/s=%s errors=%d heap=%s cpu=%s threads=%s%n",
        target.name(), t, phase, conn, regRate, notifRate < 0 ? "n/a" : String.format("%.1f", notifRate),
        readRate < 0 ? "n/a" : String.format("%.1f", readRate),
        results.errorCount(), stats.heapBytes() < 0 ? "n/a" : (stats.heapBytes() >> 20) + "MiB",
        stats.cpu() < 0 ? "n/a" : String.format("%.0f%%", stats.cpu() * 100),
        stats.threads() < 0 ? "n/a" : String.valueOf(stats.threads()));
    lastNanos = now;
    lastRegistrations = registrations;
    last = stats;
    return stats;
  }

  private static double rate(long before, long after, double seconds) {
    return before < 0 || after < 0 ? -1 : (after - before) / seconds;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
