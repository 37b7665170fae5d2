package io.meterhub.platform.pki;

import java.util.List;
import java.util.Optional;

/** Durable record of issued device certificates and of revocations. */
public interface CertificateStore {

  /** Records a certificate the platform CA issued. */
  void recordIssued(IssuedCertificate certificate);

  /** The issued certificate with this serial. */
  Optional<IssuedCertificate> find(String serial);

  /** Certificates issued for a meter, oldest first. */
  List<IssuedCertificate> forMeter(String meterId);

  /** Records a revocation; false when the serial was already revoked (the first revocation stays). */
  boolean revoke(Revocation revocation);

  /** The revocation of this serial. */
  Optional<Revocation> revocation(String serial);

  /** Every revocation (to fill the live revocation list at start). */
  List<Revocation> revocations();
}
