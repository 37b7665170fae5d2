package io.meterhub.platform.lwm2m;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;

/** A traffic handler that records what it is told, and optionally forwards registrations to a callback. */
final class RecordingHandler implements DeviceTrafficHandler {

  record Event(String kind, String endpoint, Map<LwM2mPath, LwM2mNode> nodes, Instant at) {}

  final List<Event> events = new CopyOnWriteArrayList<>();
  private final Consumer<Event> onEvent;

  RecordingHandler() {
    this(e -> {});
  }

  RecordingHandler(Consumer<Event> onEvent) {
    this.onEvent = onEvent;
  }

  @Override
  public void registered(String endpoint, Instant at) {
    record(new Event("registered", endpoint, Map.of(), at));
  }

  @Override
  public void updated(String endpoint, Instant at) {
    record(new Event("updated", endpoint, Map.of(), at));
  }

  @Override
  public void deregistered(String endpoint, Instant at) {
    record(new Event("deregistered", endpoint, Map.of(), at));
  }

  @Override
  public void values(String endpoint, Map<LwM2mPath, LwM2mNode> nodes, Instant timestamp) {
    record(new Event("values", endpoint, nodes, timestamp));
  }

  private void record(Event e) {
    events.add(e);
    onEvent.accept(e);
  }

  long count(String kind, String endpoint) {
    return events.stream().filter(e -> e.kind().equals(kind) && e.endpoint().equals(endpoint)).count();
  }

  List<Event> of(String kind, String endpoint) {
    return events.stream().filter(e -> e.kind().equals(kind) && e.endpoint().equals(endpoint)).toList();
  }
}
