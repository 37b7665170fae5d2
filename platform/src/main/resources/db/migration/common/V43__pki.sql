-- Device PKI: certificates the platform CA issued, and revoked certificate serials (any trusted issuer).

CREATE TABLE pki_certificates (
  serial      VARCHAR(64)              NOT NULL,
  meter_id    VARCHAR(128)             NOT NULL,
  not_before  TIMESTAMP WITH TIME ZONE NOT NULL,
  not_after   TIMESTAMP WITH TIME ZONE NOT NULL,
  issued_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  issued_by   VARCHAR(128)             NOT NULL,
  CONSTRAINT pki_certificates_pk PRIMARY KEY (serial)
);

CREATE INDEX pki_certificates_meter_idx ON pki_certificates (meter_id);

CREATE TABLE pki_revocations (
  serial      VARCHAR(64)              NOT NULL,
  meter_id    VARCHAR(128),
  reason      VARCHAR(256)             NOT NULL,
  revoked_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_by  VARCHAR(128)             NOT NULL,
  CONSTRAINT pki_revocations_pk PRIMARY KEY (serial)
);
