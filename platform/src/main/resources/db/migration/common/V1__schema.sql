-- meterhub schema, shared by H2 and PostgreSQL. Statements that differ live in db/migration/{h2,postgresql}.

CREATE TABLE meters (
  id            VARCHAR(128)             NOT NULL,
  model         VARCHAR(32)              NOT NULL,
  region        VARCHAR(256)             NOT NULL,
  security_mode VARCHAR(8)               NOT NULL,
  psk_identity  VARCHAR(128),
  psk_key_hex   VARCHAR(128),
  public_key    VARCHAR(8192),
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT meters_pk PRIMARY KEY (id),
  CONSTRAINT meters_psk_identity_uq UNIQUE (psk_identity)
);

CREATE TABLE readings (
  meter_id          VARCHAR(128)             NOT NULL,
  ts                TIMESTAMP WITH TIME ZONE NOT NULL,
  energy_wh         BIGINT,
  voltage_v         DOUBLE PRECISION,
  current_a         DOUBLE PRECISION,
  power_kw          DOUBLE PRECISION,
  power_factor      DOUBLE PRECISION,
  frequency_hz      DOUBLE PRECISION,
  l1_voltage_v      DOUBLE PRECISION,
  l2_voltage_v      DOUBLE PRECISION,
  l3_voltage_v      DOUBLE PRECISION,
  l1_current_a      DOUBLE PRECISION,
  l2_current_a      DOUBLE PRECISION,
  l3_current_a      DOUBLE PRECISION,
  l1_power_kw       DOUBLE PRECISION,
  l2_power_kw       DOUBLE PRECISION,
  l3_power_kw       DOUBLE PRECISION,
  neutral_current_a DOUBLE PRECISION,
  tou_sharp_wh      BIGINT,
  tou_peak_wh       BIGINT,
  tou_flat_wh       BIGINT,
  tou_valley_wh     BIGINT,
  max_demand_kw     DOUBLE PRECISION,
  max_demand_at     TIMESTAMP WITH TIME ZONE,
  received_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT readings_pk PRIMARY KEY (meter_id, ts)
);

CREATE TABLE users (
  username      VARCHAR(128)             NOT NULL,
  password_hash VARCHAR(256)             NOT NULL,
  roles         VARCHAR(256)             NOT NULL,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT users_pk PRIMARY KEY (username)
);

CREATE TABLE audit_log (
  seq       BIGINT                   NOT NULL,
  at        TIMESTAMP WITH TIME ZONE NOT NULL,
  actor     VARCHAR(256)             NOT NULL,
  action    VARCHAR(128)             NOT NULL,
  target    VARCHAR(512),
  details   VARCHAR(65536),
  prev_hash VARCHAR(64)              NOT NULL,
  hash      VARCHAR(64)              NOT NULL,
  CONSTRAINT audit_log_pk PRIMARY KEY (seq)
);

CREATE INDEX audit_log_actor_seq ON audit_log (actor, seq);
CREATE INDEX audit_log_action_seq ON audit_log (action, seq);

-- The single row every audit append locks (SELECT ... FOR UPDATE): serializes appends across all nodes and records
-- the chain head, so that removing entries from the tail is detected.
CREATE TABLE audit_head (
  id   INT         NOT NULL,
  seq  BIGINT      NOT NULL,
  hash VARCHAR(64) NOT NULL,
  CONSTRAINT audit_head_pk PRIMARY KEY (id),
  CONSTRAINT audit_head_single CHECK (id = 1)
);

INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
