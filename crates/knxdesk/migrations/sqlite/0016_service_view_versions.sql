-- A number per organisation that changes whenever anything a Service list or board shows may
-- have changed: its cases, projects, customers, members or their names. The pages keep what
-- they rendered under this number (service/view_cache.rs); every instance reads it from here,
-- so a change made through any instance, or straight in the database, is seen by all.
CREATE TABLE service_view_versions (
    org_id INTEGER PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    version INTEGER NOT NULL DEFAULT 0
);
INSERT INTO service_view_versions (org_id) SELECT id FROM organisations;
CREATE TRIGGER service_views_org_created AFTER INSERT ON organisations BEGIN
    INSERT INTO service_view_versions (org_id) VALUES (NEW.id);
END;

CREATE TRIGGER service_views_case_in AFTER INSERT ON service_cases BEGIN
    UPDATE service_view_versions SET version = version + 1 WHERE org_id = NEW.org_id;
END;
CREATE TRIGGER service_views_case_changed AFTER UPDATE ON service_cases BEGIN
    UPDATE service_view_versions SET version = version + 1 WHERE org_id IN (OLD.org_id, NEW.org_id);
END;
CREATE TRIGGER service_views_case_out AFTER DELETE ON service_cases BEGIN
    UPDATE service_view_versions SET version = version + 1 WHERE org_id = OLD.org_id;
END;

CREATE TRIGGER service_views_project_in AFTER INSERT ON projects BEGIN
    UPDATE service_view_versions SET version = version + 1 WHERE org_id = NEW.org_id;
END;
CREATE TRIGGER service_views_project_changed AFTER UPDATE ON projects BEGIN
    UPDATE service_view_versions SET version = version + 1 WHERE org_id IN (OLD.org_id, NEW.org_id);
END;
CREATE TRIGGER service_views_project_out AFTER DELETE ON projects BEGIN
    UPDATE service_view_versions SET version = version + 1 WHERE org_id = OLD.org_id;
END;

CREATE TRIGGER service_views_customer_changed AFTER UPDATE ON customers BEGIN
    UPDATE service_view_versions SET version = version + 1 WHERE org_id IN (OLD.org_id, NEW.org_id);
END;
CREATE TRIGGER service_views_customer_out AFTER DELETE ON customers BEGIN
    UPDATE service_view_versions SET version = version + 1 WHERE org_id = OLD.org_id;
END;

CREATE TRIGGER service_views_member_in AFTER INSERT ON memberships BEGIN
    UPDATE service_view_versions SET version = version + 1 WHERE org_id = NEW.org_id;
END;
CREATE TRIGGER service_views_member_changed AFTER UPDATE ON memberships BEGIN
    UPDATE service_view_versions SET version = version + 1 WHERE org_id IN (OLD.org_id, NEW.org_id);
END;
CREATE TRIGGER service_views_member_out AFTER DELETE ON memberships BEGIN
    UPDATE service_view_versions SET version = version + 1 WHERE org_id = OLD.org_id;
END;

-- A renamed user is renamed on the cases of every organisation they belong to.
CREATE TRIGGER service_views_user_renamed AFTER UPDATE OF name ON users
    WHEN OLD.name IS NOT NEW.name BEGIN
    UPDATE service_view_versions SET version = version + 1
        WHERE org_id IN (SELECT org_id FROM memberships WHERE user_id = NEW.id);
END;
