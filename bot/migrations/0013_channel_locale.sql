-- The language of a channel's public posts (`/setup locale=de`): a shipped language tag, or NULL for
-- the bot's default (STUDYBOT_LOCALE).
ALTER TABLE schedules ADD COLUMN locale TEXT;
