-- Reminders and private notes: members' opt-in per channel, the channel default an admin sets, and
-- a ledger of private notes (reminders, freeze earned or used) that makes each one exactly-once.

-- A member's choice for one channel. `enabled` 0 is an explicit "off" (no reminders and no freeze
-- notes); no row means never chosen (freeze notes only). `before_minutes` or `at_time` (local
-- 'HH:MM' in the schedule's zone) says when; both NULL: the channel default.
CREATE TABLE reminder_prefs (
    channel        INTEGER NOT NULL REFERENCES channels (id),
    member         INTEGER NOT NULL REFERENCES members (id),
    enabled        INTEGER NOT NULL,
    before_minutes INTEGER,
    at_time        TEXT,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (channel, member)
) WITHOUT ROWID;
CREATE INDEX reminder_prefs_on ON reminder_prefs (channel) WHERE enabled = 1;

-- The channel's default lead time (`/studybot setup remind=2h`); NULL before_minutes: reminders off
-- in this channel (`remind=off`).
CREATE TABLE channel_reminders (
    channel        INTEGER PRIMARY KEY REFERENCES channels (id),
    before_minutes INTEGER,
    updated_at     TEXT NOT NULL
);

-- One row per private note: claimed ('sending') before the platform call, then 'sent' or 'failed'.
-- The key makes a note exactly-once across restarts and processes, like posting a round.
CREATE TABLE member_notices (
    kind       TEXT NOT NULL CHECK (kind IN ('reminder', 'freeze_earned', 'freeze_used')),
    round      INTEGER NOT NULL REFERENCES rounds (id),
    member     INTEGER NOT NULL REFERENCES members (id),
    status     TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
    detail     TEXT NOT NULL DEFAULT '',
    claimed_at TEXT NOT NULL,
    PRIMARY KEY (kind, round, member)
) WITHOUT ROWID;

-- Closed rounds whose freeze uses were looked at (by exactly one process).
CREATE TABLE round_notice_checks (
    round      INTEGER PRIMARY KEY REFERENCES rounds (id),
    checked_at TEXT NOT NULL
);
CREATE INDEX rounds_closed_at ON rounds (closed_at) WHERE status = 'closed';
