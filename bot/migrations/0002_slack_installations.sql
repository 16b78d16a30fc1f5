-- Chat-app installations per workspace (Slack OAuth) and one-time OAuth states.
-- Rows are kept in studybot's own database so every process sharing it serves every workspace.

CREATE TABLE IF NOT EXISTS installations (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    platform              TEXT    NOT NULL,
    enterprise_id         TEXT    NOT NULL DEFAULT '',
    team_id               TEXT    NOT NULL DEFAULT '',
    user_id               TEXT    NOT NULL DEFAULT '',
    is_enterprise_install INTEGER NOT NULL DEFAULT 0,
    bot_token             TEXT,
    bot_user_id           TEXT,
    payload               TEXT    NOT NULL,
    installed_at          TEXT    NOT NULL
);

CREATE INDEX IF NOT EXISTS installations_by_workspace
    ON installations (platform, enterprise_id, team_id, installed_at);

CREATE INDEX IF NOT EXISTS installations_by_installer
    ON installations (platform, enterprise_id, team_id, user_id, installed_at);

CREATE TABLE IF NOT EXISTS oauth_states (
    platform   TEXT NOT NULL,
    state      TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (platform, state)
);
