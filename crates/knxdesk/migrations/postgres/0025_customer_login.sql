-- The Customer Login module (M1): off by default, switched on per organisation by the instance
-- administrator. With it, a company customer's people are invited one by one, each with a role
-- of that customer (member, moderator, administrator) and the language of their mails. The
-- token rules are those of every invitation: only the hash is kept, 7 days, single use.
ALTER TABLE organisations ADD COLUMN customer_login BIGINT NOT NULL DEFAULT 0;
CREATE TABLE company_invitations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT NOT NULL,
    language TEXT NOT NULL,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    invited_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT,
    accepted_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    revoked_at BIGINT
);
CREATE INDEX company_invitations_customer ON company_invitations(customer_id, id);
CREATE INDEX company_invitations_org ON company_invitations(org_id);
