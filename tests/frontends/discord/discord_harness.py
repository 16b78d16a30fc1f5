"""The bot on the loopback fake of Discord, with helpers that act like Discord users, and test content."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import discord_payloads as p
from fake_discord import FakeDiscord

from bot.config import Settings
from bot.core.models import (
    Actor,
    ChannelRef,
    ContentBank,
    Difficulty,
    KeyPoint,
    MemberRef,
    Pack,
    Platform,
    Question,
)
from bot.core.service import StudyService
from bot.frontends.discord import DiscordFrontend, build

MONDAY_MORNING = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.fake00.fake-token-for-tests"

DROPOUT = Question(
    id="dl-dropout",
    prompt="Why does dropout reduce overfitting in neural networks?",
    difficulty=Difficulty.INTERMEDIATE,
    answer="Dropout randomly drops units during training, so units cannot co-adapt; the network "
    "behaves like an ensemble of thinner networks, which reduces overfitting.",
    topics=("regularization",),
    key_points=(
        KeyPoint("units are dropped at random during training", ("randomly drops units", "drops neurons")),
        KeyPoint("prevents co-adaptation", ("prevents co-adaptation", "cannot co-adapt",
                                            "stops units relying on each other")),
        KeyPoint("acts like an ensemble", ("ensemble", "averaging many networks")),
    ),
    hints=("Think of many networks at once.", "What happens to units that rely on each other?"),
)
BATCHNORM = Question(
    id="dl-batchnorm",
    prompt="What does batch normalization do during training?",
    difficulty=Difficulty.BEGINNER,
    answer="It normalizes each layer's inputs over the mini-batch to zero mean and unit variance, then "
    "scales and shifts them with learned parameters, which stabilises and speeds up training.",
    topics=("optimization", "normalization"),
    key_points=(
        KeyPoint("normalizes over the mini-batch", ("normalizes", "zero mean", "unit variance")),
        KeyPoint("learned scale and shift", ("scale and shift", "gamma and beta", "learned parameters")),
        KeyPoint("stabilises or speeds up training", ("speeds up training", "stabilises", "faster training")),
    ),
    hints=("Think of mean and variance.",),
)
BANK = ContentBank((Pack("test", "Test pack", "1", "MIT", "tests", (DROPOUT, BATCHNORM)),))
GOOD_ANSWER = ("Dropout randomly drops units during training, which prevents co-adaptation between neurons, "
               "so the network acts like an ensemble of many thinner networks and overfits less.")
CHANNEL_PAYLOAD = {"id": str(p.CHANNEL_ID), "type": 0, "guild_id": str(p.GUILD_ID), "name": "daily-question"}
CHANNEL = ChannelRef(Platform.DISCORD, str(p.GUILD_ID), str(p.CHANNEL_ID), "daily-question")
ADMIN = p.user(p.ADMIN_ID, "Lead")
MEMBER = p.user(p.MEMBER_ID, "Ana")
ADMIN_ACTOR = Actor(MemberRef(Platform.DISCORD, str(p.GUILD_ID), str(p.ADMIN_ID), "Lead"), is_admin=True)


class DiscordHarness:
    """The bot connected to the fake, with helpers that act like Discord users."""

    def __init__(self, fake: FakeDiscord, service: StudyService, settings: Settings) -> None:
        self.fake = fake
        self.service = service
        self.settings = settings
        self.frontend: DiscordFrontend | None = None

    async def start(self, **options: Any) -> DiscordFrontend:
        options = {"guild_ready_timeout": 0.05, "count_delay": 0.2, **options}
        self.frontend = build(self.service, self.settings, **options)
        await self.frontend.start()
        return self.frontend

    async def restart(self) -> DiscordFrontend:
        """Stop the bot and start a new client in its place, as after a redeploy."""
        assert self.frontend is not None
        await self.frontend.stop()
        return await self.start()

    def _interaction(self, kind: int, data: dict, who: dict, admin: bool, msg: dict | None = None,
                     channel: dict | None = None, locale: str = "en-US") -> dict:
        perms = p.MEMBER_PERMISSIONS | (p.MANAGE_GUILD if admin else 0)
        return p.interaction(kind, data, who=who, permissions=perms, channel=channel or CHANNEL_PAYLOAD,
                             guild_id=p.GUILD_ID, msg=msg, locale=locale)

    async def slash(self, name: str, options: dict | None = None, *, sub: str | None = None,
                    who: dict = MEMBER, admin: bool = False, locale: str = "en-US") -> dict:
        """Run a slash command as a member whose Discord language is `locale`; return the reply they see."""
        data = p.command_data(name, options, sub=sub)
        token = await self.fake.interact(self._interaction(2, data, who, admin, locale=locale))
        return await self.fake.final_reply(token)

    async def autocomplete(self, name: str, options: dict, focused: str, *, sub: str | None = None) -> list:
        data = p.command_data(name, options, sub=sub, focused=focused)
        token = await self.fake.interact(self._interaction(4, data, MEMBER, True))
        return (await self.fake.final_reply(token))["data"]["choices"]

    async def click(self, message: dict, custom_id: str, *, who: dict = MEMBER,
                    locale: str = "en-US") -> dict:
        """Press a button on a message the bot sent; return what the member sees."""
        data = {"custom_id": custom_id, "component_type": 2}
        token = await self.fake.interact(self._interaction(3, data, who, False, msg=message, locale=locale))
        return await self.fake.final_reply(token)

    async def submit(self, custom_id: str, text: str, *, who: dict = MEMBER, locale: str = "en-US") -> dict:
        """Submit a form (modal) with `text` in its one input; return what the member sees."""
        data = {"custom_id": custom_id,
                "components": [{"type": 1, "components": [{"type": 4, "custom_id": "text", "value": text}]}]}
        token = await self.fake.interact(self._interaction(5, data, who, False, locale=locale))
        return await self.fake.final_reply(token)

    async def submit_form(self, custom_id: str, values: dict[str, str], *, who: dict = MEMBER,
                          locale: str = "en-US") -> dict:
        """Submit a form of several text inputs (`values` by input custom id), one per row as Discord
        sends it; return what the member sees."""
        rows = [{"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
                for key, value in values.items()]
        token = await self.fake.interact(self._interaction(5, {"custom_id": custom_id, "components": rows},
                                                           who, False, locale=locale))
        return await self.fake.final_reply(token)

    async def set_up_channel(self, **options: str) -> None:
        await self.service.setup(CHANNEL, ADMIN_ACTOR, options)

    async def post_today(self) -> tuple[int, dict]:
        """Open today's round in the channel; return its id and the post as Discord stored it."""
        round_ = await self.service.open_round(CHANNEL, self.service.clock.now().date())
        assert round_ is not None
        stored = await self.service.store.get_round(round_.id)
        assert stored is not None and stored.message_ref
        return round_.id, self.fake.messages[int(stored.message_ref)]
