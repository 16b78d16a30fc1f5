-- PostgreSQL's mirror of SQLite 0010: the console's simulated clock, one row per database.
CREATE TABLE console_clock (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    now TEXT NOT NULL
);
