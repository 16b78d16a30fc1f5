-- PostgreSQL's mirror of SQLite 0011: covering indexes over counted answers for the dashboard.
CREATE INDEX answers_counted_by_round ON answers (round, member, verdict, score) WHERE counted = 1;
CREATE INDEX answers_counted_by_question ON answers (community, question_id, member, verdict)
WHERE counted = 1;
