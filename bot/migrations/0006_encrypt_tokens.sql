-- Tokens at rest: installation rows are encrypted by studybot at start-up (bot/store/token_rows.py),
-- which records a check value here, and superseded installation rows are pruned.

-- One row: a known text encrypted under the secret key when the first token was encrypted. A key
-- that cannot decrypt it is not the key of this database (start-up and `doctor` say so).
CREATE TABLE IF NOT EXISTS secret_key_check (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    check_value TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);

-- Keep only the latest installation per platform, enterprise, workspace and installer: older rows
-- of the same install only hold replaced tokens.
DELETE FROM installations
WHERE EXISTS (
    SELECT 1 FROM installations AS newer
    WHERE newer.platform = installations.platform
      AND newer.enterprise_id = installations.enterprise_id
      AND newer.team_id = installations.team_id
      AND newer.user_id = installations.user_id
      AND (newer.installed_at > installations.installed_at
           OR (newer.installed_at = installations.installed_at AND newer.id > installations.id))
);
