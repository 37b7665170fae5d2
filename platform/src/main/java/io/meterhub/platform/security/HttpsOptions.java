package io.meterhub.platform.security;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * HTTPS of the management listener (API, console, metrics).
 *
 * @param enabled serve HTTPS; when false everything is plain HTTP on the HTTP port, as before
 * @param port HTTPS port (0 = ephemeral)
 * @param certFile PEM certificate chain; empty (with {@code keyFile}) = a self-signed one under {@code generatedDir}
 * @param keyFile PEM PKCS#8 private key of {@code certFile}
 * @param generatedDir where the self-signed certificate and key are created on first start and reused
 * @param redirectPlain when enabled: true = the HTTP port answers 308 to https, false = no plain HTTP listener
 * @param redirectPort port named in redirects; empty = the bound HTTPS port (set it behind a port-mapping balancer)
 */
public record HttpsOptions(
    boolean enabled,
    int port,
    Optional<Path> certFile,
    Optional<Path> keyFile,
    Path generatedDir,
    boolean redirectPlain,
    Optional<Integer> redirectPort) {

  public HttpsOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("HTTPS port must be 0..65535");
    }
    Objects.requireNonNull(certFile, "certFile");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(generatedDir, "generatedDir");
    Objects.requireNonNull(redirectPort, "redirectPort");
    if (certFile.isPresent() != keyFile.isPresent()) {
      throw new IllegalArgumentException("give both the TLS certificate and key files, or neither");
    }
  }

  /** Plain HTTP only (the default). */
  public static HttpsOptions disabled() {
    return new HttpsOptions(false, 8443, Optional.empty(), Optional.empty(), Path.of("./data/tls"), true,
        Optional.empty());
  }

  /** HTTPS on {@code port} with a self-signed certificate kept in {@code dir}; plain HTTP redirects. */
  public static HttpsOptions selfSigned(int port, Path dir) {
    return new HttpsOptions(true, port, Optional.empty(), Optional.empty(), dir, true, Optional.empty());
  }

  public HttpsOptions withRedirectPlain(boolean redirect) {
    return new HttpsOptions(enabled, port, certFile, keyFile, generatedDir, redirect, redirectPort);
  }
}
