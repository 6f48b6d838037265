-- Service code scans per day (M1 "codes scanned per month"). The label's page counts its
-- views in memory and adds them here about once a minute (codes/scans.rs), so it answers
-- without a write. One row per organisation, customer and UTC day; customer 0 holds the
-- organisation's total (codes of projects without a customer included).
CREATE TABLE code_scan_days (
    org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    customer_id BIGINT NOT NULL,
    day BIGINT NOT NULL,
    scans BIGINT NOT NULL,
    PRIMARY KEY (org_id, customer_id, day)
);
