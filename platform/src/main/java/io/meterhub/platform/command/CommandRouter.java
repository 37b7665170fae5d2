package io.meterhub.platform.command;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.meterhub.platform.meter.MeterLiveState;
import io.meterhub.platform.meter.MeterStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a meter's undelivered commands to the node that holds its DTLS session. Each node listens on its own
 * Hazelcast topic ({@code meterhub.command.deliver.<node>}); a message only says "look at meter X" — the commands
 * themselves stay in the replicated pending map, so a lost message costs latency (the sweep re-sends it), never a
 * command.
 */
final class CommandRouter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CommandRouter.class);
  static final String TOPIC_PREFIX = "meterhub.command.deliver.";

  private final HazelcastInstance hazelcast;
  private final String node;
  private final MeterLiveState live;
  /** Meters whose traffic this node saw, with when: the sessions it holds (unless another node saw them later). */
  private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
  private volatile Consumer<String> localKick = meterId -> {};
  private UUID listener;

  CommandRouter(HazelcastInstance hazelcast, String node, MeterLiveState live) {
    this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
    this.node = Objects.requireNonNull(node, "node");
    this.live = Objects.requireNonNull(live, "live");
  }

  /** Starts listening for meters other nodes route here; {@code kick} starts a local delivery attempt. */
  void start(Consumer<String> kick) {
    this.localKick = Objects.requireNonNull(kick, "kick");
    ITopic<String> topic = hazelcast.getTopic(TOPIC_PREFIX + node);
    listener = topic.addMessageListener(message -> localKick.accept(message.getMessageObject()));
  }

  /** The meter talked to this node; returns the previous time it did (null if never or since it left). */
  Instant seen(String meterId, Instant at) {
    return sessions.put(meterId, at);
  }

  /** The meter's registration ended. */
  void gone(String meterId) {
    sessions.remove(meterId);
  }

  /** Whether this node holds the meter's session as far as it can tell. Blocking (reads live state). */
  boolean holdsSession(String meterId) {
    return holdsSession(meterId, live.get(meterId));
  }

  private boolean holdsSession(String meterId, MeterStatus status) {
    Instant seenHere = sessions.get(meterId);
    if (seenHere == null) {
      return status.online() && node.equals(status.node());
    }
    // live state is updated asynchronously: right after a registration here it may still name the previous node
    return status.node() == null
        || node.equals(status.node())
        || status.lastSeen() == null
        || !seenHere.isBefore(status.lastSeen());
  }

  /** Starts delivery where the meter's session is: here, on another node, or nowhere while it is offline. */
  void route(String meterId) {
    route(meterId, live.get(meterId));
  }

  void route(String meterId, MeterStatus status) {
    if (holdsSession(meterId, status)) {
      localKick.accept(meterId);
    } else if (status.online() && status.node() != null) {
      hazelcast.<String>getTopic(TOPIC_PREFIX + status.node()).publish(meterId);
    }
  }

  String node() {
    return node;
  }

  @Override
  public void close() {
    if (listener != null) {
      try {
        hazelcast.getTopic(TOPIC_PREFIX + node).removeMessageListener(listener);
      } catch (RuntimeException e) {
        LOG.debug("topic listener not removed: {}", e.toString());
      }
    }
  }
}
