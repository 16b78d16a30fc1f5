"""Where a round belongs: answers, hints and appeals only from its own community and channel (pure)."""

from __future__ import annotations

from bot.core.errors import NotAllowed
from bot.core.i18n import N_, _
from bot.core.models import ChannelRef, MemberRef, Platform, Round

COMMUNITY_WORD = {Platform.DISCORD: N_("server"), Platform.SLACK: N_("workspace"),
                  Platform.CONSOLE: N_("community")}


def community_word(platform: Platform | str) -> str:
    """What a community is called on that platform ("server" on Discord, "workspace" on Slack)."""
    try:
        return _(COMMUNITY_WORD[Platform(platform)])
    except ValueError:
        return _("community")


def same_channel(a: ChannelRef, b: ChannelRef) -> bool:
    """True when both refer to one channel (names are display data and do not matter)."""
    return (Platform(a.platform), a.community_id, a.channel_id) == (
        Platform(b.platform),
        b.community_id,
        b.channel_id,
    )


def check_place(round_: Round, member: MemberRef, channel: ChannelRef | None = None) -> None:
    """NotAllowed unless `member` belongs to the community that owns the round and, when the frontend
    says where the member acted (`channel`), that is the round's channel. Checked before anything
    is recorded, so a refusal stores no answer, earns no points and changes no count."""
    owner = round_.channel
    word = community_word(owner.platform)
    if Platform(member.platform) != Platform(owner.platform) or member.community_id != owner.community_id:
        raise NotAllowed(
            _("Question {id} belongs to another {word}, so nothing was recorded. Answer the daily question "
              "posted in a channel of your own {word}.").format(id=round_.id, word=word)
        )
    if channel is None:
        return
    if Platform(channel.platform) != Platform(owner.platform) or channel.community_id != owner.community_id:
        raise NotAllowed(
            _("Question {id} belongs to another {word} than this channel, so nothing was recorded. Use the "
              "buttons under the daily question of this channel instead.").format(id=round_.id, word=word)
        )
    if not same_channel(channel, owner):
        where = f"#{owner.name}" if owner.name else _("another channel")
        raise NotAllowed(
            _("Question {id} was posted in {where}, not here, so nothing was recorded. Answer it from "
              "its post "
              "in that channel, or answer this channel's own question.").format(id=round_.id, where=where)
        )
