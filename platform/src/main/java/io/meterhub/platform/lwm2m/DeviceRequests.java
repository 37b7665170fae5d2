package io.meterhub.platform.lwm2m;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.request.exception.ClientSleepingException;
import org.eclipse.leshan.core.request.exception.TimeoutException;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.registration.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that sends Leshan downlink requests for the command pipeline: asynchronous, never blocking. */
public final class DeviceRequests implements DeviceDownlink {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceRequests.class);

  private final LeshanServer leshan;
  private final long timeoutMs;

  /**
   * @param server this node's LwM2M server
   * @param timeout how long to wait for a meter's answer (CoAP retransmissions included)
   */
  public DeviceRequests(MeterLwM2mServer server, Duration timeout) {
    this.leshan = Objects.requireNonNull(server, "server").leshan();
    this.timeoutMs = Objects.requireNonNull(timeout, "timeout").toMillis();
  }

  @Override
  public boolean isReachable(String endpoint) {
    Registration registration = leshan.getRegistrationService().getByEndpoint(endpoint);
    if (registration == null) {
      return false;
    }
    return !registration.usesQueueMode() || leshan.getPresenceService().isClientAwake(registration);
  }

  @Override
  public CompletableFuture<DeviceResponse> writeBoolean(String endpoint, String resourcePath, boolean value) {
    LwM2mPath path = new LwM2mPath(resourcePath);
    return send(
        endpoint,
        new WriteRequest(path.getObjectId(), path.getObjectInstanceId(), path.getResourceId(), value));
  }

  @Override
  public CompletableFuture<DeviceResponse> writeInstance(
      String endpoint, int objectId, LwM2mObjectInstance instance) {
    return send(endpoint, new WriteRequest(WriteRequest.Mode.REPLACE, objectId, instance.getId(),
        instance.getResources().values()));
  }

  @Override
  public CompletableFuture<DeviceResponse> readResource(String endpoint, String resourcePath) {
    return send(endpoint, new ReadRequest(resourcePath));
  }

  private <T extends LwM2mResponse> CompletableFuture<DeviceResponse> send(String endpoint, DownlinkRequest<T> req) {
    CompletableFuture<DeviceResponse> result = new CompletableFuture<>();
    Registration registration = leshan.getRegistrationService().getByEndpoint(endpoint);
    if (registration == null) {
      result.complete(DeviceResponse.unreachable("not registered"));
      return result;
    }
    try {
      leshan.send(
          registration,
          req,
          timeoutMs,
          response -> result.complete(toResponse(response)),
          error -> result.complete(toResponse(endpoint, error)));
    } catch (RuntimeException e) {
      result.complete(toResponse(endpoint, e));
    }
    return result;
  }

  private static DeviceResponse toResponse(LwM2mResponse response) {
    String code = response.getCode().getName();
    if (!response.isSuccess()) {
      return DeviceResponse.refused(code, response.getErrorMessage());
    }
    Object value = null;
    if (response instanceof ReadResponse read && read.getContent() instanceof LwM2mSingleResource resource) {
      value = resource.getValue();
    }
    return DeviceResponse.success(code, value);
  }

  private static DeviceResponse toResponse(String endpoint, Exception error) {
    if (error instanceof TimeoutException) {
      return DeviceResponse.timeout("no answer from the meter");
    }
    if (error instanceof ClientSleepingException) {
      return DeviceResponse.unreachable("queue-mode meter is sleeping");
    }
    LOG.debug("Request to {} failed: {}", endpoint, error.toString());
    return DeviceResponse.error(error.getClass().getSimpleName());
  }
}
