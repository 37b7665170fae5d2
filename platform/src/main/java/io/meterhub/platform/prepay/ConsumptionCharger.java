package io.meterhub.platform.prepay;

import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.metering.ReadingSink;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charges consumption from readings: {@link #accept} only enqueues (never blocks the device side); one worker thread
 * charges the backlog in batches through {@link PrepayService#chargeReadings} (one transaction per batch, falling
 * back to one reading at a time when a batch fails). A reading dropped because the queue is full
 * loses no money: registers are cumulative, so the next reading of the meter charges the whole delta.
 *
 * <p>Readings of a meter whose account had more credit left before exhaustion than its low-credit threshold after its
 * last charge ({@link Account#hasCreditMargin}), or which had no account, are held for up to {@code holdFor} and then
 * charged together, each reading by the same rules as alone. Why: a charge rewrites the account row; a meter
 * reporting every few seconds cost one row write per reading, the largest share of what the store wrote during the
 * load test's top-up storm. The other accounts, and meters not charged yet on this node, are charged at every
 * reading, so the relay still trips as soon as the credit runs out: a held account trips late only if it spends its
 * whole low-credit threshold within {@code holdFor}. A crash loses held readings, not money (the next reading
 * charges the delta).
 */
public final class ConsumptionCharger implements ReadingSink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsumptionCharger.class);
  private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** Readings of one meter waiting to be charged together. */
  private record Held(List<IngestedReading> readings, long dueNanos) {}

  private final PrepayService service;
  private final int maxBatch;
  private final long holdNanos;
  private final int maxHeld;
  private final BlockingQueue<IngestedReading> queue;
  private final Thread worker;
  private final AtomicLong processed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile int heldCount; // written by the worker only
  private volatile boolean running = true;

  // Worker thread only. Held in the order meters started waiting, which is also the order they fall due.
  private final Map<String, Held> held = new LinkedHashMap<>();
  private final Set<String> holdable = new HashSet<>();

  /** Starts the worker thread; a backlog is charged up to 100 readings per transaction, nothing is held. */
  public ConsumptionCharger(PrepayService service, int queueCapacity) {
    this(service, queueCapacity, 100, Duration.ZERO);
  }

  /**
   * Starts the worker thread.
   *
   * @param maxBatch most readings charged in one transaction (1 = one transaction per reading)
   * @param holdFor longest time a reading of an account with a credit margin waits to be charged; zero charges every
   *     reading at once. At most {@code queueCapacity} readings are held: beyond that the longest-waiting meters go
   *     early.
   */
  public ConsumptionCharger(PrepayService service, int queueCapacity, int maxBatch, Duration holdFor) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be positive");
    }
    if (holdFor.isNegative()) {
      throw new IllegalArgumentException("holdFor must not be negative");
    }
    this.maxBatch = maxBatch;
    this.holdNanos = holdFor.toNanos();
    this.maxHeld = queueCapacity;
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
    List<IngestedReading> incoming = new ArrayList<>(maxBatch);
    List<IngestedReading> ready = new ArrayList<>();
    while (running || !queue.isEmpty() || !held.isEmpty()) {
      try {
        IngestedReading first = queue.poll(pollNanos(), TimeUnit.NANOSECONDS);
        if (first != null) {
          incoming.add(first);
          queue.drainTo(incoming, maxBatch - 1);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      long now = System.nanoTime();
      for (IngestedReading r : incoming) {
        if (holdNanos > 0 && holdable.contains(r.meterId())) {
          held.computeIfAbsent(r.meterId(), m -> new Held(new ArrayList<>(), now + holdNanos)).readings().add(r);
          heldCount++;
        } else {
          ready.add(r);
        }
      }
      incoming.clear();
      release(now, ready);
      for (int from = 0; from < ready.size(); from += maxBatch) {
        charge(ready.subList(from, Math.min(ready.size(), from + maxBatch)));
      }
      ready.clear();
    }
  }

  /** How long the worker may wait for a reading: until the first held meter falls due, at most 100 ms. */
  private long pollNanos() {
    if (held.isEmpty()) {
      return IDLE_POLL_NANOS;
    }
    long untilDue = held.values().iterator().next().dueNanos() - System.nanoTime();
    return Math.max(0, Math.min(IDLE_POLL_NANOS, untilDue));
  }

  /** Moves the held meters that fell due (all of them when closing, the oldest when too many wait) to {@code ready}. */
  private void release(long now, List<IngestedReading> ready) {
    Iterator<Held> oldestFirst = held.values().iterator();
    while (oldestFirst.hasNext()) {
      Held next = oldestFirst.next();
      if (running && next.dueNanos() - now > 0 && heldCount <= maxHeld) {
        return;
      }
      ready.addAll(next.readings());
      heldCount -= next.readings().size();
      oldestFirst.remove();
    }
  }

  private void charge(List<IngestedReading> batch) {
    // A batch even of one: it locks only meters that have an account (most readings may have none).
    try {
      Map<String, Account> accounts = service.chargeReadings(batch);
      for (IngestedReading r : batch) {
        Account account = accounts.get(r.meterId());
        if (account == null || account.hasCreditMargin()) {
          holdable.add(r.meterId());
        } else {
          holdable.remove(r.meterId());
        }
      }
      processed.addAndGet(batch.size());
      return;
    } catch (RuntimeException e) {
      LOG.debug("batch of {} readings failed, charging them one by one", batch.size(), e);
    }
    batch.forEach(this::chargeOne);
  }

  private void chargeOne(IngestedReading reading) {
    holdable.remove(reading.meterId()); // its state is unknown now: charge its next reading at once
    try {
      service.chargeReading(reading);
    } catch (RuntimeException e) {
      // The snapshot did not move, so the next reading of this meter charges the delta again in full.
      failed.incrementAndGet();
      LOG.warn("charging a reading of meter {} failed", reading.meterId(), e);
    }
    processed.incrementAndGet();
  }

  /** Readings charged or failed. */
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

  /** Readings waiting in the queue. */
  public int backlog() {
    return queue.size();
  }

  /** Readings held back to be charged together with later ones of their meter. */
  public int held() {
    return heldCount;
  }

  /**
   * Publishes {@code meterhub.charger.readings} (outcome charged, failed or dropped), and the gauges
   * {@code meterhub.charger.backlog} and {@code meterhub.charger.held}: a backlog that keeps growing means the charger
   * falls behind the readings, and balances and trips lag with it.
   */
  public void bindMetrics(MeterRegistry registry) {
    readings(registry, "charged", c -> c.processed() - c.failed());
    readings(registry, "failed", ConsumptionCharger::failed);
    readings(registry, "dropped", ConsumptionCharger::dropped);
    Gauge.builder("meterhub.charger.backlog", this, ConsumptionCharger::backlog)
        .description("readings waiting to be charged").register(registry);
    Gauge.builder("meterhub.charger.held", this, ConsumptionCharger::held)
        .description("readings held back to be charged together with later ones of their meter").register(registry);
  }

  private void readings(MeterRegistry registry, String outcome, ToDoubleFunction<ConsumptionCharger> count) {
    FunctionCounter.builder("meterhub.charger.readings", this, count)
        .description("readings handed to the prepayment charger, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  /** Stops accepting, charges what is queued and held, and stops the worker. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    worker.join(TimeUnit.SECONDS.toMillis(60));
  }
}
