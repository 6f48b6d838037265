-- Counts kept by the database, so a list of 10,000 customers or group addresses need not count
-- them on every page, and one lower-cased search column for customers instead of four.

ALTER TABLE organisations ADD COLUMN customer_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE organisations ADD COLUMN project_count BIGINT NOT NULL DEFAULT 0;
UPDATE organisations SET
    customer_count = (SELECT COUNT(*) FROM customers c WHERE c.org_id = organisations.id),
    project_count = (SELECT COUNT(*) FROM projects p WHERE p.org_id = organisations.id);

-- TG_ARGV[0] names the organisations column that counts the table's rows.
CREATE FUNCTION count_in_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        EXECUTE format('UPDATE organisations SET %1$I = %1$I + 1 WHERE id = $1', TG_ARGV[0]) USING NEW.org_id;
    ELSE
        EXECUTE format('UPDATE organisations SET %1$I = %1$I - 1 WHERE id = $1', TG_ARGV[0]) USING OLD.org_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER customers_counted AFTER INSERT OR DELETE ON customers
    FOR EACH ROW EXECUTE FUNCTION count_in_organisation('customer_count');
CREATE TRIGGER projects_counted AFTER INSERT OR DELETE ON projects
    FOR EACH ROW EXECUTE FUNCTION count_in_organisation('project_count');

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
CREATE FUNCTION count_customer_projects() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.customer_id IS NOT NULL THEN
        UPDATE customers SET project_count = project_count - 1 WHERE id = OLD.customer_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.customer_id IS NOT NULL THEN
        UPDATE customers SET project_count = project_count + 1 WHERE id = NEW.customer_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER projects_link_counted AFTER INSERT OR DELETE ON projects
    FOR EACH ROW EXECUTE FUNCTION count_customer_projects();
CREATE TRIGGER projects_link_moved AFTER UPDATE OF customer_id ON projects
    FOR EACH ROW WHEN (OLD.customer_id IS DISTINCT FROM NEW.customer_id)
    EXECUTE FUNCTION count_customer_projects();

-- Pages of a model list skip rows in the index alone (the organisation is part of the key).
DROP INDEX project_group_addresses_project;
CREATE INDEX project_group_addresses_page ON project_group_addresses(project_id, org_id, raw_address);
CREATE INDEX project_devices_page ON project_devices(project_id, org_id, id);

-- Every sortable column of the customers list has an index in its sort order.
CREATE INDEX customers_org_company ON customers(org_id, LOWER(company), id);
CREATE INDEX customers_org_email ON customers(org_id, LOWER(email), id);
CREATE INDEX customers_org_phone ON customers(org_id, phone, id);
