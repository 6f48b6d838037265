-- A PIN on a code (D2): the label's page then offers service technicians who know it the
-- device's professional details. Kept as an HMAC with the server key, '' for none.
ALTER TABLE service_codes ADD COLUMN pin_hash TEXT NOT NULL DEFAULT '';
