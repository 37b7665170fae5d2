package io.meterhub.platform.prepay;

import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.metering.ReadingSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charges consumption from readings: {@link #accept} only enqueues (never blocks the device side); one worker thread
 * charges the backlog in batches through {@link PrepayService#chargeReadings} (one transaction per batch, falling
 * back to one reading at a time when a batch fails). A reading dropped because the queue is full
 * loses no money: registers are cumulative, so the next reading of the meter charges the whole delta.
 */
public final class ConsumptionCharger implements ReadingSink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsumptionCharger.class);

  private final PrepayService service;
  private final int maxBatch;
  private final BlockingQueue<IngestedReading> queue;
  private final Thread worker;
  private final AtomicLong processed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean running = true;

  /** Starts the worker thread; a backlog is charged up to 100 readings per transaction. */
  public ConsumptionCharger(PrepayService service, int queueCapacity) {
    this(service, queueCapacity, 100);
  }

  /**
   * Starts the worker thread.
   *
   * @param maxBatch most readings charged in one transaction (1 = one transaction per reading)
   */
  public ConsumptionCharger(PrepayService service, int queueCapacity, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be positive");
    }
    this.maxBatch = maxBatch;
    this.service = Objects.requireNonNull(service, "service");
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.worker = new Thread(this::loop, "prepay-charger");
    worker.setDaemon(true);
    worker.start();
  }

  @Override
  public void accept(IngestedReading reading) {
    Objects.requireNonNull(reading, "reading");
    if (!running || !queue.offer(reading)) {
      dropped.incrementAndGet();
    }
  }

  private void loop() {
    List<IngestedReading> batch = new ArrayList<>(maxBatch);
    while (running || !queue.isEmpty()) {
      IngestedReading first;
      try {
        first = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (first == null) {
        continue;
      }
      batch.clear();
      batch.add(first);
      queue.drainTo(batch, maxBatch - 1);
      // A batch even of one: it locks only meters that have an account (most readings may have none).
      try {
        service.chargeReadings(batch);
        processed.addAndGet(batch.size());
        continue;
      } catch (RuntimeException e) {
        LOG.debug("batch of {} readings failed, charging them one by one", batch.size(), e);
      }
      batch.forEach(this::chargeOne);
    }
  }

  private void chargeOne(IngestedReading reading) {
    try {
      service.chargeReading(reading);
    } catch (RuntimeException e) {
      // The snapshot did not move, so the next reading of this meter charges the delta again in full.
      failed.incrementAndGet();
      LOG.warn("charging a reading of meter {} failed", reading.meterId(), e);
    }
    processed.incrementAndGet();
  }

  /** Readings taken from the queue (charged or failed). */
  public long processed() {
    return processed.get();
  }

  /** Readings refused because the queue was full or the charger closed. */
  public long dropped() {
    return dropped.get();
  }

  public long failed() {
    return failed.get();
  }

  /** Readings waiting. */
  public int backlog() {
    return queue.size();
  }

  /** Stops accepting, charges what is queued, and stops the worker. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    worker.join(TimeUnit.SECONDS.toMillis(60));
  }
}
