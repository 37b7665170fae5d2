package io.meterhub.platform.lwm2m;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import com.hazelcast.topic.ITopic;
import io.meterhub.platform.cluster.ClusterMember;
import io.meterhub.platform.meter.DeviceCredentials;
import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterSecurity;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.leshan.core.peer.OscoreIdentity;
import org.eclipse.leshan.server.redis.serialization.SecurityInfoSerDes;
import org.eclipse.leshan.server.security.EditableSecurityStore;
import org.eclipse.leshan.server.security.NonUniqueSecurityInfoException;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.eclipse.leshan.server.security.SecurityStoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live credential registry of the cluster, read by DTLS handshakes. Backed by Hazelcast replicated maps: every
 * member holds a full copy, so {@link #getByIdentity} during a handshake is a local read, never SQL nor a network hop.
 *
 * <p>Every member listens to the replicated map: when a meter's credentials are removed or replaced, each member
 * tells its Leshan server (through {@link SecurityStoreListener}, which Leshan's CoAPS endpoint uses to terminate
 * DTLS connections of that identity), so the meter's session is dropped on whichever node holds it.
 *
 * <p>Uniqueness of PSK identities is enforced durably by the meter registry (SQL); the check here is best effort,
 * as replicated maps offer no cluster-wide atomic compare.
 */
public final class HazelcastSecurityStore implements EditableSecurityStore, DeviceCredentials, AutoCloseable {

  /** Topic carrying endpoints whose DTLS sessions every member drops (credentials unchanged, e.g. revoked cert). */
  public static final String SESSION_DROPS = "meterhub.lwm2m.session-drops";

  private static final Logger LOG = LoggerFactory.getLogger(HazelcastSecurityStore.class);

  private final ReplicatedMap<String, byte[]> byEndpoint;
  private final ReplicatedMap<String, String> endpointByIdentity;
  private final List<SecurityStoreListener> listeners = new CopyOnWriteArrayList<>();
  private final UUID listenerId;
  private final ITopic<String> sessionDrops;
  private final UUID dropListenerId;

  public HazelcastSecurityStore(HazelcastInstance hazelcast) {
    Objects.requireNonNull(hazelcast, "hazelcast");
    this.byEndpoint = hazelcast.getReplicatedMap(ClusterMember.SECURITY);
    this.endpointByIdentity = hazelcast.getReplicatedMap(ClusterMember.SECURITY_PSK_IDENTITIES);
    this.listenerId = byEndpoint.addEntryListener(new ChangeListener());
    this.sessionDrops = hazelcast.getTopic(SESSION_DROPS);
    this.dropListenerId = sessionDrops.addMessageListener(message -> dropLocally(message.getMessageObject()));
  }

  /**
   * Drops the meter's live DTLS session on whichever member holds it, keeping its credentials: used when its
   * certificate is revoked, so that the next handshake runs the revocation check.
   */
  public void dropSessions(String endpoint) {
    sessionDrops.publish(Objects.requireNonNull(endpoint, "endpoint"));
  }

  private void dropLocally(String endpoint) {
    byte[] data = byEndpoint.get(endpoint);
    if (data == null) {
      return; // no credentials: no session can be authorized anyway
    }
    fireRemoved(data);
  }

  /* ---------------- SecurityStore (handshake path: local reads only) ---------------- */

  @Override
  public SecurityInfo getByEndpoint(String endpoint) {
    byte[] data = byEndpoint.get(endpoint);
    return data == null ? null : SecurityInfoSerDes.deserialize(data);
  }

  @Override
  public SecurityInfo getByIdentity(String pskIdentity) {
    String endpoint = endpointByIdentity.get(pskIdentity);
    if (endpoint == null) {
      return null;
    }
    SecurityInfo info = getByEndpoint(endpoint);
    // the two maps replicate independently: trust the identity index only when the info agrees
    return info != null && info.usePSK() && pskIdentity.equals(info.getPskIdentity()) ? info : null;
  }

  @Override
  public SecurityInfo getByOscoreIdentity(OscoreIdentity oscoreIdentity) {
    return null; // OSCORE is not part of the device contract
  }

  /* ---------------- EditableSecurityStore ---------------- */

  @Override
  public Collection<SecurityInfo> getAll() {
    List<SecurityInfo> all = new ArrayList<>();
    for (byte[] data : byEndpoint.values()) {
      all.add(SecurityInfoSerDes.deserialize(data));
    }
    return List.copyOf(all);
  }

  @Override
  public SecurityInfo add(SecurityInfo info) throws NonUniqueSecurityInfoException {
    Objects.requireNonNull(info, "info");
    if (info.usePSK()) {
      String owner = endpointByIdentity.get(info.getPskIdentity());
      if (owner != null && !owner.equals(info.getEndpoint()) && getByIdentity(info.getPskIdentity()) != null) {
        throw new NonUniqueSecurityInfoException(
            "PSK identity " + info.getPskIdentity() + " already used by another endpoint");
      }
      endpointByIdentity.put(info.getPskIdentity(), info.getEndpoint());
    }
    byte[] previous = byEndpoint.put(info.getEndpoint(), SecurityInfoSerDes.serialize(info));
    SecurityInfo old = previous == null ? null : SecurityInfoSerDes.deserialize(previous);
    if (old != null && old.usePSK() && !old.getPskIdentity().equals(info.getPskIdentity())) {
      dropIdentityIndex(old);
    }
    return old;
  }

  @Override
  public SecurityInfo remove(String endpoint, boolean infosAreCompromised) {
    byte[] previous = byEndpoint.remove(Objects.requireNonNull(endpoint, "endpoint"));
    if (previous == null) {
      return null;
    }
    SecurityInfo old = SecurityInfoSerDes.deserialize(previous);
    dropIdentityIndex(old);
    return old;
  }

  @Override
  public void addListener(SecurityStoreListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeListener(SecurityStoreListener listener) {
    listeners.remove(listener);
  }

  /* ---------------- DeviceCredentials ---------------- */

  @Override
  public void put(Meter meter) {
    Objects.requireNonNull(meter, "meter");
    try {
      add(toSecurityInfo(meter.id(), meter.security()));
    } catch (NonUniqueSecurityInfoException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  @Override
  public void remove(String meterId) {
    remove(meterId, true);
  }

  /** Leshan's view of a meter's credentials: the endpoint is the meter id. */
  public static SecurityInfo toSecurityInfo(String meterId, MeterSecurity security) {
    Objects.requireNonNull(meterId, "meterId");
    Objects.requireNonNull(security, "security");
    return switch (security.mode()) {
      case PSK -> SecurityInfo.newPreSharedKeyInfo(
          meterId, security.pskIdentity(), HexFormat.of().parseHex(security.pskKeyHex()));
      case RPK -> SecurityInfo.newRawPublicKeyInfo(meterId, publicKey(security.publicKeyBase64()));
      // X.509: the certificate's CN must equal the endpoint; the trust anchors are server configuration
      case X509 -> SecurityInfo.newX509CertInfo(meterId);
    };
  }

  private static PublicKey publicKey(String base64) {
    byte[] der = Base64.getDecoder().decode(Objects.requireNonNull(base64, "publicKeyBase64"));
    GeneralSecurityException last = null;
    for (String algorithm : new String[] {"EC", "Ed25519", "RSA"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new IllegalArgumentException("Unsupported public key", last);
  }

  private void dropIdentityIndex(SecurityInfo old) {
    if (old.usePSK()) {
      String owner = endpointByIdentity.get(old.getPskIdentity());
      if (old.getEndpoint().equals(owner)) {
        endpointByIdentity.remove(old.getPskIdentity());
      }
    }
  }

  private void fireRemoved(byte[] oldValue) {
    if (oldValue == null || listeners.isEmpty()) {
      return;
    }
    SecurityInfo old = SecurityInfoSerDes.deserialize(oldValue);
    LOG.info("Credentials of {} removed or replaced: dropping its DTLS session on this node", old.getEndpoint());
    for (SecurityStoreListener listener : listeners) {
      try {
        listener.securityInfoRemoved(true, old);
      } catch (RuntimeException e) {
        LOG.warn("Security store listener failed for {}", old.getEndpoint(), e);
      }
    }
  }

  @Override
  public void close() {
    byEndpoint.removeEntryListener(listenerId);
    sessionDrops.removeMessageListener(dropListenerId);
  }

  /** Runs on every member for every change of the replicated credentials. */
  private final class ChangeListener implements EntryListener<String, byte[]> {

    @Override
    public void entryAdded(EntryEvent<String, byte[]> event) {}

    @Override
    public void entryUpdated(EntryEvent<String, byte[]> event) {
      if (!java.util.Arrays.equals(event.getOldValue(), event.getValue())) {
        fireRemoved(event.getOldValue());
      }
    }

    @Override
    public void entryRemoved(EntryEvent<String, byte[]> event) {
      fireRemoved(event.getOldValue());
    }

    @Override
    public void entryEvicted(EntryEvent<String, byte[]> event) {
      fireRemoved(event.getOldValue());
    }

    @Override
    public void entryExpired(EntryEvent<String, byte[]> event) {
      fireRemoved(event.getOldValue());
    }

    @Override
    public void mapCleared(MapEvent event) {
      LOG.warn("Credential map cleared: existing DTLS sessions stay until they re-handshake");
    }

    @Override
    public void mapEvicted(MapEvent event) {}
  }
}
