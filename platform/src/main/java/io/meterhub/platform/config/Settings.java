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
          ADMIN_PASSWORD,
          CLUSTER_NAME,
          CLUSTER_HOST,
          CLUSTER_PORT,
          CLUSTER_MEMBERS,
          MAX_BODY_BYTES,
          TOKEN_TTL_SECONDS,
          READING_BATCH_SIZE,
          READING_BATCH_DELAY_MS,
          TAMPER_TRIP_REGIONS,
          NOMINAL_VOLTAGE,
          VOLTAGE_TOLERANCE_PERCENT,
          OUTAGE_METERS,
          OUTAGE_WINDOW_SECONDS,
          PKI_CA_CERT,
          PKI_CA_KEY,
          PKI_TRUSTED_CAS,
          PKI_SERVER_CERT,
          PKI_SERVER_KEY,
          PKI_DEVICE_CERT_DAYS);

  private Settings() {}
}
