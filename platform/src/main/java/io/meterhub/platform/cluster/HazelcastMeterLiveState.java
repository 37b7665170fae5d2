package io.meterhub.platform.cluster;

import com.hazelcast.aggregation.Aggregators;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import io.meterhub.models.MeterReading;
import io.meterhub.models.RelayState;
import io.meterhub.platform.meter.MeterLiveState;
import io.meterhub.platform.meter.MeterStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;

/**
 * Live meter state in a Hazelcast map. Every update is an entry processor, executed on the partition that owns the
 * meter: updates of one meter from several nodes are serialized there and none is lost.
 *
 * <p>{@link #onlineCount()} is a parallel aggregation over all partitions (each member counts its own entries):
 * cost grows with the number of meters, fine for dashboards polling every few seconds, not for per-request use.
 */
public final class HazelcastMeterLiveState implements MeterLiveState {

  private final IMap<String, MeterStatus> statuses;

  public HazelcastMeterLiveState(HazelcastInstance hazelcast) {
    this.statuses = Objects.requireNonNull(hazelcast, "hazelcast").getMap(ClusterMember.METER_STATUS);
  }

  @Override
  public MeterStatus get(String meterId) {
    MeterStatus status = statuses.get(Objects.requireNonNull(meterId, "meterId"));
    return status != null ? status : MeterStatus.unknown(meterId);
  }

  @Override
  public Map<String, MeterStatus> getAll(Collection<String> meterIds) {
    return statuses.getAll(new HashSet<>(Objects.requireNonNull(meterIds, "meterIds")));
  }

  @Override
  public void online(String meterId, String node, Instant at) {
    update(meterId, new Online(Objects.requireNonNull(node, "node"), Objects.requireNonNull(at, "at")));
  }

  @Override
  public void offline(String meterId, Instant at) {
    update(meterId, new Offline(Objects.requireNonNull(at, "at")));
  }

  @Override
  public void seen(String meterId, Instant at) {
    update(meterId, new Seen(Objects.requireNonNull(at, "at")));
  }

  @Override
  public void reading(String meterId, MeterReading reading) {
    update(meterId, new Reading(Objects.requireNonNull(reading, "reading")));
  }

  @Override
  public void seenWithReading(String meterId, Instant at, MeterReading reading) {
    update(meterId, new SeenWithReading(Objects.requireNonNull(at, "at"), Objects.requireNonNull(reading, "reading")));
  }

  @Override
  public void relay(String meterId, RelayState state, Instant at) {
    update(meterId, new Relay(Objects.requireNonNull(state, "state"), Objects.requireNonNull(at, "at")));
  }

  @Override
  public void radio(String meterId, MeterStatus.Radio radio) {
    update(meterId, new RadioChange(Objects.requireNonNull(radio, "radio")));
  }

  @Override
  public void remove(String meterId) {
    statuses.delete(Objects.requireNonNull(meterId, "meterId"));
  }

  @Override
  public long onlineCount() {
    Long count = statuses.aggregate(Aggregators.count(), new OnlinePredicate());
    return count == null ? 0 : count;
  }

  @Override
  public java.util.OptionalLong relayOpenCount() {
    Long count = statuses.aggregate(Aggregators.count(), new RelayOpenPredicate());
    return java.util.OptionalLong.of(count == null ? 0 : count);
  }

  /** Meters currently online, by id: a distributed query that ships only the keys. */
  @Override
  public java.util.Optional<java.util.Set<String>> onlineMeterIds() {
    return java.util.Optional.of(statuses.keySet(new OnlinePredicate()));
  }

  private void update(String meterId, Change change) {
    statuses.executeOnKey(Objects.requireNonNull(meterId, "meterId"), change);
  }

  /** A named class rather than a lambda: it is serialized to every member, which may run another build. */
  private static final class OnlinePredicate implements Predicate<String, MeterStatus> {
    @Override
    public boolean apply(Map.Entry<String, MeterStatus> entry) {
      return entry.getValue().online();
    }
  }

  private static final class RelayOpenPredicate implements Predicate<String, MeterStatus> {
    @Override
    public boolean apply(Map.Entry<String, MeterStatus> entry) {
      return entry.getValue().relay() == RelayState.OPEN;
    }
  }

  /** A change of one meter's status, applied atomically where the entry lives. */
  private abstract static class Change implements EntryProcessor<String, MeterStatus, Void> {
    @Override
    public Void process(Map.Entry<String, MeterStatus> entry) {
      MeterStatus current = entry.getValue() != null ? entry.getValue() : MeterStatus.unknown(entry.getKey());
      MeterStatus next = apply(current);
      if (next != current) {
        entry.setValue(next);
      }
      return null;
    }

    abstract MeterStatus apply(MeterStatus s);

    static Instant latest(Instant a, Instant b) {
      return a == null || b.isAfter(a) ? b : a;
    }
  }

  private static final class Online extends Change {
    private final String node;
    private final Instant at;

    Online(String node, Instant at) {
      this.node = node;
      this.at = at;
    }

    @Override
    MeterStatus apply(MeterStatus s) {
      return new MeterStatus(s.meterId(), true, latest(s.lastSeen(), at), s.relay(), s.latest(), node, s.radio());
    }
  }

  private static final class Offline extends Change {
    private final Instant at;

    Offline(Instant at) {
      this.at = at;
    }

    @Override
    MeterStatus apply(MeterStatus s) {
      // an offline older than the last sign of life was overtaken by a newer registration: keep it online
      if (s.lastSeen() != null && at.isBefore(s.lastSeen())) {
        return s;
      }
      return new MeterStatus(s.meterId(), false, s.lastSeen(), s.relay(), s.latest(), null, s.radio());
    }
  }

  private static final class Seen extends Change {
    private final Instant at;

    Seen(Instant at) {
      this.at = at;
    }

    @Override
    MeterStatus apply(MeterStatus s) {
      Instant lastSeen = latest(s.lastSeen(), at);
      return lastSeen.equals(s.lastSeen())
          ? s
          : new MeterStatus(s.meterId(), s.online(), lastSeen, s.relay(), s.latest(), s.node(), s.radio());
    }
  }

  private static final class Reading extends Change {
    private final MeterReading reading;

    Reading(MeterReading reading) {
      this.reading = reading;
    }

    /**
     * Newer values win; an older reading still fills what the newer ones lack. Readings of different objects of one
     * meter (measurement, tariff registers) arrive on different threads and may be applied out of order: dropping the
     * older one whole lost a new meter's energy until its next notification (pmax, a minute later).
     */
    @Override
    MeterStatus apply(MeterStatus s) {
      MeterReading latest = s.latest();
      MeterReading merged;
      if (latest == null) {
        merged = reading;
      } else if (reading.timestamp().isBefore(latest.timestamp())) {
        merged = reading.merge(latest);
      } else {
        merged = latest.merge(reading);
      }
      return merged.equals(latest)
          ? s
          : new MeterStatus(s.meterId(), s.online(), s.lastSeen(), s.relay(), merged, s.node(), s.radio());
    }
  }

  private static final class SeenWithReading extends Change {
    private final Seen seen;
    private final Reading reading;

    SeenWithReading(Instant at, MeterReading reading) {
      this.seen = new Seen(at);
      this.reading = new Reading(reading);
    }

    @Override
    MeterStatus apply(MeterStatus s) {
      return reading.apply(seen.apply(s));
    }
  }

  private static final class Relay extends Change {
    private final RelayState state;
    private final Instant at;

    Relay(RelayState state, Instant at) {
      this.state = state;
      this.at = at;
    }

    @Override
    MeterStatus apply(MeterStatus s) {
      return new MeterStatus(s.meterId(), s.online(), latest(s.lastSeen(), at), state, s.latest(), s.node(), s.radio());
    }
  }

  private static final class RadioChange extends Change {
    private final MeterStatus.Radio radio;

    RadioChange(MeterStatus.Radio radio) {
      this.radio = radio;
    }

    @Override
    MeterStatus apply(MeterStatus s) {
      if (s.radio() != null && radio.at().isBefore(s.radio().at())) {
        return s;
      }
      return new MeterStatus(s.meterId(), s.online(), latest(s.lastSeen(), radio.at()), s.relay(), s.latest(),
          s.node(), radio);
    }
  }
}
