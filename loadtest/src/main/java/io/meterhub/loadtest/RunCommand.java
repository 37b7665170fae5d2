package io.meterhub.loadtest;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: provisions the meters, runs the phases against the platform (and the baseline), writes the report. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run a load scenario. Exit code 0 = no unexpected errors, 1 = errors (see the report), 2 = usage.")
public final class RunCommand implements Callable<Integer> {

  @Option(names = "--platform", split = ",", paramLabel = "URL",
      description = "REST base URL of one or more platform nodes, e.g. http://host:8080 (comma separated)")
  List<URI> platform = new ArrayList<>();

  @Option(names = "--coaps", split = ",", paramLabel = "URI",
      description = "CoAPS URIs meters connect to (default: each platform host on port 5684)")
  List<URI> coaps = new ArrayList<>();

  @Option(names = "--embedded-platform", description = "Start a platform node in this JVM (embedded H2, temp dir)")
  boolean embedded;

  @Option(names = "--data-dir", description = "Data directory of the embedded platform (default: a new temp dir)")
  Path dataDir;

  @Option(names = "--admin-password", defaultValue = "${env:METERHUB_ADMIN_PASSWORD}",
      description = "Password of the platform's admin user (default: $METERHUB_ADMIN_PASSWORD)")
  String adminPassword;

  @Option(names = "--meters", defaultValue = "1000", description = "Meters to simulate (default: ${DEFAULT-VALUE})")
  int meters;

  @Option(names = "--mix", defaultValue = "KPM31=70,KPM33=30", description = "Model mix (default: ${DEFAULT-VALUE})")
  String mix;

  @Option(names = "--ramp-rate", defaultValue = "100",
      description = "Meter starts per second (default: ${DEFAULT-VALUE})")
  double rampRate;

  @Option(names = "--steady-duration", defaultValue = "60s",
      description = "Steady phase length: 90s, 5m or ISO PT5M (default: ${DEFAULT-VALUE})")
  String steadyDuration;

  @Option(names = "--max-settle", defaultValue = "60s",
      description = "Longest wait after the ramp for the target to keep pace before the steady phase starts; 0s skips"
          + " it (default: ${DEFAULT-VALUE})")
  String maxSettle;

  @Option(names = "--report-interval", defaultValue = "20",
      description = "Seconds between value changes of a meter (default: ${DEFAULT-VALUE}). Notifications follow the"
          + " observe pmin/pmax the platform sets (meter object: 15/60 s): above pmin every change is notified at"
          + " once; at or below it notifications wait for pmin and freshness includes that wait")
  int reportInterval;

  @Option(names = "--bind-addresses", defaultValue = "127.0.0.1",
      description = "Local addresses meters send from, e.g. 127.0.0.1-127.0.0.20 (default: ${DEFAULT-VALUE})")
  String bindAddresses;

  @Option(names = "--seed", defaultValue = "42", description = "Run seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--phases", defaultValue = "ramp,steady,commands,topups,faults",
      description = "Phases to run (default: ${DEFAULT-VALUE})")
  String phases;

  @Option(names = "--out", defaultValue = "target/loadtest-results",
      description = "Where results.json, report.html and summary.txt go (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--baseline", description = "Also run the same scenario against a bare Leshan server, for ratios")
  boolean baseline;

  @Option(names = "--regions", defaultValue = "10", description = "Regions meters are spread over")
  int regions;

  @Option(names = "--events-per-hour", defaultValue = "2", description = "Spontaneous events per meter per hour")
  double eventsPerHour;

  @Option(names = "--fault-fraction", defaultValue = "0.02",
      description = "Share of meters behind the rebinding NAT; as many wrong-key meters are added")
  double faultFraction;

  @Option(names = "--refuse-fraction", defaultValue = "0.05", description = "Share of meters refusing relay writes")
  double refuseFraction;

  @Option(names = "--sample-meters", defaultValue = "20", description = "Meters read back for freshness")
  int sampleMeters;

  @Option(names = "--command-meters", defaultValue = "50", description = "Meters that get relay commands")
  int commandMeters;

  @Option(names = "--topup-accounts", defaultValue = "50", description = "Accounts that get top-ups")
  int topupAccounts;

  @Option(names = "--command-rate", defaultValue = "100",
      description = "Relay commands offered per second (default: ${DEFAULT-VALUE}); the platform allows"
          + " METERHUB_RATE_LIMIT_RELAY_PER_SECOND per user, 429s are counted apart")
  double commandRate;

  @Option(names = "--topup-rate", defaultValue = "500",
      description = "Credited top-ups offered per second (default: ${DEFAULT-VALUE}); each account sends four"
          + " requests for two credits, so the platform's METERHUB_RATE_LIMIT_TOPUPS_PER_SECOND must allow twice this"
          + " per user (429s are counted apart, never as lost)")
  double topupRate;

  @Option(names = "--topup-concurrency", defaultValue = "128",
      description = "Top-up sequences in flight at most, like a payment gateway's connection pool (default:"
          + " ${DEFAULT-VALUE}); when all are busy, further sequences queue and the offered rate falls")
  int topupConcurrency;

  @Option(names = "--measurement-pmin", paramLabel = "SECONDS",
      description = "Observe pmin of the measurement object for the embedded platform"
          + " (METERHUB_MEASUREMENT_PMIN_SECONDS) and the baseline; an out-of-process platform must be started with"
          + " the same value. Default: the profiles' (15 s)")
  Integer measurementPmin;

  @Option(names = "--engine-threads", defaultValue = "256",
      description = "Shared registration-engine threads; each waits on one registration (default: ${DEFAULT-VALUE})")
  int engineThreads;

  @Option(names = "--io-threads", defaultValue = "4", description = "Shared CoAP/DTLS threads")
  int ioThreads;

  @Option(names = "--provision-parallelism", defaultValue = "16", description = "Concurrent provisioning requests")
  int provisionParallelism;

  /** The scenario the options describe. */
  ScenarioSettings settings() {
    Set<String> phaseSet = Arrays.stream(phases.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    return new ScenarioSettings(
        meters, ModelMix.parse(mix), rampRate, duration(steadyDuration), duration(maxSettle), reportInterval,
        BindAddresses.parse(bindAddresses), seed, phaseSet, out, regions, eventsPerHour, faultFraction,
        refuseFraction, sampleMeters, commandMeters, topupAccounts, commandRate, topupRate, topupConcurrency,
        engineThreads, ioThreads, provisionParallelism);
  }

  static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("pt")) {
      return Duration.parse(t.toUpperCase(Locale.ROOT));
    }
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    char unit = t.charAt(t.length() - 1);
    String number = Character.isDigit(unit) ? t : t.substring(0, t.length() - 1);
    long value = Long.parseLong(number);
    return switch (unit) {
      case 'm' -> Duration.ofMinutes(value);
      case 'h' -> Duration.ofHours(value);
      default -> Duration.ofSeconds(value);
    };
  }

  @Override
  public Integer call() throws Exception {
    ScenarioSettings settings = settings();
    if (!embedded && platform.isEmpty() && !baseline) {
      System.err.println("Give --platform URL(s), --embedded-platform, or --baseline.");
      return 2;
    }
    List<Results> runs = new ArrayList<>();
    if (embedded || !platform.isEmpty()) {
      try (LoadTarget target = platformTarget()) {
        runs.add(new Scenario(settings, System.out).run(target));
      }
    }
    if (baseline) {
      try (LoadTarget target = new BaselineServer("127.0.0.1", java.util.Optional.ofNullable(measurementPmin))) {
        runs.add(new Scenario(settings, System.out).run(target));
      }
    }
    String summary = ReportWriter.write(settings.out(), commandLine(), runs);
    System.out.print(summary);
    System.out.println("Report: " + settings.out().resolve("report.html").toAbsolutePath());
    return runs.stream().mapToLong(Results::errorCount).sum() == 0 ? 0 : 1;
  }

  private LoadTarget platformTarget() throws Exception {
    if (adminPassword == null || adminPassword.isBlank()) {
      if (!embedded) {
        throw new IllegalArgumentException("--admin-password (or METERHUB_ADMIN_PASSWORD) is required");
      }
      adminPassword = UUID.randomUUID().toString();
    }
    if (embedded) {
      Path dir = dataDir != null ? dataDir : Files.createTempDirectory("meterhub-loadtest-");
      return EmbeddedPlatform.start(dir, adminPassword, measurementPmin == null ? Map.of()
          : Map.of("METERHUB_MEASUREMENT_PMIN_SECONDS", measurementPmin.toString()));
    }
    List<PlatformApi> apis = platform.stream().map(u -> new PlatformApi(u, adminPassword)).toList();
    List<URI> uris = coaps.isEmpty() ? platform.stream().map(PlatformTarget::deriveCoaps).toList() : coaps;
    return new PlatformTarget(apis, uris, false);
  }

  /** The options as given, for the report (the password left out). */
  private Map<String, String> commandLine() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("platform", embedded ? "embedded" : platform.toString());
    m.put("meters", String.valueOf(meters));
    m.put("mix", mix);
    m.put("rampRate", String.valueOf(rampRate));
    m.put("steadyDuration", steadyDuration);
    m.put("maxSettle", maxSettle);
    m.put("reportInterval", String.valueOf(reportInterval));
    m.put("bindAddresses", bindAddresses);
    m.put("seed", String.valueOf(seed));
    m.put("phases", phases);
    m.put("baseline", String.valueOf(baseline));
    m.put("measurementPmin", String.valueOf(measurementPmin));
    m.put("commandMeters", String.valueOf(commandMeters));
    m.put("commandRate", String.valueOf(commandRate));
    m.put("topupAccounts", String.valueOf(topupAccounts));
    m.put("topupRate", String.valueOf(topupRate));
    m.put("topupConcurrency", String.valueOf(topupConcurrency));
    return m;
  }
}
