package io.meterhub.platform.pki;

import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.common.ConflictException;
import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.common.ValidationException;
import io.meterhub.platform.meter.MeterRequests.MeterPatch;
import io.meterhub.platform.meter.MeterRequests.SecuritySpec;
import io.meterhub.platform.meter.MeterService;
import io.vertx.core.json.JsonObject;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device PKI service: the CA certificate, certificates issued from CSRs, key pairs generated at provisioning,
 * and revocation (durable, live in the cluster, and the meter's DTLS session dropped). Every change is audited
 * without key material. Blocking (SQL, Hazelcast): never call it on an event loop.
 */
public final class DeviceCertificates {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceCertificates.class);
  static final int MAX_REASON = 256;

  private final PlatformCa ca;
  private final ServerIdentity server;
  private final CertificateStore store;
  private final RevocationList revoked;
  private final MeterSessions sessions;
  private final MeterService meters;
  private final AuditLog audit;
  private final Duration validity;
  private final Clock clock;

  public DeviceCertificates(PlatformCa ca, ServerIdentity server, CertificateStore store, RevocationList revoked,
      MeterSessions sessions, MeterService meters, AuditLog audit, Duration validity, Clock clock) {
    this.ca = Objects.requireNonNull(ca, "ca");
    this.server = Objects.requireNonNull(server, "server");
    this.store = Objects.requireNonNull(store, "store");
    this.revoked = Objects.requireNonNull(revoked, "revoked");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.validity = Objects.requireNonNull(validity, "validity");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The platform CA certificate, PEM. */
  public String caCertificatePem() {
    return Pem.encode(ca.certificate());
  }

  /**
   * Issues a device certificate for a PKCS#10 request whose CN is the id of a provisioned meter and whose key is
   * EC P-256.
   *
   * @throws ValidationException the request is malformed, badly signed, or names no provisioned meter
   */
  public IssuedPem signRequest(String actor, String csrPem) {
    Objects.requireNonNull(actor, "actor");
    CertificationRequests.Checked request = CertificationRequests.check(csrPem);
    if (meters.get(request.commonName()).isEmpty()) {
      throw ValidationException.of("csr", "the CN must be the id of a provisioned meter");
    }
    X509Certificate cert = issue(actor, request.commonName(), request.publicKey());
    audit.record(actor, "pki.issue", request.commonName(),
        new JsonObject().put("source", "csr").put("serial", PlatformCa.serialHex(cert)).encode());
    return new IssuedPem(PlatformCa.serialHex(cert), request.commonName(), cert.getNotAfter().toInstant(),
        Pem.encode(cert));
  }

  /**
   * Generates a key pair for a meter and switches the meter to it (dropping its live session): mode {@code x509}
   * also issues its certificate, mode {@code rpk} makes the public key its raw public key. The private key is in the
   * answer only; the platform keeps no copy.
   *
   * @return empty when the meter does not exist
   * @throws ValidationException the mode is neither x509 nor rpk
   */
  public Optional<ProvisionedCredentials> provision(String actor, String meterId, String mode) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(meterId, "meterId");
    String chosen = mode == null ? "x509" : mode;
    if (!chosen.equals("x509") && !chosen.equals("rpk")) {
      throw ValidationException.of("mode", "must be x509 or rpk");
    }
    if (meters.get(meterId).isEmpty()) {
      return Optional.empty();
    }
    KeyPair keys = EcKeys.generate();
    String publicKey = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    X509Certificate cert = chosen.equals("x509") ? issue(actor, meterId, keys.getPublic()) : null;
    SecuritySpec spec = chosen.equals("x509")
        ? new SecuritySpec("x509", null, null, null)
        : new SecuritySpec("rpk", null, null, publicKey);
    if (meters.patch(actor, meterId, new MeterPatch(null, spec)).isEmpty()) {
      return Optional.empty(); // deleted meanwhile
    }
    String serial = cert == null ? null : PlatformCa.serialHex(cert);
    audit.record(actor, "meter.credentials.generate", meterId,
        new JsonObject().put("mode", chosen).put("serial", serial).encode());
    return Optional.of(new ProvisionedCredentials(meterId, chosen, Pem.encode(keys.getPrivate()),
        cert == null ? null : Pem.encode(cert), serial, cert == null ? null : cert.getNotAfter().toInstant(),
        publicKey, Base64.getEncoder().encodeToString(server.publicKey().getEncoded()),
        Pem.encode(server.certificate()), caCertificatePem()));
  }

  /**
   * Revokes a certificate by serial (any trusted issuer), or every unrevoked certificate the platform issued to a
   * meter; the revocation is durable, refused by every node's next handshake, and the meter's live DTLS session is
   * dropped. With both serial and meter id, that serial is revoked and that meter's session dropped.
   *
   * @return the new revocations; empty when the meter has no unrevoked platform-issued certificate
   * @throws ValidationException neither serial nor meter id, or a bad serial or reason
   * @throws ConflictException the serial is already revoked
   */
  public List<Revocation> revoke(String actor, String serial, String meterId, String reason) {
    Objects.requireNonNull(actor, "actor");
    FieldErrors errors = new FieldErrors();
    String normalized = serial == null ? null : CertificationRequests.normalizeSerial(serial, errors);
    if (serial == null && meterId == null) {
      errors.add("serial", "give serial or meterId");
    }
    if (reason == null || reason.isBlank()) {
      errors.add("reason", "is required");
    } else if (reason.length() > MAX_REASON) {
      errors.add("reason", "must be at most " + MAX_REASON + " characters");
    }
    errors.throwIfAny();
    List<Revocation> done = new ArrayList<>();
    if (normalized != null) {
      String owner = meterId != null ? meterId : store.find(normalized).map(IssuedCertificate::meterId).orElse(null);
      Revocation revocation = new Revocation(normalized, owner, reason, clock.instant(), actor);
      if (!store.revoke(revocation)) {
        throw new ConflictException("This certificate is already revoked");
      }
      done.add(revocation);
    } else {
      for (IssuedCertificate cert : store.forMeter(meterId)) {
        Revocation revocation = new Revocation(cert.serial(), meterId, reason, clock.instant(), actor);
        if (store.revoke(revocation)) {
          done.add(revocation);
        }
      }
    }
    for (Revocation revocation : done) {
      revoked.add(revocation);
      audit.record(actor, "pki.revoke", revocation.meterId(), revocationDetails(revocation));
      LOG.info("Certificate {} of meter {} revoked", revocation.serial(), revocation.meterId());
    }
    done.stream().map(Revocation::meterId).filter(Objects::nonNull).distinct().forEach(sessions::drop);
    return List.copyOf(done);
  }

  /** Whether a serial is revoked (live list). */
  public boolean isRevoked(String serial) {
    return revoked.isRevoked(serial);
  }

  private X509Certificate issue(String actor, String meterId, PublicKey key) {
    X509Certificate cert = ca.issueDevice(meterId, key, validity);
    store.recordIssued(new IssuedCertificate(PlatformCa.serialHex(cert), meterId, cert.getNotBefore().toInstant(),
        cert.getNotAfter().toInstant(), clock.instant(), actor));
    return cert;
  }

  private static String revocationDetails(Revocation r) {
    return new JsonObject().put("serial", r.serial()).put("reason", r.reason()).encode();
  }
}
