package io.meterhub.platform.prepay;

/**
 * Where credit decisions become relay orders. Called after the decision is committed, on the thread that made it
 * (a worker, never an event loop); implementations must return quickly and must tolerate a repeated order for the
 * same meter (a re-drive after a crash or a failed order repeats one). The account's state becomes {@code
 * disconnected} (or leaves it) only when the meter confirms the order: the implementation reports outcomes through
 * {@link PrepayService#supplyOutcome} and answers {@link #outcome} for the recovery sweep.
 */
public interface SupplyControl {

  /** Credit is exhausted outside friendly periods: open the relay of the meter. Returns the order's reference. */
  String disconnect(String meterId, String reason);

  /** A payment brought the balance above the reconnect threshold: close (or arm) the relay. Returns the reference. */
  String reconnect(String meterId, String reason);

  /** What became of an order so far; an implementation that cannot tell answers {@link SupplyOutcome#PENDING}. */
  default SupplyOutcome outcome(String orderId) {
    return SupplyOutcome.PENDING;
  }
}
