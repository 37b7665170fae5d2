-- PostgreSQL uses a b-tree for LIKE 'prefix%' only with pattern ops (the database collation is usually not C).
CREATE INDEX meters_region_id ON meters (region varchar_pattern_ops, id);
