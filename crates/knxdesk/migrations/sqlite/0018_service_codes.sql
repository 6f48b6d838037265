-- Service codes (D2): a short unguessable identifier printed as a QR label, opened at
-- /c/{code}. `code` is the canonical form (16 Crockford base32 characters, 80 random bits),
-- found by its unique index only: nothing lists codes to the public. A code may exist before
-- it is paired with a device (a roll of labels), be re-paired, and be deactivated.
CREATE TABLE service_codes (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    code TEXT NOT NULL UNIQUE,
    project_id BIGINT REFERENCES projects(id) ON DELETE SET NULL,
    device_id BIGINT REFERENCES project_devices(id) ON DELETE SET NULL,
    active BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    paired_at BIGINT
);
CREATE INDEX service_codes_device ON service_codes(device_id);
CREATE INDEX service_codes_org ON service_codes(org_id, id);
