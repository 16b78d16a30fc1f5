-- A covering index for leaderboards that cannot use the period aggregates (a community whose
-- channels use several timezones, or an unusual `since`): scanning counted answers since an
-- instant reads only this index.
CREATE INDEX answers_counted_since ON answers (community, submitted_at, member, points, verdict)
WHERE counted = 1;
