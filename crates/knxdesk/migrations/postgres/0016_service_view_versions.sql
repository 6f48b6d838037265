-- A number per organisation that changes whenever anything a Service list or board shows may
-- have changed: its cases, projects, customers, members or their names. The pages keep what
-- they rendered under this number (service/view_cache.rs); every instance reads it from here,
-- so a change made through any instance, or straight in the database, is seen by all.
-- The bumps are deferred to the commit: a transaction takes this row's lock last, after every
-- other row it writes, so two transactions never wait on each other for it (no deadlock with
-- the status counts' rows).
CREATE TABLE service_view_versions (
    org_id BIGINT PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    version BIGINT NOT NULL DEFAULT 0
);
INSERT INTO service_view_versions (org_id) SELECT id FROM organisations;
CREATE FUNCTION service_views_org_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO service_view_versions (org_id) VALUES (NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER service_views_org_created AFTER INSERT ON organisations
    FOR EACH ROW EXECUTE FUNCTION service_views_org_created();

CREATE FUNCTION service_views_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE service_view_versions SET version = version + 1 WHERE org_id = OLD.org_id;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.org_id <> OLD.org_id) THEN
        UPDATE service_view_versions SET version = version + 1 WHERE org_id = NEW.org_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER service_views_case AFTER INSERT OR UPDATE OR DELETE ON service_cases
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION service_views_changed();
CREATE CONSTRAINT TRIGGER service_views_project AFTER INSERT OR UPDATE OR DELETE ON projects
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION service_views_changed();
CREATE CONSTRAINT TRIGGER service_views_customer AFTER UPDATE OR DELETE ON customers
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION service_views_changed();
CREATE CONSTRAINT TRIGGER service_views_member AFTER INSERT OR UPDATE OR DELETE ON memberships
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION service_views_changed();

-- A renamed user is renamed on the cases of every organisation they belong to.
CREATE FUNCTION service_views_user_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE service_view_versions SET version = version + 1
        WHERE org_id IN (SELECT org_id FROM memberships WHERE user_id = NEW.id);
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER service_views_user_renamed AFTER UPDATE OF name ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION service_views_user_renamed();
