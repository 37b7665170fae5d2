package io.meterhub.models.client;

import io.meterhub.models.EventCode;
import io.meterhub.models.MeterObjectModels;
import io.meterhub.models.ProductProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.engine.DefaultRegistrationEngineFactory;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.resource.listener.ObjectListener;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.util.LinkFormatHelper;
import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.response.SendResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A meter of a meterhub product profile, as a real Leshan LwM2M client over DTLS-PSK: registers with the server,
 * answers reads, writes, observes and executes on its objects, and pushes events with the LwM2M 1.1 Send operation.
 * Values are set from the caller's thread through the object accessors; observers get notified.
 *
 * <p>Built with {@link #builder()}. Many meters can share {@link ClientExecutors} so that each one costs about one
 * thread.
 */
public final class SimulatedMeter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedMeter.class);

  private final SimulatedMeterBuilder settings;
  private final LeshanClient client;
  private final ClientExecutors executors;
  private final RegistrationTracker tracker = new RegistrationTracker();
  /** Successful Updates counted when the newest event instance was added; -1 before the first event. */
  private final AtomicLong updatesAtLastRaise = new AtomicLong(-1);
  private final MeterObjects objects;
  private boolean closed;

  SimulatedMeter(SimulatedMeterBuilder settings) {
    this.settings = settings;
    this.executors =
        settings.executors != null ? settings.executors : ClientExecutors.create("meter-" + settings.endpoint, 1, 1);
    this.objects = new MeterObjects(settings);
    objects.events().addListener(new ObjectListener() {
      @Override
      public void objectInstancesAdded(LwM2mObjectEnabler object, int... ids) {
        // Registered: Leshan announces the instance with an Update, which a Send must wait for. Not registered yet:
        // the Register will carry it, there is no Update to wait for.
        if (tracker.isRegistered()) {
          updatesAtLastRaise.set(tracker.updates());
        }
      }

      @Override
      public void objectInstancesRemoved(LwM2mObjectEnabler object, int... ids) {}

      @Override
      public void resourceChanged(LwM2mPath... paths) {}
    });
    if (settings.raiseRelayEvents) {
      objects.powerControl().setListener(this::raiseRelayEvent);
    }
    this.client = buildClient();
    client.addObserver(tracker);
    // Only the registration engine follows LeshanClientBuilder.setSharedExecutor: the CoAP stack gets ours here.
    ((CaliforniumClientEndpointsProvider) client.getEndpointsProvider().iterator().next())
        .getCoapServer()
        .setExecutors(executors.io(), executors.io(), true);
  }

  /** A builder; endpoint, profile, server URI and credentials (PSK, RPK or X.509) are required. */
  public static SimulatedMeterBuilder builder() {
    return new SimulatedMeterBuilder();
  }

  private LeshanClient buildClient() {
    boolean v10 = settings.lwm2mVersion.equals(LwM2mVersion.V1_0);
    // Leshan validates the Device's bindings against LwM2M 1.1, where Q is not a binding: queue mode is added to the
    // Register request instead (the Q parameter for 1.1, binding UQ for 1.0, see LwM2m10RegistrationEngineFactory).
    EnumSet<BindingMode> bindings = EnumSet.of(BindingMode.U);
    ObjectsInitializer initializer = new ObjectsInitializer(MeterObjectModels.model());
    initializer.setInstancesForObject(LwM2mId.SECURITY, security());
    initializer.setInstancesForObject(
        LwM2mId.SERVER,
        new Server(settings.shortServerId, settings.lifetime.toSeconds(), bindings, false, BindingMode.U));
    MeterObjects.put(
        initializer,
        LwM2mId.DEVICE,
        new MeterDeviceObject(
            settings.manufacturer, settings.profile.model(), settings.serialNumber, settings.firmwareVersion,
            settings.clock, bindings));
    objects.register(initializer);
    List<LwM2mObjectEnabler> enablers = new ArrayList<>(initializer.createAll());
    enablers.add(objects.events());

    DefaultRegistrationEngineFactory engine =
        v10 ? new LwM2m10RegistrationEngineFactory(settings.queueMode) : new DefaultRegistrationEngineFactory();
    if (!v10) {
      engine.setQueueMode(settings.queueMode);
    }
    engine.setRequestTimeoutInMs(settings.requestTimeout.toMillis());
    engine.setDeregistrationTimeoutInMs(settings.requestTimeout.toMillis());

    CaliforniumClientEndpointsProvider.Builder endpoints =
        new CaliforniumClientEndpointsProvider.Builder(new SharedExecutorCoapsProtocolProvider(executors.io()))
            .setConfiguration(settings.configuration != null ? settings.configuration
                : ClientConfigurations.lightweight());
    if (settings.bindAddress != null) {
      endpoints.setClientAddress(settings.bindAddress);
    }
    LeshanClientBuilder builder = new LeshanClientBuilder(settings.endpoint);
    builder.setObjects(enablers);
    builder.setEndpointsProviders(endpoints.build());
    builder.setRegistrationEngineFactory(engine);
    builder.setLinkFormatHelper(new LinkFormatHelper(settings.lwm2mVersion));
    builder.setSharedExecutor(executors.engine());
    return builder.build();
  }

  private Security security() {
    String uri = settings.serverUri.toString();
    int id = settings.shortServerId;
    return switch (settings.mode) {
      case PSK -> Security.psk(uri, id, settings.pskIdentity, settings.pskKey);
      case RPK -> Security.rpk(uri, id, settings.clientIdentity, settings.clientPrivateKey, settings.serverIdentity);
      case X509 ->
          Security.x509(uri, id, settings.clientIdentity, settings.clientPrivateKey, settings.serverIdentity);
    };
  }

  private void raiseRelayEvent(boolean on, boolean remote) {
    EventCode code = on ? EventCode.RELAY_CLOSED : remote ? EventCode.RELAY_OPENED_REMOTE : EventCode.RELAY_OPENED_LOCAL;
    objects.events().raise(code, null, null);
  }

  /** Starts the client: it handshakes and registers in the background (see {@link #awaitRegistered}). */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("meter " + settings.endpoint + " is closed");
    }
    client.start();
  }

  /** Stops the client, deregistering first when asked; {@link #start()} can start it again. */
  public synchronized void stop(boolean deregister) {
    client.stop(deregister);
    tracker.reset();
  }

  /** Waits until the server accepted the registration (or its update); false when the timeout passed first. */
  public boolean awaitRegistered(Duration timeout) throws InterruptedException {
    return tracker.awaitRegistered(Objects.requireNonNull(timeout, "timeout"));
  }

  public boolean isRegistered() {
    return tracker.isRegistered();
  }

  /** The registration id the server gave (last segment of the location, e.g. {@code abc} of {@code /rd/abc}). */
  public Optional<String> registrationId() {
    return tracker.registrationId().map(location -> location.substring(location.lastIndexOf('/') + 1));
  }

  /** How many times the meter registered (a re-registration after a lost update counts again). */
  public long registrations() {
    return tracker.registrations();
  }

  /** Asks the client to send a registration Update now. */
  public void triggerUpdate() {
    client.triggerRegistrationUpdate();
  }

  /**
   * Sends the current values of the given paths with the LwM2M 1.1 Send operation and waits for the answer.
   *
   * @param format {@link ContentFormat#SENML_JSON} or {@link ContentFormat#SENML_CBOR}
   * @throws IllegalStateException when not registered, registered as LwM2M 1.0, or the server did not answer in time
   */
  public SendResponse send(ContentFormat format, String... paths) throws InterruptedException {
    Objects.requireNonNull(format, "format");
    if (paths.length == 0) {
      throw new IllegalArgumentException("nothing to send");
    }
    if (settings.lwm2mVersion.equals(LwM2mVersion.V1_0)) {
      throw new IllegalStateException("LwM2M 1.0 has no Send operation: the server observes /26243 instead");
    }
    LwM2mServer server = tracker.server().orElseThrow(() -> notRegistered("send"));
    SendResponse response =
        client.getSendService().sendData(server, format, List.of(paths), settings.requestTimeout.toMillis());
    if (response == null) {
      throw new IllegalStateException("no answer to Send from " + settings.serverUri + " in time");
    }
    return response;
  }

  /**
   * Sends every kept event the server has not acknowledged yet (one Send), marking them delivered on success. Empty
   * when there was nothing to send.
   */
  public Optional<SendResponse> sendEvents(ContentFormat format) throws InterruptedException {
    long mark = objects.events().newestOrdinal();
    List<String> paths = objects.events().unacknowledgedPaths();
    if (paths.isEmpty()) {
      return Optional.empty();
    }
    // An event in a slot of the log not used before is a new 26243 instance, which Leshan announces in a registration
    // Update (with the new object links) triggered by the addition; the server refuses (4.04) a Send naming an instance
    // not announced yet. Wait for that Update; when Leshan dropped it (it does while another Update is in flight),
    // announce the instances again. Once every slot is in use no Update is needed: the wait returns at once.
    // A plain triggerRegistrationUpdate() would not do: it sends no object links.
    SendResponse response = null;
    for (int round = 0; round < 3 && (response == null || response.getCode() == ResponseCode.NOT_FOUND); round++) {
      long updatesBefore = updatesAtLastRaise.get();
      if (round > 0) {
        updatesBefore = tracker.updates();
        objects.events().announceInstances();
      }
      if (updatesBefore >= 0) {
        tracker.awaitUpdates(updatesBefore + 1, settings.requestTimeout);
      }
      response = send(format, paths.toArray(String[]::new));
    }
    if (response.isSuccess()) {
      objects.events().acknowledge(mark);
    } else {
      LOG.debug("Send of events by {} answered {}", settings.endpoint, response.getCode());
    }
    return Optional.of(response);
  }

  /** {@link #sendEvents(ContentFormat)} in SenML-CBOR, the compact format meters use on 4G. */
  public Optional<SendResponse> sendEvents() throws InterruptedException {
    return sendEvents(ContentFormat.SENML_CBOR);
  }

  /** Adds imported energy to the profile's meter object (10243 or 10242); returns the new register value in Wh. */
  public long addEnergyWh(long wh) {
    return settings.profile.phases() == 1 ? singlePhaseMeter().addEnergyWh(wh) : threePhaseMeter().addEnergyWh(wh);
  }

  private IllegalStateException notRegistered(String operation) {
    return new IllegalStateException("cannot " + operation + ": meter " + settings.endpoint + " is not registered");
  }

  public String endpoint() {
    return settings.endpoint;
  }

  public ProductProfile profile() {
    return settings.profile;
  }

  public LwM2mVersion lwm2mVersion() {
    return settings.lwm2mVersion;
  }

  /** 10243, for single-phase profiles. @throws IllegalStateException for three-phase profiles */
  public SinglePhaseMeterObject singlePhaseMeter() {
    return objects.singlePhase().orElseThrow(() -> new IllegalStateException(settings.profile.model()
        + " is a three-phase meter"));
  }

  /** 10242, for three-phase profiles. @throws IllegalStateException for single-phase profiles */
  public ThreePhaseMeterObject threePhaseMeter() {
    return objects.threePhase().orElseThrow(() -> new IllegalStateException(settings.profile.model()
        + " is a single-phase meter"));
  }

  public PowerControlObject powerControl() {
    return objects.powerControl();
  }

  public TariffRegistersObject tariffRegisters() {
    return objects.tariffRegisters();
  }

  public PrepaymentDisplayObject prepaymentDisplay() {
    return objects.prepaymentDisplay();
  }

  public MeterEventsObject events() {
    return objects.events();
  }

  public ConnectivityObject connectivity() {
    return objects.connectivity();
  }

  public FirmwareObject firmware() {
    return objects.firmware();
  }

  /** The underlying Leshan client, for what this class does not cover. */
  public LeshanClient leshanClient() {
    return client;
  }

  /** Deregisters (bounded by the request timeout), destroys the client and shuts down executors it owns. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      client.destroy(true);
    } finally {
      tracker.reset();
      if (settings.executors == null) {
        executors.close();
      }
    }
  }
}
