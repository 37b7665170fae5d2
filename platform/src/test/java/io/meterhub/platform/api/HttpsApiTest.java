package io.meterhub.platform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterhub.platform.security.HttpsOptions;
import io.meterhub.platform.testsupport.ApiFixture;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS on the API listener: self-signed certificate generated once and reused, plain HTTP redirected or off. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpsApiTest {

  @TempDir Path dir;

  private static ApiConfig config(HttpsOptions https) {
    return ApiConfig.defaults().withHostPort("127.0.0.1", 0).withAdminPassword(Optional.of(ApiFixture.ADMIN_PASSWORD))
        .withHttps(https);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static WebClient trusting(ApiFixture fx, Path cert) {
    return WebClient.create(fx.vertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(cert.toString())).setFollowRedirects(false));
  }

  @Test
  void aRealHttpsRequestSucceedsWithTheGeneratedCertificateWhichIsKeptAndReused() throws Exception {
    Path tls = dir.resolve("tls");
    Path cert = tls.resolve("server-cert.pem");
    String firstCert;
    try (ApiFixture fx = new ApiFixture(config(HttpsOptions.selfSigned(0, tls)))) {
      assertThat(cert).exists();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("server-key.pem"))))
          .isEqualTo("rw-------");
      firstCert = Files.readString(cert);
      WebClient client = trusting(fx, cert);
      HttpResponse<Buffer> login = await(client.post(fx.api.port(), "localhost", "/api/v1/auth/token")
          .sendJsonObject(new JsonObject().put("username", "admin").put("password", ApiFixture.ADMIN_PASSWORD)));
      assertThat(login.statusCode()).isEqualTo(200);
      HttpResponse<Buffer> health = await(client.get(fx.api.port(), "127.0.0.1", "/health").send());
      assertThat(health.statusCode()).isEqualTo(200);
    }

    try (ApiFixture fx = new ApiFixture(config(HttpsOptions.selfSigned(0, tls)))) {
      assertThat(Files.readString(cert)).isEqualTo(firstCert);
      HttpResponse<Buffer> health = await(trusting(fx, cert).get(fx.api.port(), "localhost", "/health").send());
      assertThat(health.statusCode()).isEqualTo(200);

      // A client that does not trust the certificate gets no answer at all.
      WebClient untrusting = WebClient.create(fx.vertx, new WebClientOptions().setSsl(true));
      assertThatThrownBy(() -> await(untrusting.get(fx.api.port(), "localhost", "/health").send()))
          .hasStackTraceContaining("SSL");
    }
  }

  @Test
  void plainHttpRedirectsWith308ToTheSamePathOnHttps() throws Exception {
    Path tls = dir.resolve("tls-redirect");
    try (ApiFixture fx = new ApiFixture(config(HttpsOptions.selfSigned(0, tls)))) {
      int plain = fx.api.redirectPort().orElseThrow();
      WebClient client = WebClient.create(fx.vertx, new WebClientOptions().setFollowRedirects(false));

      HttpResponse<Buffer> r = await(client.post(plain, "localhost", "/api/v1/auth/token?x=1")
          .sendJsonObject(new JsonObject().put("username", "admin").put("password", ApiFixture.ADMIN_PASSWORD)));

      assertThat(r.statusCode()).isEqualTo(308);
      assertThat(r.getHeader("Location")).isEqualTo("https://localhost:" + fx.api.port() + "/api/v1/auth/token?x=1");
      HttpResponse<Buffer> followed = await(trusting(fx, tls.resolve("server-cert.pem"))
          .postAbs(r.getHeader("Location"))
          .sendJsonObject(new JsonObject().put("username", "admin").put("password", ApiFixture.ADMIN_PASSWORD)));
      assertThat(followed.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void plainHttpCanBeSwitchedOff() throws Exception {
    Path tls = dir.resolve("tls-off");
    try (ApiFixture fx = new ApiFixture(config(HttpsOptions.selfSigned(0, tls).withRedirectPlain(false)))) {
      assertThat(fx.api.redirectPort()).isEmpty();
      HttpResponse<Buffer> health = await(trusting(fx, tls.resolve("server-cert.pem"))
          .get(fx.api.port(), "localhost", "/health").send());
      assertThat(health.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void configuredPemFilesAreServedInsteadOfAGeneratedCertificate() throws Exception {
    Path own = dir.resolve("own");
    io.meterhub.platform.security.TlsMaterial.resolve(HttpsOptions.selfSigned(0, own), "127.0.0.1");
    Path unused = dir.resolve("unused");
    HttpsOptions configured = new HttpsOptions(true, 0, Optional.of(own.resolve("server-cert.pem")),
        Optional.of(own.resolve("server-key.pem")), unused, false, Optional.empty());
    try (ApiFixture fx = new ApiFixture(config(configured))) {
      HttpResponse<Buffer> health = await(trusting(fx, own.resolve("server-cert.pem"))
          .get(fx.api.port(), "localhost", "/health").send());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(unused).doesNotExist();
    }
  }
}
