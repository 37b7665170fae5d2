package io.meterhub.platform.lwm2m;

import java.util.Objects;
import org.eclipse.leshan.core.peer.LwM2mPeer;
import org.eclipse.leshan.core.request.UplinkRequest;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.security.Authorization;
import org.eclipse.leshan.server.security.Authorizer;
import org.eclipse.leshan.server.security.SecurityChecker;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.eclipse.leshan.server.security.SecurityStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts a request only from a meter that has credentials and whose DTLS identity is the one of those credentials
 * (Leshan's {@link SecurityChecker} rules: the PSK identity, the stored raw public key, or for X.509 a certificate CN
 * equal to the endpoint; chain and revocation were checked in the handshake by {@link MeterCertificateVerifier}).
 * Unlike Leshan's default authorizer, an endpoint without credentials is refused — unless unsecured access was
 * explicitly allowed (plain CoAP, development only).
 */
final class MeterAuthorizer implements Authorizer {

  private static final Logger LOG = LoggerFactory.getLogger(MeterAuthorizer.class);

  private final SecurityStore securityStore;
  private final boolean allowUnsecured;
  private final SecurityChecker checker = new SecurityChecker();

  MeterAuthorizer(SecurityStore securityStore, boolean allowUnsecured) {
    this.securityStore = Objects.requireNonNull(securityStore, "securityStore");
    this.allowUnsecured = allowUnsecured;
  }

  @Override
  public Authorization isAuthorized(UplinkRequest<?> request, Registration registration, LwM2mPeer sender) {
    String endpoint = registration.getEndpoint();
    SecurityInfo expected = securityStore.getByEndpoint(endpoint);
    boolean secure = sender.getIdentity().isSecure();
    if (expected == null) {
      if (!secure && allowUnsecured) {
        return Authorization.approved();
      }
      return refuse(request, endpoint, "no credentials for this endpoint");
    }
    if (!secure) {
      return refuse(request, endpoint, "credentials exist but the connection is not secured");
    }
    if (!checker.checkSecurityInfo(endpoint, sender, expected)) {
      return refuse(request, endpoint, "DTLS identity does not belong to this endpoint");
    }
    return Authorization.approved();
  }

  private static Authorization refuse(UplinkRequest<?> request, String endpoint, String reason) {
    LOG.info("Refused {} of endpoint {}: {}", request.getClass().getSimpleName(), endpoint, reason);
    return Authorization.declined();
  }
}
