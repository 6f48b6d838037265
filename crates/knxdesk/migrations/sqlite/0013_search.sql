-- Search (A3) through an index, not a scan: every searchable row keeps its words in
-- `search_text` (written by the application, see search/text.rs); an FTS5 table per
-- searched table indexes them, kept in step by triggers.
-- The word being typed is a prefix: FTS5 keeps prefix indexes of 1 to 3 characters, so that
-- "1*" need not merge the lists of every word beginning with 1.
-- Exact addresses (1.1.5, 1/2/3) are looked up by index first.
-- A job rewrites the words of the rows that exist already (the application's own rules).

ALTER TABLE projects ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE project_devices ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE project_group_addresses ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

CREATE VIRTUAL TABLE search_customers USING fts5(search_text, content='customers', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
CREATE TRIGGER search_customers_inserted AFTER INSERT ON customers BEGIN
    INSERT INTO search_customers(rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
CREATE TRIGGER search_customers_deleted AFTER DELETE ON customers BEGIN
    INSERT INTO search_customers(search_customers, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
END;
CREATE TRIGGER search_customers_updated AFTER UPDATE OF search_text ON customers BEGIN
    INSERT INTO search_customers(search_customers, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
    INSERT INTO search_customers(rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
INSERT INTO search_customers(search_customers) VALUES ('rebuild');

CREATE VIRTUAL TABLE search_projects USING fts5(search_text, content='projects', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
CREATE TRIGGER search_projects_inserted AFTER INSERT ON projects BEGIN
    INSERT INTO search_projects(rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
CREATE TRIGGER search_projects_deleted AFTER DELETE ON projects BEGIN
    INSERT INTO search_projects(search_projects, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
END;
CREATE TRIGGER search_projects_updated AFTER UPDATE OF search_text ON projects BEGIN
    INSERT INTO search_projects(search_projects, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
    INSERT INTO search_projects(rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
INSERT INTO search_projects(search_projects) VALUES ('rebuild');

CREATE VIRTUAL TABLE search_devices USING fts5(search_text, content='project_devices', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
CREATE TRIGGER search_devices_inserted AFTER INSERT ON project_devices BEGIN
    INSERT INTO search_devices(rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
CREATE TRIGGER search_devices_deleted AFTER DELETE ON project_devices BEGIN
    INSERT INTO search_devices(search_devices, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
END;
CREATE TRIGGER search_devices_updated AFTER UPDATE OF search_text ON project_devices BEGIN
    INSERT INTO search_devices(search_devices, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
    INSERT INTO search_devices(rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
INSERT INTO search_devices(search_devices) VALUES ('rebuild');

CREATE VIRTUAL TABLE search_group_addresses USING fts5(search_text, content='project_group_addresses', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
CREATE TRIGGER search_group_addresses_inserted AFTER INSERT ON project_group_addresses BEGIN
    INSERT INTO search_group_addresses(rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
CREATE TRIGGER search_group_addresses_deleted AFTER DELETE ON project_group_addresses BEGIN
    INSERT INTO search_group_addresses(search_group_addresses, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
END;
CREATE TRIGGER search_group_addresses_updated AFTER UPDATE OF search_text ON project_group_addresses BEGIN
    INSERT INTO search_group_addresses(search_group_addresses, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
    INSERT INTO search_group_addresses(rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
INSERT INTO search_group_addresses(search_group_addresses) VALUES ('rebuild');

INSERT INTO jobs (kind, payload, run_at, created_at) VALUES ('search_reindex', '{}', 0, 0);

-- The LIKE scan this index served is gone.
DROP INDEX customers_org_search;

CREATE INDEX project_devices_org_address ON project_devices(org_id, address);
CREATE INDEX project_group_addresses_org_address ON project_group_addresses(org_id, address);
