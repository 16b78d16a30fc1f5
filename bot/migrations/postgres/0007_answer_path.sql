-- PostgreSQL's mirror of SQLite 0007: the round's live answer count, board points per value and
-- cohort totals per period, kept in the answer's transaction and rebuilt here from stored answers.

ALTER TABLE rounds ADD COLUMN answered INTEGER NOT NULL DEFAULT 0;
UPDATE rounds SET answered = (
    SELECT COUNT(*) FROM answers a WHERE a.round = rounds.id AND a.counted = 1
);

CREATE TABLE board_points (
    community BIGINT NOT NULL,
    kind      TEXT NOT NULL,
    start     TEXT NOT NULL,
    points    INTEGER NOT NULL,
    members   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (community, kind, start, points)
);

INSERT INTO board_points (community, kind, start, points, members)
SELECT community, 'all', '', points, COUNT(*) FROM member_totals GROUP BY community, points;

INSERT INTO board_points (community, kind, start, points, members)
SELECT community, kind, start, points, COUNT(*) FROM member_periods
GROUP BY community, kind, start, points;

ALTER TABLE cohorts ADD COLUMN members INTEGER NOT NULL DEFAULT 0;
UPDATE cohorts SET members = (SELECT COUNT(*) FROM cohort_members cm WHERE cm.cohort = cohorts.id);

CREATE TABLE cohort_periods (
    cohort  BIGINT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    start   TEXT NOT NULL,
    points  INTEGER NOT NULL DEFAULT 0,
    answers INTEGER NOT NULL DEFAULT 0,
    correct INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (cohort, kind, start)
);

INSERT INTO cohort_periods (cohort, kind, start, points, answers, correct)
SELECT cm.cohort, 'all', '', SUM(t.points), SUM(t.answers), SUM(t.correct)
FROM cohort_members cm JOIN member_totals t ON t.member = cm.member
GROUP BY cm.cohort;

INSERT INTO cohort_periods (cohort, kind, start, points, answers, correct)
SELECT cm.cohort, p.kind, p.start, SUM(p.points), SUM(p.answers), SUM(p.correct)
FROM cohort_members cm JOIN member_periods p ON p.member = cm.member
GROUP BY cm.cohort, p.kind, p.start;
