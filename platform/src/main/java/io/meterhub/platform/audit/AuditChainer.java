package io.meterhub.platform.audit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chains the audit queue every interval ({@link ChainedAuditLog#chainQueued()}), so an entry is unchained for at most
 * about one interval even when nobody reads the log. One daemon thread per node; the nodes of a cluster take turns on
 * the chain's head lock. A failed round is logged and retried at the next one; nothing queued is lost meanwhile.
 */
public final class AuditChainer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AuditChainer.class);

  private final ScheduledExecutorService timer;
  private final ChainedAuditLog log;

  private AuditChainer(ScheduledExecutorService timer, ChainedAuditLog log) {
    this.timer = timer;
    this.log = log;
  }

  public static AuditChainer start(ChainedAuditLog log, Duration interval) {
    Objects.requireNonNull(log, "log");
    long millis = interval.toMillis();
    return new AuditChainer(AuditTimer.start("audit-chain", log::chainQueued, millis, millis, LOG,
        "Could not chain queued audit entries"), log);
  }

  /** Stops the timer, then chains what is still queued, so a clean stop leaves nothing unchained. */
  @Override
  public void close() throws InterruptedException {
    timer.shutdown();
    timer.awaitTermination(10, TimeUnit.SECONDS);
    try {
      log.chainQueued();
    } catch (RuntimeException e) {
      LOG.warn("Audit entries left queued at shutdown; the next node to start chains them: {}", e.toString());
    }
  }
}
