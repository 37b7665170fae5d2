package io.meterhub.platform.event;

import io.meterhub.platform.store.Durability;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events, alarm changes and outage changes to webhooks, at least once: each notification is logged per
 * subscription, sent signed with {@link WebhookSigner} once the database confirms the log survives a crash, retried
 * with exponential backoff and dead-lettered after the last attempt. The SQL delivery log is the retry queue: a
 * failed attempt stores when the next one is due, and every node polls the log for due deliveries, claiming each
 * attempt with a lease so that two nodes never make the same attempt at once and a restarted or lost node's
 * deliveries are resumed. Everything runs on its own threads with a bounded number of requests in flight, so a slow
 * or failing receiver never holds up ingestion; the notification methods only enqueue.
 */
public final class WebhookDispatcher implements EventNotifications, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final int INTAKE_CAPACITY = 100_000;
  private static final Duration CACHE_TTL = Duration.ofSeconds(10);
  /** Most notifications fanned out before one wait for the database's flush. */
  private static final int FAN_OUT_BATCH = 256;

  private record Notice(String kind, String type, JsonObject data) {}

  /** One claimed attempt: {@code number} counts from 1; the claim holds until {@code claimUntil}. */
  private record Attempt(long deliveryId, Webhook hook, String body, int number, String claim, Instant claimUntil) {}

  private final JdbcWebhookStore store;
  private final Durability durability;
  private final EventConfig config;
  private final Clock clock;
  private final HttpClient http;
  private final String nodeId = "node-" + UUID.randomUUID();
  private final AtomicLong claims = new AtomicLong();
  private final AtomicLong attempted = new AtomicLong();
  private final BlockingQueue<Notice> intake = new LinkedBlockingQueue<>(INTAKE_CAPACITY);
  private final BlockingQueue<Attempt> ready = new LinkedBlockingQueue<>();
  private final Semaphore inFlight;
  private final ExecutorService outcomes = Executors.newSingleThreadExecutor(r -> thread(r, "meterhub-webhook-log"));
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(r -> thread(r, "meterhub-webhook-poll"));
  private final Thread fanOut = thread(this::fanOutLoop, "meterhub-webhook-fanout");
  private final Thread sender = thread(this::sendLoop, "meterhub-webhook-send");
  private final Counter dropped;
  private final Counter dead;
  private volatile List<Webhook> hooks;
  private volatile long hooksLoadedNanos;
  private volatile boolean running = true;

  /** @param durability what a delivery waits for before it is sent (the database's group commit on an H2 file) */
  public WebhookDispatcher(JdbcWebhookStore store, Durability durability, EventConfig config, Clock clock,
      MeterRegistry registry) {
    this.store = Objects.requireNonNull(store, "store");
    this.durability = Objects.requireNonNull(durability, "durability");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.inFlight = new Semaphore(config.webhookMaxInFlight());
    this.http = HttpClient.newBuilder().connectTimeout(config.webhookTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.dropped = registry.counter("meterhub.webhooks.dropped");
    this.dead = registry.counter("meterhub.webhooks.dead");
    fanOut.start();
    sender.start();
    long poll = config.webhookPollInterval().toMillis();
    poller.scheduleWithFixedDelay(this::resumeDue, 0, Math.max(1, poll), TimeUnit.MILLISECONDS);
  }

  private static Thread thread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void eventStored(MeterEvent event) {
    offer(new Notice("event", event.type(), EventJson.event(event)));
  }

  @Override
  public void alarmChanged(AlarmChange change) {
    offer(new Notice("alarm", change.change(), EventJson.alarm(change.alarm())));
  }

  @Override
  public void outageChanged(Outage outage, String change) {
    offer(new Notice("outage", change, EventJson.outage(outage)));
  }

  /** Forgets the cached subscriptions (after a create or delete on this node). */
  public void refresh() {
    hooks = null;
  }

  private void offer(Notice notice) {
    if (!intake.offer(notice)) {
      dropped.increment();
      LOG.error("webhook intake full: a {} notification was not delivered", notice.kind());
    }
  }

  private List<Webhook> subscriptions() {
    List<Webhook> current = hooks;
    if (current == null || System.nanoTime() - hooksLoadedNanos > CACHE_TTL.toNanos()) {
      current = store.all();
      hooks = current;
      hooksLoadedNanos = System.nanoTime();
    }
    return current;
  }

  private Optional<Webhook> subscription(String id) {
    for (int pass = 0; pass < 2; pass++) {
      for (Webhook hook : subscriptions()) {
        if (hook.id().equals(id)) {
          return Optional.of(hook);
        }
      }
      hooks = null; // created on another node since the cache was loaded
    }
    return Optional.empty();
  }

  private String newClaim() {
    return nodeId + ":" + claims.incrementAndGet();
  }

  private void fanOutLoop() {
    List<Notice> notices = new ArrayList<>(FAN_OUT_BATCH);
    List<Attempt> attempts = new ArrayList<>();
    while (running) {
      try {
        Notice first = intake.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        notices.clear();
        notices.add(first);
        intake.drainTo(notices, FAN_OUT_BATCH - 1);
        attempts.clear();
        for (Notice notice : notices) {
          try {
            logDeliveries(notice, attempts);
          } catch (RuntimeException e) {
            LOG.error("webhook fan-out of a {} notification failed", notice.kind(), e);
          }
        }
        if (!attempts.isEmpty() && awaitDurable(attempts.size())) {
          for (Attempt attempt : attempts) {
            ready.put(attempt);
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("webhook fan-out failed", e);
      }
    }
  }

  /** Logs a first attempt for each subscription that wants the notice (claimed by this node). */
  private void logDeliveries(Notice notice, List<Attempt> attempts) {
    for (Webhook hook : subscriptions()) {
      if (hook.wants(notice.kind(), notice.type())) {
        String base = new JsonObject().put("kind", notice.kind()).put("type", notice.type())
            .put("data", notice.data()).encode();
        String claim = newClaim();
        Instant now = clock.instant();
        Instant until = now.plus(config.webhookLease());
        long id = store.newDelivery(hook.id(), notice.kind(), base, now, claim, until);
        attempts.add(new Attempt(id, hook, body(id, base), 1, claim, until));
      }
    }
  }

  /**
   * Waits until what was committed so far survives a crash of this node: a receiver must never learn of an event, or
   * get a delivery id, that a crash could take back. One flush covers a whole batch. When it fails, the attempts stay
   * claimed in the log and the poller resumes them once the claims lapse.
   */
  private boolean awaitDurable(int attempts) throws InterruptedException {
    // Bounded by the send timeout, so a stuck flush cannot stall the fan-out and the claims keep room for the send
    try {
      durability.committed().toCompletableFuture().get(config.webhookTimeout().toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("{} webhook deliveries wait for their claims to lapse: the database could not confirm they are stored"
          + " ({})", attempts, e.toString());
      return false;
    }
  }

  private static String body(long deliveryId, String base) {
    return new JsonObject(base).put("deliveryId", Long.toString(deliveryId)).encode();
  }

  /** Claims deliveries that are due (retries, and first attempts of a node that stopped) while there is room. */
  private void resumeDue() {
    try {
      int room = config.webhookMaxInFlight() * 4 - ready.size();
      while (running && room > 0) {
        String claim = newClaim();
        Instant now = clock.instant();
        Instant until = now.plus(config.webhookLease());
        List<JdbcWebhookStore.Claimed> due = store.claimDue(claim, now, until, room);
        if (!due.isEmpty() && !awaitDurable(due.size())) {
          return;
        }
        for (JdbcWebhookStore.Claimed c : due) {
          Optional<Webhook> hook = subscription(c.webhookId());
          if (hook.isPresent()) {
            ready.put(new Attempt(c.id(), hook.get(), body(c.id(), c.payload()), c.attempts() + 1, claim, until));
          }
        }
        if (due.size() < room) {
          return;
        }
        room = config.webhookMaxInFlight() * 4 - ready.size();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("could not resume due webhook deliveries", e);
    }
  }

  private void sendLoop() {
    while (running) {
      try {
        Attempt attempt = ready.poll(100, TimeUnit.MILLISECONDS);
        if (attempt == null) {
          continue;
        }
        // An attempt that could outlive its lease is left for a later claim (by any node) rather than risk two
        // nodes sending it at once.
        if (clock.instant().plus(config.webhookTimeout()).isAfter(attempt.claimUntil())) {
          continue;
        }
        inFlight.acquire();
        if (!running) {
          inFlight.release();
          return;
        }
        send(attempt);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("webhook send failed", e);
      }
    }
  }

  private void send(Attempt a) {
    attempted.incrementAndGet();
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(a.hook().url())).timeout(config.webhookTimeout())
          .header("Content-Type", "application/json")
          .header("User-Agent", "meterhub-webhooks")
          .header("X-Meterhub-Timestamp", Long.toString(timestamp))
          .header("X-Meterhub-Signature", WebhookSigner.sign(a.hook().secret(), timestamp, a.body()))
          .header("X-Meterhub-Delivery", Long.toString(a.deliveryId()))
          .POST(HttpRequest.BodyPublishers.ofString(a.body())).build();
    } catch (IllegalArgumentException e) {
      inFlight.release();
      outcomes.execute(() -> finish(a, null, "invalid URL"));
      return;
    }
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
      inFlight.release();
      Integer code = response == null ? null : response.statusCode();
      String error = failure != null ? failure.getClass().getSimpleName()
          : (code >= 200 && code < 300 ? null : "HTTP " + code);
      try {
        outcomes.execute(() -> finish(a, code, error));
      } catch (RejectedExecutionException e) {
        LOG.info("webhook delivery {} outcome not recorded (stopping); its claim lapses and it is resumed",
            a.deliveryId());
      }
    });
  }

  private void finish(Attempt a, Integer code, String error) {
    try {
      Instant now = clock.instant();
      boolean recorded;
      if (error == null) {
        recorded = store.finishAttempt(a.deliveryId(), a.claim(), WebhookDelivery.DELIVERED, a.number(), code, null,
            now, null);
      } else if (a.number() >= config.webhookMaxAttempts()) {
        dead.increment();
        LOG.warn("webhook {} delivery {} dead after {} attempts: {}", a.hook().id(), a.deliveryId(), a.number(),
            error);
        recorded = store.finishAttempt(a.deliveryId(), a.claim(), WebhookDelivery.DEAD, a.number(), code, error, now,
            null);
      } else {
        recorded = store.finishAttempt(a.deliveryId(), a.claim(), WebhookDelivery.RETRYING, a.number(), code, error,
            now, now.plus(backoff(a.number())));
      }
      if (!recorded) {
        LOG.warn("webhook delivery {} attempt {}: claim lapsed, outcome left to the node that took it over",
            a.deliveryId(), a.number());
      }
    } catch (RuntimeException e) {
      LOG.error("could not log webhook delivery {}", a.deliveryId(), e);
    }
  }

  /** Wait before attempt {@code failed + 1}: initial × 2^(failed − 1), at most the configured maximum. */
  Duration backoff(int failed) {
    Duration wait = config.webhookInitialBackoff().multipliedBy(1L << Math.min(failed - 1, 30));
    return wait.compareTo(config.webhookMaxBackoff()) > 0 ? config.webhookMaxBackoff() : wait;
  }

  /** Notifications waiting for fan-out plus claimed attempts waiting to be sent (for tests and metrics). */
  public int backlog() {
    return intake.size() + ready.size();
  }

  /** Delivery attempts this dispatcher has started (for tests and metrics). */
  public long attempted() {
    return attempted.get();
  }

  @Override
  public void close() {
    running = false;
    poller.shutdownNow();
    fanOut.interrupt();
    sender.interrupt();
    outcomes.shutdown();
    try {
      poller.awaitTermination(5, TimeUnit.SECONDS);
      fanOut.join(1000);
      sender.join(1000);
      outcomes.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Map<Long, String> unsent = new HashMap<>();
    for (Attempt a : ready) {
      unsent.put(a.deliveryId(), a.claim());
    }
    try {
      store.releaseClaims(unsent);
    } catch (RuntimeException e) {
      LOG.warn("could not release {} webhook claims; they lapse after the lease", unsent.size(), e);
    }
  }
}
