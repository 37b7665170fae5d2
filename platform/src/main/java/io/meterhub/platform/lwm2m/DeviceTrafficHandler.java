package io.meterhub.platform.lwm2m;

import java.time.Instant;
import java.util.Map;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;

/**
 * Receives what meters do on this node's LwM2M server. Called on Leshan/Californium threads: implementations must
 * return quickly and never block (hand work over to a queue or the event bus).
 */
public interface DeviceTrafficHandler {

  /** The meter registered (a new session; earlier observations of it are gone). */
  void registered(String endpoint, Instant at);

  /** The meter refreshed its registration. */
  void updated(String endpoint, Instant at);

  /** The meter deregistered, or its registration expired (reported by exactly one node of the cluster). */
  void deregistered(String endpoint, Instant at);

  /** Values from an Observe notification (timestamp = arrival) or a Send (meter timestamps when present). */
  void values(String endpoint, Map<LwM2mPath, LwM2mNode> nodes, Instant timestamp);
}
