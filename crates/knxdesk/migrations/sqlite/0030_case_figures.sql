-- The service figures (M1) read from one index. A case keeps when the team first answered it
-- publicly: the median had read every case's comments and their authors' memberships (18 ms of
-- a 60 ms render for a customer's 5,000 cases). Cases already answered take the time of that
-- first comment.
ALTER TABLE service_cases ADD COLUMN first_answer_at BIGINT;
UPDATE service_cases SET first_answer_at = (
    SELECT MIN(c.created_at) FROM case_comments c
    JOIN memberships m ON m.user_id = c.author_user_id AND m.org_id = c.org_id
    WHERE c.case_id = service_cases.id AND c.org_id = service_cases.org_id AND c.internal = 0
      AND m.role IN ('administrator', 'moderator', 'member')
)
WHERE id IN (SELECT case_id FROM case_comments WHERE internal = 0 AND author_user_id IS NOT NULL);
-- Everything the figures read of a case, after what they select by (the organisation, a
-- customer's projects): the cases' rows themselves are not visited.
CREATE INDEX service_cases_figures ON service_cases(org_id, project_id, created_at, resolved_at, first_answer_at, status, priority, device_id, device_label);
