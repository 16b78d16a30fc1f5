"""Block Kit for what members read about themselves (/today, /history, /progress, /remind), private
notes (reminders and freeze notes as DMs) and the app's Home tab."""

from __future__ import annotations

from bot.core.i18n import N_, _
from bot.core.member_text import history_lines, progress_lines, today_lines
from bot.core.member_views import HistoryView, TodayView
from bot.core.ports import PrivateNote
from bot.core.progress import ProgressView
from bot.core.reminders import ReminderSetting
from bot.frontends.slack.blocks import ANSWER, Block, actions, button, context, header, section
from bot.frontends.slack.escape import safe

HOME_CHANNELS = 5  # channels shown on the Home tab (Slack allows 100 blocks in a view)
NOTE_HEADINGS = {
    "reminder": N_(":alarm_clock: *Your streak is at risk*"),
    "earned": N_(":ice_cube: *Freeze earned*"),
    "used": N_(":ice_cube: *Freeze used*"),
    "suggestion approved": N_(":white_check_mark: *Your suggestion was approved*"),
    "suggestion rejected": N_("*Your suggestion was not accepted*"),
}


def _text(lines: list[str]) -> str:
    return "\n".join(safe(line, 1000) for line in lines)


def today_blocks(view: TodayView) -> list[Block]:
    """The open question again, with the Answer button while it is unanswered."""
    title = _("*Today's question in <#{channel}>*").format(channel=view.channel.channel_id)
    blocks = [section(f"{title}\n{_text(today_lines(view))}")]
    if view.round is not None and not view.answered:
        blocks.append(actions(button(_("Answer"), ANSWER, str(view.round.id), style="primary")))
    return blocks


def history_blocks(view: HistoryView) -> list[Block]:
    return [section(_("*Your last answers*") + "\n" + _text(history_lines(view)))]


def progress_blocks(view: ProgressView) -> list[Block]:
    return [section(_("*Your progress*") + "\n" + _text(progress_lines(view)))]


def remind_blocks(setting: ReminderSetting) -> list[Block]:
    return [section(f":alarm_clock: {safe(setting.message)}")]


def note_blocks(note: PrivateNote) -> list[Block]:
    """A reminder or freeze note as a DM, pointing at the channel where the Answer button is."""
    known = NOTE_HEADINGS.get(note.event or note.kind)
    heading = _(known) if known else "*studybot*"
    blocks = [section(f"{heading}\n{safe(note.text)}")]
    if note.kind == "reminder" and note.round_id is not None:
        blocks.append(actions(button(_("Answer"), ANSWER, str(note.round_id), style="primary")))
    if note.kind == "suggestion":
        blocks.append(context(_("`/suggest` sends another question · `/authors` shows the authors board")))
    else:
        blocks.append(context(_("From <#{channel}> · `/remind off` there stops these messages").format(
            channel=note.channel.channel_id)))
    return blocks


def home_view(channels: list[tuple[TodayView, ProgressView]]) -> dict:
    """The Home tab: per scheduled channel, today's question (Answer button), streak and progress."""
    blocks: list[Block] = [header("studybot")]
    if not channels:
        blocks.append(
            section(
                _("No channel in this workspace has daily questions yet. An admin starts them "
                  "with `/studybot setup` in a channel; `/quiz` gives practice any time.")
            )
        )
    for today, progress in channels[:HOME_CHANNELS]:
        blocks += [{"type": "divider"}, *today_blocks(today), section(_text(progress_lines(progress)))]
    blocks.append(
        context(
            _("Updated when you open this tab and after each answer · `/history` lists your "
              "answers · `/remind on` for a private reminder")
        )
    )
    return {"type": "home", "blocks": blocks}


def home_error_view() -> dict:
    """The Home tab when the member's questions and stats could not be loaded: say so and how to retry."""
    return {"type": "home", "blocks": [
        header("studybot"),
        section(_(":warning: Your questions and stats could not be loaded just now. Open this tab again "
                  "in a minute to try again; if this keeps happening, tell an admin of this workspace.")),
    ]}
