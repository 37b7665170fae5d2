package io.meterhub.platform.prepay;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records every relay order (and passes it on to a durable implementation when given one). Orders stay pending until a
 * test sets their outcome with {@link #settle}.
 */
public final class RecordingSupplyControl implements SupplyControl {

  /** One order: "disconnect meterId" or "reconnect meterId". */
  public final List<String> calls = new CopyOnWriteArrayList<>();
  /** Order ids in the order they were issued. */
  public final List<String> orderIds = new CopyOnWriteArrayList<>();
  private final Map<String, SupplyOutcome> outcomes = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final SupplyControl next;

  public RecordingSupplyControl() {
    this(null);
  }

  public RecordingSupplyControl(SupplyControl next) {
    this.next = next;
  }

  @Override
  public String disconnect(String meterId, String reason) {
    calls.add("disconnect " + meterId);
    if (next != null) {
      next.disconnect(meterId, reason);
    }
    return issued();
  }

  @Override
  public String reconnect(String meterId, String reason) {
    calls.add("reconnect " + meterId);
    if (next != null) {
      next.reconnect(meterId, reason);
    }
    return issued();
  }

  private String issued() {
    String id = "order-" + ids.incrementAndGet();
    orderIds.add(id);
    return id;
  }

  @Override
  public SupplyOutcome outcome(String orderId) {
    return outcomes.getOrDefault(orderId, SupplyOutcome.PENDING);
  }

  /** What {@link #outcome} answers for an order from now on (the sweep's view). */
  public void settle(String orderId, SupplyOutcome outcome) {
    outcomes.put(orderId, outcome);
  }

  /** The id of the latest order. */
  public String lastOrder() {
    return orderIds.get(orderIds.size() - 1);
  }
}
