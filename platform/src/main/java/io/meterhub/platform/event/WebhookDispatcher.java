package io.meterhub.platform.event;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events, alarm changes and outage changes to webhooks, at least once: each notification is logged per
 * subscription, sent signed with {@link WebhookSigner}, retried with exponential backoff and dead-lettered after the
 * last attempt. Everything runs on its own threads with a bounded number of requests in flight, so a slow or failing
 * receiver never holds up ingestion; the notification methods only enqueue.
 */
public final class WebhookDispatcher implements EventNotifications, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final int INTAKE_CAPACITY = 100_000;
  private static final Duration CACHE_TTL = Duration.ofSeconds(10);

  private record Notice(String kind, String type, JsonObject data) {}

  private final class Attempt implements Delayed {
    final long deliveryId;
    final Webhook hook;
    final String body;
    final int number;
    final long dueNanos;

    Attempt(long deliveryId, Webhook hook, String body, int number, Duration delay) {
      this.deliveryId = deliveryId;
      this.hook = hook;
      this.body = body;
      this.number = number;
      this.dueNanos = System.nanoTime() + delay.toNanos();
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(dueNanos, ((Attempt) other).dueNanos);
    }
  }

  private final JdbcWebhookStore store;
  private final EventConfig config;
  private final Clock clock;
  private final HttpClient http;
  private final BlockingQueue<Notice> intake = new LinkedBlockingQueue<>(INTAKE_CAPACITY);
  private final DelayQueue<Attempt> attempts = new DelayQueue<>();
  private final Semaphore inFlight;
  private final ExecutorService outcomes = Executors.newSingleThreadExecutor(r -> thread(r, "meterhub-webhook-log"));
  private final Thread fanOut = thread(this::fanOutLoop, "meterhub-webhook-fanout");
  private final Thread sender = thread(this::sendLoop, "meterhub-webhook-send");
  private final Counter dropped;
  private final Counter dead;
  private volatile List<Webhook> hooks;
  private volatile long hooksLoadedNanos;
  private volatile boolean running = true;

  public WebhookDispatcher(JdbcWebhookStore store, EventConfig config, Clock clock, MeterRegistry registry) {
    this.store = Objects.requireNonNull(store, "store");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.inFlight = new Semaphore(config.webhookMaxInFlight());
    this.http = HttpClient.newBuilder().connectTimeout(config.webhookTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.dropped = registry.counter("meterhub.webhooks.dropped");
    this.dead = registry.counter("meterhub.webhooks.dead");
    fanOut.start();
    sender.start();
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

  private void fanOutLoop() {
    while (running) {
      try {
        Notice notice = intake.poll(100, TimeUnit.MILLISECONDS);
        if (notice == null) {
          continue;
        }
        for (Webhook hook : subscriptions()) {
          if (hook.wants(notice.kind(), notice.type())) {
            String base = new JsonObject().put("kind", notice.kind()).put("type", notice.type())
                .put("data", notice.data()).encode();
            long id = store.newDelivery(hook.id(), notice.kind(), base, clock.instant());
            String body = new JsonObject(base).put("deliveryId", Long.toString(id)).encode();
            attempts.put(new Attempt(id, hook, body, 1, Duration.ZERO));
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("webhook fan-out failed", e);
      }
    }
  }

  private void sendLoop() {
    while (running) {
      try {
        Attempt attempt = attempts.poll(100, TimeUnit.MILLISECONDS);
        if (attempt == null) {
          continue;
        }
        inFlight.acquire();
        send(attempt);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("webhook send failed", e);
      }
    }
  }

  private void send(Attempt a) {
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(a.hook.url())).timeout(config.webhookTimeout())
          .header("Content-Type", "application/json")
          .header("User-Agent", "meterhub-webhooks")
          .header("X-Meterhub-Timestamp", Long.toString(timestamp))
          .header("X-Meterhub-Signature", WebhookSigner.sign(a.hook.secret(), timestamp, a.body))
          .header("X-Meterhub-Delivery", Long.toString(a.deliveryId))
          .POST(HttpRequest.BodyPublishers.ofString(a.body)).build();
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
      outcomes.execute(() -> finish(a, code, error));
    });
  }

  private void finish(Attempt a, Integer code, String error) {
    try {
      if (error == null) {
        store.updateDelivery(a.deliveryId, WebhookDelivery.DELIVERED, a.number, code, null, clock.instant());
      } else if (a.number >= config.webhookMaxAttempts()) {
        dead.increment();
        LOG.warn("webhook {} delivery {} dead after {} attempts: {}", a.hook.id(), a.deliveryId, a.number, error);
        store.updateDelivery(a.deliveryId, WebhookDelivery.DEAD, a.number, code, error, clock.instant());
      } else {
        store.updateDelivery(a.deliveryId, WebhookDelivery.RETRYING, a.number, code, error, clock.instant());
        attempts.put(new Attempt(a.deliveryId, a.hook, a.body, a.number + 1, backoff(a.number)));
      }
    } catch (RuntimeException e) {
      LOG.error("could not log webhook delivery {}", a.deliveryId, e);
    }
  }

  /** Wait before attempt {@code failed + 1}: initial × 2^(failed − 1), at most the configured maximum. */
  Duration backoff(int failed) {
    Duration wait = config.webhookInitialBackoff().multipliedBy(1L << Math.min(failed - 1, 30));
    return wait.compareTo(config.webhookMaxBackoff()) > 0 ? config.webhookMaxBackoff() : wait;
  }

  /** Notifications waiting for fan-out plus attempts waiting to be sent (for tests and metrics). */
  public int backlog() {
    return intake.size() + attempts.size();
  }

  @Override
  public void close() {
    running = false;
    fanOut.interrupt();
    sender.interrupt();
    outcomes.shutdown();
    try {
      outcomes.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
