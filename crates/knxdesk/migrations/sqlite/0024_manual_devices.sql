-- Equipment that is not in ETS (D1): a heat pump, a gateway, a visualisation server, added by
-- hand to a project. Such a device has no individual address (''), is never matched or
-- removed by an ETS import, and is counted apart from the model's devices.
ALTER TABLE project_devices ADD COLUMN manual BIGINT NOT NULL DEFAULT 0;
ALTER TABLE project_devices ADD COLUMN serial_number TEXT NOT NULL DEFAULT '';
ALTER TABLE project_devices ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN manual_device_count BIGINT NOT NULL DEFAULT 0;
-- Photos of a device (the type plate, the cabinet), stored like case files.
CREATE TABLE device_photos (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    device_id BIGINT NOT NULL REFERENCES project_devices(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    storage_key TEXT NOT NULL,
    uploaded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX device_photos_device ON device_photos(device_id, id);
