package io.meterhub.platform.event;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.meterhub.platform.store.Durability;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events, alarm changes, outage changes and meter status changes for the live stream on the Vert.x event
 * bus of this node ({@link #ADDRESS}, local only). Message body:
 * {@code {"kind": "event"|"alarm"|"outage"|"status", "category": "meter", "change": ..., "data": {...}}}. Built with
 * a {@link HazelcastInstance}, the messages go through a cluster topic ({@link #TOPIC}) and every node re-publishes
 * them on its own event bus, so a stream on any node sees what every node ingested; without one, each node streams
 * what it ingested itself. Messages go out in order once the database confirms the changes behind them are durable.
 * {@link #close()} stops listening.
 */
public final class StreamPublisher implements EventNotifications, AutoCloseable {

  /** Event bus address of the live stream. */
  public static final String ADDRESS = "meterhub.stream";
  /** Hazelcast topic that carries stream messages between nodes. */
  public static final String TOPIC = "meterhub.stream";

  private static final Logger LOG = LoggerFactory.getLogger(StreamPublisher.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final Durability durability;
  /** Messages waiting for the next flush, in publishing order; guards {@link #flushing} too. */
  private final List<JsonObject> waiting = new ArrayList<>();
  private boolean flushing;
  private final ITopic<String> topic;
  private final UUID listener;

  /**
   * A publisher for this node's stream only.
   *
   * @param durability what a message waits for before it is streamed (the database's group commit on an H2 file)
   */
  public StreamPublisher(Vertx vertx, Durability durability) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.durability = Objects.requireNonNull(durability, "durability");
    this.topic = null;
    this.listener = null;
  }

  /** A publisher whose messages reach the stream of every node of {@code hazelcast}'s cluster. */
  public StreamPublisher(Vertx vertx, HazelcastInstance hazelcast, Durability durability) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.durability = Objects.requireNonNull(durability, "durability");
    this.topic = Objects.requireNonNull(hazelcast, "hazelcast").getTopic(TOPIC);
    // The listener also receives this node's own messages, so they are not published locally a second time.
    this.listener = topic.addMessageListener(m -> deliverLocally(new JsonObject(m.getMessageObject())));
  }

  @Override
  public void eventStored(MeterEvent event) {
    publish("event", event.type(), EventJson.event(event));
  }

  @Override
  public void alarmChanged(AlarmChange change) {
    publish("alarm", change.change(), EventJson.alarm(change.alarm()));
  }

  @Override
  public void outageChanged(Outage outage, String change) {
    publish("outage", change, EventJson.outage(outage));
  }

  /** A meter went {@code online} or {@code offline} (message kind {@code status}). */
  public void meterStatusChanged(String meterId, String status, Instant at) {
    Objects.requireNonNull(meterId, "meterId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(at, "at");
    publish("status", status, new JsonObject().put("meterId", meterId).put("status", status).put("at", at.toString()));
  }

  private void publish(String kind, String change, JsonObject data) {
    JsonObject message =
        new JsonObject().put("kind", kind).put("category", "meter").put("change", change).put("data", data);
    if (durability == Durability.AT_COMMIT) {
      send(message); // durable at commit (PostgreSQL): nothing to wait for
      return;
    }
    synchronized (waiting) {
      waiting.add(message);
      if (flushing) {
        return; // goes out with the next batch, after the next flush
      }
      flushing = true;
    }
    flushThenSend();
  }

  /**
   * Sends what waits, in order, once the database confirms that everything committed before is durable: a stream
   * must not show an event that a crash could take back. Messages arriving meanwhile wait for the next flush, so a
   * burst costs one flush per batch, not one per message. After a failed flush the batch is dropped (logged): the
   * stream is live only, and a client catches up through the API.
   */
  private void flushThenSend() {
    List<JsonObject> batch;
    synchronized (waiting) {
      batch = new ArrayList<>(waiting);
      waiting.clear();
    }
    durability.committed().whenComplete((ok, failure) -> {
      if (failure == null) {
        batch.forEach(this::send);
      } else {
        LOG.warn("{} stream messages dropped: the database could not confirm their changes are stored ({})",
            batch.size(), failure.toString());
      }
      synchronized (waiting) {
        if (waiting.isEmpty()) {
          flushing = false;
          return;
        }
      }
      flushThenSend();
    });
  }

  private void send(JsonObject message) {
    if (topic == null) {
      deliverLocally(message);
      return;
    }
    topic.publishAsync(message.encode()).whenComplete((ok, failure) -> {
      if (failure != null) {
        LOG.warn("stream message ({}) not published to the cluster: {}", message.getString("kind"),
            failure.toString());
      }
    });
  }

  private void deliverLocally(JsonObject message) {
    vertx.eventBus().publish(ADDRESS, message, LOCAL);
  }

  @Override
  public void close() {
    if (topic != null) {
      try {
        topic.removeMessageListener(listener);
      } catch (RuntimeException e) {
        LOG.debug("stream topic listener not removed (cluster member already stopped)", e);
      }
    }
  }
}
