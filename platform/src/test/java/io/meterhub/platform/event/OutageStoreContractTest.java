package io.meterhub.platform.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.event.JdbcOutageStore.Restored;
import io.meterhub.platform.store.DbContractBase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Outage bookkeeping under concurrent restores; run on H2 and PostgreSQL. */
@Timeout(120)
abstract class OutageStoreContractTest extends DbContractBase {

  private static final Instant T0 = Instant.parse("2026-12-05T06:00:00Z");

  @Test
  void concurrentRestoresOfOneOutageNeitherDeadlockNorCountTwice() throws Exception {
    JdbcOutageStore store = new JdbcOutageStore(db);
    int meters = 60;
    for (int round = 0; round < 5; round++) {
      String region = "north-" + round;
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < meters; i++) {
        ids.add(region + "-m" + i);
        store.recordLoss(ids.get(i), region, T0);
      }
      assertThat(store.open(region, T0).orElseThrow().meterIds()).hasSize(meters);

      // Half restored clears the outage, which detaches the meters still without supply while others restore.
      List<Future<Optional<Restored>>> restores = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        for (String id : ids) {
          restores.add(pool.submit(() -> store.restore(id, T0.plusSeconds(60), 0.5)));
        }
        int cleared = 0;
        for (Future<Optional<Restored>> restore : restores) {
          cleared += restore.get().filter(Restored::cleared).isPresent() ? 1 : 0; // a deadlock victim throws here
        }
        assertThat(cleared).as("the outage is cleared exactly once").isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
      Outage outage = store.list(Outage.CLEARED, 100, null).items().stream()
          .filter(o -> o.region().equals(region)).findFirst().orElseThrow();
      assertThat(outage.affectedMeters()).isEqualTo(meters);
      assertThat(outage.restoredMeters()).isBetween(meters / 2, meters);
      assertThat(store.recentLosses(region, T0.minusSeconds(1))).isZero();
    }
  }
}
