package io.meterhub.platform.lwm2m;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.engine.DefaultRegistrationEngineFactory;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;

/** A real Leshan client speaking PSK DTLS to a meterhub server, with a Device object whose battery level changes. */
final class TestMeterClient implements AutoCloseable {

  final String endpoint;
  final TestDevice device = new TestDevice();
  /** Client-side registration events: registered, registration-failed:CODE, registration-timeout, update-*. */
  private final ClientEvents observed = new ClientEvents();
  final List<String> events = observed.events;
  final LeshanClient client;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  TestMeterClient(String endpoint, URI serverUri, String pskIdentity, byte[] pskKey, long lifetimeSeconds) {
    this.endpoint = endpoint;
    List<ObjectModel> models = ObjectLoader.loadDefault();
    ObjectsInitializer init = new ObjectsInitializer(new StaticModel(models));
    init.setInstancesForObject(LwM2mId.SECURITY, Security.psk(serverUri.toString(), 123, pskIdentity.getBytes(), pskKey));
    init.setInstancesForObject(LwM2mId.SERVER, new Server(123, lifetimeSeconds));
    init.setInstancesForObject(LwM2mId.DEVICE, device);

    CoapsClientProtocolProvider coaps = new CoapsClientProtocolProvider();
    CaliforniumClientEndpointsProvider.Builder endpoints = new CaliforniumClientEndpointsProvider.Builder(coaps);
    Configuration config = endpoints.createDefaultConfiguration();
    config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
    config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0); // support CID, let the server issue one
    config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 500, TimeUnit.MILLISECONDS);
    config.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 2);
    config.set(CoapConfig.ACK_TIMEOUT, 500, TimeUnit.MILLISECONDS);
    config.set(CoapConfig.MAX_RETRANSMIT, 2);
    config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
    endpoints.setConfiguration(config);
    endpoints.setClientAddress(InetAddress.getLoopbackAddress());

    LeshanClientBuilder builder = new LeshanClientBuilder(endpoint);
    builder.setObjects(init.create(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE));
    builder.setEndpointsProviders(endpoints.build());
    builder.setRegistrationEngineFactory(
        new DefaultRegistrationEngineFactory().setRequestTimeoutInMs(3000).setRetryWaitingTimeInMs(500));
    this.client = builder.build();
    client.addObserver(observed);
  }

  TestMeterClient start() {
    client.start();
    return this;
  }

  boolean saw(String prefix) {
    return observed.saw(prefix);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      client.destroy(false);
    }
  }

  /** Object 3 with a battery level the test can change (resource 9, notified on change). */
  public static final class TestDevice extends BaseInstanceEnabler {
    private volatile long battery = 100;

    public TestDevice() {}

    void setBattery(long level) {
      battery = level;
      fireResourceChange(9);
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
      return switch (resourceId) {
        case 0 -> ReadResponse.success(0, "meterhub-test");
        case 1 -> ReadResponse.success(1, "KPM31");
        case 2 -> ReadResponse.success(2, "SN-0001");
        case 3 -> ReadResponse.success(3, "1.0.0");
        case 9 -> ReadResponse.success(9, battery);
        case 11 -> ReadResponse.success(11, java.util.Map.of(0, 0L), ResourceModel.Type.INTEGER);
        case 16 -> ReadResponse.success(16, "U");
        default -> super.read(server, resourceId);
      };
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
      return List.of(0, 1, 2, 3, 4, 9, 11, 16);
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
      return resourceId == 4 ? ExecuteResponse.success() : super.execute(server, resourceId, arguments);
    }
  }
}
