-- One write per answer, boards in O(cohorts): counters and aggregates kept in the answer's
-- transaction, each rebuilt here from the answers already stored.

-- The live count on a round's post: how many members have a counted answer for it.
ALTER TABLE rounds ADD COLUMN answered INTEGER NOT NULL DEFAULT 0;
UPDATE rounds SET answered = (
    SELECT COUNT(*) FROM answers a WHERE a.round = rounds.id AND a.counted = 1
);

-- How many members have an aggregate row on each board, so a rank can be counted from the shorter
-- end. The all-time board of a community is kind 'all' with an empty start.
ALTER TABLE community_periods ADD COLUMN members INTEGER NOT NULL DEFAULT 0;
UPDATE community_periods SET members = (
    SELECT COUNT(*) FROM member_periods p
    WHERE p.community = community_periods.community AND p.kind = community_periods.kind
      AND p.start = community_periods.start
);
INSERT INTO community_periods (community, kind, start, members)
SELECT community, 'all', '', COUNT(*) FROM member_totals GROUP BY community;

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
