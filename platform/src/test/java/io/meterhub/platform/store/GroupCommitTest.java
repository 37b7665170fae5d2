package io.meterhub.platform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GroupCommitTest {

  @Test
  void concurrentWritersAreAllAnsweredByAtMostOneFlushEach() throws Exception {
    int writers = 400;
    try (TestDatabase files = TestDatabase.h2(); Database db = files.open(16)) {
      db.withConnection(c -> c.createStatement().execute("CREATE TABLE t (id INT PRIMARY KEY)"));
      GroupCommit groupCommit = (GroupCommit) db.durability();
      long before = groupCommit.flushes();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        List<CompletableFuture<Void>> durable = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
          int id = i;
          durable.add(CompletableFuture.supplyAsync(() -> db.inTransaction(
              c -> c.createStatement().executeUpdate("INSERT INTO t VALUES (" + id + ")")), pool)
              .thenCompose(inserted -> db.durability().committed()));
        }
        CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      long flushes = groupCommit.flushes() - before;
      assertThat(flushes).isBetween(1L, (long) writers);
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      db.bindMetrics(registry);
      assertThat(registry.get("meterhub.db.flush").functionTimer().count()).isEqualTo(groupCommit.flushes());
    }
  }

  @Test
  void aClosedDatabaseRefusesToPromiseDurability() {
    try (TestDatabase files = TestDatabase.h2()) {
      Database db = files.open();
      Durability durability = db.durability();
      durability.committed().toCompletableFuture().join();
      db.close();

      assertThatThrownBy(() -> durability.committed().toCompletableFuture().join())
          .isInstanceOf(CompletionException.class).hasCauseInstanceOf(StoreException.class);
    }
  }

  @Test
  void aFlushThatFailsWithAnErrorFailsItsRoundAndTheNextFlushWorks() throws Exception {
    try (TestDatabase files = TestDatabase.h2(); Database db = files.open()) {
      Connection real = DriverManager.getConnection(files.url(), files.user(), files.password());
      AtomicBoolean failNext = new AtomicBoolean(true);
      // H2 cannot be made to throw an Error on cue: a proxy throws one from the first flush, then lets H2 flush
      Connection flaky = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            if (method.getName().equals("createStatement") && failNext.getAndSet(false)) {
              throw new OutOfMemoryError("test: the flush ran out of memory");
            }
            try {
              return method.invoke(real, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
      try (GroupCommit groupCommit = new GroupCommit(flaky)) {
        assertThatThrownBy(() -> groupCommit.committed().toCompletableFuture().get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(StoreException.class)
            .hasMessageContaining("OutOfMemoryError");

        // The flusher lived on: the next round is flushed (a dead flusher would leave it waiting)
        groupCommit.committed().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aUserThatMayNotFlushStopsTheStart() {
    try (TestDatabase files = TestDatabase.h2()) {
      try (Database admin = files.open()) {
        admin.withConnection(c -> c.createStatement().execute(
            "CREATE USER app PASSWORD 'app-password'; GRANT ALL ON SCHEMA PUBLIC TO app"));
      }

      assertThatThrownBy(() -> Database.open(files.url(), "app", "app-password"))
          .isInstanceOf(StoreException.class).hasMessageContaining("CHECKPOINT needs an admin user");
    }
  }

  @Test
  void inMemoryDatabasesAreDurableAtCommit() {
    try (Database db = Database.open("jdbc:h2:mem:group-commit-test;DB_CLOSE_DELAY=-1", "sa", "")) {
      assertThat(db.durability()).isSameAs(Durability.AT_COMMIT);
    }
  }
}
