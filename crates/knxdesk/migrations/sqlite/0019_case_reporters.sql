-- A case reported through a service code (D3) by someone without an account: who they are
-- and how to call them back, as they typed it (shown to the team only).
ALTER TABLE service_cases ADD COLUMN reporter_name TEXT NOT NULL DEFAULT '';
ALTER TABLE service_cases ADD COLUMN reporter_email TEXT NOT NULL DEFAULT '';
ALTER TABLE service_cases ADD COLUMN reporter_phone TEXT NOT NULL DEFAULT '';
-- The code whose label it was reported at (NULL: opened by a member).
ALTER TABLE service_cases ADD COLUMN reported_via_code BIGINT REFERENCES service_codes(id) ON DELETE SET NULL;
