-- H2 uses an ordinary index for LIKE 'prefix%'.
CREATE INDEX events_region_id ON events (region, id);
CREATE INDEX alarms_region_id ON alarms (region, id);
