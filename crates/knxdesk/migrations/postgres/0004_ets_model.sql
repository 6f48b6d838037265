-- More of the parsed model (P4): rooms, communication objects, and the links between devices,
-- rooms and group addresses, stored denormalised so each page is one query.

ALTER TABLE project_group_addresses ADD COLUMN devices TEXT NOT NULL DEFAULT '';
ALTER TABLE project_devices ADD COLUMN room TEXT NOT NULL DEFAULT '';

CREATE TABLE project_rooms (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL,
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    depth BIGINT NOT NULL,
    name TEXT NOT NULL,
    space_type TEXT NOT NULL,
    number TEXT NOT NULL DEFAULT '',
    usage_text TEXT NOT NULL DEFAULT '',
    devices TEXT NOT NULL DEFAULT ''
);
CREATE INDEX project_rooms_project ON project_rooms(project_id, position);

CREATE TABLE project_device_objects (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL,
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    device_address TEXT NOT NULL,
    number BIGINT NOT NULL,
    name TEXT NOT NULL,
    text TEXT NOT NULL,
    function_text TEXT NOT NULL,
    dpts TEXT NOT NULL,
    object_size TEXT NOT NULL,
    flags TEXT NOT NULL,
    group_addresses TEXT NOT NULL
);
CREATE INDEX project_device_objects_device ON project_device_objects(project_id, device_address);
