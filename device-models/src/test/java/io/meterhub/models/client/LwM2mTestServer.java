package io.meterhub.models.client;

import io.meterhub.models.MeterObjectModels;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.SendRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.NonUniqueSecurityInfoException;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.eclipse.leshan.server.send.SendListener;

/** A real Leshan server on 127.0.0.1, ephemeral coaps port, with PSK credentials and recorders for tests. */
final class LwM2mTestServer implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(30);

  /** What a meter sent with the Send operation. */
  record Sent(Registration registration, TimestampedLwM2mNodes data, SendRequest request) {}

  /** One Observe notification. */
  record Notification(Registration registration, SingleObservation observation, ObserveResponse response) {}

  private final LeshanServer server;
  private final InMemorySecurityStore security = new InMemorySecurityStore();
  final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
  final BlockingQueue<Notification> notifications = new LinkedBlockingQueue<>();

  LwM2mTestServer() {
    CaliforniumServerEndpointsProvider endpoints =
        new CaliforniumServerEndpointsProvider.Builder(new CoapsServerProtocolProvider())
            // Like the platform: DTLS Connection IDs, so meters must cope with them.
            .setConfiguration(config -> config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 4))
            .addEndpoint(new InetSocketAddress("127.0.0.1", 0), Protocol.COAPS)
            .build();
    LeshanServerBuilder builder = new LeshanServerBuilder();
    builder.setEndpointsProviders(endpoints);
    builder.setSecurityStore(security);
    builder.setObjectModelProvider(new VersionedModelProvider(MeterObjectModels.all()));
    server = builder.build();
    server.getSendService().addListener(new SendListener() {
      @Override
      public void dataReceived(Registration registration, TimestampedLwM2mNodes data, SendRequest request) {
        sent.add(new Sent(registration, data, request));
      }

      @Override
      public void onError(Registration registration, String errorMessage, Exception error) {}
    });
    server.getObservationService().addListener(new ObservationListener() {
      @Override
      public void newObservation(Observation observation, Registration registration) {}

      @Override
      public void cancelled(Observation observation) {}

      @Override
      public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
        notifications.add(new Notification(registration, observation, response));
      }

      @Override
      public void onResponse(
          CompositeObservation observation, Registration registration, ObserveCompositeResponse response) {}

      @Override
      public void onError(Observation observation, Registration registration, Exception error) {}
    });
    server.start();
  }

  URI uri() {
    URI uri = server.getEndpoint(Protocol.COAPS).getURI();
    return URI.create("coaps://127.0.0.1:" + uri.getPort());
  }

  void addPsk(String endpoint, String identity, String keyHex) {
    try {
      security.add(SecurityInfo.newPreSharedKeyInfo(endpoint, identity, HexFormat.of().parseHex(keyHex)));
    } catch (NonUniqueSecurityInfoException e) {
      throw new IllegalStateException(e);
    }
  }

  Registration registration(String endpoint) {
    Registration registration = server.getRegistrationService().getByEndpoint(endpoint);
    if (registration == null) {
      throw new AssertionError(endpoint + " is not registered at the server");
    }
    return registration;
  }

  <T extends LwM2mResponse> T send(String endpoint, DownlinkRequest<T> request) throws InterruptedException {
    T response = server.send(registration(endpoint), request, WAIT.toMillis());
    if (response == null) {
      throw new AssertionError("no response from " + endpoint + " to " + request);
    }
    return response;
  }

  Sent nextSent() throws InterruptedException {
    Sent next = sent.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (next == null) {
      throw new AssertionError("nothing was sent within " + WAIT);
    }
    return next;
  }

  LeshanServer leshan() {
    return server;
  }

  @Override
  public void close() {
    server.destroy();
  }
}
