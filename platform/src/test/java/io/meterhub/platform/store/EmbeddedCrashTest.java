package io.meterhub.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.audit.AuditQuery;
import io.meterhub.platform.audit.ChainedAuditLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed right after its commits (no shutdown hook, like {@code kill -9} or an OOM kill) must find every
 * change committed before its last completed {@link Database#durability()} when it starts again: that is what an
 * API reply waits for (end to end: {@code KilledNodeTopUpTest}). Without it, H2 writes commits to its file only
 * every WRITE_DELAY, and this test finds 0 of 50.
 */
class EmbeddedCrashTest {

  private static final int COMMITS = 50;

  /**
   * Run in a child JVM: commits audit entries one transaction at a time, waits until they are durable, then dies
   * without closing anything.
   */
  public static final class CommitThenDie {
    public static void main(String[] args) {
      Database db = Database.embedded(Path.of(args[0]));
      ChainedAuditLog audit = new ChainedAuditLog(db, Clock.systemUTC());
      for (int i = 0; i < COMMITS; i++) {
        audit.record("payments", "prepay.topup", "account-" + i, null);
      }
      db.durability().committed().toCompletableFuture().join();
      System.out.println("COMMITTED " + COMMITS);
      System.out.flush();
      Runtime.getRuntime().halt(137);
    }
  }

  @Test
  void everyDurableCommitSurvivesAKilledProcess(@TempDir Path dataDir) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CommitThenDie.class.getName(), dataDir.toString()).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(output).isEqualTo(137);
    assertThat(output).contains("COMMITTED " + COMMITS);

    try (Database reopened = Database.embedded(dataDir)) {
      List<String> targets = new ChainedAuditLog(reopened, Clock.systemUTC())
          .list(new AuditQuery(null, "prepay.topup", null, null, 1000, null)).items().stream()
          .map(e -> e.target()).toList();
      assertThat(targets).hasSize(COMMITS).contains("account-0", "account-" + (COMMITS - 1));
    }
  }
}
