package io.meterhub.platform.testsupport;

import io.meterhub.platform.meter.DeviceCredentials;
import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterSecurity;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@link DeviceCredentials} that keeps the live credentials in memory and records every call. */
public final class RecordingDeviceCredentials implements DeviceCredentials {

  private final ConcurrentHashMap<String, MeterSecurity> live = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<String> calls = new CopyOnWriteArrayList<>();

  @Override
  public void put(Meter meter) {
    EventLoopGuard.check();
    live.put(meter.id(), meter.security());
    calls.add("put:" + meter.id());
  }

  @Override
  public void remove(String meterId) {
    EventLoopGuard.check();
    live.remove(meterId);
    calls.add("remove:" + meterId);
  }

  public Optional<MeterSecurity> current(String meterId) {
    return Optional.ofNullable(live.get(meterId));
  }

  /** Calls in order, as {@code put:<id>} / {@code remove:<id>}. */
  public List<String> calls() {
    return List.copyOf(calls);
  }
}
