package io.meterhub.platform.prepay;

import io.meterhub.models.PrepaymentDisplay;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Coalescing {@link DisplayPublisher}: keeps only the latest display per meter until the device side takes it with
 * {@link #take(String)} (the command pipeline pushes it when the meter is reachable).
 */
public final class LatestDisplayPublisher implements DisplayPublisher {

  private final Map<String, PrepaymentDisplay> latest = new ConcurrentHashMap<>();

  @Override
  public void publish(String meterId, PrepaymentDisplay display) {
    latest.put(Objects.requireNonNull(meterId, "meterId"), Objects.requireNonNull(display, "display"));
  }

  /** The latest display not yet taken, removing it. */
  public Optional<PrepaymentDisplay> take(String meterId) {
    return Optional.ofNullable(latest.remove(meterId));
  }

  /** The latest display without taking it. */
  public Optional<PrepaymentDisplay> peek(String meterId) {
    return Optional.ofNullable(latest.get(meterId));
  }

  public int pending() {
    return latest.size();
  }
}
