-- The webhook delivery log doubles as the durable retry queue (package io.meterhub.platform.event): a node claims a
-- due delivery by writing its claim token and a lease; after a restart or a node loss any node resumes what is due.
ALTER TABLE webhook_deliveries ADD COLUMN next_attempt_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE webhook_deliveries ADD COLUMN claimed_by VARCHAR(64);
ALTER TABLE webhook_deliveries ADD COLUMN claim_until TIMESTAMP WITH TIME ZONE;

-- Deliveries left open by a node that stopped before this migration are resumed.
UPDATE webhook_deliveries SET next_attempt_at = updated_at WHERE status IN ('pending', 'retrying');

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_claim ON webhook_deliveries (claimed_by);
