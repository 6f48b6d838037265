-- Customers (C1) and projects (P1), each scoped to one organisation.

CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    kind TEXT NOT NULL DEFAULT 'person',
    name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    company TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX customers_org_name ON customers(org_id, name);

CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    customer_id BIGINT REFERENCES customers(id),
    name TEXT NOT NULL,
    building_name TEXT NOT NULL DEFAULT '',
    building_address TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX projects_org_updated ON projects(org_id, updated_at);
CREATE INDEX projects_customer ON projects(customer_id);
