package io.meterhub.platform.audit;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/** One daemon thread running an audit task at a fixed delay; a failed round is logged and the next one runs. */
final class AuditTimer {

  private AuditTimer() {}

  static ScheduledExecutorService start(String threadName, Runnable task, long initialMillis, long periodMillis,
      Logger log, String failure) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.warn("{}: {}", failure, e.toString());
      }
    }, initialMillis, periodMillis, TimeUnit.MILLISECONDS);
    return timer;
  }
}
