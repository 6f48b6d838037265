-- Dense positions (0, 1, 2, ...) of group addresses and devices in their list order, written by
-- the import: page N of a 10,000-row list is an index range on the position instead of
-- stepping over the rows of every page before it (OFFSET costs grow with the page number).
ALTER TABLE project_group_addresses ADD COLUMN position BIGINT NOT NULL DEFAULT 0;
ALTER TABLE project_devices ADD COLUMN position BIGINT NOT NULL DEFAULT 0;

UPDATE project_group_addresses SET position = r.pos
FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY project_id ORDER BY raw_address, id) - 1 AS pos
      FROM project_group_addresses) r
WHERE r.id = project_group_addresses.id;

UPDATE project_devices SET position = r.pos
FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY project_id ORDER BY id) - 1 AS pos
      FROM project_devices) r
WHERE r.id = project_devices.id;

DROP INDEX project_group_addresses_page;
DROP INDEX project_devices_page;
CREATE INDEX project_group_addresses_position ON project_group_addresses(project_id, org_id, position);
CREATE INDEX project_devices_position ON project_devices(project_id, org_id, position);
