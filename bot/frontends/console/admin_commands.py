"""Admin commands at the console: setup, pause, resume, post-now, skip, status, stats, export, appeals,
dashboard, suggestions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core.commands import MAX_ID, Command, parse_number, parse_options
from bot.core.errors import InvalidInput
from bot.core.i18n import _
from bot.core.links import parse_ttl
from bot.frontends.console import events, suggestion_commands

if TYPE_CHECKING:
    from bot.frontends.console.session import ConsoleSession


async def run(session: ConsoleSession, command: Command, words: list[str]) -> None:
    """Run one admin command for the session's member and channel and emit its result."""
    opts = parse_options(command, words)
    service, channel, actor = session.service, session.channel, session.actor
    name = command.name
    if name == "setup":
        session.emit(events.schedule_change(await service.setup(channel, actor, opts)))
    elif name in ("pause", "resume", "skip"):
        change = await getattr(service, name)(channel, actor)
        session.emit(events.schedule_change(change))
    elif name == "post-now":
        await service.post_now(channel, actor)
    elif name == "status":
        session.emit(events.status(channel.channel_id, await service.status(channel)))
    elif name == "stats":
        session.emit(events.stats(channel.channel_id, await service.stats(channel, actor)))
    elif name == "packs":
        packs = [{"id": p.id, "title": p.title, "version": p.version, "questions": p.questions,
                  "source": p.source} for p in await service.packs(channel)]
        session.emit({"type": "packs", "packs": packs})
    elif name == "export":
        if opts.get("cohort"):
            raise InvalidInput(_("The console export covers the whole channel; leave out `cohort=`."))
        csv_text = await service.export_csv(actor, channel, session.export_since(opts.get("period")))
        session.emit({"type": "export", "rows": max(csv_text.count("\n") - 1, 0), "csv": csv_text})
    elif name == "appeals":
        await _appeals(session, opts)
    elif name == "suggestions":
        await suggestion_commands.review(session, opts)
    elif name == "dashboard":
        link = await service.dashboard_link(actor, parse_ttl(opts.get("ttl")))
        session.emit(events.link(link))


async def _appeals(session: ConsoleSession, opts: dict[str, str]) -> None:
    action = (opts.get("action") or "list").lower()
    service, actor = session.service, session.actor
    if action == "list":
        rows = [{"id": a.id, "answer_id": a.answer_id, "member": a.member.user_id,
                 "question_id": a.question_id, "reply": a.reply, "score": a.score, "note": a.note}
                for a in await service.appeals(actor)]
        session.emit({"type": "appeals", "rows": rows})
        return
    raw = opts.get("id") or ""
    if not raw:
        raise InvalidInput(
            _("Name the appeal to {action}, e.g. `/appeals {action} 3` (`/appeals` lists them).").format(
                action=action)
        )
    appeal_id = parse_number(raw, "id", 1, MAX_ID)
    result = await service.resolve_appeal(actor, appeal_id, accept=action == "accept")
    session.emit({"type": "appeal", "id": result.appeal.id, "answer_id": result.appeal.answer_id,
                  "status": result.appeal.status, "message": result.message})
