package io.meterhub.models.client;

import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;

/**
 * Leshan's coaps protocol with a DTLS connector that runs on a given executor instead of starting its own worker and
 * timer threads. Because the executor is a {@link ScheduledExecutorService}, Scandium also uses it as its timer and
 * does not shut it down when the connector stops.
 */
final class SharedExecutorCoapsProtocolProvider extends CoapsClientProtocolProvider {

  private final ScheduledExecutorService executor;

  SharedExecutorCoapsProtocolProvider(ScheduledExecutorService executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public CaliforniumClientEndpointFactory createDefaultEndpointFactory() {
    return new CoapsClientEndpointFactory() {
      @Override
      protected Connector createSecuredConnector(DtlsConnectorConfig dtlsConfig) {
        DTLSConnector connector = new DTLSConnector(dtlsConfig);
        connector.setExecutor(executor);
        return connector;
      }
    };
  }
}
