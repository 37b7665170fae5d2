package io.meterhub.models.client;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.response.ReadResponse;

/**
 * Base of the simulated meter's object instances. Values are guarded by the instance's monitor so that the simulator
 * thread and Leshan's threads see consistent values; a whole-instance read is one consistent snapshot.
 *
 * <p>Subclasses change values inside {@code synchronized (this)} and call {@link #changed(int...)} after leaving it:
 * Leshan reads the changed values back while holding its object lock, and a change fired while holding ours could
 * deadlock against a concurrent server read.
 */
abstract class MeterInstanceEnabler extends BaseInstanceEnabler {

  MeterInstanceEnabler(int instanceId) {
    super(instanceId);
  }

  @Override
  public synchronized ReadResponse read(LwM2mServer server) {
    return super.read(server);
  }

  /** Tells observers that these resources changed; call without holding the monitor. */
  protected final void changed(int... resourceIds) {
    fireResourcesChange(getResourcePaths(resourceIds));
  }

  static double finite(double value, String name) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite: " + value);
    }
    return value;
  }

  static double kwh(long wh) {
    return wh / 1000.0;
  }
}
