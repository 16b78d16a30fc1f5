-- PostgreSQL's mirror of SQLite 0013: the language of a channel's public posts (`/setup locale=de`),
-- NULL for the bot's default (STUDYBOT_LOCALE).
ALTER TABLE schedules ADD COLUMN locale TEXT;
