-- The integrator's contact as its customers see it in the portal (and later on device pages),
-- and its logo (stored like ETS files; logo_type is the sniffed image type, logo_version
-- changes with every new logo so browsers fetch it again).
ALTER TABLE organisations ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN contact_website TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN contact_address TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN logo_key TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN logo_type TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN logo_version BIGINT NOT NULL DEFAULT 0;
-- An upload's comment is for the team unless the uploader shows it to the customer.
ALTER TABLE ets_versions ADD COLUMN comment_public BIGINT NOT NULL DEFAULT 0;
