package io.meterhub.models.client;

import io.meterhub.models.RelayState;
import java.util.List;
import java.util.Objects;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * IPSO 3312 Power Control, instance 0: the supply relay. Resource 5850 On/Off: {@code true} = relay closed (supply
 * on). Remote writes can be refused or silently ignored to simulate faulty meters.
 */
public final class PowerControlObject extends MeterInstanceEnabler {

  static final int ON_OFF = 5850;
  private static final List<Integer> RESOURCES = List.of(ON_OFF);

  /** How the meter answers a server's write of 5850. */
  public enum Behaviour {
    /** Applies the write. */
    NORMAL,
    /** Answers 4.05 Method Not Allowed and keeps its state. */
    REFUSE,
    /** Answers 2.04 Changed but keeps its state (a relay that does not move). */
    IGNORE
  }

  /** Told about every actual change of the relay, after it happened. */
  @FunctionalInterface
  public interface RelayListener {
    /**
     * @param on the new state ({@code true} = closed)
     * @param remote whether a server's write caused it, rather than the meter itself
     */
    void relayChanged(boolean on, boolean remote);
  }

  private boolean on = true;
  private Behaviour behaviour = Behaviour.NORMAL;
  private volatile RelayListener listener = (on, remote) -> {};

  public PowerControlObject() {
    super(0);
  }

  public synchronized boolean isOn() {
    return on;
  }

  public synchronized RelayState state() {
    return RelayState.fromOnOff(on);
  }

  public synchronized Behaviour behaviour() {
    return behaviour;
  }

  /** Sets how later server writes are answered. */
  public synchronized void setBehaviour(Behaviour behaviour) {
    this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
  }

  /** Sets the listener told about relay changes (replaces the previous one). */
  public void setListener(RelayListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Switches the relay locally (customer button, credit or overload trip) and notifies observers. */
  public void setLocal(boolean on) {
    apply(on, false);
  }

  private void apply(boolean newState, boolean remote) {
    boolean change;
    synchronized (this) {
      change = on != newState;
      on = newState;
    }
    if (change) {
      changed(ON_OFF);
      listener.relayChanged(newState, remote);
    }
  }

  @Override
  public synchronized ReadResponse read(LwM2mServer server, int resourceId) {
    return resourceId == ON_OFF ? ReadResponse.success(resourceId, on) : super.read(server, resourceId);
  }

  @Override
  public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
    if (resourceId != ON_OFF) {
      return super.write(server, replace, resourceId, value);
    }
    if (!(value.getValue() instanceof Boolean requested)) {
      return WriteResponse.badRequest("5850 On/Off takes a boolean");
    }
    Behaviour current = behaviour();
    if (current == Behaviour.REFUSE) {
      return WriteResponse.methodNotAllowed();
    }
    if (current == Behaviour.NORMAL) {
      apply(requested, true);
    }
    return WriteResponse.success();
  }

  @Override
  public List<Integer> getAvailableResourceIds(ObjectModel model) {
    return RESOURCES;
  }
}
