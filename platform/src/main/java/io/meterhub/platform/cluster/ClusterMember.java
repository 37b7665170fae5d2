package io.meterhub.platform.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.MultiMapConfig.ValueCollectionType;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.ReplicatedMapConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.meterhub.platform.meter.MeterStatus;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Hazelcast member of this node, configured for the maps meterhub shares across the cluster.
 *
 * <p>Map names are constants of this class so that every user of a map agrees on the configuration given here.
 */
public final class ClusterMember implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);

  /** LwM2M registrations by endpoint (serialized by Leshan's RegistrationSerDes). */
  public static final String REGISTRATIONS = "meterhub.lwm2m.registrations";
  /** Secondary indexes of registrations (registration id, address, identity → endpoint). */
  public static final String REGISTRATION_INDEX = "meterhub.lwm2m.registration-index";
  /** Registration expiry instants by endpoint. */
  public static final String REGISTRATION_EXPIRY = "meterhub.lwm2m.registration-expiry";
  /** Observations by token, and the tokens of each registration. */
  public static final String OBSERVATIONS = "meterhub.lwm2m.observations";
  public static final String OBSERVATION_TOKENS = "meterhub.lwm2m.observation-tokens";
  /** Per-endpoint locks of the registration store. */
  public static final String REGISTRATION_LOCKS = "meterhub.lwm2m.registration-locks";
  /** DTLS credentials by endpoint and the PSK identity index (replicated: handshakes read locally). */
  public static final String SECURITY = "meterhub.lwm2m.security";
  public static final String SECURITY_PSK_IDENTITIES = "meterhub.lwm2m.security-psk-identities";
  /** API access tokens by their SHA-256 (near-cached, see configureMaps). */
  public static final String API_TOKENS = "meterhub.api.tokens";
  /** Live meter status by meter id. */
  public static final String METER_STATUS = "meterhub.meter.status";
  /** Undelivered device commands per meter. */
  public static final String PENDING_COMMANDS = "meterhub.command.pending";

  private final ClusterSettings settings;
  private final HazelcastInstance hazelcast;

  private ClusterMember(ClusterSettings settings, HazelcastInstance hazelcast) {
    this.settings = settings;
    this.hazelcast = hazelcast;
  }

  /** Starts the member; returns once it has joined (or formed) its cluster. */
  public static ClusterMember start(ClusterSettings settings) {
    Objects.requireNonNull(settings, "settings");
    HazelcastInstance instance = Hazelcast.newHazelcastInstance(config(settings));
    ClusterMember member = new ClusterMember(settings, instance);
    LOG.info(
        "Cluster member {} started at {} in cluster {} ({} members)",
        settings.nodeName(),
        member.address(),
        settings.clusterName(),
        instance.getCluster().getMembers().size());
    return member;
  }

  /** The Hazelcast configuration for these settings (exposed for the Vert.x cluster manager and tests). */
  public static Config config(ClusterSettings settings) {
    Config config = new Config();
    config.setClusterName(settings.clusterName());
    config.setInstanceName("meterhub-" + settings.nodeName() + "-" + settings.clusterName());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    // Joining is explicit (TCP-IP list), so there is nothing to wait for beyond a short discovery round.
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.join.seconds", "20");
    config.getMemberAttributeConfig().setAttribute("meterhub.node", settings.nodeName());

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(settings.port()).setPortAutoIncrement(true).setPortCount(100);
    network.getInterfaces().setEnabled(true).addInterface(settings.bindHost());
    config.setProperty("hazelcast.local.localAddress", settings.bindHost());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2);
    settings.members().forEach(m -> join.getTcpIpConfig().addMember(m));

    configureMaps(config);
    // Live status: copied out of its partition on every read; its own format instead of Java serialization.
    config.getSerializationConfig().addSerializerConfig(
        new SerializerConfig().setTypeClass(MeterStatus.class).setImplementation(new MeterStatusSerializer()));
    return config;
  }

  private static void configureMaps(Config config) {
    // Registrations and observations: one synchronous backup, no TTL (the registration store expires them itself,
    // with listeners).
    config.addMapConfig(registrationMap(OBSERVATION_TOKENS));
    config.addMapConfig(registrationMap(REGISTRATION_EXPIRY));
    // Every notification reads its observation twice and its registration through the index (Californium, then
    // Leshan): four hops to partition threads per notification without a near cache; with it the node credited a
    // fifth more top-ups in the load test's storm (BENCHMARKS). These maps are written at registration, update and
    // observe, not per notification. The store reads past the near cache under its endpoint lock, so writers never
    // act on a stale copy; a lock-free read on another member may lag a write by an invalidation event (sent at once,
    // see below).
    // Bounds: the registration store's decoded caches (50,000 registrations, 200,000 observations); three index
    // entries per registration.
    config.addMapConfig(registrationMap(REGISTRATIONS).setNearCacheConfig(localNearCache(REGISTRATIONS, 50_000)));
    config.addMapConfig(
        registrationMap(REGISTRATION_INDEX).setNearCacheConfig(localNearCache(REGISTRATION_INDEX, 150_000)));
    config.addMapConfig(registrationMap(OBSERVATIONS).setNearCacheConfig(localNearCache(OBSERVATIONS, 200_000)));
    // API tokens: read on every request, written at login and logout. A near cache, also of the entries this member
    // owns, answers without a hop to a partition thread (measured: ~19 ms per request waiting there under load). A
    // revoke invalidates every member's copy: at once on the revoking member, by an invalidation event (sent at once,
    // not in Hazelcast's 10-s batches) on the others. Expiry stays exact: TokenService checks the record's own time.
    config.addMapConfig(
        new MapConfig(API_TOKENS).setBackupCount(1).setNearCacheConfig(localNearCache(API_TOKENS, 10_000)));
    config.setProperty("hazelcast.map.invalidation.batch.enabled", "false");
    // Lock map: holds no data, only IMap key locks.
    config.addMapConfig(new MapConfig(REGISTRATION_LOCKS).setBackupCount(1));
    // Live status: updated by entry processors (run where the data is); OBJECT format avoids a deserialize per update.
    config.addMapConfig(new MapConfig(METER_STATUS).setBackupCount(1).setInMemoryFormat(InMemoryFormat.OBJECT));
    // Pending commands: every change and the sweep are entry processors too; the queues are immutable records.
    config.addMapConfig(new MapConfig(PENDING_COMMANDS).setBackupCount(1).setInMemoryFormat(InMemoryFormat.OBJECT));
    // Credentials: every member holds a full copy, so a DTLS handshake never leaves the node. Small (100 bytes per
    // meter), rarely written.
    for (String name : new String[] {SECURITY, SECURITY_PSK_IDENTITIES}) {
      config.addReplicatedMapConfig(
          new ReplicatedMapConfig(name).setInMemoryFormat(InMemoryFormat.BINARY).setAsyncFillup(false));
    }
    // What vertx-hazelcast's default-cluster.xml declares, needed when Vert.x is given this instance
    // (new HazelcastClusterManager(hazelcast())).
    config.addMultiMapConfig(
        new MultiMapConfig("__vertx.subs").setBackupCount(1).setValueCollectionType(ValueCollectionType.SET));
    config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
    config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
  }

  private static MapConfig registrationMap(String name) {
    return new MapConfig(name).setBackupCount(1).setInMemoryFormat(InMemoryFormat.BINARY);
  }

  /**
   * A near cache that also holds the entries this member owns (a read answers without a hop to a partition thread),
   * invalidated by every change, of at most {@code entries} values (least recently used go first).
   */
  private static NearCacheConfig localNearCache(String map, int entries) {
    return new NearCacheConfig(map).setCacheLocalEntries(true).setInvalidateOnChange(true)
        .setInMemoryFormat(InMemoryFormat.OBJECT)
        .setEvictionConfig(new EvictionConfig().setSize(entries).setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT)
            .setEvictionPolicy(EvictionPolicy.LRU));
  }

  public HazelcastInstance hazelcast() {
    return hazelcast;
  }

  public ClusterSettings settings() {
    return settings;
  }

  public int nodeId() {
    return settings.nodeId();
  }

  public String nodeName() {
    return settings.nodeName();
  }

  /** The address this member listens on for other members (host:port), to list in other members' settings. */
  public InetSocketAddress address() {
    try {
      return hazelcast.getCluster().getLocalMember().getAddress().getInetSocketAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Number of members currently in the cluster. */
  public int memberCount() {
    return hazelcast.getCluster().getMembers().size();
  }

  @Override
  public void close() {
    if (hazelcast.getLifecycleService().isRunning()) {
      hazelcast.shutdown();
      LOG.info("Cluster member {} stopped", settings.nodeName());
    }
  }
}
