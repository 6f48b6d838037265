-- The organisation's Devices page lists current devices of every project in id order: an
-- index range, whatever the page.
CREATE INDEX project_devices_org ON project_devices(org_id, id) WHERE removed_in IS NULL;
