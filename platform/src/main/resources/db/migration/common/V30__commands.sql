-- Device commands (relay now; display push, firmware later) and relay batches. Same SQL on H2 and PostgreSQL.

CREATE TABLE commands (
  id              VARCHAR(36)              NOT NULL,
  meter_id        VARCHAR(128)             NOT NULL,
  type            VARCHAR(32)              NOT NULL,
  target          VARCHAR(64)              NOT NULL,
  reason          VARCHAR(512)             NOT NULL,
  status          VARCHAR(16)              NOT NULL,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  attempts        INT                      NOT NULL,
  error           VARCHAR(1024),
  deadline        TIMESTAMP WITH TIME ZONE NOT NULL,
  actor           VARCHAR(256)             NOT NULL,
  idempotency_key VARCHAR(256),
  batch_id        VARCHAR(36),
  CONSTRAINT commands_pk PRIMARY KEY (id),
  -- NULLs do not collide: only commands created with an Idempotency-Key are unique by it.
  CONSTRAINT commands_idempotency_uq UNIQUE (idempotency_key)
);

CREATE INDEX commands_meter_created ON commands (meter_id, created_at, id);
CREATE INDEX commands_batch_status ON commands (batch_id, status);

CREATE TABLE relay_batches (
  id          VARCHAR(36)              NOT NULL,
  target      VARCHAR(16)              NOT NULL,
  reason      VARCHAR(512)             NOT NULL,
  selector    VARCHAR(300)             NOT NULL,
  meter_count INT                      NOT NULL,
  actor       VARCHAR(256)             NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT relay_batches_pk PRIMARY KEY (id)
);
