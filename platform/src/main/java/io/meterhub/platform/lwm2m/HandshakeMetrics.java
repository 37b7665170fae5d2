package io.meterhub.platform.lwm2m;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.californium.scandium.dtls.DTLSContext;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts finished DTLS handshakes ({@code meterhub.dtls.handshakes}, tag result=success|failure). */
final class HandshakeMetrics implements SessionListener {

  private static final Logger LOG = LoggerFactory.getLogger(HandshakeMetrics.class);

  private final Counter success;
  private final Counter failure;

  HandshakeMetrics(MeterRegistry registry) {
    this.success = Counter.builder("meterhub.dtls.handshakes").tag("result", "success").register(registry);
    this.failure = Counter.builder("meterhub.dtls.handshakes").tag("result", "failure").register(registry);
  }

  @Override
  public void handshakeStarted(Handshaker handshaker) {}

  @Override
  public void contextEstablished(Handshaker handshaker, DTLSContext establishedContext) {}

  @Override
  public void handshakeCompleted(Handshaker handshaker) {
    success.increment();
  }

  @Override
  public void handshakeFailed(Handshaker handshaker, Throwable error) {
    failure.increment();
    LOG.debug("DTLS handshake with {} failed: {}", handshaker.getPeerAddress(), error.getMessage());
  }

  @Override
  public void handshakeFlightRetransmitted(Handshaker handshaker, int flight) {}
}
