package io.meterhub.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsReportTest {

  private static Results results(String target, long registrationMillisBase) {
    Results r = new Results(target, Instant.parse("2026-12-04T10:00:00Z"));
    for (int i = 1; i <= 100; i++) {
      r.latency("handshakeAndRegistration", Duration.ofMillis(registrationMillisBase * i));
    }
    r.count("registrations", 100);
    r.figure("registrationsPerSecond", 50.0);
    r.figure("heapBytes", 1_000_000L);
    r.phase(new Results.PhaseOutcome("ramp", "done", "100 of 100", 2.0));
    r.sample(new Results.Sample(5, "ramp", 100, 20, 0, -1, 0, 500_000, 0.5, 120));
    return r;
  }

  @Test
  void percentilesComeFromTheHistogram() {
    LatencySummary s = results("platform", 10).summary("handshakeAndRegistration");
    assertThat(s.count()).isEqualTo(100);
    assertThat(s.p50()).isBetween(499.0, 501.0);
    assertThat(s.p99()).isBetween(989.0, 991.0);
    assertThat(s.max()).isBetween(999.0, 1001.0);
  }

  @Test
  void errorsAreCountedByKindWithAnExample() {
    Results r = results("platform", 1);
    r.error("registration.timeout", "urn:imei:1");
    r.error("registration.timeout", "urn:imei:2");
    r.error("freshness.notSeen", null);
    assertThat(r.errors()).containsEntry("registration.timeout", 2L).containsEntry("freshness.notSeen", 1L);
    assertThat(r.errorCount()).isEqualTo(3);
    assertThat(r.toJson().getJsonObject("errorExamples").getString("registration.timeout")).isEqualTo("urn:imei:1");
  }

  @Test
  void jsonReportHoldsRunsAndPlatformBaselineRatios() {
    JsonObject doc = ReportWriter.json(Map.of("meters", "100"), List.of(results("platform", 20), results("baseline",
        10)));
    assertThat(doc.getJsonArray("runs")).hasSize(2);
    JsonObject platform = doc.getJsonArray("runs").getJsonObject(0);
    assertThat(platform.getString("target")).isEqualTo("platform");
    assertThat(platform.getJsonObject("latencies").getJsonObject("handshakeAndRegistration").getLong("count"))
        .isEqualTo(100);
    assertThat(platform.getJsonObject("counters").getLong("registrations")).isEqualTo(100);
    assertThat(platform.getJsonArray("phases").getJsonObject(0).getString("status")).isEqualTo("done");
    assertThat(doc.getJsonObject("ratios").getDouble("handshakeAndRegistration.p50Ms")).isBetween(1.99, 2.01);
    assertThat(doc.getJsonObject("ratios").getDouble("registrationsPerSecond")).isEqualTo(1.0);
  }

  @Test
  void filesAreWrittenAndTheHtmlIsSelfContained(@TempDir Path dir) throws Exception {
    String summary = ReportWriter.write(dir, Map.of("meters", "100"), List.of(results("platform", 5)));

    assertThat(summary).startsWith("platform: meters=").contains("errors=0");
    assertThat(new JsonObject(Files.readString(dir.resolve("results.json"))).getJsonArray("runs")).hasSize(1);
    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html).contains("<svg", "handshakeAndRegistration", "</html>");
    assertThat(html).doesNotContain("<script", "src=\"http", "href=\"http");
    assertThat(Files.readString(dir.resolve("summary.txt"))).isEqualTo(summary);
  }

  @Test
  void prometheusValuesAreSummedByLabel() {
    PromText prom = new PromText(String.join("\n",
        "# HELP jvm_memory_used_bytes x",
        "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"} 100.0",
        "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Old Gen\"} 50.0",
        "jvm_memory_used_bytes{area=\"nonheap\",id=\"Metaspace\"} 7.0",
        "meterhub_dtls_handshakes_total{result=\"success\"} 12.0",
        "process_cpu_usage 0.25"));
    assertThat(prom.sum("jvm_memory_used_bytes", Map.of("area", "heap"))).isEqualTo(150.0);
    assertThat(prom.sum("meterhub_dtls_handshakes_total", Map.of("result", "success"))).isEqualTo(12.0);
    assertThat(prom.sum("process_cpu_usage")).isEqualTo(0.25);
    assertThat(prom.sum("meterhub_lwm2m_notifications_total")).isEqualTo(-1);
  }
}
