package io.meterhub.platform;

import io.meterhub.models.MeterObjectModels;
import io.meterhub.models.ProductProfiles;
import io.meterhub.platform.analytics.Analytics;
import io.meterhub.platform.analytics.AnalyticsSettings;
import io.meterhub.platform.api.ApiConfig;
import io.meterhub.platform.api.ApiDependencies;
import io.meterhub.platform.api.HealthCheck;
import io.meterhub.platform.api.HttpApi;
import io.meterhub.platform.api.PrivacyServices;
import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.audit.AuditSigner;
import io.meterhub.platform.audit.AuditTree;
import io.meterhub.platform.audit.AuditChainer;
import io.meterhub.platform.audit.AuditTreePublisher;
import io.meterhub.platform.audit.ChainedAuditLog;
import io.meterhub.platform.audit.JdbcAuditTree;
import io.meterhub.platform.auth.JdbcUserStore;
import io.meterhub.platform.cluster.ClusterMember;
import io.meterhub.platform.cluster.ClusterSettings;
import io.meterhub.platform.cluster.HazelcastMeterLiveState;
import io.meterhub.platform.command.CommandDisplayPublisher;
import io.meterhub.platform.command.CommandModule;
import io.meterhub.platform.command.CommandSettings;
import io.meterhub.platform.command.JdbcCommandStore;
import io.meterhub.platform.command.RelaySupplyControl;
import io.meterhub.platform.command.RelayTamperResponse;
import io.meterhub.platform.config.MeterhubConfig;
import io.meterhub.platform.consent.ConsentModule;
import io.meterhub.platform.consent.ConsentObservations;
import io.meterhub.platform.customer.CustomerService;
import io.meterhub.platform.customer.JdbcCustomerVault;
import io.meterhub.platform.customer.VaultKeys;
import io.meterhub.platform.event.EventConfig;
import io.meterhub.platform.event.EventModule;
import io.meterhub.platform.lwm2m.DeviceRequests;
import io.meterhub.platform.lwm2m.DeviceTrafficHandler;
import io.meterhub.platform.lwm2m.HazelcastRegistrationStore;
import io.meterhub.platform.lwm2m.HazelcastSecurityStore;
import io.meterhub.platform.lwm2m.MeterLwM2mServer;
import io.meterhub.platform.lwm2m.ObserveTarget;
import io.meterhub.platform.meter.JdbcMeterStore;
import io.meterhub.platform.meter.MeterLiveState;
import io.meterhub.platform.meter.RelayRecordingLiveState;
import io.meterhub.platform.meter.MeterService;
import io.meterhub.platform.meter.MeterStore;
import io.meterhub.platform.metering.BatchingReadingWriter;
import io.meterhub.platform.metering.JdbcReadingStore;
import io.meterhub.platform.metering.MeterTrafficIngest;
import io.meterhub.platform.metering.ReadingSinks;
import io.meterhub.platform.metering.ReadingStore;
import io.meterhub.platform.pki.CertificateStore;
import io.meterhub.platform.pki.DeviceCertificates;
import io.meterhub.platform.pki.JdbcCertificateStore;
import io.meterhub.platform.pki.PkiFiles;
import io.meterhub.platform.pki.PkiSettings;
import io.meterhub.platform.pki.PlatformCa;
import io.meterhub.platform.pki.RevocationList;
import io.meterhub.platform.pki.ServerIdentity;
import io.meterhub.platform.prepay.AsyncDisplayPublisher;
import io.meterhub.platform.prepay.ConsumptionCharger;
import io.meterhub.platform.prepay.JdbcSupplyControl;
import io.meterhub.platform.prepay.MeterLanes;
import io.meterhub.platform.prepay.PrepayConfig;
import io.meterhub.platform.prepay.PrepaySchedule;
import io.meterhub.platform.prepay.PrepayService;
import io.meterhub.platform.prepay.ThrottledDisplayPublisher;
import io.meterhub.platform.security.SecuritySettings;
import io.meterhub.platform.retention.PrivacySettings;
import io.meterhub.platform.retention.RetentionJob;
import io.meterhub.platform.store.Database;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One meterhub node: wires the stores, the cluster member, the LwM2M head-end and the REST API together, and stops
 * them in reverse order. Single node by default; several nodes with the same cluster name share live state.
 */
public final class PlatformNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PlatformNode.class);
  /**
   * Display commands, and the effects of money changes (relay orders, credit alerts), carried out at the same time:
   * each a short SQL transaction or two, so a lane per core is plenty.
   */
  private static final int LANES = 2;
  /** How long an audit entry may wait in the queue before it is chained when nobody reads the log. */
  private static final Duration AUDIT_CHAIN_INTERVAL = Duration.ofMillis(100);

  /** Resources in start order; closed in reverse. */
  private final Deque<AutoCloseable> started = new ArrayDeque<>();

  private final MeterhubConfig config;
  private final CommandSettings commandSettings;
  private final SecuritySettings security;
  private final Clock clock;
  private Database database;
  private ClusterMember cluster;
  private MeterLwM2mServer lwm2m;
  private HttpApi api;
  private BatchingReadingWriter readingWriter;
  private ConsentModule consent;

  private PlatformNode(MeterhubConfig config, CommandSettings commandSettings, SecuritySettings security, Clock clock) {
    this.config = config;
    this.commandSettings = commandSettings;
    this.security = security;
    this.clock = clock;
  }

  /** Starts a node and returns once it serves; on failure everything already started is stopped again. */
  public static PlatformNode start(MeterhubConfig config) {
    return start(config, CommandSettings.from(System.getenv()));
  }

  /** As {@link #start(MeterhubConfig)}, with the command pipeline tuned by {@code commandSettings}. */
  public static PlatformNode start(MeterhubConfig config, CommandSettings commandSettings) {
    return start(config, commandSettings, SecuritySettings.from(System.getenv(), config.dataDir()));
  }

  /** As {@link #start(MeterhubConfig, CommandSettings)}, with HTTPS, rate limits and audit signing as configured. */
  public static PlatformNode start(MeterhubConfig config, CommandSettings commandSettings, SecuritySettings security) {
    PlatformNode node = new PlatformNode(config, commandSettings, security, Clock.systemUTC());
    try {
      node.startAll();
      return node;
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  private void startAll() {
    PrometheusMeterRegistry registry = metricsRegistry();

    database =
        config
            .dbUrl()
            .map(url -> Database.open(url, config.dbUser(), config.dbPassword(), config.dbPoolSize()))
            .orElseGet(() -> Database.embedded(config.dataDir(), config.dbPoolSize()));
    started.push(database);
    database.bindMetrics(registry);
    MeterStore meters = new JdbcMeterStore(database);
    ReadingStore readings = new JdbcReadingStore(database);
    ChainedAuditLog audit = new ChainedAuditLog(database, clock);
    started.push(AuditChainer.start(audit, AUDIT_CHAIN_INTERVAL));
    AuditTree auditTree = new JdbcAuditTree(database, AuditSigner.loadOrCreate(security.auditSigningKey()), clock);
    started.push(AuditTreePublisher.start(auditTree, security.auditTreeInterval()));

    cluster =
        ClusterMember.start(
            new ClusterSettings(
                config.nodeId(),
                config.clusterName(),
                config.clusterHost(),
                config.clusterPort(),
                config.clusterMembers()));
    started.push(cluster);
    MeterLiveState live = new RelayRecordingLiveState(new HazelcastMeterLiveState(cluster.hazelcast()), meters);
    HazelcastSecurityStore credentials = new HazelcastSecurityStore(cluster.hazelcast());
    started.push(credentials);
    publishCredentials(meters, credentials);
    PrivacyServices privacy = privacy(meters, audit, registry);
    CommandModule commands =
        new CommandModule(
            new JdbcCommandStore(database), meters, live, audit, cluster.hazelcast(), cluster.nodeName(), registry,
            commandSettings, clock);
    started.push(commands);

    Vertx vertx = Vertx.vertx();
    started.push(() -> await(vertx.close()));
    ExecutorService tamperTrips = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "tamper-trips"));
    started.push(tamperTrips::shutdown);
    EventModule events =
        new EventModule(
            database,
            meters,
            audit,
            vertx,
            cluster.hazelcast(),
            new RelayTamperResponse(commands.commands(), tamperTrips),
            eventConfig(),
            clock,
            registry);
    started.push(events);

    readingWriter =
        new BatchingReadingWriter(
            readings,
            registry,
            clock,
            BatchingReadingWriter.DEFAULT_QUEUE_CAPACITY,
            config.readingBatchSize(),
            Duration.ofMillis(config.readingBatchDelayMs()),
            BatchingReadingWriter.DEFAULT_ATTEMPTS,
            BatchingReadingWriter.DEFAULT_RETRY_BACKOFF);
    started.push(readingWriter);
    PrepayService prepay = prepayment(meters, audit, commands, events);
    // 25 readings per transaction: a batch keeps its accounts locked until it commits, and their top-ups wait (load
    // test storm, BENCHMARKS: 1,000 per batch credited less than 100, and 25 more)
    ConsumptionCharger charger =
        new ConsumptionCharger(prepay, 100_000, 25, Duration.ofSeconds(config.chargeHoldSeconds()));
    charger.bindMetrics(registry);
    started.push(charger);
    MeterTrafficIngest ingest =
        new MeterTrafficIngest(
            live,
            ReadingSinks.all(consent.filter(readingWriter), charger, events.voltageMonitor()),
            events.sink(),
            cluster.nodeName(),
            clock);
    started.push(ingest);

    DevicePki pki = devicePki();
    startLwm2m(meters, live, credentials, commands, events.withStatusStream(ingest), pki, registry);
    commands.start(new DeviceRequests(lwm2m, commandSettings.requestTimeout()));

    startApi(vertx, new ApiDependencies(meters, readings, live, credentials, audit, new JdbcUserStore(database),
            cluster.hazelcast(), clock, registry, healthChecks(), events.api())
        .withPrepay(prepay)
        .withAuditTree(auditTree)
        .withAnalytics(Analytics.create(database, meters, readings, audit, prepay,
            AnalyticsSettings.from(System.getenv()), clock))
        .withPrivacy(privacy)
        .withDurability(database.durability()),
        commands,
        new DeviceCertificates(pki.ca(), pki.server(), pki.certificates(), pki.revocations(), credentials::dropSessions,
            new MeterService(meters, live, credentials, readings, audit, apiConfig().knownModels(), clock),
            audit, pki.settings().deviceCertValidity(), clock));
  }

  /** Prepayment on the command pipeline: supply orders and display updates as commands, credit alerts as events. */
  private PrepayService prepayment(MeterStore meters, AuditLog audit, CommandModule commands, EventModule events) {
    Duration displayInterval = Duration.ofSeconds(config.displayMinIntervalSeconds());
    AsyncDisplayPublisher displayCommands =
        new AsyncDisplayPublisher(new CommandDisplayPublisher(commands.commands(), clock), LANES);
    started.push(displayCommands);
    ThrottledDisplayPublisher display = new ThrottledDisplayPublisher(displayCommands, displayInterval,
        Duration.ofSeconds(Math.max(1, Math.min(5, config.displayMinIntervalSeconds()))), clock);
    started.push(display);
    MeterLanes effects = new MeterLanes("meterhub-prepay-effects", LANES);
    started.push(effects);
    PrepayService prepay =
        new PrepayService(
            database,
            audit,
            new RelaySupplyControl(new JdbcSupplyControl(database, audit, clock), commands.commands()),
            display,
            events.creditAlerts(),
            PrepayConfig.defaults(),
            clock,
            meterId -> meters.find(meterId).isPresent(),
            effects);
    commands.onFinished(RelaySupplyControl.outcomesTo(prepay));
    started.push(new PrepaySchedule(prepay, clock, Duration.ofMinutes(1)));
    return prepay;
  }

  /** The device CA, this server's certificate, issued certificates and the cluster-wide revocation list. */
  private DevicePki devicePki() {
    PkiSettings settings = PkiSettings.from(System.getenv(), config.dataDir());
    PlatformCa ca = PkiFiles.ca(settings, clock);
    CertificateStore certificates = new JdbcCertificateStore(database);
    RevocationList revocations = new RevocationList(cluster.hazelcast());
    revocations.load(certificates);
    return new DevicePki(settings, ca, PkiFiles.server(settings, ca, clock), certificates, revocations);
  }

  private record DevicePki(
      PkiSettings settings,
      PlatformCa ca,
      ServerIdentity server,
      CertificateStore certificates,
      RevocationList revocations) {}

  /** The LwM2M head-end: DTLS with PSK, RPK and X.509, observations shaped by profile, configuration and consent. */
  private void startLwm2m(MeterStore meters, MeterLiveState live, HazelcastSecurityStore credentials,
      CommandModule commands, DeviceTrafficHandler ingest, DevicePki pki, PrometheusMeterRegistry registry) {
    MeterLwM2mServer.Builder server =
        MeterLwM2mServer.builder()
            .registrationStore(new HazelcastRegistrationStore(cluster.hazelcast()))
            .securityStore(credentials)
            .models(MeterObjectModels.all())
            .observeTargets(endpoint -> consent.observations(endpoint, ConsentObservations.withMeasurementPeriods(
                observeTargets(meters, endpoint), config.measurementPminSeconds(),
                config.measurementPmaxSeconds())))
            // Device contract: 1.1 meters push their events with Send; only 1.0 meters are observed for them.
            .sentPaths(Set.of("/" + MeterObjectModels.METER_EVENTS))
            .handler(commands.traffic(ingest))
            .metrics(registry)
            .clock(clock)
            .nodeId(config.nodeId())
            .inboundThreads(config.lwm2mInboundThreads())
            .queueAwakeTime(Duration.ofSeconds(config.queueAwakeSeconds()))
            .coaps(config.coapHost(), config.coapsPort())
            .serverCertificate(pki.server().privateKey(), pki.server().chain())
            .deviceTrust(PkiFiles.trustAnchors(pki.settings(), pki.ca()), pki.revocations()::isRevoked);
    config.coapPort().ifPresent(server::plainCoap);
    lwm2m = server.build();
    lwm2m.start();
    started.push(lwm2m);
    consent.onChange(meterId -> {
      if (cluster.nodeName().equals(live.get(meterId).node())) {
        lwm2m.reapplyObservations(meterId);
      }
    });
  }

  /** The REST API and console, listening once started. */
  private void startApi(
      Vertx vertx, ApiDependencies deps, CommandModule commands, DeviceCertificates certificates) {
    api = HttpApi.create(vertx, apiConfig(), deps, commands.commands(), commands.batches(), certificates);
    await(api.start());
    started.push(() -> await(api.stop()));
    LOG.info(
        "meterhub node {} serving: {} port {}, coaps {}",
        cluster.nodeName(),
        security.https().enabled() ? "https" : "http",
        api.port(),
        lwm2m.coapsAddress());
  }

  private Map<String, HealthCheck> healthChecks() {
    Map<String, HealthCheck> checks = new LinkedHashMap<>();
    checks.put("database", () -> database.withConnection(connection -> connection.isValid(2)));
    return checks;
  }

  /** The customer vault (key from configuration or the data dir), consent, and the retention job, started. */
  private PrivacyServices privacy(MeterStore meters, AuditLog audit, PrometheusMeterRegistry registry) {
    PrivacySettings settings = PrivacySettings.fromEnvironment();
    VaultKeys keys =
        VaultKeys.load(
            settings.vaultKey(), settings.previousVaultKeys(), config.dataDir(), config.dbUrl().isPresent());
    CustomerService customers =
        new CustomerService(
            new JdbcCustomerVault(database, keys, clock), audit, meterId -> meters.find(meterId).isPresent());
    consent =
        new ConsentModule(
            database, audit, meterId -> meters.find(meterId).isPresent(), cluster.hazelcast(),
            settings.defaultGranularity(), clock, registry);
    started.push(consent);
    RetentionJob retention = new RetentionJob(database, settings.retention(), audit, clock, registry);
    retention.start();
    started.push(retention);
    return new PrivacyServices(customers, consent.service());
  }

  /** Prometheus registry with the JVM and process metrics operators expect next to meterhub's own. */
  private static PrometheusMeterRegistry metricsRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }

  private EventConfig eventConfig() {
    return EventConfig.defaults()
        .withTripOnTamper(Set.copyOf(config.tamperTripRegions()))
        .withVoltageLimits(config.nominalVoltage(), config.voltageTolerancePercent() / 100.0)
        .withOutage(config.outageMeters(), Duration.ofSeconds(config.outageWindowSeconds()));
  }

  private ApiConfig apiConfig() {
    return ApiConfig.defaults()
        .withHostPort(config.httpHost(), config.httpPort())
        .withBodyLimit(config.maxBodyBytes())
        .withAdminPassword(config.adminPassword())
        .withTokenTtl(Duration.ofSeconds(config.tokenTtlSeconds()))
        .withLimits(security.limits())
        .withLoginThrottle(security.loginMaxFailures(), security.loginLockout())
        .withHttps(security.https());
  }

  /**
   * Makes sure every meter in the durable registry can handshake. Entries that already exist are left alone, so a
   * node joining a running cluster does not disturb live sessions.
   */
  private static void publishCredentials(MeterStore meters, HazelcastSecurityStore credentials) {
    int[] published = {0};
    meters.forEach(
        meter -> {
          if (credentials.getByEndpoint(meter.id()) == null) {
            credentials.put(meter);
            published[0]++;
          }
        });
    if (published[0] > 0) {
      LOG.info("Published credentials of {} meters to the cluster", published[0]);
    }
  }

  /** The profile's observations for a registered meter; runs on the server's observe thread, not a Leshan one. */
  private static List<ObserveTarget> observeTargets(MeterStore meters, String endpoint) {
    return meters
        .find(endpoint)
        .flatMap(meter -> ProductProfiles.find(meter.model()))
        .map(
            profile ->
                profile.observations().stream()
                    .map(o -> new ObserveTarget(o.path(), o.pminSeconds(), o.pmaxSeconds()))
                    .toList())
        .orElse(List.of());
  }

  public int httpPort() {
    return api.port();
  }

  public URI coapsUri() {
    return lwm2m.coapsUri();
  }

  public ClusterMember cluster() {
    return cluster;
  }

  public MeterhubConfig config() {
    return config;
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting or stopping", e);
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Stops everything that was started, newest first; readings still queued are written before the database closes. */
  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable resource = started.pop();
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("Error while stopping {}: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
