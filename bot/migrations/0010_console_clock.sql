-- The console's simulated clock, kept per database: a console started again on the same file
-- resumes at this instant instead of going back in time while rounds opened later are open.
CREATE TABLE console_clock (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    now TEXT NOT NULL
);
