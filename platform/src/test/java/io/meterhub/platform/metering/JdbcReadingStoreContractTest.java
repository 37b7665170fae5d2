package io.meterhub.platform.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.MeterReading;
import io.meterhub.models.MeterReading.PhaseValues;
import io.meterhub.models.MeterReading.TouRegisters;
import io.meterhub.platform.store.DbContractBase;
import io.meterhub.platform.store.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class JdbcReadingStoreContractTest extends DbContractBase {

  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private ReadingStore store;

  @BeforeEach
  void createStore() {
    store = new JdbcReadingStore(db);
  }

  static IngestedReading single(String meterId, Instant ts, long energyWh) {
    return new IngestedReading(
        meterId, new MeterReading(ts, energyWh, 229.8, 3.2, 0.71, 0.97, 50.01, null, null), ts.plusMillis(5));
  }

  @Test
  void batchIsStoredAndListedOldestFirst() {
    store.insertBatch(List.of(single("m1", T0.plusSeconds(60), 1060), single("m1", T0, 1000),
        single("m2", T0, 5000)));

    List<MeterReading> m1 = store.list("m1", null, null, 10, null).items();
    assertThat(m1).extracting(MeterReading::timestamp).containsExactly(T0, T0.plusSeconds(60));
    assertThat(m1.get(0)).isEqualTo(single("m1", T0, 1000).reading());
    assertThat(store.list("m2", null, null, 10, null).items()).hasSize(1);
    assertThat(store.list("m3", null, null, 10, null).items()).isEmpty();
  }

  @Test
  void repeatedMeterAndTimestampIsIgnoredFirstWriteWins() {
    store.insertBatch(List.of(single("m1", T0, 1000)));
    store.insertBatch(List.of(single("m1", T0, 9999), single("m1", T0.plusSeconds(1), 1001)));
    store.insertBatch(List.of(single("m1", T0.plusSeconds(2), 1002), single("m1", T0.plusSeconds(2), 8888)));

    assertThat(store.list("m1", null, null, 10, null).items())
        .extracting(MeterReading::activeEnergyWh)
        .containsExactly(1000L, 1001L, 1002L);
  }

  @Test
  void threePhaseAndTouValuesRoundTrip() {
    MeterReading full =
        new MeterReading(
            T0,
            123_456_789L,
            230.1,
            5.5,
            3.3,
            0.95,
            49.98,
            new PhaseValues(230.1, 229.5, 231.0, 5.5, 4.4, 6.6, 1.1, 0.9, 1.3, 0.25),
            new TouRegisters(1_000L, 20_000L, 30_000L, 40_000L, 7.25, Instant.parse("2026-11-30T18:15:00Z")));
    MeterReading partial = new MeterReading(T0.plusSeconds(1), null, null, null, null, null, null,
        new PhaseValues(null, 229.0, null, null, null, null, null, null, null, null),
        new TouRegisters(null, null, null, 5L, null, null));
    MeterReading empty = MeterReading.empty(T0.plusSeconds(2));
    store.insertBatch(List.of(new IngestedReading("m3", full, T0), new IngestedReading("m3", partial, T0),
        new IngestedReading("m3", empty, T0)));

    assertThat(store.list("m3", null, null, 10, null).items()).containsExactly(full, partial, empty);
  }

  @Test
  void fromIsInclusiveAndToExclusive() {
    List<IngestedReading> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(single("m1", T0.plusSeconds(i * 60L), 1000 + i));
    }
    store.insertBatch(batch);

    assertThat(store.list("m1", T0.plusSeconds(120), T0.plusSeconds(300), 100, null).items())
        .extracting(MeterReading::activeEnergyWh)
        .containsExactly(1002L, 1003L, 1004L);
    assertThat(store.list("m1", null, T0.plusSeconds(60), 100, null).items()).hasSize(1);
    assertThat(store.list("m1", T0.plusSeconds(540), null, 100, null).items()).hasSize(1);
  }

  @Test
  void cursorPagingWithinRangeVisitsEachReadingOnce() {
    List<IngestedReading> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(single("m1", T0.plusMillis(i * 1500L), i));
    }
    store.insertBatch(batch);

    List<Long> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Page<MeterReading> page = store.list("m1", T0.plusSeconds(3), T0.plusSeconds(60), 7, cursor);
      page.items().forEach(r -> seen.add(r.activeEnergyWh()));
      cursor = page.next();
      pages++;
    } while (cursor != null);

    // 3 s ≤ i × 1.5 s < 60 s → i = 2..39
    assertThat(seen).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(2, 39).boxed().toList());
    assertThat(pages).isEqualTo(6);
  }

  @Test
  void deleteMeterRemovesOnlyThatMetersReadings() {
    store.insertBatch(List.of(single("m1", T0, 1), single("m1", T0.plusSeconds(1), 2), single("m2", T0, 3)));

    store.deleteMeter("m1");

    assertThat(store.list("m1", null, null, 10, null).items()).isEmpty();
    assertThat(store.list("m2", null, null, 10, null).items()).hasSize(1);
  }

  @Test
  void largeBatchIsStoredCompletely() {
    List<IngestedReading> batch = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      batch.add(single("m" + (i % 100), T0.plusSeconds(i / 100), i));
    }
    store.insertBatch(batch);
    store.insertBatch(batch);

    long total = 0;
    for (int m = 0; m < 100; m++) {
      total += store.list("m" + m, null, null, 1000, null).items().size();
    }
    assertThat(total).isEqualTo(2000);
  }
}
