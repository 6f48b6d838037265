-- Customer portal invitations (C5, C6): one row per customer, reused by resend and re-invite.
-- token_hash is the SHA-256 of the mailed token. link_sealed holds the link, encrypted with the
-- server key, only until link_until (10 minutes after sending) so it can be copied; the sweeper
-- and every read erase it after that.

CREATE TABLE customer_invitations (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    customer_id BIGINT NOT NULL UNIQUE REFERENCES customers(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    link_sealed TEXT,
    link_until BIGINT NOT NULL DEFAULT 0,
    invited_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT,
    accepted_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    revoked_at BIGINT
);
CREATE INDEX customer_invitations_org ON customer_invitations(org_id);
CREATE INDEX customer_invitations_link ON customer_invitations(link_until);
CREATE INDEX memberships_customer ON memberships(customer_id);
