package io.meterhub.platform.prepay;

import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.metering.ReadingSink;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charges consumption from readings: {@link #accept} only enqueues (never blocks the device side); one worker thread
 * charges each reading through {@link PrepayService#chargeReading}. A reading dropped because the queue is full
 * loses no money: registers are cumulative, so the next reading of the meter charges the whole delta.
 */
public final class ConsumptionCharger implements ReadingSink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsumptionCharger.class);

  private final PrepayService service;
  private final BlockingQueue<IngestedReading> queue;
  private final Thread worker;
  private final AtomicLong processed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean running = true;

  /** Starts the worker thread. */
  public ConsumptionCharger(PrepayService service, int queueCapacity) {
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
    while (running || !queue.isEmpty()) {
      IngestedReading reading;
      try {
        reading = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (reading == null) {
        continue;
      }
      try {
        service.chargeReading(reading);
      } catch (RuntimeException e) {
        // The snapshot did not move, so the next reading of this meter charges the delta again in full.
        failed.incrementAndGet();
        LOG.warn("charging a reading of meter {} failed", reading.meterId(), e);
      }
      processed.incrementAndGet();
    }
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
