-- Times are shown in the viewer's time zone: their own (profile; empty = the organisation's),
-- else the organisation's. Existing organisations start where most integrators are.
ALTER TABLE organisations ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Berlin';
ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
