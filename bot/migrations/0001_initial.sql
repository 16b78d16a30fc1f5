-- studybot's first schema: communities, channels and schedules, members, cohorts, rounds, answers,
-- the maintained aggregates behind streaks and leaderboards, reviews, appeals, admins and
-- processed platform events. Instants are UTC text 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (sortable);
-- local dates are 'YYYY-MM-DD'.

CREATE TABLE communities (
    id          INTEGER PRIMARY KEY,
    platform    TEXT NOT NULL,
    external_id TEXT NOT NULL,
    UNIQUE (platform, external_id)
);

CREATE TABLE channels (
    id          INTEGER PRIMARY KEY,
    community   INTEGER NOT NULL REFERENCES communities (id),
    external_id TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    UNIQUE (community, external_id)
);

CREATE TABLE schedules (
    channel        INTEGER PRIMARY KEY REFERENCES channels (id),
    post_time      TEXT NOT NULL,
    tz             TEXT NOT NULL,
    days           TEXT NOT NULL,
    packs          TEXT NOT NULL,
    question_order TEXT NOT NULL,
    answers        TEXT NOT NULL,
    paused         INTEGER NOT NULL DEFAULT 0,
    close_time     TEXT,
    grace_seconds  INTEGER NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE TABLE members (
    id          INTEGER PRIMARY KEY,
    community   INTEGER NOT NULL REFERENCES communities (id),
    external_id TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    UNIQUE (community, external_id)
);

CREATE TABLE admins (
    community INTEGER NOT NULL REFERENCES communities (id),
    user_id   TEXT NOT NULL,
    PRIMARY KEY (community, user_id)
) WITHOUT ROWID;

CREATE TABLE cohorts (
    id         INTEGER PRIMARY KEY,
    community  INTEGER NOT NULL REFERENCES communities (id),
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,
    role_id    TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (community, name_key)
);

CREATE TABLE cohort_members (
    cohort    INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    member    INTEGER NOT NULL REFERENCES members (id),
    joined_at TEXT NOT NULL,
    PRIMARY KEY (cohort, member)
) WITHOUT ROWID;
CREATE INDEX cohort_members_by_member ON cohort_members (member);

CREATE TABLE rounds (
    id          INTEGER PRIMARY KEY,
    channel     INTEGER NOT NULL REFERENCES channels (id),
    local_date  TEXT NOT NULL,
    question_id TEXT,
    status      TEXT NOT NULL CHECK (status IN ('open', 'closed', 'skipped')),
    opened_at   TEXT,
    closes_at   TEXT,
    closed_at   TEXT,
    message_ref TEXT,
    skip_reason TEXT,
    UNIQUE (channel, local_date)
);
CREATE INDEX rounds_open ON rounds (channel) WHERE status = 'open';

CREATE TABLE answers (
    id             INTEGER PRIMARY KEY,
    member         INTEGER NOT NULL REFERENCES members (id),
    community      INTEGER NOT NULL REFERENCES communities (id),
    round          INTEGER REFERENCES rounds (id),
    question_id    TEXT NOT NULL,
    difficulty     TEXT NOT NULL,
    body           TEXT NOT NULL,
    score          REAL NOT NULL,
    verdict        TEXT NOT NULL,
    missed         TEXT NOT NULL DEFAULT '[]',
    points         INTEGER NOT NULL DEFAULT 0,
    counted        INTEGER NOT NULL DEFAULT 0,
    grader_version TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL,
    submitted_at   TEXT NOT NULL,
    week_key       TEXT,
    month_key      TEXT
);
-- Exactly-once: one counted answer per member per round, whatever the number of processes.
CREATE UNIQUE INDEX answers_counted_once ON answers (member, round) WHERE counted = 1;
CREATE INDEX answers_by_round ON answers (round);
CREATE INDEX answers_by_member ON answers (member, submitted_at);
CREATE INDEX answers_by_community ON answers (community, submitted_at);

-- Leaderboard aggregates, updated in the answer's transaction (counted answers only).
CREATE TABLE member_totals (
    member    INTEGER PRIMARY KEY REFERENCES members (id),
    community INTEGER NOT NULL,
    points    INTEGER NOT NULL DEFAULT 0,
    answers   INTEGER NOT NULL DEFAULT 0,
    correct   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX member_totals_board ON member_totals (community, points DESC, member);

-- kind is 'week' or 'month'; start is the period's first instant in the answer's schedule zone.
CREATE TABLE member_periods (
    member    INTEGER NOT NULL REFERENCES members (id),
    kind      TEXT NOT NULL,
    start     TEXT NOT NULL,
    community INTEGER NOT NULL,
    points    INTEGER NOT NULL DEFAULT 0,
    answers   INTEGER NOT NULL DEFAULT 0,
    correct   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (member, kind, start)
) WITHOUT ROWID;
CREATE INDEX member_periods_board ON member_periods (community, kind, start, points DESC, member);

-- Every period start that has aggregates, so a board can prove the aggregate is exact for `since`.
CREATE TABLE community_periods (
    community INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    start     TEXT NOT NULL,
    PRIMARY KEY (community, kind, start)
) WITHOUT ROWID;

-- The streak fold of each member's settled rounds per channel (see bot/core/streaks.py).
CREATE TABLE member_streaks (
    channel         INTEGER NOT NULL REFERENCES channels (id),
    member          INTEGER NOT NULL REFERENCES members (id),
    current         INTEGER NOT NULL DEFAULT 0,
    longest         INTEGER NOT NULL DEFAULT 0,
    freezes         INTEGER NOT NULL DEFAULT 0,
    run             INTEGER NOT NULL DEFAULT 0,
    settled_through TEXT,
    PRIMARY KEY (channel, member)
) WITHOUT ROWID;
CREATE INDEX member_streaks_by_member ON member_streaks (member);

CREATE TABLE reviews (
    member      INTEGER NOT NULL REFERENCES members (id),
    question_id TEXT NOT NULL,
    card        TEXT NOT NULL,
    due         TEXT NOT NULL,
    last_score  REAL NOT NULL,
    reviews     INTEGER NOT NULL,
    PRIMARY KEY (member, question_id)
) WITHOUT ROWID;

CREATE TABLE appeals (
    id            INTEGER PRIMARY KEY,
    answer        INTEGER NOT NULL REFERENCES answers (id),
    member        INTEGER NOT NULL REFERENCES members (id),
    community     INTEGER NOT NULL REFERENCES communities (id),
    note          TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
    created_at    TEXT NOT NULL,
    resolved_at   TEXT,
    resolver_user TEXT
);
CREATE UNIQUE INDEX appeals_one_open ON appeals (answer) WHERE status = 'open';
CREATE INDEX appeals_by_community ON appeals (community, status);

CREATE TABLE deliveries (
    platform TEXT NOT NULL,
    event_id TEXT NOT NULL,
    seen_at  TEXT NOT NULL,
    PRIMARY KEY (platform, event_id)
) WITHOUT ROWID;
CREATE INDEX deliveries_by_age ON deliveries (seen_at);
