-- Search (A3) through an index, not a scan: every searchable row keeps its words in
-- `search_text` (written by the application, see search/text.rs); a GIN index of its
-- `tsvector` (configuration `simple`: no stemming, no stop words) answers the searches.
-- A job rewrites the words of the rows that exist already (the application's own rules).

ALTER TABLE projects ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE project_devices ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE project_group_addresses ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE INDEX search_customers ON customers USING GIN (to_tsvector('simple', search_text));
CREATE INDEX search_projects ON projects USING GIN (to_tsvector('simple', search_text));
CREATE INDEX search_devices ON project_devices USING GIN (to_tsvector('simple', search_text));
CREATE INDEX search_group_addresses ON project_group_addresses USING GIN (to_tsvector('simple', search_text));

INSERT INTO jobs (kind, payload, run_at, created_at) VALUES ('search_reindex', '{}', 0, 0);

-- The LIKE scan this index served is gone.
DROP INDEX customers_org_search;

-- Exact addresses (1.1.5, 1/2/3) are looked up by index first.
CREATE INDEX project_devices_org_address ON project_devices(org_id, address);
CREATE INDEX project_group_addresses_org_address ON project_group_addresses(org_id, address);
