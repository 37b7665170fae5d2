package io.meterhub.platform.audit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a signed tree head every interval (when the log grew), so that heads exist at a steady pace and a proof
 * request rarely has to add many entries to the tree itself. One daemon thread; a failed round is logged and retried
 * at the next one.
 */
public final class AuditTreePublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AuditTreePublisher.class);

  private final ScheduledExecutorService timer;

  private AuditTreePublisher(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Publishes once soon after the start, then every {@code interval}. */
  public static AuditTreePublisher start(AuditTree tree, Duration interval) {
    Objects.requireNonNull(tree, "tree");
    long millis = interval.toMillis();
    ScheduledExecutorService timer = AuditTimer.start("audit-tree", tree::publish, Math.min(millis, 1000), millis, LOG,
        "Could not publish a signed audit tree head");
    return new AuditTreePublisher(timer);
  }

  @Override
  public void close() throws InterruptedException {
    timer.shutdownNow();
    timer.awaitTermination(10, TimeUnit.SECONDS);
  }
}
