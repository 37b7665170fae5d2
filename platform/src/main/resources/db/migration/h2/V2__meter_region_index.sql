-- H2 uses an ordinary index for LIKE 'prefix%'.
CREATE INDEX meters_region_id ON meters (region, id);
