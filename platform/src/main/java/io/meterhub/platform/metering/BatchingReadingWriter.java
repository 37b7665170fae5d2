package io.meterhub.platform.metering;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decouples reading arrival (LwM2M threads) from SQL: {@link #accept} only enqueues; one writer thread persists
 * batches of up to {@code maxBatch} readings, or whatever arrived within {@code maxDelay} of the first one.
 *
 * <p>When the bounded queue is full, the reading is dropped and counted ({@code meterhub.readings.dropped},
 * reason=queue_full) instead of blocking the caller: a blocked Californium/Leshan thread would stall DTLS handshakes
 * and every other meter on that node, while a dropped reading loses no energy (consumption comes from the cumulative
 * registers of the next reading). A batch that still fails after a few retries with backoff is dropped and counted
 * with reason=store_failure.
 *
 * <p>Metrics: {@code meterhub.readings.ingested} (committed), {@code meterhub.readings.dropped},
 * {@code meterhub.readings.persist.latency} (receivedAt → committed), {@code meterhub.readings.batch.size},
 * gauge {@code meterhub.readings.queue.size}.
 */
public final class BatchingReadingWriter implements ReadingSink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BatchingReadingWriter.class);

  public static final int DEFAULT_QUEUE_CAPACITY = 100_000;
  public static final int DEFAULT_MAX_BATCH = 500;
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(50);
  public static final int DEFAULT_ATTEMPTS = 4;
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(200);

  private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final long WAKE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

  private final ReadingStore store;
  private final Clock clock;
  private final BlockingQueue<IngestedReading> queue;
  private final int maxBatch;
  private final long maxDelayNanos;
  private final int attempts;
  private final Duration retryBackoff;
  private final Counter ingested;
  private final Counter droppedQueueFull;
  private final Counter droppedStoreFailure;
  private final Timer latency;
  private final DistributionSummary batchSize;
  private final Thread writer;
  private volatile boolean closing;
  private volatile long lastDropLogNanos = System.nanoTime() - DROP_LOG_INTERVAL_NANOS;

  /** A writer with the default queue capacity, batch size (500), delay (50 ms) and retries. */
  public BatchingReadingWriter(ReadingStore store, MeterRegistry registry, Clock clock) {
    this(store, registry, clock, DEFAULT_QUEUE_CAPACITY, DEFAULT_MAX_BATCH, DEFAULT_MAX_DELAY, DEFAULT_ATTEMPTS,
        DEFAULT_RETRY_BACKOFF);
  }

  /**
   * @param queueCapacity readings waiting at most; more are dropped
   * @param maxBatch readings per transaction at most
   * @param maxDelay how long the first reading of a batch waits for others
   * @param attempts tries per batch before it is dropped (≥ 1)
   * @param retryBackoff wait before the first retry, doubled for each further one
   */
  public BatchingReadingWriter(
      ReadingStore store,
      MeterRegistry registry,
      Clock clock,
      int queueCapacity,
      int maxBatch,
      Duration maxDelay,
      int attempts,
      Duration retryBackoff) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(registry, "registry");
    if (queueCapacity < 1 || maxBatch < 1 || attempts < 1) {
      throw new IllegalArgumentException("queueCapacity, maxBatch and attempts must be positive");
    }
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.maxBatch = maxBatch;
    this.maxDelayNanos = Objects.requireNonNull(maxDelay, "maxDelay").toNanos();
    this.attempts = attempts;
    this.retryBackoff = Objects.requireNonNull(retryBackoff, "retryBackoff");
    this.ingested = Counter.builder("meterhub.readings.ingested").description("readings committed").register(registry);
    this.droppedQueueFull = dropped(registry, "queue_full");
    this.droppedStoreFailure = dropped(registry, "store_failure");
    this.latency =
        Timer.builder("meterhub.readings.persist.latency")
            .description("reading arrival to committed in SQL")
            .publishPercentiles(0.5, 0.99)
            .publishPercentileHistogram()
            .register(registry);
    this.batchSize =
        DistributionSummary.builder("meterhub.readings.batch.size").description("readings per SQL batch")
            .publishPercentiles(0.5, 0.99).register(registry);
    registry.gauge("meterhub.readings.queue.size", queue, BlockingQueue::size);
    this.writer = new Thread(this::run, "meterhub-reading-writer");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  private static Counter dropped(MeterRegistry registry, String reason) {
    return Counter.builder("meterhub.readings.dropped")
        .description("readings not persisted")
        .tag("reason", reason)
        .register(registry);
  }

  @Override
  public void accept(IngestedReading reading) {
    Objects.requireNonNull(reading, "reading");
    if (closing || !queue.offer(reading)) {
      droppedQueueFull.increment();
      long now = System.nanoTime();
      if (now - lastDropLogNanos >= DROP_LOG_INTERVAL_NANOS) {
        lastDropLogNanos = now;
        LOG.warn("reading queue full or closed: dropping readings ({} dropped so far)",
            (long) droppedQueueFull.count());
      }
    }
  }

  /** Readings waiting to be written. */
  public int queued() {
    return queue.size();
  }

  private void run() {
    List<IngestedReading> batch = new ArrayList<>(maxBatch);
    while (!(closing && queue.isEmpty())) {
      try {
        IngestedReading first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        fill(batch);
        persist(batch);
      } catch (InterruptedException e) {
        // Only close() interrupts, after its timeout: keep draining, the thread is a daemon.
        LOG.warn("reading writer interrupted; {} readings still queued", queue.size());
      } catch (RuntimeException e) {
        LOG.error("reading writer failed on a batch of {}", batch.size(), e);
      } finally {
        batch.clear();
      }
    }
  }

  private void fill(List<IngestedReading> batch) throws InterruptedException {
    long deadline = System.nanoTime() + maxDelayNanos;
    while (batch.size() < maxBatch) {
      queue.drainTo(batch, maxBatch - batch.size());
      long left = deadline - System.nanoTime();
      if (batch.size() >= maxBatch || left <= 0 || closing) {
        return;
      }
      // Wake up now and then so that close() is noticed even with a long maxDelay.
      IngestedReading next = queue.poll(Math.min(left, WAKE_NANOS), TimeUnit.NANOSECONDS);
      if (next != null) {
        batch.add(next);
      }
    }
  }

  private void persist(List<IngestedReading> batch) throws InterruptedException {
    long backoff = retryBackoff.toMillis();
    for (int attempt = 1; ; attempt++) {
      try {
        store.insertBatch(batch);
        committed(batch);
        return;
      } catch (RuntimeException e) {
        if (attempt >= attempts) {
          droppedStoreFailure.increment(batch.size());
          LOG.error("dropping a batch of {} readings after {} failed attempts", batch.size(), attempt, e);
          return;
        }
        LOG.warn("batch of {} readings failed (attempt {} of {}), retrying in {} ms: {}", batch.size(), attempt,
            attempts, backoff, e.toString());
        if (!closing) {
          Thread.sleep(backoff);
        }
        backoff *= 2;
      }
    }
  }

  private void committed(List<IngestedReading> batch) {
    long nowMillis = clock.millis();
    ingested.increment(batch.size());
    batchSize.record(batch.size());
    for (IngestedReading r : batch) {
      latency.record(Math.max(0, nowMillis - r.receivedAt().toEpochMilli()), TimeUnit.MILLISECONDS);
    }
  }

  /** Stops accepting, writes everything already queued, and stops the writer thread. */
  @Override
  public void close() {
    closing = true;
    try {
      writer.join(CLOSE_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      LOG.error("reading writer did not finish within {}; {} readings left unwritten", CLOSE_TIMEOUT, queue.size());
      writer.interrupt();
      return;
    }
    // A reading offered while close() began may have landed after the writer's last look at the queue.
    List<IngestedReading> rest = new ArrayList<>();
    queue.drainTo(rest);
    if (!rest.isEmpty()) {
      try {
        persist(rest);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
