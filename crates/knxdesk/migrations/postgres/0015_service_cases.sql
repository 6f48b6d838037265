-- Service cases (S1-S3) and notifications (A5).
--
-- A case belongs to a project (fixed) and optionally to one of its devices. Devices are
-- replaced by every ETS import, so a case also keeps the device's address and name as text
-- (`device_label`): it still reads right when the device row is gone.
-- Customers see a case through its project's customer link, like everything else of a project.

CREATE TABLE service_cases (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    -- #1, #2, ... per organisation, dense; assigned as MAX + 1 in the inserting statement.
    number BIGINT NOT NULL,
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    device_id BIGINT REFERENCES project_devices(id) ON DELETE SET NULL,
    device_label TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- 1 low, 2 medium, 3 high, 4 critical: sorts by urgency.
    priority BIGINT NOT NULL,
    status TEXT NOT NULL,
    assignee_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    -- A calendar day, YYYY-MM-DD ('' = none): sorts as text on both databases.
    due_on TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    resolved_at BIGINT,
    search_text TEXT NOT NULL DEFAULT '',
    UNIQUE (org_id, number)
);
CREATE INDEX service_cases_org_updated ON service_cases(org_id, updated_at, id);
CREATE INDEX service_cases_org_status ON service_cases(org_id, status, updated_at, id);
-- Keys hold the organisation too, so a filtered count reads the index alone.
CREATE INDEX service_cases_project ON service_cases(project_id, org_id, status, updated_at);
CREATE INDEX service_cases_assignee ON service_cases(assignee_user_id, org_id, status, updated_at);
CREATE INDEX service_cases_org_priority ON service_cases(org_id, priority, updated_at, id);
CREATE INDEX service_cases_device ON service_cases(device_id);

-- Cases per organisation and status, kept by the database: the list's and the board's counts
-- without counting 100,000 rows.
CREATE TABLE service_case_counts (
    org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    n BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, status)
);
CREATE FUNCTION count_service_cases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE service_case_counts SET n = n - 1 WHERE org_id = OLD.org_id AND status = OLD.status;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO service_case_counts (org_id, status, n) VALUES (NEW.org_id, NEW.status, 1)
            ON CONFLICT (org_id, status) DO UPDATE SET n = service_case_counts.n + 1;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER service_cases_counted AFTER INSERT OR DELETE ON service_cases
    FOR EACH ROW EXECUTE FUNCTION count_service_cases();
CREATE TRIGGER service_cases_counted_moved AFTER UPDATE OF status ON service_cases
    FOR EACH ROW WHEN (OLD.status <> NEW.status) EXECUTE FUNCTION count_service_cases();

CREATE INDEX search_cases ON service_cases USING GIN (to_tsvector('simple', search_text));

-- The timeline: every change with who, what, old -> new. `public` entries are shown to the
-- customer (status changes); internal ones (assignment, checklist) only to staff.
CREATE TABLE case_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    case_id BIGINT NOT NULL REFERENCES service_cases(id) ON DELETE CASCADE,
    actor_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    old_value TEXT NOT NULL DEFAULT '',
    new_value TEXT NOT NULL DEFAULT '',
    public BIGINT NOT NULL DEFAULT 0,
    at BIGINT NOT NULL
);
CREATE INDEX case_events_case ON case_events(case_id, id);

CREATE TABLE case_comments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    case_id BIGINT NOT NULL REFERENCES service_cases(id) ON DELETE CASCADE,
    author_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    internal BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    edited_at BIGINT
);
CREATE INDEX case_comments_case ON case_comments(case_id, id);

CREATE TABLE case_watchers (
    case_id BIGINT NOT NULL REFERENCES service_cases(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_watchers_user ON case_watchers(user_id);

-- Staff who want to hear of every new case on a project.
CREATE TABLE project_watchers (
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, user_id)
);

-- Staff-only case templates (S3); checklist items one per line.
CREATE TABLE case_templates (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- 1 low, 2 medium, 3 high, 4 critical: sorts by urgency.
    priority BIGINT NOT NULL,
    checklist TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX case_templates_org ON case_templates(org_id, name);

CREATE TABLE case_checklist_items (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    case_id BIGINT NOT NULL REFERENCES service_cases(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    text TEXT NOT NULL,
    done_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    done_at BIGINT
);
CREATE INDEX case_checklist_items_case ON case_checklist_items(case_id, position);

-- Files on a case or on one of its comments, stored like ETS files; the type is sniffed.
CREATE TABLE case_attachments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    case_id BIGINT NOT NULL REFERENCES service_cases(id) ON DELETE CASCADE,
    comment_id BIGINT REFERENCES case_comments(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    storage_key TEXT NOT NULL,
    internal BIGINT NOT NULL DEFAULT 0,
    uploaded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX case_attachments_case ON case_attachments(case_id, id);

-- The notification centre (A5): one row per recipient and event.
CREATE TABLE notifications (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    case_id BIGINT REFERENCES service_cases(id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    actor_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    subject TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_user ON notifications(user_id, read_at, id);

-- Only what a user switched off: every event × channel is on by default.
CREATE TABLE notification_optouts (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    channel TEXT NOT NULL,
    PRIMARY KEY (user_id, event, channel)
);

-- Who hears of a new case besides the project's watchers: 'staff' (every staff member),
-- 'administrators', or 'watchers' (nobody else). Resolved cases close by themselves after
-- this many days unless the customer answers.
ALTER TABLE organisations ADD COLUMN new_case_recipients TEXT NOT NULL DEFAULT 'staff';
ALTER TABLE organisations ADD COLUMN auto_close_days BIGINT NOT NULL DEFAULT 14;
