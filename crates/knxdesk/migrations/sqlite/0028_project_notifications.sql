-- Notifications about a project rather than a case (its devices or service codes changed),
-- for its customer's people: they open the project's devices.
ALTER TABLE notifications ADD COLUMN project_id BIGINT REFERENCES projects(id) ON DELETE CASCADE;
