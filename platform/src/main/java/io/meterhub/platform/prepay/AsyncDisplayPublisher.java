package io.meterhub.platform.prepay;

import io.meterhub.models.PrepaymentDisplay;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands displays to a blocking {@link DisplayPublisher} on its own threads, so that a top-up answers once its money
 * has committed instead of also waiting for the display command (a second transaction with its own audit entry). A
 * meter's displays go out in order on one of a few single-thread lanes, and a display still waiting is replaced by a
 * newer one: a burst for one meter costs one command, and the backlog never holds more than one display per meter.
 * A failed publish is logged; the meter's next change sends its display again.
 */
public final class AsyncDisplayPublisher implements DisplayPublisher, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AsyncDisplayPublisher.class);

  private final DisplayPublisher target;
  private final Map<String, PrepaymentDisplay> waiting = new ConcurrentHashMap<>();
  private final MeterLanes lanes;

  /** @param lanes how many displays may be handed to the target at the same time (each on its own thread) */
  public AsyncDisplayPublisher(DisplayPublisher target, int lanes) {
    this.target = Objects.requireNonNull(target, "target");
    this.lanes = new MeterLanes("meterhub-display", lanes);
  }

  @Override
  public void publish(String meterId, PrepaymentDisplay display) {
    Objects.requireNonNull(meterId, "meterId");
    Objects.requireNonNull(display, "display");
    // Only the put that finds nothing waiting schedules a delivery. A put racing with a delivery that already took
    // the older display schedules another one behind it on the same lane, so the newest always goes out last.
    if (waiting.put(meterId, display) == null) {
      lanes.execute(meterId, () -> deliver(meterId));
    }
  }

  private void deliver(String meterId) {
    PrepaymentDisplay display = waiting.remove(meterId);
    if (display == null) {
      return;
    }
    try {
      target.publish(meterId, display);
    } catch (RuntimeException e) {
      LOG.warn("Display update for meter {} failed: {}", meterId, e.toString());
    }
  }

  /** Displays waiting now. */
  public int waiting() {
    return waiting.size();
  }

  /** Sends what is waiting (for up to 5 s), then stops the lanes. */
  @Override
  public void close() {
    lanes.close();
  }
}
