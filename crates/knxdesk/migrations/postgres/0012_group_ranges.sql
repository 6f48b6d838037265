-- The main and middle groups of a project's group addresses (ETS group ranges), in tree order,
-- so the group address page can show the project's tree and list one range at a time.
CREATE TABLE project_group_ranges (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL,
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    depth BIGINT NOT NULL,
    name TEXT NOT NULL,
    address_start BIGINT NOT NULL,
    address_end BIGINT NOT NULL,
    -- How many of the project's group addresses lie in the range.
    addresses BIGINT NOT NULL
);
CREATE INDEX project_group_ranges_project ON project_group_ranges(project_id, position);
