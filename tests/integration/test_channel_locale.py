"""A channel's language (`/setup locale=`) on SQLite and PostgreSQL, and the posts built in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pytest
from rounds_support import ADMIN, CHANNEL, MEMBER, RecordingPlatform, channel, open_world

from bot.core.errors import InvalidInput
from bot.core.i18n import current_locale, use_locale
from bot.core.models import Schedule
from bot.schedule.fanout import FanOut
from bot.schedule.runner import DueRunner
from bot.store import open_store
from tests.integration.store_support import CHANNEL as STORE_CHANNEL

MONDAY_MORNING = "2026-03-02T07:00+00:00"


@dataclass
class LanguageRecorder(RecordingPlatform):
    """Records the language each outbound call was made in, as a frontend's rendering would see it."""

    languages: list[tuple[str, str]] = field(default_factory=list)

    async def post_round(self, post):
        self.languages.append(("post", current_locale()))
        return await super().post_round(post)

    async def update_answer_count(self, channel, message_ref, round_id, answered) -> None:
        self.languages.append(("count", current_locale()))
        await super().update_answer_count(channel, message_ref, round_id, answered)

    async def post_round_closed(self, summary) -> None:
        self.languages.append(("reveal", current_locale()))
        await super().post_round_closed(summary)

    async def send_notice(self, channel, text) -> None:
        self.languages.append(("notice", current_locale()))
        await super().send_notice(channel, text)

    async def send_private(self, note) -> None:
        self.languages.append(("private", current_locale()))
        await super().send_private(note)


@pytest.fixture
async def store(db_target):
    s = await open_store(db_target)
    yield s
    await s.close()


async def test_a_channel_language_is_stored_read_back_and_cleared(store):
    saved = await store.save_schedule(Schedule(channel=STORE_CHANNEL, locale="de"))
    assert saved.locale == "de"
    assert (await store.get_schedule(STORE_CHANNEL)).locale == "de"
    assert [s.locale for s in await store.list_schedules()] == ["de"]
    await store.save_schedule(Schedule(channel=STORE_CHANNEL, locale=None))
    assert (await store.get_schedule(STORE_CHANNEL)).locale is None


async def test_setup_locale_sets_the_channel_language_and_answers_in_it(db_target):
    world = await open_world(db_target, MONDAY_MORNING)
    change = await world.service.setup(CHANNEL, ADMIN, {"time": "09:00", "locale": "de-DE"})
    assert change.schedule.locale == "de"
    assert change.message.startswith("Die täglichen Fragen sind eingerichtet.")
    assert "Beiträge auf Deutsch (de)" in change.message
    assert await world.service.channel_locale(CHANNEL) == "de"
    cleared = await world.service.setup(CHANNEL, ADMIN, {"locale": "default"})
    assert cleared.schedule.locale is None
    assert cleared.message.startswith("Updated.") and "posts in English (en), the default" in cleared.message
    assert await world.service.channel_locale(CHANNEL) is None
    await world.store.close()


async def test_an_unknown_language_is_refused_listing_the_choices(db_target):
    world = await open_world(db_target, MONDAY_MORNING)
    with pytest.raises(InvalidInput, match=r"`locale=klingon` is not a language studybot speaks; choose "
                                           r"one of de, en, es, or default"):
        await world.service.setup(CHANNEL, ADMIN, {"locale": "klingon"})
    assert await world.store.get_schedule(CHANNEL) is None
    with use_locale("es"), pytest.raises(InvalidInput, match="no es un idioma que hable studybot"):
        await world.service.setup(CHANNEL, ADMIN, {"locale": "fr"})
    await world.store.close()


async def test_public_posts_reveals_counts_and_notices_are_built_in_the_channel_language(db_target):
    recorder = LanguageRecorder()
    world = await open_world(db_target, MONDAY_MORNING, recorder)
    await world.service.setup(CHANNEL, ADMIN, {"time": "09:00", "days": "daily", "locale": "es"})
    english = channel("english")
    await world.service.setup(english, ADMIN, {"time": "09:00", "days": "daily"})
    with use_locale("de"):  # a German admin's command does not change the channel's language
        round_ = await world.service.post_now(CHANNEL, ADMIN)
    await world.service.post_now(english, ADMIN)
    with use_locale("de"):
        await world.service.submit_answer(MEMBER, round_.id, "an answer about the topic in a sentence")
    await world.service.close_round(round_.id)
    assert ("post", "es") in recorder.languages and ("post", "en") in recorder.languages
    assert ("count", "es") in recorder.languages and ("reveal", "es") in recorder.languages
    await world.store.close()


async def test_the_scheduler_posts_and_announces_a_missed_day_in_the_channel_language(db_target):
    first = await open_world(db_target, "2026-03-02T08:00+00:00", LanguageRecorder())
    runner = DueRunner(first.service)
    await runner.catch_up()
    await first.service.setup(CHANNEL, ADMIN, {"time": "09:00", "days": "daily", "locale": "de"})
    await runner.advance(first.clock, datetime.fromisoformat("2026-03-02T09:05+00:00"))
    assert first.platform.languages == [("post", "de")]
    await first.store.close()  # down after Monday's post, back after Tuesday's grace window
    recorder = LanguageRecorder()
    second = await open_world(db_target, "2026-03-03T15:30+00:00", recorder)
    await DueRunner(second.service).catch_up()
    assert [text for _channel, text in recorder.notices] == [
        "Keine Frage für Di., 3. März: studybot lief zur Postzeit nicht und die Kulanzzeit war vorbei. "
        "Serien bleiben unberührt."
    ]
    assert ("notice", "de") in recorder.languages and ("reveal", "de") in recorder.languages
    await second.store.close()


async def test_a_post_that_keeps_failing_is_reported_in_the_channel_language(db_target):
    recorder = LanguageRecorder(failing_channels={"general"})
    world = await open_world(db_target, "2026-03-02T08:00+00:00", recorder)
    await world.service.setup(CHANNEL, ADMIN, {"time": "09:00", "days": "daily", "locale": "es"})

    async def no_wait(seconds: float) -> None:
        return None

    runner = DueRunner(world.service, FanOut(world.service, backoff=(1.0,), sleep=no_wait))
    await runner.catch_up()
    world.at("2026-03-02T09:00+00:00")
    await runner.run_due()
    assert [lang for kind, lang in recorder.languages if kind == "post"] == ["es", "es"]
    [(_channel, text)] = recorder.notices
    assert text.startswith("No se pudo publicar la pregunta de hoy tras 2 intentos (ConnectionError")
    await world.store.close()


GOOD = "It reduces overfitting because it adds random noise during training."


async def test_reminders_and_freeze_notes_are_written_in_the_channel_language(db_target):
    recorder = LanguageRecorder()
    world = await open_world(db_target, "2026-03-02T07:00+00:00", recorder)
    runner = DueRunner(world.service)
    await runner.catch_up()
    await world.service.setup(CHANNEL, ADMIN, {"time": "09:00", "tz": "Europe/Berlin", "days": "daily",
                                               "locale": "es"})
    for day in range(2, 9):  # seven answered days in a row earn a freeze
        await runner.advance(world.clock, datetime.fromisoformat(f"2026-03-{day:02d}T09:00+00:00"))
        round_ = (await world.store.open_rounds(CHANNEL))[-1]
        with use_locale("de"):  # the member's own language does not change the channel's notes
            await world.service.submit_answer(MEMBER, round_.id, GOOD)
    await world.service.remind(CHANNEL, MEMBER, {"action": "on", "before": "2h"})
    await runner.advance(world.clock, datetime.fromisoformat("2026-03-10T06:00+00:00"))
    earned, reminder = recorder.private[0], recorder.private[-1]
    assert earned.text.startswith("Ganaste una congelación de racha en #general por 7 días seguidos")
    assert reminder.kind == "reminder"
    assert reminder.text.startswith("Tu racha de 7 días en #general está en peligro: la pregunta abierta "
                                    "cierra en 2h")
    assert {lang for kind, lang in recorder.languages if kind == "private"} == {"es"}
    await world.store.close()
