-- Counts kept by the database, so a list of 10,000 customers or group addresses need not count
-- them on every page, and one lower-cased search column for customers instead of four.

ALTER TABLE organisations ADD COLUMN customer_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE organisations ADD COLUMN project_count BIGINT NOT NULL DEFAULT 0;
UPDATE organisations SET
    customer_count = (SELECT COUNT(*) FROM customers c WHERE c.org_id = organisations.id),
    project_count = (SELECT COUNT(*) FROM projects p WHERE p.org_id = organisations.id);

CREATE TRIGGER customers_counted AFTER INSERT ON customers BEGIN
    UPDATE organisations SET customer_count = customer_count + 1 WHERE id = NEW.org_id;
END;
CREATE TRIGGER customers_uncounted AFTER DELETE ON customers BEGIN
    UPDATE organisations SET customer_count = customer_count - 1 WHERE id = OLD.org_id;
END;
CREATE TRIGGER projects_counted AFTER INSERT ON projects BEGIN
    UPDATE organisations SET project_count = project_count + 1 WHERE id = NEW.org_id;
END;
CREATE TRIGGER projects_uncounted AFTER DELETE ON projects BEGIN
    UPDATE organisations SET project_count = project_count - 1 WHERE id = OLD.org_id;
END;

-- Set by the import job together with the model it counts.
ALTER TABLE projects ADD COLUMN device_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN group_address_count BIGINT NOT NULL DEFAULT 0;
UPDATE projects SET
    device_count = (SELECT COUNT(*) FROM project_devices d WHERE d.project_id = projects.id),
    group_address_count = (SELECT COUNT(*) FROM project_group_addresses g WHERE g.project_id = projects.id);

-- name, company, email and phone, lower-cased (written by the application with every change).
ALTER TABLE customers ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE customers SET search_text = LOWER(name || ' ' || company || ' ' || email || ' ' || phone);

-- Linked projects per customer (the Projects column, and sorting by it).
ALTER TABLE customers ADD COLUMN project_count BIGINT NOT NULL DEFAULT 0;
UPDATE customers SET project_count = (SELECT COUNT(*) FROM projects p WHERE p.customer_id = customers.id);
CREATE INDEX customers_org_project_count ON customers(org_id, project_count, id);
CREATE TRIGGER projects_link_counted AFTER INSERT ON projects WHEN NEW.customer_id IS NOT NULL BEGIN
    UPDATE customers SET project_count = project_count + 1 WHERE id = NEW.customer_id;
END;
CREATE TRIGGER projects_link_uncounted AFTER DELETE ON projects WHEN OLD.customer_id IS NOT NULL BEGIN
    UPDATE customers SET project_count = project_count - 1 WHERE id = OLD.customer_id;
END;
CREATE TRIGGER projects_link_moved AFTER UPDATE OF customer_id ON projects
    WHEN OLD.customer_id IS NOT NEW.customer_id BEGIN
    UPDATE customers SET project_count = project_count - 1 WHERE id = OLD.customer_id;
    UPDATE customers SET project_count = project_count + 1 WHERE id = NEW.customer_id;
END;

-- Pages of a model list skip rows in the index alone (the organisation is part of the key).
DROP INDEX project_group_addresses_project;
CREATE INDEX project_group_addresses_page ON project_group_addresses(project_id, org_id, raw_address);
CREATE INDEX project_devices_page ON project_devices(project_id, org_id, id);

-- Every sortable column of the customers list has an index in its sort order.
CREATE INDEX customers_org_company ON customers(org_id, LOWER(company), id);
CREATE INDEX customers_org_email ON customers(org_id, LOWER(email), id);
CREATE INDEX customers_org_phone ON customers(org_id, phone, id);
