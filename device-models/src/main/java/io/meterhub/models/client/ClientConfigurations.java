package io.meterhub.models.client;

import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;

/**
 * The single place where the Californium configuration of simulated meters is made. A configuration is immutable in
 * use and may be shared by any number of meters.
 */
public final class ClientConfigurations {

  private ClientConfigurations() {}

  /**
   * A configuration for one DTLS client that talks to one server: one receiver thread, tiny connection stores,
   * Connection ID support, and Leshan's client defaults otherwise.
   */
  public static Configuration lightweight() {
    Configuration config =
        new CaliforniumClientEndpointsProvider.Builder(new CoapsClientProtocolProvider()).createDefaultConfiguration();
    // A meter talks to one server: every per-peer store only ever holds that peer (plus one handshake replacing it).
    config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
    config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
    config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 2);
    config.set(CoapConfig.MAX_ACTIVE_PEERS, 2);
    config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
    // Length 0: the meter uses no Connection ID of its own but accepts the server's, as 4G meters behind NAT must
    // (device-contract.md) so that a NAT rebinding does not force a new handshake.
    config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
    return config;
  }
}
