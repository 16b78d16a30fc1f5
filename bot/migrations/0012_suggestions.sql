-- Questions members suggest (`/suggest`), reviewed by admins. An approved suggestion is a question
-- of its community's own pack (`community`); imported questions are approved rows without an author.
-- `question` is the question as a pack mapping (JSON, without `id`: it is `suggestion-<id>`).
CREATE TABLE suggestions (
    id          INTEGER PRIMARY KEY,
    community   INTEGER NOT NULL REFERENCES communities (id),
    author      INTEGER REFERENCES members (id),
    channel_id  TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    prompt      TEXT NOT NULL,
    question    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    reviewed_at TEXT,
    reviewer    TEXT,
    reason      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX suggestions_by_community ON suggestions (community, status, id);
CREATE INDEX suggestions_by_author ON suggestions (author, status);

-- The admin audit log also records suggestion reviews (SQLite cannot alter a CHECK: rebuild).
CREATE TABLE admin_changes_v12 (
    id        INTEGER PRIMARY KEY,
    community INTEGER NOT NULL REFERENCES communities (id),
    action    TEXT NOT NULL CHECK (action IN ('add', 'remove', 'approve-suggestion', 'reject-suggestion',
                                              'edit-suggestion', 'import-questions')),
    user_id   TEXT NOT NULL,
    by_user   TEXT NOT NULL,
    at        TEXT NOT NULL
);
INSERT INTO admin_changes_v12 (id, community, action, user_id, by_user, at)
    SELECT id, community, action, user_id, by_user, at FROM admin_changes;
DROP TABLE admin_changes;
ALTER TABLE admin_changes_v12 RENAME TO admin_changes;
CREATE INDEX admin_changes_by_community ON admin_changes (community, id);
