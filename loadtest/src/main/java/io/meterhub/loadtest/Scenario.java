package io.meterhub.loadtest;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;

/** One run of the phases against one target: provision, ramp, steady, commands, top-ups, faults. */
public final class Scenario {

  private final ScenarioSettings settings;
  private final PrintStream out;
  private final Clock clock = Clock.systemUTC();

  public Scenario(ScenarioSettings settings, PrintStream out) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.out = Objects.requireNonNull(out, "out");
  }

  /** Runs every selected phase against {@code target} and returns what was measured. */
  public Results run(LoadTarget target) throws IOException, InterruptedException {
    Results results = new Results(target.name(), clock.instant());
    MeterIdentities ids = new MeterIdentities(settings.seed(), settings.mix(), settings.regions());
    int n = settings.meters();
    List<MeterIdentity> normal = IntStream.range(0, n).mapToObj(ids::identity).toList();
    List<MeterIdentity> wrong =
        IntStream.range(n, n + settings.wrongKeyMeters()).mapToObj(ids::identity).toList();
    results.figure("meters", n);
    results.figure("target", target.name());
    results.figure("inProcessTarget", target.inProcess());

    long t0 = System.nanoTime();
    List<MeterIdentity> all = new ArrayList<>(normal);
    all.addAll(wrong);
    target.provision(all, settings.provisionParallelism(), results);
    double provisionSeconds = (System.nanoTime() - t0) / 1e9;
    results.figure("provisionSeconds", round(provisionSeconds));
    results.figure("provisionPerSecond", round(all.size() / Math.max(0.001, provisionSeconds)));
    out.printf("[%s] provisioned %d meters in %.1f s%n", target.name(), all.size(), provisionSeconds);

    UdpNat nat = null;
    int step = settings.runs("faults") ? settings.rebindingStep() : 0;
    if (step > 0) {
      URI server = target.coapsUris().get(0);
      nat = new UdpNat(server.getHost(), new InetSocketAddress(server.getHost(), server.getPort()));
    }
    TargetStats before = Phases.settledStats(target);
    try (Fleet fleet = new Fleet(settings, results);
        Progress progress = new Progress(target, results, fleet::registered, out)) {
      List<SimMeter> reporting = new ArrayList<>();
      List<SimMeter> rebinding = new ArrayList<>();
      List<URI> uris = target.coapsUris();
      URI natUri = nat == null ? null : URI.create("coaps://" + nat.address().getHostString() + ":"
          + nat.address().getPort());
      int refuse = settings.refuseStep();
      for (MeterIdentity id : normal) {
        boolean behindNat = step > 0 && id.index() % step == step - 1;
        boolean refuses = refuse > 0 && id.index() % refuse == refuse / 2;
        URI uri = behindNat ? natUri : uris.get(id.index() % uris.size());
        SimMeter meter = fleet.add(id, uri, behindNat ? SimMeter.Role.REBINDING : SimMeter.Role.NORMAL,
            id.pskKeyHex(), refuses);
        reporting.add(meter);
        if (behindNat) {
          rebinding.add(meter);
        }
      }
      List<SimMeter> wrongKeys = new ArrayList<>();
      for (MeterIdentity id : wrong) {
        wrongKeys.add(fleet.add(id, uris.get(0), SimMeter.Role.WRONG_KEY, ids.wrongKey(id.index()), false));
      }
      progress.start(5);
      fleet.probeIoQueue(progress::phase);
      Phases phases = new Phases(target, results, progress, before, settings.rampRate());
      phases.ramp(reporting);

      FreshnessProbe probe = target.api()
          .map(api -> new FreshnessProbe(api, results, clock,
              Duration.ofSeconds(Math.max(60, 3L * settings.reportIntervalSeconds() + 30)), progress::phase))
          .orElse(null);
      Set<String> sampled = new HashSet<>();
      int sampleEvery = Math.max(1, n / Math.max(1, settings.sampleMeters()));
      reporting.stream().filter(m -> m.role() == SimMeter.Role.NORMAL && m.identity().index() % sampleEvery == 0)
          .limit(settings.sampleMeters()).forEach(m -> sampled.add(m.identity().id()));
      if (probe != null) {
        reporting.stream().filter(m -> sampled.contains(m.identity().id()))
            .forEach(m -> NotificationTap.install(m.meter(), clock, probe::notificationSent));
      }
      try (Reporting driver = new Reporting(reporting, settings.reportIntervalSeconds(),
              new EventGenerator(settings.eventsPerMeterHour()), results, clock, sampled, probe)) {
        driver.start();
        if (probe != null) {
          probe.start();
        }
        if (settings.runs("steady")) {
          if (!settings.maxSettle().isZero()) {
            phases.settle(settings.maxSettle());
          }
          phases.steady(driver, settings);
        }
        List<SimMeter> normals = reporting.stream().filter(m -> m.role() == SimMeter.Role.NORMAL).toList();
        if (settings.runs("commands")) {
          phases.commands(normals, settings.commandMeters(), settings.commandRate());
        }
        if (settings.runs("topups")) {
          phases.topups(normals, settings.topupAccounts(), settings.topupRate(), settings.topupConcurrency(),
              Long.toString(clock.millis(), 36));
        }
        if (settings.runs("faults")) {
          List<SimMeter> droppers = normals.stream().filter(m -> !sampled.contains(m.identity().id()))
              .skip(1).limit(Math.max(1, rebinding.size())).toList();
          phases.faults(nat, rebinding, droppers, wrongKeys);
        }
      } finally {
        if (probe != null) {
          probe.close();
        }
      }
      progress.phase("teardown");
      progress.report();
    } finally {
      if (nat != null) {
        nat.close();
      }
    }
    results.figure("errors", results.errorCount());
    return results;
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
