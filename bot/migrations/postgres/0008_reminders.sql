-- PostgreSQL's mirror of SQLite 0008: reminder choices, channel defaults and the exactly-once ledger
-- of private notes (the primary key decides which process sends a note).

CREATE TABLE reminder_prefs (
    channel        BIGINT NOT NULL REFERENCES channels (id),
    member         BIGINT NOT NULL REFERENCES members (id),
    enabled        INTEGER NOT NULL,
    before_minutes INTEGER,
    at_time        TEXT,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (channel, member)
);
CREATE INDEX reminder_prefs_on ON reminder_prefs (channel) WHERE enabled = 1;

CREATE TABLE channel_reminders (
    channel        BIGINT PRIMARY KEY REFERENCES channels (id),
    before_minutes INTEGER,
    updated_at     TEXT NOT NULL
);

CREATE TABLE member_notices (
    kind       TEXT NOT NULL CHECK (kind IN ('reminder', 'freeze_earned', 'freeze_used')),
    round      BIGINT NOT NULL REFERENCES rounds (id),
    member     BIGINT NOT NULL REFERENCES members (id),
    status     TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
    detail     TEXT NOT NULL DEFAULT '',
    claimed_at TEXT NOT NULL,
    PRIMARY KEY (kind, round, member)
);

CREATE TABLE round_notice_checks (
    round      BIGINT PRIMARY KEY REFERENCES rounds (id),
    checked_at TEXT NOT NULL
);
CREATE INDEX rounds_closed_at ON rounds (closed_at) WHERE status = 'closed';
