package io.meterhub.platform.lwm2m;

import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.CertPath;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertLevel;
import org.eclipse.californium.scandium.dtls.CertificateMessage;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.CertificateVerificationResult;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.x509.CertificateConfigurationHelper;
import org.eclipse.californium.scandium.dtls.x509.ConfigurationHelperSetup;
import org.eclipse.californium.scandium.dtls.x509.NewAdvancedCertificateVerifier;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.eclipse.californium.scandium.util.ServerNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies meters' certificates during the DTLS handshake: an X.509 chain must lead to one of the trust anchors
 * (the platform CA and configured trusted CAs) and its certificate must not be revoked. Raw public keys pass here;
 * {@link MeterAuthorizer} checks them against the meter's stored key, as it checks an X.509 CN against the endpoint.
 */
final class MeterCertificateVerifier implements NewAdvancedCertificateVerifier, ConfigurationHelperSetup {

  private static final Logger LOG = LoggerFactory.getLogger(MeterCertificateVerifier.class);

  private final NewAdvancedCertificateVerifier trust;
  private final Predicate<X509Certificate> revoked;

  MeterCertificateVerifier(List<X509Certificate> anchors, Predicate<X509Certificate> revoked) {
    this.revoked = Objects.requireNonNull(revoked, "revoked");
    this.trust = StaticNewAdvancedCertificateVerifier.builder()
        .setTrustedCertificates(anchors.toArray(Certificate[]::new))
        .setTrustAllRPKs()
        .build();
  }

  @Override
  public List<CertificateType> getSupportedCertificateTypes() {
    return trust.getSupportedCertificateTypes();
  }

  @Override
  public CertificateVerificationResult verifyCertificate(ConnectionId cid, ServerNames serverName,
      InetSocketAddress remotePeer, boolean clientUsage, boolean verifySubject, boolean truncateCertificatePath,
      CertificateMessage message) {
    CertPath chain = message.getCertificateChain();
    if (chain != null && !chain.getCertificates().isEmpty()
        && chain.getCertificates().get(0) instanceof X509Certificate leaf && revoked.test(leaf)) {
      // serial and subject only: nothing secret
      LOG.warn("Refused DTLS handshake from {}: certificate {} (serial {}) is revoked", remotePeer,
          leaf.getSubjectX500Principal().getName(), leaf.getSerialNumber().toString(16).toUpperCase());
      AlertMessage alert = new AlertMessage(AlertLevel.FATAL, AlertDescription.CERTIFICATE_REVOKED);
      return new CertificateVerificationResult(cid, new HandshakeException("certificate revoked", alert), null);
    }
    CertificateVerificationResult result = trust.verifyCertificate(
        cid, serverName, remotePeer, clientUsage, verifySubject, truncateCertificatePath, message);
    if (result.getException() != null && chain != null) {
      LOG.info("Refused DTLS handshake from {}: certificate not trusted ({})", remotePeer,
          result.getException().getMessage());
    }
    return result;
  }

  @Override
  public List<X500Principal> getAcceptedIssuers() {
    return trust.getAcceptedIssuers();
  }

  @Override
  public void setResultHandler(HandshakeResultHandler resultHandler) {
    trust.setResultHandler(resultHandler);
  }

  @Override
  public void setupConfigurationHelper(CertificateConfigurationHelper helper) {
    if (trust instanceof ConfigurationHelperSetup setup) {
      setup.setupConfigurationHelper(helper);
    }
  }
}
