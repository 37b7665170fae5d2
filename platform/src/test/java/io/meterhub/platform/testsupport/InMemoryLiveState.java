package io.meterhub.platform.testsupport;

import io.meterhub.models.MeterReading;
import io.meterhub.models.RelayState;
import io.meterhub.platform.meter.MeterLiveState;
import io.meterhub.platform.meter.MeterStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Thread-safe in-memory {@link MeterLiveState} (one node). */
public final class InMemoryLiveState implements MeterLiveState {

  private final ConcurrentHashMap<String, MeterStatus> states = new ConcurrentHashMap<>();

  @Override
  public MeterStatus get(String meterId) {
    EventLoopGuard.check();
    return states.getOrDefault(meterId, MeterStatus.unknown(meterId));
  }

  @Override
  public Map<String, MeterStatus> getAll(Collection<String> meterIds) {
    EventLoopGuard.check();
    Map<String, MeterStatus> out = new HashMap<>();
    for (String id : meterIds) {
      MeterStatus status = states.get(id);
      if (status != null) {
        out.put(id, status);
      }
    }
    return out;
  }

  @Override
  public void online(String meterId, String node, Instant at) {
    states.compute(meterId, (k, s) -> {
      MeterStatus c = s == null ? MeterStatus.unknown(k) : s;
      return new MeterStatus(k, true, at, c.relay(), c.latest(), node);
    });
  }

  @Override
  public void offline(String meterId, Instant at) {
    states.compute(meterId, (k, s) -> {
      MeterStatus c = s == null ? MeterStatus.unknown(k) : s;
      return new MeterStatus(k, false, c.lastSeen(), c.relay(), c.latest(), null);
    });
  }

  @Override
  public void seen(String meterId, Instant at) {
    states.compute(meterId, (k, s) -> {
      MeterStatus c = s == null ? MeterStatus.unknown(k) : s;
      return new MeterStatus(k, c.online(), at, c.relay(), c.latest(), c.node());
    });
  }

  @Override
  public void reading(String meterId, MeterReading reading) {
    states.compute(meterId, (k, s) -> {
      MeterStatus c = s == null ? MeterStatus.unknown(k) : s;
      if (c.latest() != null && reading.timestamp().isBefore(c.latest().timestamp())) {
        return c;
      }
      MeterReading merged = c.latest() == null ? reading : c.latest().merge(reading);
      return new MeterStatus(k, c.online(), c.lastSeen(), c.relay(), merged, c.node());
    });
  }

  @Override
  public void relay(String meterId, RelayState state, Instant at) {
    states.compute(meterId, (k, s) -> {
      MeterStatus c = s == null ? MeterStatus.unknown(k) : s;
      return new MeterStatus(k, c.online(), c.lastSeen(), state, c.latest(), c.node());
    });
  }

  @Override
  public void remove(String meterId) {
    EventLoopGuard.check();
    states.remove(meterId);
  }

  @Override
  public long onlineCount() {
    return states.values().stream().filter(MeterStatus::online).count();
  }

  public boolean knows(String meterId) {
    return states.containsKey(meterId);
  }
}
