-- A company customer becoming an organisation of its own (M1): its administrator asks, the
-- integrator's administrator does it. The customer record, its links and its users' access
-- stay with the integrator; the new organisation is remembered on the record.
ALTER TABLE customers ADD COLUMN promotion_requested_at BIGINT;
ALTER TABLE customers ADD COLUMN promotion_requested_by BIGINT REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE customers ADD COLUMN promoted_org_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL;
