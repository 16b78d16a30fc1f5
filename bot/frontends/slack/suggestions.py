"""`/suggest` as a Slack modal (views.open; its view_submission is checked by the pack rules),
`/authors`, and the admin's `/studybot suggestions ...`.

A refused submission keeps the modal open with everything typed and the problem under the field it
concerns (`response_action: errors`), so the member loses nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.commands import ADMIN_COMMANDS, MAX_ID, MEMBER_COMMANDS, parse_flag, parse_number, parse_options
from bot.core.errors import InvalidInput
from bot.core.i18n import N_, _, format_number
from bot.core.models import Actor, MemberRef
from bot.core.service import StudyService
from bot.core.suggestion_models import PENDING
from bot.core.suggestions import FIELDS, SuggestionRefused, SuggestionReview, mapping_fields
from bot.frontends.slack import replies
from bot.frontends.slack.blocks import Block
from bot.frontends.slack.escape import INPUT_HINT, INPUT_LABEL, MODAL_TITLE, plain, safe
from bot.frontends.slack.private import send_words, words_for
from bot.frontends.slack.refs import channel_ref, interaction_member

SUGGEST_VIEW = "studybot_suggest_view"
INPUT = "value"
SPECS = {  # field: (label, multiline, optional, max length, hint)
    "prompt": (N_("Question"), True, False, 1000, N_("What members should answer")),
    "answer": (N_("Model answer"), True, False, 3000, N_("The answer the grader compares replies with")),
    "topics": (N_("Topics"), False, True, 200, N_("Comma-separated, e.g. cnn, vision")),
    "difficulty": (N_("Difficulty"), False, False, 20, N_("beginner, intermediate, advanced or bonus")),
    "points": (N_("Key points"), True, True, 3000, N_("What a good answer says, separated by ;")),
    "hints": (N_("Hints"), True, True, 1000, N_("Separated by ;")),
}
STATUS_WORDS = {"pending": N_("pending"), "approved": N_("approved"), "rejected": N_("rejected")}
_FIELD_OF = {"key_points": "points", "prompt": "prompt", "answer": "answer", "topics": "topics",
             "difficulty": "difficulty", "hints": "hints"}
_PROBLEM = re.compile(r"^- ([a-z_]+)")


def status_word(status: str) -> str:
    """A suggestion's status in the current language."""
    word = STATUS_WORDS.get(status)
    return _(word) if word else status


def loose(command_name: str, words: list[str], commands: dict) -> dict[str, str]:
    """Options as typed; difficulty is left to the pack rules so a wrong one keeps every field."""
    command = commands[command_name]
    return parse_options(replace(command, options=tuple(replace(o, choices=()) for o in command.options)),
                         words)


def suggest_modal(team_id: str, channel_id: str, values: dict[str, str] | None = None) -> dict[str, Any]:
    """The form: one input per field, filled with `values` (`/suggest prompt="..."` fills it in)."""
    values = values or {}
    blocks = []
    for name, (label, multiline, optional, longest, hint) in SPECS.items():
        element: dict[str, Any] = {"type": "plain_text_input", "action_id": INPUT, "multiline": multiline,
                                   "max_length": longest}
        initial = values.get(name) or ("beginner" if name == "difficulty" else "")
        if initial:
            element["initial_value"] = initial[:longest]
        blocks.append({"type": "input", "block_id": name, "optional": optional, "element": element,
                       "label": {"type": "plain_text", "text": plain(_(label), INPUT_LABEL)},
                       "hint": {"type": "plain_text", "text": plain(_(hint), INPUT_HINT)}})
    return {"type": "modal", "callback_id": SUGGEST_VIEW,
            "title": {"type": "plain_text", "text": plain(_("Suggest a question"), MODAL_TITLE)},
            "submit": {"type": "plain_text", "text": plain(_("Send for review"), MODAL_TITLE)},
            "close": {"type": "plain_text", "text": plain(_("Cancel"), MODAL_TITLE)},
            "private_metadata": json.dumps({"t": team_id, "c": channel_id}, separators=(",", ":")),
            "blocks": blocks}


def submitted_fields(view: dict[str, Any]) -> dict[str, str]:
    values = (view.get("state") or {}).get("values") or {}
    return {name: str(((values.get(name) or {}).get(INPUT) or {}).get("value") or "") for name in SPECS}


def field_errors(err: SuggestionRefused) -> dict[str, str]:
    """The refusal as Slack form errors: each rule problem under its field, the rest under the question."""
    errors: dict[str, list[str]] = {}
    lines = str(err).split("\n")
    for line in lines:
        found = _PROBLEM.match(line)
        if found:
            errors.setdefault(_FIELD_OF.get(found.group(1), "prompt"), []).append(line[2:])
    if not errors:
        errors["prompt"] = [lines[0]]
    return {name: " ".join(texts)[:1900] for name, texts in errors.items()}


async def open_form(client: AsyncWebClient, body: dict[str, Any], words: list[str]) -> None:
    """`/suggest [prompt=... ...]`: open the modal, filled with whatever options were typed."""
    values = loose("suggest", words, MEMBER_COMMANDS) if words else {}
    await client.views_open(trigger_id=body.get("trigger_id"),
                            view=suggest_modal(str(body.get("team_id", "")), str(body.get("channel_id", "")),
                                               values))


def authors_text(rows: list[Any]) -> str:
    lines = [_("{rank}. {member}: {count} approved").format(rank=n, member=f"<@{r.member.user_id}>",
                                                            count=format_number(r.approved))
             for n, r in enumerate(rows[:25], 1)]
    return (_("*Authors of approved questions*") + "\n" + "\n".join(lines)) if lines else \
        _("No suggested question has been approved yet; `/suggest` sends one.")


def register(app: AsyncApp, service: StudyService) -> None:
    """Listen for the suggestion form's submissions."""

    async def on_submit(ack: Any, body: dict[str, Any], client: AsyncWebClient, context: Any) -> None:
        view = body.get("view") or {}
        fields = submitted_fields(view)
        meta = json.loads(view.get("private_metadata") or "{}")
        member = interaction_member(body, context)
        channel = channel_ref(member.community_id, str(meta.get("c") or ""))
        try:
            stored = await service.suggest(member, channel, fields)
        except SuggestionRefused as err:
            await ack(response_action="errors", errors=field_errors(err))
            return
        except Exception as err:
            await ack(response_action="errors", errors={"prompt": words_for(err, "suggestion")[:1900]})
            return
        await ack()
        thanks = _("Thank you: suggestion {id} waits for an admin's review; you hear privately when it is "
                   "decided.").format(id=stored.id)
        await send_words(client, channel.channel_id, member.user_id, f":white_check_mark: {thanks}")

    app.view(SUGGEST_VIEW)(on_submit)


def _review_text(review: SuggestionReview) -> str:
    s = review.suggestion
    fields = mapping_fields(s.question)
    head = _("*Suggestion {id}* · {status}").format(id=s.id, status=status_word(s.status))
    if s.author:
        head += " · " + _("by {member}").format(member=f"<@{s.author.user_id}>")
    lines = [head, safe(review.message) if review.message else ""]
    lines += [f"*{name}*: {safe(fields[name], 600)}" for name in FIELDS if fields.get(name)]
    if s.reason:
        lines.append(_("*reason*: {reason}").format(reason=safe(s.reason)))
    if review.warnings:
        lines.append(_("*warnings*: {warnings}").format(warnings=safe("; ".join(review.warnings))))
    if review.test is not None:
        lines.append(_("*self-test*: passed") if review.test.passed else
                     _("*self-test failed*: {mismatches}").format(
                         mismatches=safe("; ".join(review.test.mismatches))))
    return "\n".join(line for line in lines if line)


async def review(service: StudyService, actor: Actor, words: list[str]) -> list[Block]:
    """`/studybot suggestions [list|show|approve|reject|edit] [id=N] [reason="..."] [field=...]`."""
    opts = loose("suggestions", words, ADMIN_COMMANDS)
    action = (opts.get("action") or "list").lower()
    if action not in ("list", "show", "approve", "reject", "edit"):
        raise InvalidInput(_("`action={action}` is not valid; choose list, show, approve, reject or "
                             "edit.").format(action=action))
    if action == "list":
        status = opts.get("status") or PENDING
        rows = await service.list_suggestions(actor, status)
        lines = [f"*{s.id}* [{status_word(s.status)}] "
                 + (f"<@{s.author.user_id}>" if s.author else _("imported"))
                 + f": {safe(s.prompt, 200)}" for s in rows[:40]]
        return replies.paragraphs("\n".join(lines) or _("No {status} suggestions.").format(
            status=status_word(status)))
    raw = opts.get("id") or ""
    if not raw:
        raise InvalidInput(_("Give the suggestion number: `/studybot suggestions {action} 3`.").format(
            action=action))
    suggestion_id = parse_number(raw, "id", 1, MAX_ID)
    if action == "show":
        result = await service.show_suggestion(actor, suggestion_id)
    elif action == "approve":
        result = await service.approve_suggestion(actor, suggestion_id, opts.get("reason") or "",
                                                  force=parse_flag(opts.get("force")))
    elif action == "reject":
        result = await service.reject_suggestion(actor, suggestion_id, opts.get("reason") or "")
    else:
        try:
            result = await service.edit_suggestion(actor, suggestion_id,
                                                   {k: v for k, v in opts.items() if k in FIELDS})
        except SuggestionRefused as err:
            kept = "\n".join(f"*{k}*: {safe(v, 600)}" for k, v in err.kept.items() if v)
            return replies.paragraphs(f":warning: {safe(str(err))}\n{kept}")
    return replies.paragraphs(_review_text(result))


async def authors(service: StudyService, member: MemberRef) -> list[Block]:
    return replies.paragraphs(authors_text(await service.authors(member)))
