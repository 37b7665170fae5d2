package io.meterhub.platform.lwm2m;

import java.util.concurrent.CompletableFuture;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;

/**
 * Requests from this node to meters whose DTLS session it holds. Futures complete on protocol threads: callers hand
 * further blocking work to their own executor. Methods may do a registration lookup in the cluster, so call them off
 * event loops and protocol threads.
 */
public interface DeviceDownlink {

  /**
   * True when the meter has a registration and, for a queue-mode meter, is awake according to this node's presence
   * tracking: a request now would be sent rather than refused locally.
   */
  boolean isReachable(String endpoint);

  /** Writes a boolean resource, e.g. {@code /3312/0/5850}. */
  CompletableFuture<DeviceResponse> writeBoolean(String endpoint, String resourcePath, boolean value);

  /**
   * Replaces an object instance with {@code instance} (Write, mode replace), e.g. object {@code 26242}: the instance
   * id is the one {@code instance} carries.
   */
  CompletableFuture<DeviceResponse> writeInstance(String endpoint, int objectId, LwM2mObjectInstance instance);

  /** Reads a single resource; {@link DeviceResponse#value()} holds its value on success. */
  CompletableFuture<DeviceResponse> readResource(String endpoint, String resourcePath);
}
