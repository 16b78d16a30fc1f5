"""`/suggest` (a form of five fields), `/authors`, and the admin's `/studybot suggestions`.

Discord allows five text inputs in a form, so key points and hints share the last one: key points
separated by `;` or new lines, then a line starting `Hints:` (the hints after it, also by `;`).
A refused suggestion is answered privately with what was wrong and every field as typed.
"""

from __future__ import annotations

import re

import discord
from discord import app_commands, ui

from bot.core.commands import MAX_ID
from bot.core.errors import InvalidInput
from bot.core.i18n import N_, _, format_number
from bot.core.suggestion_models import PENDING, Suggestion
from bot.core.suggestions import SuggestionRefused, SuggestionReview, mapping_fields
from bot.frontends.discord import render
from bot.frontends.discord.admin import require_admin, studybot
from bot.frontends.discord.limits import (
    FIELD_VALUE,
    MODAL_TITLE,
    PLACEHOLDER,
    TEXT_INPUT_LABEL,
    TEXT_INPUT_VALUE,
    clip,
    fit_embed,
)
from bot.frontends.discord.options import choices, describe_command, describe_option, service_of
from bot.frontends.discord.refs import interaction_channel, interaction_member
from bot.frontends.discord.replies import send_private, think

SUGGEST_FORM = "studybot:suggest-form"
FIELD_LABELS = {"prompt": N_("Question"), "answer": N_("Model answer"),
                "topics": N_("Topics (comma-separated)"), "difficulty": N_("Difficulty"),
                "points": N_("Key points ; then a line Hints: ...")}
FIELD_NAMES = {"prompt": N_("prompt"), "answer": N_("answer"), "topics": N_("topics"),
               "difficulty": N_("difficulty"), "points": N_("points"), "hints": N_("hints")}
STATUS_WORDS = {"pending": N_("pending"), "approved": N_("approved"), "rejected": N_("rejected")}
_HINTS_LINE = re.compile(r"^\s*hints?\s*:\s*", re.IGNORECASE | re.MULTILINE)
SHOWN = ("prompt", "answer", "topics", "difficulty", "points", "hints")


def split_points(text: str) -> tuple[str, str]:
    """The form's last field -> (key points, hints): hints follow a line starting `Hints:`."""
    found = _HINTS_LINE.search(text or "")
    if found is None:
        return (text or "").strip(), ""
    return text[: found.start()].strip(), text[found.end():].strip()


def join_points(points: str, hints: str) -> str:
    return f"{points}\nHints: {hints}".strip() if hints else points


def suggest_modal(values: dict[str, str] | None = None) -> ui.Modal:
    """The five-field form; `values` fill it in again."""
    values = values or {}
    modal = ui.Modal(title=clip(_("Suggest a question"), MODAL_TITLE), custom_id=SUGGEST_FORM, timeout=None)
    specs = (
        ("prompt", discord.TextStyle.paragraph, True, 1000, _("What should members answer?")),
        ("answer", discord.TextStyle.paragraph, True, TEXT_INPUT_VALUE,
         _("The answer a grader compares with")),
        ("topics", discord.TextStyle.short, False, 200, _("e.g. cnn, vision")),
        ("difficulty", discord.TextStyle.short, True, 20, _("beginner, intermediate, advanced or bonus")),
        ("points", discord.TextStyle.paragraph, False, TEXT_INPUT_VALUE,
         _("similar scale; converge faster  (new line) Hints: think of the loss surface")),
    )
    for name, style, required, longest, placeholder in specs:
        default = join_points(values.get("points", ""), values.get("hints", "")) if name == "points" \
            else values.get(name, "beginner" if name == "difficulty" else "")
        modal.add_item(ui.TextInput(label=clip(_(FIELD_LABELS[name]), TEXT_INPUT_LABEL), style=style,
                                    custom_id=name, required=required, max_length=longest,
                                    placeholder=clip(placeholder, PLACEHOLDER),
                                    default=clip(default, longest) or None))
    modal.stop()  # routed by custom id in `on_interaction`, so discord.py keeps no copy
    return modal


def form_fields(values: dict[str, str]) -> dict[str, str]:
    """A submitted form's values as the suggestion's fields."""
    points, hints = split_points(values.get("points", ""))
    fields = {k: values.get(k, "") for k in ("prompt", "answer", "topics", "difficulty")}
    return {**fields, "points": points, "hints": hints}


def fields_embed(title: str, text: str, fields: dict[str, str],
                 colour: discord.Colour | None = None) -> discord.Embed:
    """A message with the fields listed back, each as typed (clipped to Discord's field size)."""
    embed = render.notice_embed(title, text)
    if colour is not None:
        embed.colour = colour
    for name in SHOWN:
        if fields.get(name):
            embed.add_field(name=_(FIELD_NAMES[name]), value=clip(render.plain(fields[name]), FIELD_VALUE),
                            inline=False)
    return fit_embed(embed)


async def submitted(interaction: discord.Interaction, values: dict[str, str]) -> None:
    """Store the suggestion, or list the fields back privately with what to fix."""
    fields = form_fields(values)
    await think(interaction)
    try:
        stored = await service_of(interaction).suggest(interaction_member(interaction),
                                                       interaction_channel(interaction), fields)
    except SuggestionRefused as err:
        await send_private(interaction, embed=fields_embed(
            _("Suggestion not saved"), f"{err}\n" + _("Run `/suggest` again and paste these back."), err.kept,
            discord.Colour.red()))
        return
    await send_private(interaction, embed=render.notice_embed(
        _("Suggestion #{id} sent").format(id=stored.id),
        _("Thank you! An admin reviews it; you hear privately when it is decided.")))


@app_commands.command(name="suggest", description=describe_command("suggest"))
@app_commands.guild_only()
async def suggest(interaction: discord.Interaction) -> None:
    """Open the suggestion form."""
    interaction_member(interaction)
    await interaction.response.send_modal(suggest_modal())


@app_commands.command(name="authors", description=describe_command("authors"))
@app_commands.guild_only()
async def authors(interaction: discord.Interaction) -> None:
    """The authors board: approved suggestions per member."""
    member = interaction_member(interaction)
    await think(interaction)
    rows = await service_of(interaction).authors(member)
    lines = [_("{rank}. {name} · {count} approved").format(rank=n, name=r.member.name or r.member.user_id,
                                                           count=format_number(r.approved))
             for n, r in enumerate(rows[:20], 1)]
    await send_private(interaction, embed=render.notice_embed(
        _("Authors of approved questions"),
        "\n".join(lines) or _("No suggested question has been approved yet; `/suggest` sends one.")))


def _line(s: Suggestion) -> str:
    who = s.author_name or _("imported")
    return f"**#{s.id}** [{status_word(s.status)}] {who}: {render.plain(clip(s.prompt, 120))}"


def status_word(status: str) -> str:
    """A suggestion's status in the current language."""
    word = STATUS_WORDS.get(status)
    return _(word) if word else status


def review_embed(review: SuggestionReview) -> discord.Embed:
    s = review.suggestion
    status = status_word(s.status)
    lines = [review.message or _("Suggestion #{id}: {status}").format(id=s.id, status=status)]
    if s.reason:
        lines.append(_("Reason: {reason}").format(reason=s.reason))
    if review.warnings:
        lines.append(_("Warnings: {warnings}").format(warnings="; ".join(review.warnings)))
    if review.test is not None:
        lines.append(_("Self-test: passed") if review.test.passed else
                     _("Self-test failed: {mismatches}").format(mismatches="; ".join(review.test.mismatches)))
    title = _("Suggestion #{id} · {status}").format(id=s.id, status=status)
    return fields_embed(title, "\n".join(lines), mapping_fields(s.question))


@studybot.command(name="suggestions", description=describe_command("suggestions"))
@app_commands.describe(action=describe_option("suggestions", "action"),
                       id=describe_option("suggestions", "id"),
                       reason=describe_option("suggestions", "reason"),
                       status=describe_option("suggestions", "status"),
                       force=describe_option("suggestions", "force"),
                       prompt=describe_option("suggestions", "prompt"),
                       answer=describe_option("suggestions", "answer"),
                       topics=describe_option("suggestions", "topics"),
                       difficulty=describe_option("suggestions", "difficulty"),
                       points=describe_option("suggestions", "points"),
                       hints=describe_option("suggestions", "hints"))
@app_commands.choices(action=choices("suggestions", "action"), status=choices("suggestions", "status"))
async def suggestions(interaction: discord.Interaction, action: str | None = None,
                      id: app_commands.Range[int, 1, MAX_ID] | None = None, reason: str | None = None,
                      status: str | None = None, force: bool = False, prompt: str | None = None,
                      answer: str | None = None, topics: str | None = None, difficulty: str | None = None,
                      points: str | None = None, hints: str | None = None) -> None:
    """List suggestions, or show, approve, reject or edit one by number."""
    actor = require_admin(interaction, "suggestions")
    verb = (action or "list").lower()
    service = service_of(interaction)
    await think(interaction)
    if verb == "list":
        rows = await service.list_suggestions(actor, status or PENDING)
        empty = _("No {status} suggestions.").format(status=status_word(status or PENDING))
        text = "\n".join(_line(s) for s in rows[:25]) or empty
        await send_private(interaction, embed=render.notice_embed(_("Suggestions"), text))
        return
    if id is None:
        raise InvalidInput(_("`/studybot suggestions action:{verb}` needs the suggestion number: add `id:` "
                             "(`/studybot suggestions` lists them).").format(verb=verb))
    if verb == "show":
        result = await service.show_suggestion(actor, id)
    elif verb == "approve":
        result = await service.approve_suggestion(actor, id, reason or "", force=force)
    elif verb == "reject":
        result = await service.reject_suggestion(actor, id, reason or "")
    else:
        changes = {k: v for k, v in (("prompt", prompt), ("answer", answer), ("topics", topics),
                                     ("difficulty", difficulty), ("points", points), ("hints", hints))
                   if v is not None}
        try:
            result = await service.edit_suggestion(actor, id, changes)
        except SuggestionRefused as err:
            title = _("Suggestion #{id} not changed").format(id=id)
            embed = fields_embed(title, str(err), err.kept, discord.Colour.red())
            await send_private(interaction, embed=embed)
            return
    await send_private(interaction, embed=review_embed(result))
