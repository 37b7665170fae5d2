package io.meterhub.platform.pki;

import io.meterhub.platform.config.SettingValues;
import io.meterhub.platform.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the device PKI comes from: a configured CA (PEM paths) or one created under the data dir; extra trusted CAs;
 * the server's certificate; how long device certificates live.
 *
 * @param dir directory for the created CA and server identity ({@code <data dir>/pki})
 */
public record PkiSettings(
    Path dir,
    Optional<Path> caCert,
    Optional<Path> caKey,
    Optional<Path> trustedCas,
    Optional<Path> serverCert,
    Optional<Path> serverKey,
    Duration deviceCertValidity) {

  public PkiSettings {
    Objects.requireNonNull(dir, "dir");
    if (caCert.isPresent() != caKey.isPresent()) {
      throw new IllegalArgumentException(
          Settings.PKI_CA_CERT.env() + " and " + Settings.PKI_CA_KEY.env() + " must be given together");
    }
    if (serverCert.isPresent() != serverKey.isPresent()) {
      throw new IllegalArgumentException(
          Settings.PKI_SERVER_CERT.env() + " and " + Settings.PKI_SERVER_KEY.env() + " must be given together");
    }
  }

  /** Defaults: everything created under {@code dataDir/pki}. */
  public static PkiSettings defaults(Path dataDir) {
    return from(Map.of(), dataDir);
  }

  /** Reads the environment (and the properties file it names with METERHUB_CONFIG_FILE); environment wins. */
  public static PkiSettings from(Map<String, String> env, Path dataDir) {
    Objects.requireNonNull(dataDir, "dataDir");
    SettingValues values = SettingValues.of(env);
    return new PkiSettings(
        dataDir.resolve("pki"),
        values.path(Settings.PKI_CA_CERT),
        values.path(Settings.PKI_CA_KEY),
        values.path(Settings.PKI_TRUSTED_CAS),
        values.path(Settings.PKI_SERVER_CERT),
        values.path(Settings.PKI_SERVER_KEY),
        Duration.ofDays(values.longIn(Settings.PKI_DEVICE_CERT_DAYS, 1, 36_500)));
  }
}
