package io.meterhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.audit.AuditSigner;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A node configured for HTTPS only keeps its generated certificate and audit signing key across restarts. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SecureNodeTest {

  @TempDir Path dataDir;

  private static final Map<String, String> HTTPS_ONLY =
      Map.of("METERHUB_HTTPS_ENABLED", "true", "METERHUB_HTTPS_PORT", "0", "METERHUB_HTTP_PLAIN", "off");

  private static HttpResponse<Buffer> get(Vertx vertx, Path cert, int port, String path) throws Exception {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(cert.toString())));
    return client.get(port, "localhost", path).send().toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }

  @Test
  void anHttpsNodeServesWithItsOwnCertificateAndKeepsItAndItsAuditKeyAcrossRestarts() throws Exception {
    Path cert = dataDir.resolve("tls").resolve("server-cert.pem");
    Vertx vertx = Vertx.vertx();
    try {
      String certificate;
      String publicKey;
      String cluster = "secure-" + UUID.randomUUID();
      try (PlatformFixture node = PlatformFixture.start(dataDir, cluster, 1, List.of(),
          io.meterhub.platform.command.CommandSettings.defaults(), HTTPS_ONLY)) {
        assertThat(get(vertx, cert, node.node.httpPort(), "/health").statusCode()).isEqualTo(200);
        HttpResponse<Buffer> key = get(vertx, cert, node.node.httpPort(), "/api/v1/audit/public-key");
        assertThat(key.statusCode()).isEqualTo(200);
        publicKey = key.bodyAsString();
        certificate = Files.readString(cert);
      }
      assertThat(AuditSigner.loadOrCreate(dataDir.resolve("audit-signing-key.pem")).publicKeyPem())
          .isEqualTo(publicKey);

      try (PlatformFixture node = PlatformFixture.start(dataDir, cluster, 1, List.of(),
          io.meterhub.platform.command.CommandSettings.defaults(), HTTPS_ONLY)) {
        assertThat(Files.readString(cert)).isEqualTo(certificate);
        assertThat(get(vertx, cert, node.node.httpPort(), "/api/v1/audit/public-key").bodyAsString())
            .isEqualTo(publicKey);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
