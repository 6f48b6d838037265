-- A device keeps its row (its id, and with it its cases) across ETS versions: a new version's
-- device takes the row of the device it matches (ETS's project-unique id, else the individual
-- address with the order number); a device that is no longer in the project keeps its row,
-- marked with the version it was removed in, out of the lists and the search.
ALTER TABLE project_devices ADD COLUMN ets_puid BIGINT;
ALTER TABLE project_devices ADD COLUMN removed_in BIGINT;
