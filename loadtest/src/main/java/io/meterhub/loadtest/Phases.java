package io.meterhub.loadtest;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The timed parts of a scenario, each recording its outcome and figures. */
final class Phases {

  private static final Duration SETTLE_WINDOW = Duration.ofSeconds(5);

  private final LoadTarget target;
  private final Results results;
  private final Progress progress;
  private final TargetStats idle;
  private final double rampRate;

  /** @param idle the target's stats before any meter connected (for per-meter figures) */
  Phases(LoadTarget target, Results results, Progress progress, TargetStats idle, double rampRate) {
    this.target = Objects.requireNonNull(target, "target");
    this.results = Objects.requireNonNull(results, "results");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.idle = Objects.requireNonNull(idle, "idle");
    this.rampRate = rampRate;
  }

  void ramp(List<SimMeter> meters) {
    progress.phase("ramp");
    long start = System.nanoTime();
    Fleet.startPaced(meters, rampRate);
    double startSeconds = (System.nanoTime() - start) / 1e9;
    Duration wait = Duration.ofSeconds(120 + meters.size() / 50);
    boolean all = Poll.until(wait, Duration.ofMillis(200), () -> meters.stream().allMatch(SimMeter::everRegistered));
    double seconds = (System.nanoTime() - start) / 1e9;
    long registered = meters.stream().filter(SimMeter::everRegistered).count();
    results.figure("registered", registered);
    results.figure("timeToRegisterAllSeconds", all ? Scenario.round(seconds) : -1);
    results.figure("registrationsPerSecond", Scenario.round(registered / Math.max(0.001, seconds)));
    results.figure("rampStartSeconds", Scenario.round(startSeconds));
    if (!all) {
      results.error("ramp.notRegistered", (meters.size() - registered) + " of " + meters.size() + " after " + wait);
    }
    progress.report();
    results.phase(new Results.PhaseOutcome("ramp", all ? "done" : "failed",
        registered + " of " + meters.size() + " meters registered in " + Scenario.round(seconds) + " s", seconds));
  }

  /**
   * Waits, as phase {@code settle}, until the target keeps pace: over two consecutive 5-s windows its notification
   * rate holds steady and it persists readings at that rate (each within 5 %), at most {@code max}. Right after
   * a registration storm a node is still setting up observations (the notification rate climbs) and draining what
   * queued meanwhile (readings outrun notifications), so changes in that window are reported apart ({@code
   * ….settle}) from the steady phase, and how long it took is the figure {@code settleSeconds}.
   */
  void settle(Duration max) throws InterruptedException {
    progress.phase("settle");
    long start = System.nanoTime();
    TargetStats before = target.stats();
    long beforeNanos = System.nanoTime();
    boolean settled = before.readingsPersisted() < 0 || before.notifications() < 0; // nothing to watch
    double lastNotifications = -1;
    while (!settled && System.nanoTime() - start < max.toNanos()) {
      Thread.sleep(SETTLE_WINDOW.toMillis());
      TargetStats now = target.stats();
      long nowNanos = System.nanoTime();
      double seconds = (nowNanos - beforeNanos) / 1e9;
      double notifications = (now.notifications() - before.notifications()) / seconds;
      double readings = (now.readingsPersisted() - before.readingsPersisted()) / seconds;
      settled = lastNotifications > 0 && near(notifications, lastNotifications) && near(readings, notifications);
      lastNotifications = notifications;
      before = now;
      beforeNanos = nowNanos;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    results.figure("settleSeconds", Scenario.round(seconds));
    results.phase(new Results.PhaseOutcome("settle", settled ? "done" : "timeout",
        (settled ? "keeping pace after " : "still catching up after ") + Scenario.round(seconds) + " s", seconds));
  }

  private static boolean near(double a, double b) {
    return Math.abs(a - b) <= 0.05 * Math.max(a, b);
  }

  void steady(Reporting driver, ScenarioSettings settings) throws InterruptedException {
    progress.phase("steady");
    long start = System.nanoTime();
    TargetStats first = progress.report();
    long half = settings.steadyDuration().toMillis() / 2;
    Thread.sleep(half);
    if (settings.regions() > 1) {
      int tamper = driver.burst(MeterIdentities.regionName(0), EventGenerator.TAMPER_BURST);
      int outage = driver.burst(MeterIdentities.regionName(1), EventGenerator.OUTAGE_BURST);
      Thread.sleep(Math.min(5000, half / 4));
      driver.burst(MeterIdentities.regionName(1), List.of(io.meterhub.models.EventCode.POWER_RESTORED));
      results.figure("tamperBurstMeters", tamper);
      results.figure("outageBurstMeters", outage);
    }
    long left = settings.steadyDuration().toMillis() - (System.nanoTime() - start) / 1_000_000;
    if (left > 0) {
      Thread.sleep(left);
    }
    TargetStats last = progress.report();
    double seconds = (System.nanoTime() - start) / 1e9;
    figures(first, last, seconds);
    heapFigures();
    // Out of process the heap cannot be settled by a GC: the lowest sample of the phase is the best live-set bound.
    long minHeap = results.samples().stream().filter(x -> x.phase().equals("steady") && x.heapBytes() > 0)
        .mapToLong(Results.Sample::heapBytes).min().orElse(-1);
    long connected = Math.max(1, results.counter("registrations"));
    if (minHeap > 0) {
      results.figure("heapMinSteadyBytes", minHeap);
      results.figure("heapMinSteadyBytesPerMeter", minHeap / connected);
    }
    results.phase(new Results.PhaseOutcome("steady", "done", "reported for " + Scenario.round(seconds) + " s",
        seconds));
  }

  private void figures(TargetStats first, TargetStats last, double seconds) {
    if (first.notifications() >= 0 && last.notifications() >= 0) {
      results.figure("notificationsPerSecond",
          Scenario.round((last.notifications() - first.notifications()) / seconds));
    }
    if (first.readingsPersisted() >= 0 && last.readingsPersisted() >= 0) {
      results.figure("readingsPersistedPerSecond",
          Scenario.round((last.readingsPersisted() - first.readingsPersisted()) / seconds));
    }
    results.figure("valueChangesPerSecond", Scenario.round(results.counter("valueChanges") / Math.max(1, seconds)));
    if (last.threads() > 0) {
      results.figure("threads", last.threads());
    }
    if (last.cpu() >= 0) {
      results.figure("cpu", Scenario.round(last.cpu()));
    }
  }

  /** Heap after a full GC when the target shares this JVM (otherwise whatever the target reports). */
  private void heapFigures() {
    TargetStats last = settledStats(target);
    long connected = Math.max(1, last.registrations() > 0 ? last.registrations() : results.counter("registrations"));
    if (last.heapBytes() > 0) {
      results.figure("heapBytes", last.heapBytes());
      results.figure("heapBytesPerConnectedMeter", last.heapBytes() / connected);
      if (idle.heapBytes() > 0) {
        results.figure("heapGrowthBytesPerConnectedMeter", (last.heapBytes() - idle.heapBytes()) / connected);
      }
    }
  }

  /** The target's stats; for an in-process target after a GC, so that heap means live data, not garbage. */
  static TargetStats settledStats(LoadTarget target) {
    if (target.inProcess()) {
      System.gc();
    }
    return target.stats();
  }

  void commands(List<SimMeter> meters, int count, double perSecond) {
    progress.phase("commands");
    Optional<PlatformApi> api = target.api();
    results.phase(api.isEmpty()
        ? new Results.PhaseOutcome("commands", "skipped", target.name() + " has no command API", 0)
        : new CommandPhase(api.get(), results).run(meters, count, perSecond));
    progress.report();
  }

  void topups(List<SimMeter> meters, int count, double perSecond, int concurrency, String runTag) {
    progress.phase("topups");
    Optional<PlatformApi> api = target.api();
    results.phase(api.isEmpty()
        ? new Results.PhaseOutcome("topups", "skipped", target.name() + " has no prepayment API", 0)
        : new TopupPhase(api.get(), results, runTag).run(meters, count, perSecond, concurrency));
    progress.report();
  }

  void faults(UdpNat nat, List<SimMeter> rebinding, List<SimMeter> droppers, List<SimMeter> wrongKeys)
      throws InterruptedException {
    progress.phase("faults");
    results.phase(new FaultPhase(target, results).run(nat, rebinding, droppers, wrongKeys));
    progress.report();
  }
}
