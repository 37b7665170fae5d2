package io.meterhub.platform.lwm2m;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.function.Consumer;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.RawDataChannel;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointFactory;
import org.eclipse.leshan.server.californium.endpoint.ServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerEndpointFactory;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerEndpointFactory;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;

/**
 * Leshan's CoAPS and CoAP protocols with connectors whose received messages reach the endpoint through
 * {@link PeerOrderedExecutor#ordered}, i.e. keyed by sender for the node's {@link PeerOrderedExecutor}. Everything
 * else is Leshan's default.
 */
final class OrderedInboundProtocols {

  private OrderedInboundProtocols() {}

  static ServerProtocolProvider coaps(Consumer<DtlsConnectorConfig.Builder> dtlsInitializer) {
    return new CoapsServerProtocolProvider(dtlsInitializer) {
      @Override
      public CaliforniumServerEndpointFactory createDefaultEndpointFactory(URI uri) {
        return new CoapsServerEndpointFactory(uri, null, null, dtlsConnectorConfigInitializer, null) {
          @Override
          protected Connector createConnector(DtlsConnectorConfig dtlsConfig) {
            return new DTLSConnector(dtlsConfig) {
              @Override
              public void setRawDataReceiver(RawDataChannel endpointInbox) {
                super.setRawDataReceiver(PeerOrderedExecutor.ordered(endpointInbox));
              }
            };
          }
        };
      }
    };
  }

  static ServerProtocolProvider coap() {
    return new CoapServerProtocolProvider() {
      @Override
      public CaliforniumServerEndpointFactory createDefaultEndpointFactory(URI uri) {
        return new CoapServerEndpointFactory(uri) {
          @Override
          protected Connector createConnector(InetSocketAddress address, Configuration coapConfig) {
            return new UDPConnector(address, coapConfig) {
              @Override
              public void setRawDataReceiver(RawDataChannel endpointInbox) {
                super.setRawDataReceiver(PeerOrderedExecutor.ordered(endpointInbox));
              }
            };
          }
        };
      }
    };
  }
}
