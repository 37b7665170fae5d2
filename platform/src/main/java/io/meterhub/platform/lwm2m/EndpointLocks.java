package io.meterhub.platform.lwm2m;

import com.hazelcast.map.IMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Cluster-wide per-endpoint locks (Hazelcast map key locks: reentrant per thread, released if the holder's member
 * dies, and leased so a stuck holder cannot block an endpoint forever).
 */
final class EndpointLocks {

  private static final long WAIT_SECONDS = 10;
  private static final long LEASE_SECONDS = 30;

  private final IMap<String, Boolean> locks;

  EndpointLocks(IMap<String, Boolean> locks) {
    this.locks = locks;
  }

  <T> T locked(String endpoint, Supplier<T> action) {
    boolean acquired;
    try {
      acquired = locks.tryLock(endpoint, WAIT_SECONDS, TimeUnit.SECONDS, LEASE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while locking endpoint " + endpoint, e);
    }
    if (!acquired) {
      throw new IllegalStateException("Could not lock endpoint " + endpoint);
    }
    try {
      return action.get();
    } finally {
      locks.unlock(endpoint);
    }
  }
}
