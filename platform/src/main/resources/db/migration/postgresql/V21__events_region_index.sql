-- PostgreSQL uses a b-tree for LIKE 'prefix%' only with pattern ops (the database collation is usually not C).
CREATE INDEX events_region_id ON events (region varchar_pattern_ops, id);
CREATE INDEX alarms_region_id ON alarms (region varchar_pattern_ops, id);
