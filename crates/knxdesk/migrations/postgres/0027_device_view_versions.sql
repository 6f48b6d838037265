-- The Devices page is kept under the organisation's view version too (devices/mod.rs), so the
-- number also changes with what that page shows beyond the Service pages: service codes (a
-- device's "has a code"), and new customers (its customer filter). Devices themselves change
-- with their project's row (an import's counts, equipment added, changed or removed).
-- Deferred to the commit like the others (0016): the row's lock is taken last.
CREATE CONSTRAINT TRIGGER service_views_code AFTER INSERT OR UPDATE OR DELETE ON service_codes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION service_views_changed();
CREATE CONSTRAINT TRIGGER service_views_customer_in AFTER INSERT ON customers
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION service_views_changed();
