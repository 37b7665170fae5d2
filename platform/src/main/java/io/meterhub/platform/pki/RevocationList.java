package io.meterhub.platform.pki;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The cluster's live list of revoked certificate serials, read by DTLS handshakes. A Hazelcast replicated map: every
 * member holds a full copy, so {@link #isRevoked} is a local read. SQL ({@link CertificateStore}) is the durable
 * truth; {@link #load} fills the map from it at start.
 */
public final class RevocationList {

  /** Name of the replicated map: serial (upper-case hex) → meter id ("" when unknown). */
  public static final String MAP = "meterhub.pki.revoked";

  private final ReplicatedMap<String, String> revoked;

  public RevocationList(HazelcastInstance hazelcast) {
    this.revoked = Objects.requireNonNull(hazelcast, "hazelcast").getReplicatedMap(MAP);
  }

  /** Whether this certificate's serial was revoked. */
  public boolean isRevoked(X509Certificate certificate) {
    return revoked.containsKey(PlatformCa.serialHex(Objects.requireNonNull(certificate, "certificate")));
  }

  /** Whether this serial (upper-case hex) was revoked. */
  public boolean isRevoked(String serial) {
    return revoked.containsKey(Objects.requireNonNull(serial, "serial"));
  }

  /** Makes a revocation live on every member. */
  public void add(Revocation revocation) {
    revoked.put(revocation.serial(), revocation.meterId() == null ? "" : revocation.meterId());
  }

  /** Puts every durable revocation into the live list; returns how many were missing. */
  public int load(CertificateStore store) {
    int added = 0;
    for (Revocation revocation : store.revocations()) {
      if (!revoked.containsKey(revocation.serial())) {
        add(revocation);
        added++;
      }
    }
    return added;
  }

  public int size() {
    return revoked.size();
  }
}
