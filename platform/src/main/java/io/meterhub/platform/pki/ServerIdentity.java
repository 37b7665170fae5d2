package io.meterhub.platform.pki;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The LwM2M server's own DTLS identity for RPK and X.509 meters: its EC key and its certificate chain (server
 * certificate first, then the CA that signed it). RPK meters pin {@link #publicKey()}.
 */
public record ServerIdentity(PrivateKey privateKey, X509Certificate[] chain) {

  public ServerIdentity {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(chain, "chain");
    if (chain.length == 0) {
      throw new IllegalArgumentException("empty certificate chain");
    }
    chain = chain.clone();
  }

  public X509Certificate certificate() {
    return chain[0];
  }

  public PublicKey publicKey() {
    return chain[0].getPublicKey();
  }

  @Override
  public X509Certificate[] chain() {
    return chain.clone();
  }

  @Override
  public String toString() {
    return "ServerIdentity[" + chain[0].getSubjectX500Principal().getName() + "]";
  }
}
