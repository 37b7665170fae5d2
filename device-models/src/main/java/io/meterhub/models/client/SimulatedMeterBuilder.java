package io.meterhub.models.client;

import io.meterhub.models.ProductProfile;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.leshan.core.LwM2m.LwM2mVersion;

/**
 * Settings of a {@link SimulatedMeter}; endpoint, profile, server URI and credentials (PSK, RPK or X.509) are
 * required.
 */
public final class SimulatedMeterBuilder {

  String endpoint;
  ProductProfile profile;
  URI serverUri;
  byte[] pskIdentity;
  byte[] pskKey;
  /** DER: SubjectPublicKeyInfo (RPK) or certificate (X.509) of the meter. */
  byte[] clientIdentity;
  /** DER PKCS#8 private key of the meter (RPK, X.509). */
  byte[] clientPrivateKey;
  /** DER: the server's SubjectPublicKeyInfo (RPK) or certificate (X.509), pinned by the meter. */
  byte[] serverIdentity;
  Mode mode;
  Duration lifetime = Duration.ofMinutes(5);
  InetAddress bindAddress;
  ClientExecutors executors;
  Clock clock = Clock.systemUTC();
  LwM2mVersion lwm2mVersion = LwM2mVersion.V1_1;
  boolean queueMode;
  Configuration configuration;
  int eventCapacity = 32;
  long firstEventSequence;
  boolean raiseRelayEvents = true;
  int shortServerId = 123;
  Duration requestTimeout = Duration.ofSeconds(30);
  String manufacturer = "meterhub simulator";
  String serialNumber;
  String firmwareVersion = "1.0.0";

  SimulatedMeterBuilder() {}

  /** The LwM2M endpoint name = the meter id. */
  public SimulatedMeterBuilder endpoint(String endpoint) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    return this;
  }

  /** The product profile: KPM31 exposes 10243, KPM33/KPM37 expose 10242. */
  public SimulatedMeterBuilder profile(ProductProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
    return this;
  }

  /** The LwM2M server, e.g. {@code coaps://127.0.0.1:5684}. */
  public SimulatedMeterBuilder serverUri(URI serverUri) {
    Objects.requireNonNull(serverUri, "serverUri");
    if (!"coaps".equals(serverUri.getScheme())) {
      throw new IllegalArgumentException("meters talk DTLS: coaps:// expected, got " + serverUri.getScheme());
    }
    this.serverUri = serverUri;
    return this;
  }

  /** DTLS security modes of the device contract. */
  enum Mode {
    PSK,
    RPK,
    X509
  }

  /** DTLS-PSK credentials: identity (UTF-8) and key (hex). Replaces RPK or X.509 credentials. */
  public SimulatedMeterBuilder psk(String identity, String keyHex) {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(keyHex, "keyHex");
    this.pskIdentity = identity.getBytes(StandardCharsets.UTF_8);
    this.pskKey = HexFormat.of().parseHex(keyHex);
    this.mode = Mode.PSK;
    return this;
  }

  /**
   * DTLS raw public key credentials (TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8): the meter's EC key pair, and the server's
   * public key the meter pins. Replaces PSK or X.509 credentials.
   */
  public SimulatedMeterBuilder rpk(KeyPair meterKeys, PublicKey serverKey) {
    Objects.requireNonNull(meterKeys, "meterKeys");
    Objects.requireNonNull(serverKey, "serverKey");
    this.clientIdentity = meterKeys.getPublic().getEncoded();
    this.clientPrivateKey = meterKeys.getPrivate().getEncoded();
    this.serverIdentity = serverKey.getEncoded();
    this.mode = Mode.RPK;
    return this;
  }

  /**
   * DTLS X.509 credentials (TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8): the meter's certificate (CN = endpoint) and private
   * key, and the server certificate the meter pins (certificate usage 3, domain-issued certificate). Replaces PSK or
   * RPK credentials.
   */
  public SimulatedMeterBuilder x509(X509Certificate meterCertificate, PrivateKey meterKey,
      X509Certificate serverCertificate) {
    Objects.requireNonNull(meterCertificate, "meterCertificate");
    Objects.requireNonNull(meterKey, "meterKey");
    Objects.requireNonNull(serverCertificate, "serverCertificate");
    try {
      this.clientIdentity = meterCertificate.getEncoded();
      this.serverIdentity = serverCertificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("unencodable certificate", e);
    }
    this.clientPrivateKey = meterKey.getEncoded();
    this.mode = Mode.X509;
    return this;
  }

  /** Registration lifetime (default 5 minutes). */
  public SimulatedMeterBuilder lifetime(Duration lifetime) {
    if (lifetime.toSeconds() < 1) {
      throw new IllegalArgumentException("lifetime must be at least one second");
    }
    this.lifetime = lifetime;
    return this;
  }

  /** Local address to send from, e.g. one of several 127.0.0.x to spread many meters; default: any. */
  public SimulatedMeterBuilder bindAddress(InetAddress bindAddress) {
    this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
    return this;
  }

  /** Thread pools shared with other meters (not closed by the meter); default: a meter owns two small pools. */
  public SimulatedMeterBuilder executors(ClientExecutors executors) {
    this.executors = Objects.requireNonNull(executors, "executors");
    return this;
  }

  /** Meter clock: event times, current time, maximum demand time (default system UTC). */
  public SimulatedMeterBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** LwM2M 1.0 or 1.1 (default). 1.0 meters cannot Send. */
  public SimulatedMeterBuilder lwm2mVersion(LwM2mVersion version) {
    Objects.requireNonNull(version, "version");
    if (!version.equals(LwM2mVersion.V1_0) && !version.equals(LwM2mVersion.V1_1)) {
      throw new IllegalArgumentException("LwM2M 1.0 or 1.1 expected: " + version);
    }
    this.lwm2mVersion = version;
    return this;
  }

  /** Queue mode: binding {@code UQ} for 1.0, the {@code Q} parameter for 1.1. */
  public SimulatedMeterBuilder queueMode(boolean queueMode) {
    this.queueMode = queueMode;
    return this;
  }

  /** Californium configuration to use (may be shared); default {@link ClientConfigurations#lightweight()}. */
  public SimulatedMeterBuilder configuration(Configuration configuration) {
    this.configuration = Objects.requireNonNull(configuration, "configuration");
    return this;
  }

  /** How many events the meter keeps (default 32) and the sequence number of its first event (default 0). */
  public SimulatedMeterBuilder events(int capacity, long firstSequence) {
    this.eventCapacity = capacity;
    this.firstEventSequence = firstSequence;
    return this;
  }

  /** Whether relay changes raise RELAY_OPENED_LOCAL/RELAY_OPENED_REMOTE/RELAY_CLOSED events (default true). */
  public SimulatedMeterBuilder raiseRelayEvents(boolean raise) {
    this.raiseRelayEvents = raise;
    return this;
  }

  /** Timeout of registration, deregistration and Send requests (default 30 s). */
  public SimulatedMeterBuilder requestTimeout(Duration timeout) {
    this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /** Device identity in object 3 (serial defaults to the endpoint). */
  public SimulatedMeterBuilder identity(String manufacturer, String serialNumber, String firmwareVersion) {
    this.manufacturer = Objects.requireNonNull(manufacturer, "manufacturer");
    this.serialNumber = Objects.requireNonNull(serialNumber, "serialNumber");
    this.firmwareVersion = Objects.requireNonNull(firmwareVersion, "firmwareVersion");
    return this;
  }

  /** The meter, not started. */
  public SimulatedMeter build() {
    Objects.requireNonNull(endpoint, "endpoint is required");
    Objects.requireNonNull(profile, "profile is required");
    Objects.requireNonNull(serverUri, "serverUri is required");
    Objects.requireNonNull(mode, "psk, rpk or x509 credentials are required");
    if (serialNumber == null) {
      serialNumber = endpoint;
    }
    return new SimulatedMeter(this);
  }
}
