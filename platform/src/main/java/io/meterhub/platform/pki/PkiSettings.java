package io.meterhub.platform.pki;

import io.meterhub.platform.config.Setting;
import io.meterhub.platform.config.Settings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

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
    Map<String, String> values = new HashMap<>();
    String file = env.getOrDefault(Settings.CONFIG_FILE.env(), "");
    if (!file.isBlank()) {
      values.putAll(readProperties(Path.of(file)));
    }
    values.putAll(env);
    String days = text(values, Settings.PKI_DEVICE_CERT_DAYS);
    long validityDays;
    try {
      validityDays = Long.parseLong(days);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(Settings.PKI_DEVICE_CERT_DAYS.env() + " must be a whole number");
    }
    if (validityDays < 1 || validityDays > 36_500) {
      throw new IllegalArgumentException(Settings.PKI_DEVICE_CERT_DAYS.env() + " must be between 1 and 36500");
    }
    return new PkiSettings(
        dataDir.resolve("pki"),
        path(values, Settings.PKI_CA_CERT),
        path(values, Settings.PKI_CA_KEY),
        path(values, Settings.PKI_TRUSTED_CAS),
        path(values, Settings.PKI_SERVER_CERT),
        path(values, Settings.PKI_SERVER_KEY),
        Duration.ofDays(validityDays));
  }

  private static String text(Map<String, String> values, Setting setting) {
    String value = values.get(setting.env());
    return value == null ? setting.defaultValue() : value.trim();
  }

  private static Optional<Path> path(Map<String, String> values, Setting setting) {
    String value = text(values, setting);
    return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
  }

  private static Map<String, String> readProperties(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException(Settings.CONFIG_FILE.env() + ": cannot read " + file);
    }
    Map<String, String> values = new HashMap<>();
    properties.forEach((k, v) -> values.put(k.toString().trim(), v.toString().trim()));
    return values;
  }
}
