-- The Devices page is kept under the organisation's view version too (devices/mod.rs), so the
-- number also changes with what that page shows beyond the Service pages: service codes (a
-- device's "has a code"), and new customers (its customer filter). Devices themselves change
-- with their project's row (an import's counts, equipment added, changed or removed).
CREATE TRIGGER service_views_code_in AFTER INSERT ON service_codes BEGIN
    UPDATE service_view_versions SET version = version + 1 WHERE org_id = NEW.org_id;
END;
CREATE TRIGGER service_views_code_changed AFTER UPDATE ON service_codes BEGIN
    UPDATE service_view_versions SET version = version + 1 WHERE org_id IN (OLD.org_id, NEW.org_id);
END;
CREATE TRIGGER service_views_code_out AFTER DELETE ON service_codes BEGIN
    UPDATE service_view_versions SET version = version + 1 WHERE org_id = OLD.org_id;
END;
CREATE TRIGGER service_views_customer_in AFTER INSERT ON customers BEGIN
    UPDATE service_view_versions SET version = version + 1 WHERE org_id = NEW.org_id;
END;
