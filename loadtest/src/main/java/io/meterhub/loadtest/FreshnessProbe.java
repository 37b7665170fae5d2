package io.meterhub.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Measures how long a meter's new values take to become queryable: after the simulator changed a sampled meter's
 * register, polls {@code GET /api/v1/meters/{id}/readings} until a reading with at least that register appears.
 * Records {@code notificationToQueryable} (change → seen through the API, resolution = the poll period),
 * {@code notificationToReceived} (change → the reading's timestamp, which the platform stamps on arrival) and
 * {@code notificationSentToQueryable} (the meter's notification left it → seen through the API), for the
 * whole run and again per phase in which the change happened ({@code notificationToQueryable.steady}, …): each
 * phase has its own target and load, a registration storm's backlog says nothing about steady reporting.
 */
public final class FreshnessProbe implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(250);

  private final PlatformApi api;
  private final Results results;
  private final Clock clock;
  private final Duration giveUpAfter;
  private final Supplier<String> phase;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "freshness-probe");
    t.setDaemon(true);
    return t;
  });

  /** @param sentAt when the meter's first notification after the change left it; null until then */
  private record Pending(long wh, Instant changedAt, String phase, Instant sentAt) {}

  /**
   * @param giveUpAfter when a change not seen by then counts as an error
   * @param phase the scenario's current phase
   */
  public FreshnessProbe(PlatformApi api, Results results, Clock clock, Duration giveUpAfter, Supplier<String> phase) {
    this.api = Objects.requireNonNull(api, "api");
    this.results = Objects.requireNonNull(results, "results");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.giveUpAfter = Objects.requireNonNull(giveUpAfter, "giveUpAfter");
    this.phase = Objects.requireNonNull(phase, "phase");
  }

  public void start() {
    poller.scheduleWithFixedDelay(this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The simulator set meter {@code id}'s register to {@code wh} at {@code at}; one change per meter is followed. */
  public void changed(String id, long wh, Instant at) {
    pending.putIfAbsent(id, new Pending(wh, at, phase.get(), null));
  }

  /** Meter {@code id} sent an observe notification at {@code at} (see {@link NotificationTap}). */
  public void notificationSent(String id, Instant at) {
    pending.computeIfPresent(id, (k, p) -> p.sentAt() == null && !at.isBefore(p.changedAt())
        ? new Pending(p.wh(), p.changedAt(), p.phase(), at) : p);
  }

  private void poll() {
    for (Map.Entry<String, Pending> entry : pending.entrySet()) {
      String id = entry.getKey();
      Pending p = entry.getValue();
      Instant now = clock.instant();
      try {
        PlatformApi.Reply reply = api.readings(id, p.changedAt().minusSeconds(1).toString(), 100);
        if (reply.status() != 200) {
          results.error("freshness.http" + reply.status(), reply.body());
          pending.remove(id);
          continue;
        }
        JsonArray items = reply.json().getJsonArray("items", new JsonArray());
        for (int i = 0; i < items.size(); i++) {
          JsonObject reading = items.getJsonObject(i);
          // a reading without the energy register (e.g. tariff registers only) carries "activeEnergyKwh": null
          Double kwh = reading.getDouble("activeEnergyKwh", null);
          if (kwh != null && Math.round(kwh * 1000) >= p.wh()) {
            Instant stamped = Instant.parse(reading.getString("timestamp"));
            for (String name : List.of("", "." + p.phase())) {
              results.latency("notificationToQueryable" + name, Duration.between(p.changedAt(), now));
              results.latency("notificationToReceived" + name, Duration.between(p.changedAt(), stamped));
              if (p.sentAt() != null) {
                results.latency("notificationSentToQueryable" + name, Duration.between(p.sentAt(), now));
              }
            }
            pending.remove(id);
            break;
          }
        }
        if (pending.containsKey(id) && Duration.between(p.changedAt(), now).compareTo(giveUpAfter) > 0) {
          results.error("freshness.notSeen", id + " register " + p.wh() + " Wh not queryable after " + giveUpAfter);
          pending.remove(id);
        }
      } catch (RuntimeException e) {
        if (poller.isShutdown()) {
          return; // closed while a request was in flight: the interruption is ours, not the platform's
        }
        results.error("freshness.io", e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
