package io.meterhub.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunCommandTest {

  private static RunCommand parse(String... args) {
    CommandLine cli = LoadTestMain.commandLine();
    CommandLine.ParseResult parsed = cli.parseArgs(args);
    return (RunCommand) parsed.subcommand().commandSpec().userObject();
  }

  @Test
  void optionsBecomeScenarioSettings() {
    RunCommand run = parse("run", "--platform", "http://a:8080,http://b:8080", "--meters", "2000",
        "--mix", "KPM31=60,KPM37=40", "--ramp-rate", "250", "--steady-duration", "5m", "--report-interval", "30",
        "--bind-addresses", "127.0.0.1-127.0.0.20", "--seed", "7", "--phases", "ramp,steady", "--out", "x/y",
        "--topup-concurrency", "512");
    ScenarioSettings s = run.settings();

    assertThat(run.platform).containsExactly(URI.create("http://a:8080"), URI.create("http://b:8080"));
    assertThat(s.meters()).isEqualTo(2000);
    assertThat(s.mix().weights()).containsEntry("KPM31", 60).containsEntry("KPM37", 40);
    assertThat(s.rampRate()).isEqualTo(250.0);
    assertThat(s.steadyDuration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.reportIntervalSeconds()).isEqualTo(30);
    assertThat(s.bindAddresses()).hasSize(20);
    assertThat(s.bindAddresses().get(19).getHostAddress()).isEqualTo("127.0.0.20");
    assertThat(s.seed()).isEqualTo(7);
    assertThat(s.phases()).containsExactlyInAnyOrder("ramp", "steady");
    assertThat(s.out()).isEqualTo(Path.of("x/y"));
    assertThat(s.topupConcurrency()).isEqualTo(512);
    assertThat(s.wrongKeyMeters()).as("no faults phase, no wrong-key meters").isZero();
  }

  @Test
  void defaultsRunEveryPhase() {
    ScenarioSettings s = parse("run", "--embedded-platform").settings();
    assertThat(s.phases()).containsExactlyInAnyOrderElementsOf(ScenarioSettings.ALL_PHASES);
    assertThat(s.meters()).isEqualTo(1000);
    assertThat(s.wrongKeyMeters()).isEqualTo(20);
    assertThat(s.rebindingStep()).isEqualTo(50);
    assertThat(s.maxSettle()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.topupConcurrency()).isEqualTo(128);
  }

  @Test
  void durationsAcceptSecondsMinutesAndIso() {
    assertThat(RunCommand.duration("90")).isEqualTo(Duration.ofSeconds(90));
    assertThat(RunCommand.duration("45s")).isEqualTo(Duration.ofSeconds(45));
    assertThat(RunCommand.duration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(RunCommand.duration("PT1H")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void unknownPhasesAndBadMixesAreRejected() {
    assertThatThrownBy(() -> parse("run", "--phases", "ramp,party").settings())
        .hasMessageContaining("unknown phase 'party'");
    assertThatThrownBy(() -> parse("run", "--mix", "KPM99=1").settings()).hasMessageContaining("unknown model");
    assertThatThrownBy(() -> BindAddresses.parse("127.0.0.9-127.0.1.2")).hasMessageContaining("last IPv4 octet");
  }

  @Test
  void helpListsTheOptions() {
    StringWriter text = new StringWriter();
    CommandLine cli = LoadTestMain.commandLine();
    cli.setOut(new PrintWriter(text));
    int code = cli.execute("run", "--help");
    assertThat(code).isZero();
    assertThat(text.toString()).contains("--platform", "--meters", "--ramp-rate", "--baseline", "--bind-addresses",
        "--embedded-platform", "--phases");
  }

  @Test
  void withoutATargetTheCommandIsAUsageError() {
    assertThat(LoadTestMain.commandLine().execute("run", "--meters", "1")).isEqualTo(2);
  }
}
