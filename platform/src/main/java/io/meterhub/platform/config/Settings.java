package io.meterhub.platform.config;

import java.util.List;

/** Every configuration key meterhub reads. */
public final class Settings {

  public static final Setting CONFIG_FILE =
      new Setting("METERHUB_CONFIG_FILE", "", "optional properties file with any of these keys; environment wins");
  public static final Setting NODE_ID =
      new Setting("METERHUB_NODE_ID", "1", "node number 1–255, unique per cluster node (DTLS Connection ID prefix)");
  public static final Setting DATA_DIR =
      new Setting("METERHUB_DATA_DIR", "./data", "directory for the embedded H2 database and local state");
  public static final Setting HTTP_HOST =
      new Setting("METERHUB_HTTP_HOST", "0.0.0.0", "interface of the management HTTP listener (API, console, metrics)");
  public static final Setting HTTP_PORT = new Setting("METERHUB_HTTP_PORT", "8080", "HTTP port of API and console");
  public static final Setting COAP_HOST =
      new Setting("METERHUB_COAP_HOST", "0.0.0.0", "interface of the device-facing UDP listeners");
  public static final Setting COAPS_PORT = new Setting("METERHUB_COAPS_PORT", "5684", "LwM2M over CoAP/DTLS port");
  public static final Setting COAP_PORT =
      new Setting("METERHUB_COAP_PORT", "", "plain CoAP port (unencrypted); empty = off, never enable in production");
  public static final Setting DB_URL =
      new Setting("METERHUB_DB_URL", "", "JDBC URL (jdbc:postgresql://…); empty = embedded H2 under the data dir");
  public static final Setting DB_USER = new Setting("METERHUB_DB_USER", "", "database user");
  public static final Setting DB_PASSWORD = new Setting("METERHUB_DB_PASSWORD", "", "database password");
  public static final Setting DB_POOL_SIZE = new Setting("METERHUB_DB_POOL_SIZE", "8",
      "database connections of this node (API workers, ingestion, prepayment and commands share them)");
  public static final Setting ADMIN_PASSWORD =
      new Setting(
          "METERHUB_ADMIN_PASSWORD",
          "",
          "password of the bootstrap user admin on first start; empty = a random one is printed once to the log");
  public static final Setting CLUSTER_NAME =
      new Setting("METERHUB_CLUSTER_NAME", "meterhub", "Hazelcast cluster name; nodes with the same name join");
  public static final Setting CLUSTER_HOST =
      new Setting("METERHUB_CLUSTER_HOST", "127.0.0.1", "interface the Hazelcast member binds to");
  public static final Setting CLUSTER_PORT =
      new Setting("METERHUB_CLUSTER_PORT", "5701", "Hazelcast member port (auto-increments when taken)");
  public static final Setting CLUSTER_MEMBERS =
      new Setting(
          "METERHUB_CLUSTER_MEMBERS", "", "comma-separated host[:port] of peer nodes (TCP-IP join); empty = single node");
  public static final Setting MAX_BODY_BYTES =
      new Setting("METERHUB_MAX_BODY_BYTES", "65536", "largest accepted HTTP request body, bytes (413 above)");
  public static final Setting TOKEN_TTL_SECONDS =
      new Setting("METERHUB_TOKEN_TTL_SECONDS", "3600", "lifetime of API access tokens");
  public static final Setting READING_BATCH_SIZE =
      new Setting("METERHUB_READING_BATCH_SIZE", "500", "readings written per SQL batch at most");
  public static final Setting READING_BATCH_DELAY_MS =
      new Setting("METERHUB_READING_BATCH_DELAY_MS", "50", "longest wait to fill a reading batch, ms");

  public static final Setting MEASUREMENT_PMIN_SECONDS =
      new Setting(
          "METERHUB_MEASUREMENT_PMIN_SECONDS",
          "",
          "observe pmin of the measurement object (10242/10243) for the whole fleet, s; empty = the product profile's"
              + " (15); a meter's consented granularity still caps it");
  public static final Setting MEASUREMENT_PMAX_SECONDS =
      new Setting(
          "METERHUB_MEASUREMENT_PMAX_SECONDS",
          "",
          "observe pmax of the measurement object for the whole fleet, s (raised to pmin when below it); empty = the"
              + " product profile's (60)");

  public static final Setting LWM2M_INBOUND_THREADS =
      new Setting(
          "METERHUB_LWM2M_INBOUND_THREADS",
          "8",
          "threads processing received CoAP messages; one meter's messages stay in order on one of them");

  public static final Setting TAMPER_TRIP_REGIONS =
      new Setting(
          "METERHUB_TAMPER_TRIP_REGIONS",
          "",
          "comma-separated region prefixes whose meters are tripped when they report tampering; empty = alarm only");

  public static final Setting NOMINAL_VOLTAGE =
      new Setting("METERHUB_NOMINAL_VOLTAGE", "230", "nominal supply voltage for voltage-quality alarms, V");
  public static final Setting VOLTAGE_TOLERANCE_PERCENT =
      new Setting(
          "METERHUB_VOLTAGE_TOLERANCE_PERCENT", "10", "readings outside nominal ± this percentage raise a quality alarm");
  public static final Setting OUTAGE_METERS =
      new Setting(
          "METERHUB_OUTAGE_METERS", "10", "meters of one region losing supply within the window that make one outage");
  public static final Setting OUTAGE_WINDOW_SECONDS =
      new Setting("METERHUB_OUTAGE_WINDOW_SECONDS", "120", "window in which supply losses are correlated, seconds");
  public static final Setting DISPLAY_MIN_INTERVAL_SECONDS =
      new Setting(
          "METERHUB_DISPLAY_MIN_INTERVAL_SECONDS",
          "300",
          "shortest time between two display updates of a meter whose balance only went down with consumption, s;"
              + " top-ups and credit-state changes are shown at once; 0 = every charge");
  public static final Setting CHARGE_HOLD_SECONDS =
      new Setting(
          "METERHUB_CHARGE_HOLD_SECONDS",
          "30",
          "longest time a reading waits to be charged together with the meter's next ones, s; an account with less"
              + " credit left before exhaustion than its low-credit threshold is charged at every reading; 0 = at once");
  public static final Setting QUEUE_AWAKE_SECONDS =
      new Setting(
          "METERHUB_QUEUE_AWAKE_SECONDS",
          "93",
          "how long a queue-mode meter listens after it registered, updated, notified or sent, s (LwM2M default 93)");

  public static final Setting HTTPS_ENABLED =
      new Setting("METERHUB_HTTPS_ENABLED", "false", "serve API and console over HTTPS (true/false)");
  public static final Setting HTTPS_PORT =
      new Setting("METERHUB_HTTPS_PORT", "8443", "HTTPS port of API and console (when HTTPS is enabled)");
  public static final Setting TLS_CERT_FILE =
      new Setting(
          "METERHUB_TLS_CERT_FILE",
          "",
          "PEM certificate chain for HTTPS; empty = a self-signed one generated in tls/ under the data dir and reused");
  public static final Setting TLS_KEY_FILE =
      new Setting("METERHUB_TLS_KEY_FILE", "", "PEM (PKCS#8) private key of METERHUB_TLS_CERT_FILE");
  public static final Setting HTTP_PLAIN =
      new Setting(
          "METERHUB_HTTP_PLAIN",
          "redirect",
          "with HTTPS on: redirect = the HTTP port answers 308 to https; off = no plain HTTP listener");
  public static final Setting HTTPS_REDIRECT_PORT =
      new Setting(
          "METERHUB_HTTPS_REDIRECT_PORT", "", "port named in https redirects; empty = the HTTPS port (set behind NAT)");
  public static final Setting RATE_LIMIT_TOKEN_PER_MINUTE =
      new Setting(
          "METERHUB_RATE_LIMIT_TOKEN_PER_MINUTE", "120", "token requests per remote address and minute; 0 = no limit");
  public static final Setting RATE_LIMIT_TOPUPS_PER_SECOND =
      new Setting("METERHUB_RATE_LIMIT_TOPUPS_PER_SECOND", "1000", "top-ups per user and second; 0 = no limit");
  public static final Setting RATE_LIMIT_RELAY_PER_SECOND =
      new Setting(
          "METERHUB_RATE_LIMIT_RELAY_PER_SECOND",
          "200",
          "relay commands and batches per user and second; 0 = no limit");
  public static final Setting LOGIN_MAX_FAILURES =
      new Setting(
          "METERHUB_LOGIN_MAX_FAILURES",
          "10",
          "failed logins of one user name within the lockout that lock it");
  public static final Setting LOGIN_LOCKOUT_SECONDS =
      new Setting(
          "METERHUB_LOGIN_LOCKOUT_SECONDS",
          "300",
          "first lockout (and failure-counting window), s; each repeat doubles");
  public static final Setting LOGIN_LOCKOUT_MAX_SECONDS =
      new Setting("METERHUB_LOGIN_LOCKOUT_MAX_SECONDS", "3600", "longest lockout of a user name, s");
  public static final Setting AUDIT_SIGNING_KEY_FILE =
      new Setting(
          "METERHUB_AUDIT_SIGNING_KEY_FILE",
          "",
          "Ed25519 PKCS#8 PEM key signing audit tree heads; empty = audit-signing-key.pem in the data dir, created"
              + " once");
  public static final Setting AUDIT_TREE_INTERVAL_SECONDS =
      new Setting(
          "METERHUB_AUDIT_TREE_INTERVAL_SECONDS",
          "60",
          "how often new audit entries get a signed tree head, s");
  public static final Setting ANALYTICS_MIN_GROUP_METERS =
      new Setting(
          "METERHUB_ANALYTICS_MIN_GROUP_METERS",
          "15",
          "analytics release aggregates of a group (and of each interval) only with at least this many meters");
  public static final Setting ANALYTICS_MAX_SHARE_PERCENT =
      new Setting(
          "METERHUB_ANALYTICS_MAX_SHARE_PERCENT",
          "0",
          "when above 0, also withhold a group where one meter has more than this % of its energy (15 = CPUC 15/15)");
  public static final Setting ANALYTICS_MAX_INTERVALS =
      new Setting("METERHUB_ANALYTICS_MAX_INTERVALS", "1000", "most intervals one load-analytics query may ask for");
  public static final Setting VAULT_KEY =
      new Setting(
          "METERHUB_VAULT_KEY",
          "",
          "customer-vault key-encryption key, base64 of 32 bytes; empty = generated once into <data dir>/vault.key"
              + " (embedded H2 only; required with an external database)");
  public static final Setting VAULT_PREVIOUS_KEYS =
      new Setting(
          "METERHUB_VAULT_PREVIOUS_KEYS",
          "",
          "comma-separated earlier vault keys, still accepted for unwrapping until POST /api/v1/customers/key-rotation");
  public static final Setting DEFAULT_GRANULARITY =
      new Setting(
          "METERHUB_DEFAULT_GRANULARITY",
          "unrestricted",
          "reporting granularity of meters without a consent record: monthly, daily, 30-min, 15-min or unrestricted");
  public static final Setting RETENTION_FINE_READINGS_DAYS =
      new Setting(
          "METERHUB_RETENTION_FINE_READINGS_DAYS",
          "90",
          "days fine readings are kept before being summarised into daily aggregates and deleted; 0 = forever");
  public static final Setting RETENTION_DAILY_DAYS =
      new Setting("METERHUB_RETENTION_DAILY_DAYS", "730", "days daily aggregates are kept; 0 = forever");
  public static final Setting RETENTION_EVENTS_DAYS =
      new Setting("METERHUB_RETENTION_EVENTS_DAYS", "730", "days meter events are kept; 0 = forever");
  public static final Setting RETENTION_AUDIT_DAYS =
      new Setting(
          "METERHUB_RETENTION_AUDIT_DAYS",
          "0",
          "audit log retention; only 0 (forever) is accepted, deleting entries would break chain verification");
  public static final Setting RETENTION_INTERVAL_MINUTES =
      new Setting("METERHUB_RETENTION_INTERVAL_MINUTES", "60", "how often the retention job runs, minutes");
  public static final Setting PKI_CA_CERT =
      new Setting(
          "METERHUB_PKI_CA_CERT", "", "PEM certificate of the device CA; empty = one created under the data dir");
  public static final Setting PKI_CA_KEY =
      new Setting(
          "METERHUB_PKI_CA_KEY", "", "PEM private key (EC P-256) of the device CA given by METERHUB_PKI_CA_CERT");
  public static final Setting PKI_TRUSTED_CAS =
      new Setting("METERHUB_PKI_TRUSTED_CAS", "", "PEM file of further CAs whose device certificates are accepted");
  public static final Setting PKI_SERVER_CERT =
      new Setting(
          "METERHUB_PKI_SERVER_CERT", "", "PEM chain of the LwM2M server (RPK/X.509); empty = issued by the device CA");
  public static final Setting PKI_SERVER_KEY =
      new Setting("METERHUB_PKI_SERVER_KEY", "", "PEM private key (EC P-256) of METERHUB_PKI_SERVER_CERT");
  public static final Setting PKI_DEVICE_CERT_DAYS =
      new Setting(
          "METERHUB_PKI_DEVICE_CERT_DAYS", "3650", "validity of device certificates the platform issues, days");

  public static final List<Setting> ALL =
      List.of(
          CONFIG_FILE,
          NODE_ID,
          DATA_DIR,
          HTTP_HOST,
          HTTP_PORT,
          COAP_HOST,
          COAPS_PORT,
          COAP_PORT,
          DB_URL,
          DB_USER,
          DB_PASSWORD,
          DB_POOL_SIZE,
          ADMIN_PASSWORD,
          CLUSTER_NAME,
          CLUSTER_HOST,
          CLUSTER_PORT,
          CLUSTER_MEMBERS,
          MAX_BODY_BYTES,
          TOKEN_TTL_SECONDS,
          READING_BATCH_SIZE,
          READING_BATCH_DELAY_MS,
          MEASUREMENT_PMIN_SECONDS,
          MEASUREMENT_PMAX_SECONDS,
          LWM2M_INBOUND_THREADS,
          TAMPER_TRIP_REGIONS,
          NOMINAL_VOLTAGE,
          VOLTAGE_TOLERANCE_PERCENT,
          OUTAGE_METERS,
          OUTAGE_WINDOW_SECONDS,
          DISPLAY_MIN_INTERVAL_SECONDS,
          CHARGE_HOLD_SECONDS,
          QUEUE_AWAKE_SECONDS,
          HTTPS_ENABLED,
          HTTPS_PORT,
          TLS_CERT_FILE,
          TLS_KEY_FILE,
          HTTP_PLAIN,
          HTTPS_REDIRECT_PORT,
          RATE_LIMIT_TOKEN_PER_MINUTE,
          RATE_LIMIT_TOPUPS_PER_SECOND,
          RATE_LIMIT_RELAY_PER_SECOND,
          LOGIN_MAX_FAILURES,
          LOGIN_LOCKOUT_SECONDS,
          LOGIN_LOCKOUT_MAX_SECONDS,
          AUDIT_SIGNING_KEY_FILE,
          AUDIT_TREE_INTERVAL_SECONDS,
          ANALYTICS_MIN_GROUP_METERS,
          ANALYTICS_MAX_SHARE_PERCENT,
          ANALYTICS_MAX_INTERVALS,
          VAULT_KEY,
          VAULT_PREVIOUS_KEYS,
          DEFAULT_GRANULARITY,
          RETENTION_FINE_READINGS_DAYS,
          RETENTION_DAILY_DAYS,
          RETENTION_EVENTS_DAYS,
          RETENTION_AUDIT_DAYS,
          RETENTION_INTERVAL_MINUTES,
          PKI_CA_CERT,
          PKI_CA_KEY,
          PKI_TRUSTED_CAS,
          PKI_SERVER_CERT,
          PKI_SERVER_KEY,
          PKI_DEVICE_CERT_DAYS);

  private Settings() {}
}
