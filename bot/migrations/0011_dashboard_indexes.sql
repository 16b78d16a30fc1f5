-- Covering indexes for the dashboard's read-only figures over counted answers: participation per
-- scheduled day and the round history read answers by round, and mastery per topic (overall and
-- per cohort) reads them by question and member. Both hold only counted answers, so practice
-- answers cost them nothing.
CREATE INDEX answers_counted_by_round ON answers (round, member, verdict, score) WHERE counted = 1;
CREATE INDEX answers_counted_by_question ON answers (community, question_id, member, verdict)
WHERE counted = 1;
