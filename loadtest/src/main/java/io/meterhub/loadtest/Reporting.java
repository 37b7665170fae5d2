package io.meterhub.loadtest;

import io.meterhub.models.EventCode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the meters' values on one shared scheduler tick (100 ms): each meter is sampled once per report interval, in
 * the slot of its index, so changes spread evenly over the interval. (With one tick a second, 10,000 meters at 5 s
 * sent 2,000 notifications in one burst each second, and a command to any meter queued behind the burst, in the
 * simulator and in the platform; a fleet of real meters does not report in lockstep.) Also raises spontaneous events
 * and region bursts and pushes them with Send, and tells the freshness probe when a sampled meter changed.
 */
public final class Reporting implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Reporting.class);

  private static final int MAX_SEND_ATTEMPTS = 6;
  private static final int TICKS_PER_SECOND = 10;

  private final List<SimMeter> meters;
  /** The meters sampled on each tick of an interval, by their index. */
  private final List<List<SimMeter>> slots;
  private final int interval;
  private final EventGenerator events;
  private final Results results;
  private final Clock clock;
  private final Set<String> sampled;
  private final FreshnessProbe probe;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "reporting-tick"));
  private final ScheduledExecutorService senders =
      Executors.newScheduledThreadPool(8, r -> daemon(r, "event-send"));
  private final AtomicLong tick = new AtomicLong();

  /**
   * @param sampled ids of meters whose changes go to {@code probe} (may be null when there is no probe)
   */
  public Reporting(
      List<SimMeter> meters,
      int intervalSeconds,
      EventGenerator events,
      Results results,
      Clock clock,
      Set<String> sampled,
      FreshnessProbe probe) {
    this.meters = List.copyOf(meters);
    this.interval = intervalSeconds;
    int slotCount = intervalSeconds * TICKS_PER_SECOND;
    List<List<SimMeter>> bySlot = new ArrayList<>();
    for (int i = 0; i < slotCount; i++) {
      bySlot.add(new ArrayList<>());
    }
    this.meters.forEach(m -> bySlot.get(m.identity().index() % slotCount).add(m));
    this.slots = bySlot;
    this.events = Objects.requireNonNull(events, "events");
    this.results = Objects.requireNonNull(results, "results");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sampled = sampled == null ? Set.of() : Set.copyOf(sampled);
    this.probe = probe;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  public void start() {
    long period = 1000 / TICKS_PER_SECOND;
    ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    long n = tick.incrementAndGet();
    long started = System.nanoTime();
    try {
      for (SimMeter meter : slots.get((int) (n % slots.size()))) {
        if (!meter.registered()) {
          continue;
        }
        // Each meter's own change time: with thousands of meters per tick, the end of the loop is noticeably later
        // than its start, and that delay is the simulator's, not the platform's.
        Instant now = clock.instant();
        long wh = meter.sample(now);
        results.count("valueChanges");
        // The first sample after registration may come before the platform observes: follow later ones only.
        if (probe != null && meter.samples() > 1 && sampled.contains(meter.identity().id())) {
          probe.changed(meter.identity().id(), wh, now);
        }
        Optional<EventCode> event = events.eventAt(meter.identity().seed(), n / slots.size(), interval, meter.profile());
        event.ifPresent(code -> raise(meter, code));
      }
      results.latency("simulatorTick", java.time.Duration.ofNanos(System.nanoTime() - started));
    } catch (RuntimeException e) {
      results.error("reporting.tick", e.toString());
      LOG.warn("Reporting tick failed", e);
    }
  }

  /** Raises {@code codes} on every registered meter of {@code region} and sends them (a tamper or outage burst). */
  public int burst(String region, List<EventCode> codes) {
    int n = 0;
    for (SimMeter meter : meters) {
      if (meter.identity().region().equals(region) && meter.registered()) {
        codes.stream().filter(meter.profile().events()::contains).forEach(c -> meter.meter().events().raise(c, null,
            null));
        send(meter);
        n++;
      }
    }
    results.count("burstMeters", n);
    return n;
  }

  private void raise(SimMeter meter, EventCode code) {
    meter.meter().events().raise(code, null, code == EventCode.VOLTAGE_LOSS_L1 ? 1 : null);
    results.count("eventsRaised");
    send(meter);
  }

  private void send(SimMeter meter) {
    send(meter, 1);
  }

  private void send(SimMeter meter, int attempt) {
    if (senders.isShutdown()) {
      return; // a tick that raced close(): the run is over, nothing left to measure
    }
    try {
      sendNow(meter, attempt);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      if (!senders.isShutdown()) {
        throw e;
      }
    }
  }

  private void sendNow(SimMeter meter, int attempt) {
    senders.execute(
        () -> {
          try {
            meter.meter().sendEvents().ifPresent(r -> {
              if (r.isSuccess()) {
                results.count("eventSends");
              } else if (r.getCode().getCode() == 404 && attempt < MAX_SEND_ATTEMPTS) {
                // The server checks Send paths against the registered object instances; sendEvents waits for the
                // Update announcing a new instance, but a meter that re-registered meanwhile can still be refused.
                // Retry later (unsent events are kept); asking for an Update here would replace the one that carries
                // the new object links.
                results.count("eventSendRetries");
                senders.schedule(() -> send(meter, attempt + 1), attempt, TimeUnit.SECONDS);
              } else {
                results.error("event.send." + r.getCode().getName(), meter.identity().id());
              }
            });
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            if (meter.registered()) {
              results.error("event.send", e.getMessage());
            }
          }
        });
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    senders.shutdownNow();
  }
}
