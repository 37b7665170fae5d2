package io.meterhub.platform.prepay;

import io.meterhub.models.PrepaymentDisplay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a meter's display at most once per interval while only its balance drifts down with consumption; a change of
 * credit state or warnings, a rise in balance (top-up, adjustment) or a new currency goes out at once. The newest
 * display held back is sent once the interval has passed, so a meter always ends up showing current values.
 *
 * <p>Why: the credit engine publishes after every charge, i.e. after every reading of a prepaid meter; each publish is
 * a device command (SQL row, audit entries, a CoAP write and a read-back). At 5-s readings that was one write per
 * meter every 5 s, measured to starve the node's reading ingestion in the load test. Per node: with several nodes a
 * meter may get a few more updates, never fewer.
 *
 * <p>Decisions and hand-overs are serialised per meter (a lock per stripe of meters, so the charger, the top-ups and
 * the flush rarely wait for each other), and a flush can never overtake a newer display of the same meter; the target
 * must return quickly, e.g. an {@link AsyncDisplayPublisher}.
 */
public final class ThrottledDisplayPublisher implements DisplayPublisher, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ThrottledDisplayPublisher.class);

  private record Sent(PrepaymentDisplay display, Instant at) {}

  private static final int LOCK_STRIPES = 64;

  private final DisplayPublisher target;
  private final Duration interval;
  private final Clock clock;
  private final Map<String, Sent> lastSent = new ConcurrentHashMap<>();
  private final Map<String, PrepaymentDisplay> heldBack = new ConcurrentHashMap<>();
  private final ScheduledExecutorService flusher;
  private final Object[] locks = new Object[LOCK_STRIPES];

  /**
   * @param interval shortest time between two consumption-only updates of one meter; zero sends everything at once
   * @param flushPeriod how often held-back displays are checked
   */
  public ThrottledDisplayPublisher(DisplayPublisher target, Duration interval, Duration flushPeriod, Clock clock) {
    this.target = Objects.requireNonNull(target, "target");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("interval must not be negative");
    }
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "meterhub-display-flush");
      t.setDaemon(true);
      return t;
    });
    flusher.scheduleWithFixedDelay(this::flush, flushPeriod.toMillis(), flushPeriod.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void publish(String meterId, PrepaymentDisplay display) {
    Objects.requireNonNull(meterId, "meterId");
    Objects.requireNonNull(display, "display");
    synchronized (lockFor(meterId)) {
      Instant now = clock.instant();
      Sent last = lastSent.get(meterId);
      if (last == null || urgent(last.display(), display) || !now.isBefore(last.at().plus(interval))) {
        heldBack.remove(meterId);
        send(meterId, display, now);
      } else {
        heldBack.put(meterId, display);
      }
    }
  }

  /** Sends the held-back displays whose interval has passed. */
  void flush() {
    Instant now = clock.instant();
    for (String meterId : heldBack.keySet()) {
      synchronized (lockFor(meterId)) {
        Sent last = lastSent.get(meterId);
        if (last == null || !now.isBefore(last.at().plus(interval))) {
          PrepaymentDisplay display = heldBack.remove(meterId);
          if (display != null) {
            try {
              send(meterId, display, now);
            } catch (RuntimeException e) {
              LOG.warn("Display update for meter {} failed: {}", meterId, e.toString());
            }
          }
        }
      }
    }
  }

  private Object lockFor(String meterId) {
    return locks[Math.floorMod(meterId.hashCode(), locks.length)];
  }

  private void send(String meterId, PrepaymentDisplay display, Instant now) {
    lastSent.put(meterId, new Sent(display, now));
    target.publish(meterId, display);
  }

  private static boolean urgent(PrepaymentDisplay shown, PrepaymentDisplay next) {
    return !shown.creditState().equals(next.creditState())
        || shown.lowCreditWarning() != next.lowCreditWarning()
        || shown.emergencyAvailable() != next.emergencyAvailable()
        || !shown.currency().equals(next.currency())
        || next.balanceMinor() > shown.balanceMinor();
  }

  /**
   * Stops the flusher. Displays still held back are not sent: after a restart a meter's next update goes out at once,
   * as nothing was sent to it yet from this node.
   */
  @Override
  public void close() {
    flusher.shutdownNow();
  }
}
