"""Suggestions at the console: `/suggest`, `/authors` and `/studybot suggestions ...`, and their events.

Every change emits `suggestion{id, status, author, prompt}`. A refused suggestion emits an `error`
with `kept` (every field as typed) and `retry`, the command line to edit and send again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core.commands import MAX_ID, example, parse_flag, parse_number
from bot.core.errors import InvalidInput
from bot.core.i18n import _
from bot.core.labels import status_label
from bot.core.models import Platform
from bot.core.suggestion_models import PENDING, Suggestion
from bot.core.suggestions import FIELDS, SuggestionRefused, SuggestionReview, mapping_fields
from bot.frontends.console.events import Event

if TYPE_CHECKING:
    from bot.frontends.console.session import ConsoleSession


def suggestion_event(suggestion: Suggestion, message: str = "") -> Event:
    """`suggestion{id, status, author, prompt}`: one per change (suggested, edited, approved, rejected)."""
    return {"type": "suggestion", "id": suggestion.id, "status": suggestion.status,
            "author": suggestion.author.user_id if suggestion.author else None, "prompt": suggestion.prompt,
            "question_id": suggestion.question_id, "reason": suggestion.reason, "message": message}


def _review_event(review: SuggestionReview) -> Event:
    event = suggestion_event(review.suggestion, review.message)
    event["fields"] = mapping_fields(review.suggestion.question)
    event["warnings"] = list(review.warnings)
    if review.test is not None:
        event["self_test"] = {"passed": review.test.passed, "mismatches": list(review.test.mismatches),
                              "runs": len(review.test.runs)}
    return event


def refused(err: SuggestionRefused, command: str = "suggest", **extra: str) -> Event:
    """The refusal with every field kept, and the line to send again after fixing it."""
    kept = {name: err.kept[name] for name in FIELDS if err.kept.get(name)}
    line = example(Platform.CONSOLE, command, **extra, **kept)
    return {"type": "error", "message": f"{err}\n" + _("Kept: {line}").format(line=line), "kept": kept,
            "retry": line}


async def suggest(session: ConsoleSession, options: dict[str, str]) -> None:
    try:
        stored = await session.service.suggest(session.member, session.channel, options)
    except SuggestionRefused as err:
        session.emit(refused(err))
        return
    session.emit(suggestion_event(
        stored, _("Thank you: suggestion {id} waits for an admin's review; you hear privately when it is "
                  "decided.").format(id=stored.id)))


async def authors(session: ConsoleSession) -> None:
    rows = await session.service.authors(session.member)
    lines = [f"{n}. " + _("{name}: {count} approved").format(name=r.member.name or r.member.user_id,
                                                            count=r.approved)
             for n, r in enumerate(rows, 1)]
    session.emit({"type": "authors", "rows": [
        {"rank": n, "member": r.member.user_id, "name": r.member.name or r.member.user_id,
         "approved": r.approved} for n, r in enumerate(rows, 1)],
        "message": _("Authors of approved questions:") + "\n" + "\n".join(lines) if lines else
        _("No suggested question has been approved yet; `/suggest` sends one.")})


async def review(session: ConsoleSession, opts: dict[str, str]) -> None:
    """`/studybot suggestions [list|show|approve|reject|edit] [id=N] [reason=...]`."""
    service, actor = session.service, session.actor
    action = (opts.get("action") or "list").lower()
    if action == "list":
        status = opts.get("status") or PENDING
        rows = await service.list_suggestions(actor, status)
        imported = _("imported")
        lines = [f"{s.id} [{status_label(s.status)}] {s.author_name or imported}: {s.prompt}" for s in rows]
        session.emit({"type": "suggestions", "status": status, "message": "\n".join(lines) or
                      _("No suggestions with the status {status}.").format(
                          status=status_label(status)), "rows": [
            {"id": s.id, "status": s.status, "author": s.author.user_id if s.author else None,
             "prompt": s.prompt, "created_at": s.created_at.isoformat(timespec="minutes")
             if s.created_at else None} for s in rows]})
        return
    raw = opts.get("id") or ""
    if not raw:
        raise InvalidInput(_("Name the suggestion to {action}, e.g. `/studybot suggestions {action} id=3` "
                             "(`/studybot suggestions list` shows them).").format(action=action))
    suggestion_id = parse_number(raw, "id", 1, MAX_ID)
    if action == "show":
        session.emit(_review_event(await service.show_suggestion(actor, suggestion_id)))
    elif action == "approve":
        result = await service.approve_suggestion(actor, suggestion_id, opts.get("reason") or "",
                                                  force=parse_flag(opts.get("force")))
        session.emit(_review_event(result))
    elif action == "reject":
        session.emit(_review_event(await service.reject_suggestion(actor, suggestion_id,
                                                                   opts.get("reason") or "")))
    else:
        changes = {k: v for k, v in opts.items() if k in FIELDS}
        try:
            result = await service.edit_suggestion(actor, suggestion_id, changes)
        except SuggestionRefused as err:
            session.emit(refused(err, "studybot suggestions edit", id=str(suggestion_id)))
            return
        session.emit(_review_event(result))
