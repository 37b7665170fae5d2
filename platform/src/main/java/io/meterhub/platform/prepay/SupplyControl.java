package io.meterhub.platform.prepay;

/**
 * Where credit decisions become relay orders. Called after the decision is committed, on the thread that made it
 * (a worker, never an event loop); implementations must return quickly and must tolerate a repeated order for the
 * same meter (a re-drive after a crash may repeat one).
 */
public interface SupplyControl {

  /** Credit is exhausted outside friendly periods: open the relay of the meter. */
  void disconnect(String meterId, String reason);

  /** A payment brought the balance above the reconnect threshold: close (or arm) the relay. */
  void reconnect(String meterId, String reason);
}
