package io.meterhub.platform.prepay;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every relay order (and passes it on to a durable implementation when given one). */
public final class RecordingSupplyControl implements SupplyControl {

  /** One order: "disconnect meterId" or "reconnect meterId". */
  public final List<String> calls = new CopyOnWriteArrayList<>();
  private final SupplyControl next;

  public RecordingSupplyControl() {
    this(null);
  }

  public RecordingSupplyControl(SupplyControl next) {
    this.next = next;
  }

  @Override
  public void disconnect(String meterId, String reason) {
    calls.add("disconnect " + meterId);
    if (next != null) {
      next.disconnect(meterId, reason);
    }
  }

  @Override
  public void reconnect(String meterId, String reason) {
    calls.add("reconnect " + meterId);
    if (next != null) {
      next.reconnect(meterId, reason);
    }
  }
}
