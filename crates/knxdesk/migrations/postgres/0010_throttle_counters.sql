-- Abuse counters as one row per key and fixed window, taken with one atomic upsert (a count of
-- rows checked before inserting let concurrent attempts all pass).
DROP TABLE login_attempts;
CREATE TABLE throttle_counters (
    throttle_key TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits BIGINT NOT NULL
);
CREATE INDEX throttle_counters_window ON throttle_counters(window_start);
