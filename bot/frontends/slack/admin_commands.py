"""`/studybot` admin subcommands: setup, pause, resume, post-now, skip, status, stats, export, appeals..."""

from __future__ import annotations

import re
from datetime import timedelta

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.commands import ADMIN_COMMANDS, MAX_ID, parse_number, parse_options, parse_period
from bot.core.errors import InvalidInput, NotAllowed
from bot.core.i18n import _, format_number, ngettext
from bot.core.links import parse_ttl
from bot.core.models import Actor, ChannelRef, MemberRef, Period
from bot.core.service import StudyService
from bot.frontends.slack import replies, suggestions
from bot.frontends.slack.admins import Admins
from bot.frontends.slack.blocks import Block
from bot.frontends.slack.escape import safe
from bot.frontends.slack.wording import short_day

MENTION = re.compile(r"^<@([UW][A-Z0-9]{2,30})(?:\|[^>]*)?>$")
PERIOD_DAYS = {Period.WEEK: 7, Period.MONTH: 31}


def _not_admin(sub: str) -> NotAllowed:
    return NotAllowed(
        _("`/studybot {command}` is for workspace admins and owners, and for members an admin added "
          "with `/studybot admins add @member`. Ask one of them.").format(command=sub)
    )


async def run_admin(
    service: StudyService,
    admins: Admins,
    sub: str,
    words: list[str],
    channel: ChannelRef,
    member: MemberRef,
    client: AsyncWebClient,
) -> list[Block]:
    """Check the caller is an admin, then run `/studybot SUB words…` in `channel`."""
    if sub == "admins":
        command = None
    elif sub in ADMIN_COMMANDS:
        command = ADMIN_COMMANDS[sub]
    else:
        raise InvalidInput(_("`/studybot {command}` is not a command; try `/studybot help`.").format(
            command=sub[:40]))
    if words and words[0].lower() in ("help", "?"):
        return replies.help_blocks(sub)
    actor = await admins.actor(client, member)
    if not actor.is_admin:
        raise _not_admin(sub)
    if command is None:
        return await _admins(service, actor, words)
    if sub == "suggestions":  # before the strict parse: a refused edit lists every field back
        return await suggestions.review(service, actor, words)
    options = parse_options(command, words)
    if sub == "setup":  # a new Slack schedule takes answers by form and thread (the core's default)
        return replies.paragraphs(replies.schedule_change(await service.setup(channel, actor, options)))
    if sub == "pause":
        return replies.paragraphs(replies.schedule_change(await service.pause(channel, actor)))
    if sub == "resume":
        return replies.paragraphs(replies.schedule_change(await service.resume(channel, actor)))
    if sub == "skip":
        return replies.paragraphs(replies.schedule_change(await service.skip(channel, actor)))
    if sub == "post-now":
        posted = await service.post_now(channel, actor)
        return replies.paragraphs(":white_check_mark: " + _("Posted the question for {day}.").format(
            day=short_day(posted.local_date)))
    if sub == "status":
        return replies.paragraphs(replies.status(await service.status(channel)))
    if sub == "stats":
        return replies.paragraphs(replies.stats(await service.stats(channel, actor)))
    if sub == "packs":
        return replies.paragraphs(replies.packs(await service.packs(channel)))
    if sub == "appeals":
        return await _appeals(service, actor, options)
    if sub == "dashboard":
        link = await service.dashboard_link(actor, parse_ttl(options.get("ttl")))
        return replies.paragraphs(replies.dashboard_link(link))
    return await _export(service, actor, options, channel, member, client)


async def _admins(service: StudyService, actor: Actor, words: list[str]) -> list[Block]:
    """`/studybot admins add|remove @member` and `/studybot admins list`."""
    action = words[0].lower() if words else ""
    if action == "list" and len(words) == 1:
        return replies.paragraphs(replies.admin_list(await service.list_admins(actor)))
    match = MENTION.match(words[1]) if len(words) == 2 else None
    if action not in ("add", "remove") or match is None:
        raise InvalidInput(
            _("Use `/studybot admins add @member`, `/studybot admins remove @member` (pick the member "
              "from the @ list) or `/studybot admins list`.")
        )
    if action == "add":
        result = await service.add_admin(actor, match.group(1))
    else:
        result = await service.remove_admin(actor, match.group(1))
    return replies.paragraphs(replies.admin_result(result))


async def _appeals(service: StudyService, actor, options: dict[str, str]) -> list[Block]:
    action = (options.get("action") or "list").lower()
    if action == "list":
        return replies.appeals(await service.appeals(actor))
    raw = options.get("id") or ""
    if not raw:
        raise InvalidInput(_("Give the appeal number: `/studybot appeals {action} 12`.").format(
            action=action))
    appeal_id = parse_number(raw, "id", 1, MAX_ID)
    result = await service.resolve_appeal(actor, appeal_id, accept=action == "accept")
    return replies.paragraphs(f":white_check_mark: {safe(result.message)}")


async def _export(
    service: StudyService,
    actor,
    options: dict[str, str],
    channel: ChannelRef,
    member: MemberRef,
    client: AsyncWebClient,
) -> list[Block]:
    """Send the CSV to the admin in a DM (answers are private), and say so in the channel."""
    if options.get("cohort"):
        raise InvalidInput(_("Exports cover the whole channel; leave out `cohort=` (filter the CSV "
                             "instead)."))
    period = parse_period(options.get("period"))
    since = None
    if period in PERIOD_DAYS:
        since = service.clock.now() - timedelta(days=PERIOD_DAYS[period])
    csv_text = await service.export_csv(actor, channel, since)
    opened = await client.conversations_open(users=member.user_id)
    day = service.clock.now().date().isoformat()
    await client.files_upload_v2(
        channel=opened["channel"]["id"],
        content=csv_text,
        filename=f"studybot-{channel.channel_id}-{period.value}-{day}.csv",
        title=_("studybot export ({period})").format(period=period.value),
        initial_comment=_("Answers and standings as CSV. Only you can see this DM."),
    )
    rows = max(csv_text.count("\n") - 1, 0)
    sent = ngettext("Sent you the export ({n} row) in a direct message.",
                    "Sent you the export ({n} rows) in a direct message.", rows).format(n=format_number(rows))
    return replies.paragraphs(f":white_check_mark: {sent}")
