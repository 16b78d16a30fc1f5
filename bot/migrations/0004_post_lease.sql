-- A posting lease on each round, in wall-clock seconds: the process that claims a round holds it
-- while it posts; another process may re-post an unposted round only after taking over a stale
-- lease atomically, so a slow post in one process is never doubled by another.
ALTER TABLE rounds ADD COLUMN post_lease REAL NOT NULL DEFAULT 0;
