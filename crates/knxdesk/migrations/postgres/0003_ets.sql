-- ETS file versions of a project (P3) and the model parsed from the newest ready one (P4).

CREATE TABLE ets_versions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    size BIGINT NOT NULL,
    storage_key TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    uploaded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'queued',
    error_code TEXT NOT NULL DEFAULT '',
    error_message TEXT NOT NULL DEFAULT '',
    password_sealed TEXT NOT NULL DEFAULT '',
    devices BIGINT NOT NULL DEFAULT 0,
    group_addresses BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    UNIQUE (project_id, version)
);

CREATE TABLE project_group_addresses (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL,
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    raw_address BIGINT NOT NULL,
    address TEXT NOT NULL,
    name TEXT NOT NULL,
    dpt TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    data_secure BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX project_group_addresses_project ON project_group_addresses(project_id, raw_address);

CREATE TABLE project_devices (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL,
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    address TEXT NOT NULL,
    name TEXT NOT NULL,
    manufacturer TEXT NOT NULL DEFAULT '',
    product TEXT NOT NULL DEFAULT '',
    order_number TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX project_devices_project ON project_devices(project_id, address);
