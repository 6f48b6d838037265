-- A reporter's private link to follow their case (D3): the case's public timeline, their
-- replies, and its public changes by mail. The token is kept as its hash only; the link itself
-- is kept sealed with the server key, because the update mails must carry it again.
-- Revoked by the team (the link stops working); `mails` is the reporter's own switch.
CREATE TABLE case_reporter_links (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    case_id BIGINT NOT NULL UNIQUE REFERENCES service_cases(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    link_sealed TEXT NOT NULL,
    email TEXT NOT NULL,
    language TEXT NOT NULL,
    mails BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX case_reporter_links_org ON case_reporter_links(org_id);
-- A comment by someone without an account (a reporter's reply): the name they gave.
ALTER TABLE case_comments ADD COLUMN author_name TEXT NOT NULL DEFAULT '';
