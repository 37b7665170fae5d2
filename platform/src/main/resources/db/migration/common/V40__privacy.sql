-- Privacy: customer vault (personal data apart from meters and readings, encrypted per field), meter links by id
-- only, per-meter reporting granularity consent with history, and the daily aggregates that fine readings are
-- downsampled into before retention deletes them.

-- Data keys of the vault, each wrapped (AES-GCM) by the key-encryption key from configuration. Exactly one is active.
CREATE TABLE vault_data_keys (
  id          VARCHAR(64)              NOT NULL,
  wrapped_key VARCHAR(256)             NOT NULL,
  kek_id      VARCHAR(64)              NOT NULL,
  active      BOOLEAN                  NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT vault_data_keys_pk PRIMARY KEY (id)
);

-- One row per customer. Every *_enc column is base64(nonce || AES-GCM ciphertext || tag) under data key key_id,
-- with the customer id and the field name as associated data. ref is a stable pseudonym (HMAC of the id).
CREATE TABLE customers (
  id                    VARCHAR(128)             NOT NULL,
  ref                   VARCHAR(64)              NOT NULL,
  key_id                VARCHAR(64)              NOT NULL,
  name_enc              VARCHAR(4096),
  address_enc           VARCHAR(8192),
  phone_enc             VARCHAR(1024),
  email_enc             VARCHAR(2048),
  protected_reasons_enc VARCHAR(2048),
  is_protected          BOOLEAN                  NOT NULL,
  created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT customers_pk PRIMARY KEY (id),
  CONSTRAINT customers_ref_uq UNIQUE (ref)
);

CREATE INDEX customers_key_id ON customers (key_id);

-- A meter belongs to at most one customer; accounts reach their customer through their meter.
CREATE TABLE customer_meters (
  meter_id    VARCHAR(128)             NOT NULL,
  customer_id VARCHAR(128)             NOT NULL,
  linked_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT customer_meters_pk PRIMARY KEY (meter_id)
);

CREATE INDEX customer_meters_customer ON customer_meters (customer_id, meter_id);

-- Reporting-granularity consent per meter, append-only: the row with the highest seq is in force.
CREATE TABLE meter_consents (
  meter_id    VARCHAR(128)             NOT NULL,
  seq         BIGINT                   NOT NULL,
  granularity VARCHAR(16)              NOT NULL,
  basis       VARCHAR(32)              NOT NULL,
  recorded_by VARCHAR(256)             NOT NULL,
  evidence    VARCHAR(256),
  actor       VARCHAR(256)             NOT NULL,
  recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT meter_consents_pk PRIMARY KEY (meter_id, seq)
);

-- One row per meter and UTC day, computed from fine readings before they expire.
CREATE TABLE daily_readings (
  meter_id        VARCHAR(128)             NOT NULL,
  reading_day     DATE                     NOT NULL,
  first_ts        TIMESTAMP WITH TIME ZONE NOT NULL,
  last_ts         TIMESTAMP WITH TIME ZONE NOT NULL,
  samples         INT                      NOT NULL,
  energy_first_wh BIGINT,
  energy_last_wh  BIGINT,
  min_voltage_v   DOUBLE PRECISION,
  max_voltage_v   DOUBLE PRECISION,
  max_power_kw    DOUBLE PRECISION,
  tou_sharp_wh    BIGINT,
  tou_peak_wh     BIGINT,
  tou_flat_wh     BIGINT,
  tou_valley_wh   BIGINT,
  CONSTRAINT daily_readings_pk PRIMARY KEY (meter_id, reading_day)
);

CREATE INDEX daily_readings_day ON daily_readings (reading_day);

-- Retention deletes by age across all meters: without these it would scan whole tables.
CREATE INDEX readings_ts ON readings (ts);
CREATE INDEX events_received_at ON events (received_at);
