-- Meter list filters (console): the last relay state is kept in SQL next to the meter so that a relay filter pages
-- by id together with the region and id-prefix filters. Written only when the state changes (rare), see
-- io.meterhub.platform.meter.RelayRecordingLiveState.
ALTER TABLE meters ADD COLUMN relay_state VARCHAR(8) DEFAULT 'unknown' NOT NULL;
CREATE INDEX meters_relay_state_id ON meters (relay_state, id);
-- Credit-state filter: accounts of one state, joined to their meter.
CREATE INDEX prepay_accounts_state_meter ON prepay_accounts (credit_state, meter_id);
-- The primary key b-tree serves id LIKE 'prefix%' only under the C collation: pattern ops make the id search
-- indexed whatever the database collation is.
CREATE INDEX meters_id_pattern ON meters (id varchar_pattern_ops);
