-- Who added or removed which studybot admin, and when (shown by `/studybot admins list` and
-- `/studybot status`), and the reply studybot gave to a de-duplicated delivery, so a replayed
-- Slack form submission is answered as the first one was without recording anything again.
CREATE TABLE admin_changes (
    id        INTEGER PRIMARY KEY,
    community INTEGER NOT NULL REFERENCES communities (id),
    action    TEXT NOT NULL CHECK (action IN ('add', 'remove')),
    user_id   TEXT NOT NULL,
    by_user   TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX admin_changes_by_community ON admin_changes (community, id);

ALTER TABLE deliveries ADD COLUMN reply TEXT;
