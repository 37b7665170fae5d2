package io.meterhub.loadtest;

import io.meterhub.models.MeterObjectModels;
import io.meterhub.platform.consent.ConsentObservations;
import io.meterhub.platform.lwm2m.ObserveTarget;
import io.meterhub.models.ProductProfile;
import io.meterhub.models.ProductProfiles;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttribute;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributeSet;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributes;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.WriteAttributesRequest;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.NonUniqueSecurityInfoException;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The baseline: a bare Leshan server with in-memory stores and default settings, holding the same PSKs and observing
 * the same paths with the same pmin/pmax as the platform, but storing nothing. What the platform costs on top of
 * Leshan is the ratio of the two runs.
 */
public final class BaselineServer implements LoadTarget {

  private static final Logger LOG = LoggerFactory.getLogger(BaselineServer.class);

  private final LeshanServer leshan;
  private final InMemorySecurityStore security = new InMemorySecurityStore();
  private final Map<String, String> models = new ConcurrentHashMap<>();
  private final LongAdder notifications = new LongAdder();
  private final ExecutorService observer = Executors.newSingleThreadExecutor(r -> daemon(r, "baseline-observe"));

  private final Optional<Integer> measurementPmin;

  /** Starts on {@code host}, an ephemeral port, observing with the profiles' attributes. */
  public BaselineServer(String host) {
    this(host, Optional.empty());
  }

  /**
   * Starts on {@code host}, an ephemeral port; {@code measurementPmin} replaces the profiles' pmin of the measurement
   * object as {@code METERHUB_MEASUREMENT_PMIN_SECONDS} does on the platform, so both are observed alike.
   */
  public BaselineServer(String host, Optional<Integer> measurementPmin) {
    this.measurementPmin = java.util.Objects.requireNonNull(measurementPmin, "measurementPmin");
    CaliforniumServerEndpointsProvider.Builder endpoints =
        new CaliforniumServerEndpointsProvider.Builder(new CoapsServerProtocolProvider());
    endpoints.addEndpoint(new InetSocketAddress(host, 0), Protocol.COAPS);
    LeshanServerBuilder builder = new LeshanServerBuilder();
    builder.setEndpointsProviders(endpoints.build());
    builder.setSecurityStore(security);
    builder.setObjectModelProvider(new VersionedModelProvider(MeterObjectModels.all()));
    leshan = builder.build();
    leshan.getRegistrationService().addListener(new Registrations());
    leshan.getObservationService().addListener(new Notifications());
    leshan.start();
    LOG.info("Baseline Leshan server on {}", coapsUris().get(0));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public String name() {
    return "baseline";
  }

  @Override
  public List<URI> coapsUris() {
    return List.of(leshan.getEndpoint(Protocol.COAPS).getURI());
  }

  @Override
  public void provision(List<MeterIdentity> meters, int parallelism, Results results) {
    for (MeterIdentity meter : meters) {
      try {
        security.add(
            SecurityInfo.newPreSharedKeyInfo(
                meter.id(), meter.pskIdentity(), java.util.HexFormat.of().parseHex(meter.pskKeyHex())));
        models.put(meter.id(), meter.model());
        results.count("provision.created");
      } catch (NonUniqueSecurityInfoException e) {
        results.count("provision.existing");
      }
    }
  }

  @Override
  public TargetStats stats() {
    Runtime rt = Runtime.getRuntime();
    double cpu = -1;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      cpu = os.getProcessCpuLoad();
    }
    return new TargetStats(
        countRegistrations(), notifications.sum(), -1, -1, -1, rt.totalMemory() - rt.freeMemory(), cpu,
        ManagementFactory.getThreadMXBean().getThreadCount());
  }

  private long countRegistrations() {
    long n = 0;
    for (var it = leshan.getRegistrationService().getAllRegistrations(); it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }

  @Override
  public Optional<PlatformApi> api() {
    return Optional.empty();
  }

  @Override
  public boolean supportsConnectionId() {
    return false;
  }

  @Override
  public boolean inProcess() {
    return true;
  }

  @Override
  public void close() {
    leshan.destroy();
    observer.shutdownNow();
  }

  private void observe(Registration registration) {
    Optional<ProductProfile> profile =
        Optional.ofNullable(models.get(registration.getEndpoint())).flatMap(ProductProfiles::find);
    List<ObserveTarget> targets = ConsentObservations.withMeasurementPeriods(
        profile.map(ProductProfile::observations).orElse(List.of()).stream()
            .map(o -> new ObserveTarget(o.path(), o.pminSeconds(), o.pmaxSeconds())).toList(),
        measurementPmin, Optional.empty());
    for (ObserveTarget path : targets) {
      List<LwM2mAttribute<?>> attributes = new java.util.ArrayList<>();
      attributes.add(LwM2mAttributes.create(LwM2mAttributes.MINIMUM_PERIOD, (long) path.pmin()));
      if (path.pmax() > 0) {
        attributes.add(LwM2mAttributes.create(LwM2mAttributes.MAXIMUM_PERIOD, (long) path.pmax()));
      }
      leshan.send(
          registration,
          new WriteAttributesRequest(path.path(), new LwM2mAttributeSet(attributes)),
          30_000,
          r -> leshan.send(registration, new ObserveRequest(path.path()), 30_000, o -> {}, e -> {}),
          e -> {});
    }
  }

  private final class Registrations implements RegistrationListener {
    @Override
    public void registered(Registration reg, Registration previousReg, Collection<Observation> previousObs) {
      observer.execute(() -> observe(reg));
    }

    @Override
    public void updated(RegistrationUpdate update, Registration updatedReg, Registration previousReg) {}

    @Override
    public void unregistered(Registration reg, Collection<Observation> obs, boolean expired, Registration newReg) {}
  }

  private final class Notifications implements ObservationListener {
    @Override
    public void newObservation(Observation observation, Registration registration) {}

    @Override
    public void cancelled(Observation observation) {}

    @Override
    public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
      notifications.increment();
    }

    @Override
    public void onResponse(
        CompositeObservation observation, Registration registration, ObserveCompositeResponse response) {
      notifications.increment();
    }

    @Override
    public void onError(Observation observation, Registration registration, Exception error) {}
  }
}
