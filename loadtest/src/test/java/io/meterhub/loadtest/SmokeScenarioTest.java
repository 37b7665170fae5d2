package io.meterhub.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole tool, small: an in-process platform node (embedded H2, ephemeral ports, its own Hazelcast cluster) and
 * 200 real Leshan meters over DTLS through ramp, steady reporting and faults, driven through the command line.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SmokeScenarioTest {

  @Test
  void twoHundredMetersRegisterReportAndSurviveFaults(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    int code =
        LoadTestMain.commandLine()
            .execute(
                "run", "--embedded-platform", "--data-dir", dir.resolve("data").toString(),
                "--admin-password", "smoke-admin-password",
                "--meters", "200", "--ramp-rate", "50", "--steady-duration", "25s", "--max-settle", "10s", "--report-interval", "5",
                "--phases", "ramp,steady,commands,topups,faults", "--sample-meters", "10", "--command-meters", "10",
                "--topup-accounts", "5", "--fault-fraction", "0.02", "--engine-threads", "16", "--io-threads", "2",
                "--out", out.toString());

    JsonObject doc = new JsonObject(Files.readString(out.resolve("results.json")));
    JsonObject run = doc.getJsonArray("runs").getJsonObject(0);
    assertThat(run.getJsonObject("errors").getMap()).as("unexpected errors: %s", run.getJsonObject("errorExamples"))
        .isEmpty();
    assertThat(code).isZero();
    JsonObject figures = run.getJsonObject("figures");
    assertThat(figures.getLong("registered")).isEqualTo(200L);
    assertThat(figures.getDouble("timeToRegisterAllSeconds")).isPositive();
    JsonObject latencies = run.getJsonObject("latencies");
    assertThat(latencies.getJsonObject("handshakeAndRegistration").getLong("count")).isGreaterThanOrEqualTo(200L);
    assertThat(latencies.getJsonObject("notificationToQueryable").getLong("count")).isPositive();
    assertThat(latencies.getJsonObject("notificationToReceived").getLong("count")).isPositive();
    // the same samples again by the phase in which the meter's value changed
    assertThat(latencies.getJsonObject("notificationToQueryable.steady").getLong("count"))
        .isPositive()
        .isLessThanOrEqualTo(latencies.getJsonObject("notificationToQueryable").getLong("count"));
    // and from the moment the meter's notification left it
    assertThat(latencies.getJsonObject("notificationSentToQueryable").getLong("count")).isPositive();
    JsonObject counters = run.getJsonObject("counters");
    assertThat(counters.getLong("valueChanges")).isPositive();
    assertThat(counters.getLong("wrongKeyRefused")).isEqualTo(4L);
    assertThat(counters.getLong("rebindUpdated")).isEqualTo(4L);
    assertThat(counters.getLong("droppedAndReturned")).isEqualTo(4L);
    assertThat(figures.getLong("rebindNewHandshakes")).isZero();
    assertThat(counters.getLong("commandsConfirmed")).isPositive();
    assertThat(latencies.getJsonObject("commandCreatedToConfirmed").getLong("count")).isPositive();
    assertThat(counters.getLong("topupsCredited")).isEqualTo(5L);
    assertThat(counters.getLong("topupRetriesReplayed")).isEqualTo(5L);
    assertThat(figures.getLong("topupReconciliation.acknowledged")).isEqualTo(10L);
    assertThat(figures.getLong("topupReconciliation.inLedgers")).isEqualTo(10L);
    assertThat(figures.getLong("topupReconciliation.lost")).isZero();
    assertThat(figures.getLong("topupReconciliation.duplicated")).isZero();
    assertThat(figures.getDouble("readingsPersistedPerSecond")).isPositive();
    assertThat(run.getJsonArray("phases").stream().map(p -> ((JsonObject) p).getString("name")))
        .containsExactly("ramp", "settle", "steady", "commands", "topups", "faults");
    assertThat(figures.getDouble("settleSeconds")).isPositive();
    assertThat(Files.readString(out.resolve("report.html"))).contains("<svg", "notificationToQueryable");
    assertThat(Files.readString(out.resolve("summary.txt"))).startsWith("platform: meters=200 registered=200");
  }
}
