-- The customers list sorts by name through an index (case-insensitive key kept beside the name).
ALTER TABLE customers ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
UPDATE customers SET sort_name = LOWER(name);
CREATE INDEX customers_org_sort_name ON customers(org_id, sort_name, id);
