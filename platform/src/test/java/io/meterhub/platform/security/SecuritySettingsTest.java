package io.meterhub.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecuritySettingsTest {

  @Test
  void defaultsKeepPlainHttpAndProductionLimits() {
    SecuritySettings s = SecuritySettings.from(Map.of(), Path.of("data"));

    assertThat(s.https().enabled()).isFalse();
    assertThat(s.limits()).isEqualTo(RateLimits.defaults());
    assertThat(s.loginMaxFailures()).isEqualTo(10);
    assertThat(s.loginLockout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.auditSigningKey()).isEqualTo(Path.of("data", "audit-signing-key.pem"));
    assertThat(s.https().generatedDir()).isEqualTo(Path.of("data", "tls"));
  }

  @Test
  void fileAndEnvironmentConfigureHttpsLimitsAndSigning(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("meterhub.properties");
    Files.writeString(file, "METERHUB_HTTPS_ENABLED=true\nMETERHUB_HTTPS_PORT=9443\nMETERHUB_HTTP_PLAIN=off\n");
    SecuritySettings s = SecuritySettings.from(Map.of("METERHUB_CONFIG_FILE", file.toString(),
        "METERHUB_HTTPS_PORT", "10443", "METERHUB_TLS_CERT_FILE", "/etc/c.pem", "METERHUB_TLS_KEY_FILE", "/etc/k.pem",
        "METERHUB_RATE_LIMIT_TOPUPS_PER_SECOND", "0", "METERHUB_LOGIN_LOCKOUT_MAX_SECONDS", "7200",
        "METERHUB_AUDIT_SIGNING_KEY_FILE", "/keys/audit.pem"), dir);

    assertThat(s.https().enabled()).isTrue();
    assertThat(s.https().port()).isEqualTo(10443);
    assertThat(s.https().redirectPlain()).isFalse();
    assertThat(s.https().certFile()).isEqualTo(Optional.of(Path.of("/etc/c.pem")));
    assertThat(s.limits().topUpsPerSecond()).isZero();
    assertThat(s.limits().loginLockoutMax()).isEqualTo(Duration.ofHours(2));
    assertThat(s.auditSigningKey()).isEqualTo(Path.of("/keys/audit.pem"));
  }

  @Test
  void invalidValuesFailFastNamingTheKey() {
    assertThatThrownBy(() -> SecuritySettings.from(Map.of("METERHUB_HTTPS_ENABLED", "yes"), Path.of("d")))
        .hasMessageContaining("METERHUB_HTTPS_ENABLED");
    assertThatThrownBy(() -> SecuritySettings.from(Map.of("METERHUB_HTTP_PLAIN", "allow"), Path.of("d")))
        .hasMessageContaining("METERHUB_HTTP_PLAIN");
    assertThatThrownBy(() -> SecuritySettings.from(Map.of("METERHUB_TLS_CERT_FILE", "c.pem"), Path.of("d")))
        .hasMessageContaining("METERHUB_TLS_KEY_FILE");
    assertThatThrownBy(() -> SecuritySettings.from(Map.of("METERHUB_RATE_LIMIT_RELAY_PER_SECOND", "-1"), Path.of("d")))
        .hasMessageContaining("METERHUB_RATE_LIMIT_RELAY_PER_SECOND");
  }
}
