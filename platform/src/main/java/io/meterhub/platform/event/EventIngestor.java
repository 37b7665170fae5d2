package io.meterhub.platform.event;

import io.meterhub.models.EventCode;
import io.meterhub.models.MeterEventRecord;
import io.meterhub.models.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
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
 * The {@link MeterEventSink}: queues what the LwM2M side hands over and returns at once; a few worker threads store
 * the events (duplicates skipped), flag clock skew, run the alarm rules and notify streams and webhooks. A meter's
 * events always go to the same worker (partitioned by meter id), so they are stored and evaluated in order; work that
 * must be serialised with a meter's rules (voltage quality alarms) runs on that meter's worker via {@link #submit}.
 * Several workers overlap their database round trips, which is what bounds one worker on a networked database.
 */
public final class EventIngestor implements MeterEventSink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventIngestor.class);
  private static final int STORE_ATTEMPTS = 3;

  private record Batch(String meterId, List<MeterEventRecord> events, Instant receivedAt, long acceptedNanos) {}

  private final EventStore store;
  private final AlarmEngine engine;
  private final RegionLookup regions;
  private final EventNotifications notify;
  private final EventConfig config;
  private final List<BlockingQueue<Object>> queues = new ArrayList<>();
  private final List<Thread> workers = new ArrayList<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong processed = new AtomicLong();
  private final Counter stored;
  private final Counter duplicates;
  private final Counter dropped;
  private final Counter lost;
  private final Timer latency;
  private volatile boolean running = true;

  /**
   * Builds the ingestor and starts its worker thread.
   *
   * @param registry where the {@code meterhub.events.*} metrics go
   */
  public EventIngestor(EventStore store, AlarmEngine engine, RegionLookup regions, EventNotifications notify,
      EventConfig config, MeterRegistry registry) {
    this.store = Objects.requireNonNull(store, "store");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.regions = Objects.requireNonNull(regions, "regions");
    this.notify = Objects.requireNonNull(notify, "notify");
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(registry, "registry");
    this.stored = registry.counter("meterhub.events.stored");
    this.duplicates = registry.counter("meterhub.events.duplicates");
    this.dropped = registry.counter("meterhub.events.dropped", "reason", "queue_full");
    this.lost = registry.counter("meterhub.events.dropped", "reason", "store_failed");
    this.latency = Timer.builder("meterhub.events.ingest.latency")
        .description("Received by the sink → stored and alarms evaluated")
        .publishPercentiles(0.5, 0.99)
        .register(registry);
    for (int i = 0; i < config.ingestWorkers(); i++) {
      BlockingQueue<Object> queue = new ArrayBlockingQueue<>(config.queueCapacity());
      queues.add(queue);
      Thread worker = new Thread(() -> run(queue), "meterhub-event-ingest-" + i);
      worker.setDaemon(true);
      workers.add(worker);
    }
    registry.gauge("meterhub.events.queue", queues, EventIngestor::queued);
    workers.forEach(Thread::start);
  }

  private static int queued(List<BlockingQueue<Object>> queues) {
    int total = 0;
    for (BlockingQueue<Object> q : queues) {
      total += q.size();
    }
    return total;
  }

  private BlockingQueue<Object> queueOf(String meterId) {
    return queues.get(Math.floorMod(meterId.hashCode(), queues.size()));
  }

  @Override
  public void accept(String meterId, List<MeterEventRecord> events, Instant receivedAt) {
    Objects.requireNonNull(meterId, "meterId");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(receivedAt, "receivedAt");
    if (events.isEmpty()) {
      return;
    }
    accepted.addAndGet(events.size());
    if (!running || !queueOf(meterId).offer(new Batch(meterId, List.copyOf(events), receivedAt, System.nanoTime()))) {
      dropped.increment(events.size());
      processed.addAndGet(events.size());
      LOG.error("event queue full: {} events of meter {} dropped", events.size(), meterId);
    }
  }

  /**
   * Runs {@code task} on the worker of {@code meterId} (serialised with that meter's alarm rules); false when its
   * queue is full.
   */
  boolean submit(String meterId, Runnable task) {
    return running && queueOf(meterId).offer(Objects.requireNonNull(task, "task"));
  }

  /** Events handed over so far (including duplicates and dropped ones). */
  public long accepted() {
    return accepted.get();
  }

  /** Events the worker has finished with (stored, skipped as duplicate, or dropped). */
  public long processed() {
    return processed.get();
  }

  /** Waits until every event accepted so far is processed; false on timeout. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (processed.get() < accepted.get() || queued(queues) > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  private void run(BlockingQueue<Object> queue) {
    List<Object> work = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Object first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        work.add(first);
        queue.drainTo(work, config.batchSize() - 1);
        process(work);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("event worker failed on a batch", e);
      } finally {
        work.clear();
      }
    }
  }

  private void process(List<Object> work) throws InterruptedException {
    List<MeterEvent> events = new ArrayList<>();
    List<Batch> batches = new ArrayList<>();
    int refused = 0;
    for (Object item : work) {
      if (item instanceof Batch batch) {
        batches.add(batch);
        String region = regions.regionOf(batch.meterId());
        for (MeterEventRecord record : batch.events()) {
          if (record.sequence() < 0) {
            // Negative sequence numbers belong to platform-raised events (CreditEvents); meters count from 0.
            LOG.debug("event of meter {} with negative sequence {} ignored", batch.meterId(), record.sequence());
            refused++;
            continue;
          }
          events.add(toEvent(batch.meterId(), region, record, batch.receivedAt()));
        }
      } else {
        runTask((Runnable) item);
      }
    }
    int count = events.size();
    try {
      List<MeterEvent> fresh = storeWithRetry(events);
      stored.increment(fresh.size());
      duplicates.increment(count - fresh.size());
      for (MeterEvent event : fresh) {
        afterStore(event);
      }
    } finally {
      long now = System.nanoTime();
      for (Batch batch : batches) {
        for (int i = 0; i < batch.events().size(); i++) {
          latency.record(now - batch.acceptedNanos(), TimeUnit.NANOSECONDS);
        }
      }
      processed.addAndGet(count + refused);
    }
  }

  private void runTask(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.error("event worker task failed", e);
    }
  }

  private List<MeterEvent> storeWithRetry(List<MeterEvent> events) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return store.insertNew(events);
      } catch (RuntimeException e) {
        if (attempt >= STORE_ATTEMPTS || !running) {
          lost.increment(events.size());
          LOG.error("{} events could not be stored after {} attempts and are lost", events.size(), attempt, e);
          return List.of();
        }
        LOG.warn("storing {} events failed (attempt {}), retrying", events.size(), attempt, e);
        Thread.sleep(200L * attempt);
      }
    }
  }

  private void afterStore(MeterEvent event) {
    try {
      notify.eventStored(event);
      engine.evaluate(event);
      if (event.details() != null && event.details().contains("clockSkewSeconds")) {
        engine.raise(event.meterId(), event.region(), "clock", "clock_skew", Severity.WARNING, event.details());
      }
    } catch (RuntimeException e) {
      LOG.error("alarm rules failed for event {} of meter {}", event.id(), event.meterId(), e);
    }
  }

  private MeterEvent toEvent(String meterId, String region, MeterEventRecord r, Instant receivedAt) {
    JsonObject details = new JsonObject();
    if (r.code() == EventCode.UNKNOWN) {
      details.put("rawCode", r.rawCode());
    }
    long skew = Duration.between(receivedAt, r.occurredAt()).getSeconds();
    if (Math.abs(skew) > config.clockSkewTolerance().getSeconds()) {
      details.put("clockSkewSeconds", skew);
    }
    return new MeterEvent(0, meterId, region, EventTypes.of(r.code()), r.code().severity(), r.occurredAt(),
        receivedAt, r.sequence(), r.value(), r.phase(), details.isEmpty() ? null : details.encode());
  }

  /** Stops accepting, finishes what is queued (bounded by {@code timeout}), and stops the worker. */
  public void close(Duration timeout) {
    running = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (Thread worker : workers) {
        worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (int i = 0; i < workers.size(); i++) {
      if (workers.get(i).isAlive()) {
        workers.get(i).interrupt();
        LOG.warn("event worker {} did not finish within {}; {} queued items abandoned", i, timeout,
            queues.get(i).size());
      }
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
