package io.meterhub.platform.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.store.DbContractBase;
import io.meterhub.platform.store.Page;
import io.meterhub.platform.store.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command store contract, run against H2 and PostgreSQL. */
abstract class JdbcCommandStoreContractTest extends DbContractBase {

  private static final Instant T0 = Instant.parse("2026-12-04T19:30:00.123456Z");

  private JdbcCommandStore store;

  @BeforeEach
  void emptyCommandTables() {
    TestDatabase.sql(db, "DELETE FROM commands");
    TestDatabase.sql(db, "DELETE FROM relay_batches");
    store = new JdbcCommandStore(db);
  }

  @Test
  void insertedCommandReadsBackEqual() {
    Command c = command("m-1", T0, "key-1", "batch-1");
    assertThat(store.insert(c)).isTrue();

    assertThat(store.find(c.id())).contains(c);
    assertThat(store.findByIdempotencyKey("key-1")).contains(c);
    assertThat(store.find("nope")).isEmpty();
  }

  @Test
  void idempotencyKeyIsUniqueButCommandsWithoutKeyAreNot() {
    assertThat(store.insert(command("m-1", T0, "same", null))).isTrue();
    assertThat(store.insert(command("m-2", T0, "same", null))).as("second command with the same key").isFalse();
    assertThat(store.insert(command("m-1", T0, null, null))).isTrue();
    assertThat(store.insert(command("m-1", T0, null, null))).isTrue();
  }

  @Test
  void duplicateIdIsRefused() {
    Command c = command("m-1", T0, null, null);
    assertThat(store.insert(c)).isTrue();
    assertThat(store.insert(c)).isFalse();
  }

  @Test
  void updatesUntilFinalThenNeverAgain() {
    Command c = command("m-1", T0, null, null);
    store.insert(c);
    Command sent = c.sentAt(T0.plusSeconds(1));
    assertThat(store.update(sent)).isTrue();
    assertThat(store.find(c.id()).orElseThrow().status()).isEqualTo(CommandStatus.SENT);
    assertThat(store.find(c.id()).orElseThrow().attempts()).isEqualTo(1);

    Command failed = sent.withStatus(CommandStatus.FAILED, T0.plusSeconds(2), "meter refused: METHOD_NOT_ALLOWED");
    assertThat(store.update(failed)).isTrue();
    assertThat(store.find(c.id())).contains(failed);

    assertThat(store.update(failed.withStatus(CommandStatus.CONFIRMED, T0.plusSeconds(3), null)))
        .as("a final state is never overwritten")
        .isFalse();
    assertThat(store.find(c.id())).contains(failed);
    assertThat(store.update(command("m-9", T0, null, null))).as("absent").isFalse();
  }

  @Test
  void listsOneMetersCommandsNewestFirstAcrossPages() {
    List<Command> mine = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      // two commands share each timestamp: the id breaks the tie
      Command c = command("m-1", T0.plusSeconds(i / 2), null, null);
      store.insert(c);
      mine.add(c);
    }
    store.insert(command("m-2", T0.plusSeconds(100), null, null));

    List<Command> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Page<Command> page = store.listForMeter("m-1", 3, cursor);
      seen.addAll(page.items());
      cursor = page.next();
      pages++;
    } while (cursor != null);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(7).allMatch(c -> c.meterId().equals("m-1"));
    assertThat(seen).doesNotHaveDuplicates();
    for (int i = 1; i < seen.size(); i++) {
      Command newer = seen.get(i - 1);
      Command older = seen.get(i);
      assertThat(
              newer.createdAt().isAfter(older.createdAt())
                  || (newer.createdAt().equals(older.createdAt()) && newer.id().compareTo(older.id()) > 0))
          .as("newest first")
          .isTrue();
    }
    assertThat(store.listForMeter("m-3", 10, null).items()).isEmpty();
  }

  @Test
  void batchesAndTheirCountsPerStatus() {
    RelayBatch batch = new RelayBatch("b-1", "open", "feeder maintenance", "region:north", 3, "op", T0);
    assertThat(store.insertBatch(batch)).isTrue();
    assertThat(store.insertBatch(batch)).isFalse();
    assertThat(store.findBatch("b-1")).contains(batch);
    assertThat(store.findBatch("b-2")).isEmpty();

    Command a = command("m-1", T0, null, "b-1");
    Command b = command("m-2", T0, null, "b-1");
    Command c = command("m-3", T0, null, "b-1");
    store.insert(a);
    store.insert(b);
    store.insert(c);
    store.insert(command("m-4", T0, null, "other"));
    store.update(a.withStatus(CommandStatus.CONFIRMED, T0.plusSeconds(1), null));
    store.update(b.withStatus(CommandStatus.CONFIRMED, T0.plusSeconds(1), null));

    assertThat(store.countByBatch("b-1"))
        .isEqualTo(Map.of(CommandStatus.CONFIRMED, 2L, CommandStatus.PENDING, 1L));
    assertThat(store.countByBatch("none")).isEmpty();
  }

  private static Command command(String meterId, Instant at, String key, String batch) {
    return new Command(
        UUID.randomUUID().toString(),
        meterId,
        "relay",
        "open",
        "unpaid balance",
        CommandStatus.PENDING,
        at,
        at,
        0,
        null,
        at.plus(1, ChronoUnit.DAYS),
        "operator-1",
        key,
        batch);
  }
}
