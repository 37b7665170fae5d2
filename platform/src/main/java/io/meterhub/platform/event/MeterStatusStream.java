package io.meterhub.platform.event;

import io.meterhub.platform.lwm2m.DeviceTrafficHandler;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;

/**
 * Puts meter status changes (online on registration, offline on deregistration or expiry) on the live stream, then
 * hands every call on to the wrapped handler. Publishing is asynchronous, so Leshan threads never wait on it.
 */
final class MeterStatusStream implements DeviceTrafficHandler {

  private final DeviceTrafficHandler delegate;
  private final StreamPublisher stream;

  MeterStatusStream(DeviceTrafficHandler delegate, StreamPublisher stream) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.stream = Objects.requireNonNull(stream, "stream");
  }

  @Override
  public void registered(String endpoint, Instant at) {
    delegate.registered(endpoint, at);
    stream.meterStatusChanged(endpoint, "online", at);
  }

  @Override
  public void updated(String endpoint, Instant at) {
    delegate.updated(endpoint, at);
  }

  @Override
  public void deregistered(String endpoint, Instant at) {
    delegate.deregistered(endpoint, at);
    stream.meterStatusChanged(endpoint, "offline", at);
  }

  @Override
  public void values(String endpoint, Map<LwM2mPath, LwM2mNode> nodes, Instant timestamp) {
    delegate.values(endpoint, nodes, timestamp);
  }
}
