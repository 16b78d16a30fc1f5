-- One write per answer, boards in O(cohorts): counters and aggregates kept in the answer's
-- transaction, each rebuilt here from the answers already stored.

-- The live count on a round's post: how many members have a counted answer for it.
ALTER TABLE rounds ADD COLUMN answered INTEGER NOT NULL DEFAULT 0;
UPDATE rounds SET answered = (
    SELECT COUNT(*) FROM answers a WHERE a.round = rounds.id AND a.counted = 1
);

-- How many members stand at each points value on each board (kind 'all' with an empty start is a
-- community's all-time board), so a rank is a sum over the few distinct values above, never a count
-- of the members above.
CREATE TABLE board_points (
    community INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    start     TEXT NOT NULL,
    points    INTEGER NOT NULL,
    members   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (community, kind, start, points)
) WITHOUT ROWID;

INSERT INTO board_points (community, kind, start, points, members)
SELECT community, 'all', '', points, COUNT(*) FROM member_totals GROUP BY community, points;

INSERT INTO board_points (community, kind, start, points, members)
SELECT community, kind, start, points, COUNT(*) FROM member_periods
GROUP BY community, kind, start, points;

-- Cohort totals over the cohort's current members, per period (kind 'all' with an empty start,
-- 'week', 'month'), moved on every counted answer, regrade, join and leave.
ALTER TABLE cohorts ADD COLUMN members INTEGER NOT NULL DEFAULT 0;
UPDATE cohorts SET members = (SELECT COUNT(*) FROM cohort_members cm WHERE cm.cohort = cohorts.id);

CREATE TABLE cohort_periods (
    cohort  INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    start   TEXT NOT NULL,
    points  INTEGER NOT NULL DEFAULT 0,
    answers INTEGER NOT NULL DEFAULT 0,
    correct INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (cohort, kind, start)
) WITHOUT ROWID;

INSERT INTO cohort_periods (cohort, kind, start, points, answers, correct)
SELECT cm.cohort, 'all', '', SUM(t.points), SUM(t.answers), SUM(t.correct)
FROM cohort_members cm JOIN member_totals t ON t.member = cm.member
GROUP BY cm.cohort;

INSERT INTO cohort_periods (cohort, kind, start, points, answers, correct)
SELECT cm.cohort, p.kind, p.start, SUM(p.points), SUM(p.answers), SUM(p.correct)
FROM cohort_members cm JOIN member_periods p ON p.member = cm.member
GROUP BY cm.cohort, p.kind, p.start;
