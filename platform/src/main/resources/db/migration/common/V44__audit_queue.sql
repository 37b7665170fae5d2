-- Audit entries are written here first, in the transaction of the change they record (so neither commits without
-- the other), and appended to the hash chain (audit_log) in batches, in id order, under the audit_head lock. Writers
-- therefore never queue on that single lock; an entry waits here for at most one chaining interval.
CREATE TABLE audit_queue (
  id      BIGINT GENERATED ALWAYS AS IDENTITY,
  at      TIMESTAMP WITH TIME ZONE NOT NULL,
  actor   VARCHAR(256)             NOT NULL,
  action  VARCHAR(128)             NOT NULL,
  target  VARCHAR(512),
  details VARCHAR(65536),
  CONSTRAINT audit_queue_pk PRIMARY KEY (id)
);
