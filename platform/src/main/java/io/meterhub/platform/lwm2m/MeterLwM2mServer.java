package io.meterhub.platform.lwm2m;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.queue.StaticClientAwakeTimeProvider;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.ServerProtocolProvider;
import org.eclipse.leshan.server.endpoint.LwM2mServerEndpoint;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationStore;
import org.eclipse.leshan.server.security.SecurityStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's LwM2M server: Leshan on CoAP over DTLS 1.2 (PSK; RPK and X.509 with ECDHE-ECDSA too when a server
 * certificate is given, devices' chains checked against trust anchors and a revocation list), with
 * DTLS Connection ID so that a meter's NAT rebinding keeps its session, registrations and credentials shared with the
 * cluster through the given stores, and meter traffic handed to a {@link DeviceTrafficHandler}.
 *
 * <p>Metrics: {@code meterhub.lwm2m.registrations} (gauge, cluster-wide when the store is a
 * {@link HazelcastRegistrationStore}: every node reports the same value, aggregate with max, not sum),
 * {@code meterhub.dtls.handshakes{result=success|failure}}, {@code meterhub.lwm2m.notifications},
 * {@code meterhub.lwm2m.sends} and {@code meterhub.lwm2m.inbound.queued} (this node).
 */
public final class MeterLwM2mServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MeterLwM2mServer.class);
  /** Received messages remembered per meter for duplicate detection (CON retransmissions, repeated NONs). */
  static final int DEDUPLICATED_MESSAGES_PER_METER = 8;
  /** Receive buffer asked for the CoAPS socket (the kernel caps it at net.core.rmem_max). */
  static final int UDP_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
  private static final int OBSERVE_THREADS = 4;

  private final LeshanServer leshan;
  private final ExecutorService observeExecutor;
  private final PeerOrderedExecutor protocolStage;
  private final TrafficListener traffic;
  private final Builder settings;

  private MeterLwM2mServer(Builder b) {
    this.settings = b;
    // Observing a newly registered meter takes a cluster read per target before each (asynchronous) request: during a
    // registration storm one thread fell behind, so a few share the work; the targets are independent of each other.
    this.observeExecutor =
        Executors.newFixedThreadPool(
            OBSERVE_THREADS,
            r -> {
              Thread t = new Thread(r, "meterhub-lwm2m-observe-" + b.nodeId);
              t.setDaemon(true);
              return t;
            });
    HandshakeMetrics handshakes = new HandshakeMetrics(b.metrics);

    List<ServerProtocolProvider> protocols = new ArrayList<>();
    protocols.add(OrderedInboundProtocols.coaps(dtls -> {
      dtls.setSessionListener(handshakes);
      if (b.serverPrivateKey != null) {
        dtls.setAdvancedCertificateVerifier(new MeterCertificateVerifier(b.trustAnchors, b.revoked));
      }
    }));
    if (b.plainCoapPort != null) {
      protocols.add(OrderedInboundProtocols.coap());
    }
    CaliforniumServerEndpointsProvider.Builder endpoints =
        new CaliforniumServerEndpointsProvider.Builder(protocols.toArray(ServerProtocolProvider[]::new));
    endpoints.setConfiguration(
        c -> {
          c.set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY);
          List<CipherSuite> suites = new ArrayList<>(List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8));
          if (b.serverPrivateKey != null) {
            suites.add(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8);
          }
          c.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, suites.toArray(CipherSuite[]::new));
          c.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, b.connectionIdLength);
          c.set(DtlsConfig.DTLS_CONNECTION_ID_NODE_ID, b.nodeId);
          c.set(DtlsConfig.DTLS_MAX_CONNECTIONS, b.maxConnections);
          c.set(CoapConfig.MAX_ACTIVE_PEERS, b.maxConnections);
          // The default mark-and-sweep deduplicator keeps every received message's exchange (request and response)
          // for EXCHANGE_LIFETIME (247 s): at 2,000 notifications/s that is ~500,000 exchanges, over 1 GB of heap
          // (measured in the 10k load test). A meter never has more than a few messages in its retransmission
          // window, so keep the newest few per peer instead: duplicates are still caught, memory stays bounded.
          c.set(CoapConfig.DEDUPLICATOR, CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
          c.set(CoapConfig.PEERS_MARK_AND_SWEEP_MESSAGES, DEDUPLICATED_MESSAGES_PER_METER);
          // One UDP socket takes every meter's traffic: with the OS default (~208 KB) a GC pause at 2,000
          // notifications/s overflowed it (10,000 datagrams dropped in two minutes, measured). The kernel caps the
          // request at net.core.rmem_max.
          c.set(DtlsConfig.DTLS_RECEIVE_BUFFER_SIZE, UDP_RECEIVE_BUFFER_BYTES);
        });
    endpoints.addEndpoint(new InetSocketAddress(b.host, b.port), Protocol.COAPS);
    if (b.plainCoapPort != null) {
      endpoints.addEndpoint(new InetSocketAddress(b.host, b.plainCoapPort), Protocol.COAP);
      LOG.warn("Plain CoAP enabled on port {}: unsecured endpoints without credentials are accepted", b.plainCoapPort);
    }

    CaliforniumServerEndpointsProvider endpointsProvider = endpoints.build();
    LeshanServerBuilder builder = new LeshanServerBuilder();
    builder.setEndpointsProviders(endpointsProvider);
    builder.setRegistrationStore(b.registrationStore);
    builder.setSecurityStore(b.securityStore);
    builder.setAuthorizer(new MeterAuthorizer(b.securityStore, b.plainCoapPort != null));
    builder.setObjectModelProvider(new VersionedModelProvider(b.models));
    builder.setClientAwakeTimeProvider(new StaticClientAwakeTimeProvider((int) b.queueAwakeTime.toMillis()));
    if (b.serverPrivateKey != null) {
      builder.setPrivateKey(b.serverPrivateKey);
      if (b.serverChain != null) {
        builder.setCertificateChain(b.serverChain);
      } else {
        builder.setPublicKey(b.serverPublicKey);
      }
    }
    this.leshan = builder.build();
    this.protocolStage = new PeerOrderedExecutor("meterhub-coap-" + b.nodeId, b.inboundThreads, 2);
    // detach = false: the CoAP server shuts the executors down when it is destroyed
    endpointsProvider.getCoapServer().setExecutors(protocolStage,
        ExecutorsUtil.newDefaultSecondaryScheduler("meterhub-coap-" + b.nodeId + "-secondary#"), false);

    this.traffic =
        new TrafficListener(
            leshan, b.handler, b.observeTargets, b.sentPaths, observeExecutor, b.clock, b.requestTimeout.toMillis(), b.metrics);
    leshan.getRegistrationService().addListener(traffic);
    leshan.getObservationService().addListener(traffic);
    leshan.getSendService().addListener(traffic);
    Gauge.builder("meterhub.lwm2m.registrations", b.registrationStore, MeterLwM2mServer::countRegistrations)
        .description("LwM2M registrations (cluster-wide with the Hazelcast store)")
        .register(b.metrics);
    Gauge.builder("meterhub.lwm2m.inbound.queued", protocolStage, PeerOrderedExecutor::queuedInbound)
        .description("received CoAP messages waiting for an inbound thread (this node)")
        .register(b.metrics);
  }

  /**
   * Writes the observe attributes and observes again what {@code observeTargets} now returns for a registered meter
   * (e.g. after its reporting-granularity consent changed). Does nothing when the meter is not registered.
   */
  public void reapplyObservations(String endpoint) {
    Registration registration = leshan.getRegistrationStore().getRegistrationByEndpoint(endpoint);
    if (registration != null) {
      observeExecutor.execute(() -> traffic.observeTargets(registration));
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Binds the endpoints and starts accepting meters. */
  public void start() {
    leshan.start();
    LOG.info("LwM2M server of node {} listening on {}", settings.nodeId, coapsAddress());
  }

  /** The bound CoAPS address (the real port when built with port 0). */
  public InetSocketAddress coapsAddress() {
    return address(Protocol.COAPS).orElseThrow();
  }

  /** The bound plain CoAP address, when enabled. */
  public Optional<InetSocketAddress> coapAddress() {
    return address(Protocol.COAP);
  }

  /** The CoAPS URI meters use to reach this node. */
  public URI coapsUri() {
    return leshan.getEndpoint(Protocol.COAPS).getURI();
  }

  /** The underlying Leshan server, for downlink requests (only inside the lwm2m layer). */
  public LeshanServer leshan() {
    return leshan;
  }

  private Optional<InetSocketAddress> address(Protocol protocol) {
    LwM2mServerEndpoint endpoint = leshan.getEndpoint(protocol);
    if (endpoint == null) {
      return Optional.empty();
    }
    URI uri = endpoint.getURI();
    return Optional.of(new InetSocketAddress(uri.getHost(), uri.getPort()));
  }

  private static double countRegistrations(RegistrationStore store) {
    if (store instanceof HazelcastRegistrationStore hazelcast) {
      return hazelcast.size();
    }
    long n = 0;
    for (Iterator<Registration> it = store.getAllRegistrations(); it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }

  @Override
  public void close() {
    leshan.destroy();
    observeExecutor.shutdownNow();
  }

  /** Settings and collaborators of a {@link MeterLwM2mServer}. */
  public static final class Builder {
    private RegistrationStore registrationStore;
    private SecurityStore securityStore;
    private List<ObjectModel> models;
    private Function<String, List<ObserveTarget>> observeTargets = endpoint -> List.of();
    private Set<String> sentPaths = Set.of();
    private DeviceTrafficHandler handler;
    private MeterRegistry metrics;
    private Clock clock = Clock.systemUTC();
    private int nodeId;
    private String host = "0.0.0.0";
    private int port = 5684;
    private Integer plainCoapPort;
    private int maxConnections = 200_000;
    private int inboundThreads = 8;
    private int connectionIdLength = 6;
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration queueAwakeTime = Duration.ofSeconds(93);
    private PublicKey serverPublicKey;
    private PrivateKey serverPrivateKey;
    private X509Certificate[] serverChain;
    private List<X509Certificate> trustAnchors = List.of();
    private Predicate<X509Certificate> revoked = cert -> false;

    private Builder() {}

    /** Shared registrations and observations (required). */
    public Builder registrationStore(RegistrationStore store) {
      this.registrationStore = Objects.requireNonNull(store);
      return this;
    }

    /** Meter credentials read during DTLS handshakes (required). */
    public Builder securityStore(SecurityStore store) {
      this.securityStore = Objects.requireNonNull(store);
      return this;
    }

    /** LwM2M object models meters may expose (required). */
    public Builder models(List<ObjectModel> models) {
      this.models = List.copyOf(models);
      return this;
    }

    /** What to observe on a meter once it registered (default: nothing). */
    public Builder observeTargets(Function<String, List<ObserveTarget>> observeTargets) {
      this.observeTargets = Objects.requireNonNull(observeTargets);
      return this;
    }

    /**
     * Observe-target paths that meters on LwM2M 1.1 or later push themselves with Send (e.g. their events): these are
     * observed on LwM2M 1.0 registrations only (default: none).
     */
    public Builder sentPaths(Set<String> paths) {
      this.sentPaths = Set.copyOf(paths);
      return this;
    }

    /** Receiver of registrations and values (required). */
    public Builder handler(DeviceTrafficHandler handler) {
      this.handler = Objects.requireNonNull(handler);
      return this;
    }

    /** Registry for the server's metrics (required). */
    public Builder metrics(MeterRegistry metrics) {
      this.metrics = Objects.requireNonNull(metrics);
      return this;
    }

    /** Clock for event timestamps (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** This node's id, 0–255: the first byte of the DTLS connection ids it issues (default 0). */
    public Builder nodeId(int nodeId) {
      if (nodeId < 0 || nodeId > 255) {
        throw new IllegalArgumentException("nodeId must be 0..255");
      }
      this.nodeId = nodeId;
      return this;
    }

    /** Host and CoAPS port to bind (default 0.0.0.0:5684; port 0 = any free port). */
    public Builder coaps(String host, int port) {
      this.host = Objects.requireNonNull(host);
      this.port = port;
      return this;
    }

    /**
     * Also opens plain CoAP on this port (same host; 0 = any free port). Development only: meters without
     * credentials may then register unsecured. Off by default.
     */
    public Builder plainCoap(int port) {
      this.plainCoapPort = port;
      return this;
    }

    /** Maximum DTLS connections and CoAP peers this node holds (default 200,000; Californium's is 150,000). */
    public Builder maxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
      return this;
    }

    /**
     * Threads processing received CoAP messages (default 8): each meter's messages stay in order on one of them. They
     * mostly wait on cluster reads, so more than the cores pays off.
     */
    public Builder inboundThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("inboundThreads must be at least 1");
      }
      this.inboundThreads = threads;
      return this;
    }

    /** DTLS Connection ID length in bytes, including the node id byte (default 6). */
    public Builder connectionIdLength(int length) {
      if (length < 2) {
        throw new IllegalArgumentException("connection id must hold the node id and at least one more byte");
      }
      this.connectionIdLength = length;
      return this;
    }

    /**
     * How long a queue-mode meter is taken to listen after it registered, updated, notified or sent (default 93 s,
     * the LwM2M default); commands for it wait for its next contact after that.
     */
    public Builder queueAwakeTime(Duration awake) {
      if (awake.isNegative() || awake.isZero()) {
        throw new IllegalArgumentException("queue awake time must be positive");
      }
      this.queueAwakeTime = awake;
      return this;
    }

    /** Timeout of the server's own requests to meters (default 60 s: 4G links are slow). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * Server key pair for RPK meters only (no X.509); enables TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8. Prefer
     * {@link #serverCertificate}, which serves both.
     */
    public Builder serverKeys(PublicKey publicKey, PrivateKey privateKey) {
      this.serverPublicKey = Objects.requireNonNull(publicKey);
      this.serverPrivateKey = Objects.requireNonNull(privateKey);
      this.serverChain = null;
      return this;
    }

    /**
     * Server key and certificate chain (server certificate first) for RPK and X.509 meters: X.509 meters get the
     * chain, RPK meters its raw public key. Enables TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8.
     */
    public Builder serverCertificate(PrivateKey privateKey, X509Certificate... chain) {
      Objects.requireNonNull(privateKey);
      if (chain.length == 0) {
        throw new IllegalArgumentException("empty certificate chain");
      }
      this.serverPrivateKey = privateKey;
      this.serverChain = chain.clone();
      this.serverPublicKey = chain[0].getPublicKey();
      return this;
    }

    /**
     * Which device certificates the handshake accepts: chains to one of {@code anchors} (the platform CA and
     * configured trusted CAs) that {@code revoked} does not refuse. {@code revoked} runs inside the handshake: a
     * local read only. Default: no anchors (X.509 meters refused).
     */
    public Builder deviceTrust(List<X509Certificate> anchors, Predicate<X509Certificate> revoked) {
      this.trustAnchors = List.copyOf(anchors);
      this.revoked = Objects.requireNonNull(revoked);
      return this;
    }

    public MeterLwM2mServer build() {
      Objects.requireNonNull(registrationStore, "registrationStore");
      Objects.requireNonNull(securityStore, "securityStore");
      Objects.requireNonNull(models, "models");
      Objects.requireNonNull(handler, "handler");
      Objects.requireNonNull(metrics, "metrics");
      return new MeterLwM2mServer(this);
    }
  }
}
