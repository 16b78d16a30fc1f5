"""Which Discord shards one process runs, and so which channels it posts for.

Discord puts guild `g` on shard `(g >> 22) % shard_count`. A process started with
`--discord-shards 0-3 --shard-count 8` connects those four shards and its scheduler posts only for
Discord channels of guilds on them; channels of other platforms are posted by whichever process gets
there first. Overlapping shard sets are harmless: the database's unique (channel, day) key still
lets exactly one process post each round.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.models import ChannelRef, Platform

MAX_SHARDS = 10_000


class ShardSpecError(ValueError):
    """A shard list that cannot be read; the message says how to write it."""


def parse_shard_ids(text: str) -> tuple[int, ...]:
    """`0-3`, `5` or `0,2,4-6` as sorted distinct shard ids."""
    ids: set[int] = set()
    for part in (p.strip() for p in str(text).split(",")):
        low, dash, high = part.partition("-")
        try:
            first, last = int(low), int(high) if dash else int(low)
        except ValueError:
            raise ShardSpecError(f"{text!r} is not a list of shard ids; write e.g. 0-3 or 0,2,4-6") from None
        if first < 0 or last < first:
            raise ShardSpecError(f"{part!r} in {text!r} is not a range from a lower to a higher shard id")
        if last - first >= MAX_SHARDS:
            raise ShardSpecError(f"{part!r} spans more than {MAX_SHARDS} shards")
        ids.update(range(first, last + 1))
    return tuple(sorted(ids))


def shard_of(guild_id: str | int, shard_count: int) -> int:
    """The shard Discord puts a guild on."""
    return (int(guild_id) >> 22) % shard_count


@dataclass(frozen=True)
class ShardPlan:
    """The shard ids this process runs out of `count` shards of the bot."""

    ids: tuple[int, ...]
    count: int

    def problems(self) -> list[str]:
        """What is wrong with the plan, one line each (empty when it can be used)."""
        if self.count < 1:
            return [f"DISCORD_SHARD_COUNT={self.count} must be at least 1"]
        if not self.ids:
            return ["DISCORD_SHARDS names no shard; write e.g. 0-3"]
        outside = [i for i in self.ids if i >= self.count]
        if outside:
            return [
                f"DISCORD_SHARDS has shard id(s) {', '.join(map(str, outside))} but DISCORD_SHARD_COUNT "
                f"is {self.count}: ids go from 0 to {self.count - 1}"
            ]
        return []

    def holds(self, guild_id: str | int) -> bool:
        """Whether a guild is on one of this process's shards."""
        return shard_of(guild_id, self.count) in self.ids

    def serves(self, channel: ChannelRef) -> bool:
        """Whether this process posts for `channel`: Discord channels of its guilds, every other platform."""
        if Platform(channel.platform) is not Platform.DISCORD:
            return True
        if not str(channel.community_id).isdigit():
            return True  # not a guild snowflake (a direct message scope): let the database decide
        return self.holds(channel.community_id)

    def describe(self) -> str:
        return f"shards {','.join(map(str, self.ids))} of {self.count}"
