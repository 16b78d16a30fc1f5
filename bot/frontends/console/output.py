"""Where console events go: one JSON object a line, or readable text (coloured on a terminal)."""

from __future__ import annotations

import json
import os
import sys
from textwrap import shorten
from typing import IO, Any

from bot.core.i18n import N_, _, format_percent, ngettext
from bot.core.labels import label, status_label
from bot.core.wording import count
from bot.frontends.console.events import Event

COLOURS = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34",
           "magenta": "35", "cyan": "36"}
VERDICT_COLOUR = {"correct": "green", "partial": "yellow", "incorrect": "red"}
VERDICTS = {"correct": N_("CORRECT"), "partial": N_("PARTIAL"), "incorrect": N_("INCORRECT")}


class JsonOutput:
    """`--json`: every event as one JSON object per line, flushed at once."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stdout

    def emit(self, event: Event) -> None:
        self.stream.write(json.dumps(event, ensure_ascii=True, default=str) + "\n")
        self.stream.flush()


class TextOutput:
    """Readable text for people; ANSI colours only when the stream is a terminal and NO_COLOR is unset."""

    def __init__(self, stream: IO[str] | None = None, colour: bool | None = None) -> None:
        self.stream = stream or sys.stdout
        if colour is None:
            colour = self.stream.isatty() and not os.environ.get("NO_COLOR")
        self.colour = colour

    def paint(self, text: str, *styles: str) -> str:
        if not self.colour or not styles:
            return text
        codes = ";".join(COLOURS[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"

    def emit(self, event: Event) -> None:
        render = getattr(self, "_" + event["type"], None)
        text = render(event) if render else self._generic(event)
        self.stream.write(text.rstrip("\n") + "\n")
        self.stream.flush()

    # --- one renderer per event type ---------------------------------------------------------
    def _generic(self, e: Event) -> str:
        return e.get("message") or json.dumps(e, default=str)

    def _info(self, e: Event) -> str:
        return self.paint(e["message"], "cyan")

    def _ready(self, e: Event) -> str:
        return self.paint(e["message"], "dim")

    def _help(self, e: Event) -> str:
        return e["message"]

    def _error(self, e: Event) -> str:
        return self.paint("✗ " + e["message"], "red")

    def _notice(self, e: Event) -> str:
        return self.paint(f"[#{e['channel']}] {e['message']}", "yellow")

    def _reminder(self, e: Event) -> str:
        return self.paint("⏰ " + _("(private, to {member})").format(member=e["member"]) + f" {e['message']}",
                          "yellow")

    def _freeze(self, e: Event) -> str:
        return self.paint("🧊 " + _("(private, to {member})").format(member=e["member"]) + f" {e['message']}",
                          "cyan")

    def _clock(self, e: Event) -> str:
        return self.paint(f"⏱  {e['message']}", "dim")

    def _round_posted(self, e: Event) -> str:
        head = self.paint(f"[#{e['channel']}] " + _("Question of {date}").format(date=e["local_date"]),
                          "bold", "blue")
        topics = ", ".join(e["topics"]) or _("general")
        meta = _("{difficulty} · {topics} · closes {closes}").format(
            difficulty=label(e["difficulty"]), topics=topics, closes=e["closes_at"] or _("later"))
        if e.get("suggested_by"):
            meta += " · " + _("suggested by {author}").format(author=e["suggested_by"])
        how = e["how"] + " " + _("Or /hint.") if e.get("options") else _("Type your answer, or /hint.")
        return (f"\n{head}  {self.paint('(' + e['question_id'] + ')', 'dim')}\n{e['prompt']}\n"
                f"{self._options(e)}{self.paint(meta, 'dim')}\n{self.paint(how, 'dim')}")

    def _options(self, e: Event) -> str:
        """The numbered options of a choice question, one a line (empty for other questions)."""
        return "".join(f"  {o['number']}. {o['text']}\n" for o in e.get("options") or ())

    def _refused(self, e: Event) -> str:
        return self.paint("✋ " + e["message"], "yellow")

    def _answer_count(self, e: Event) -> str:
        answered = ngettext("{count} answered", "{count} answered", e["answered"]).format(count=e["answered"])
        return self.paint(f"[#{e['channel']}] {answered}", "dim")

    def _round_closed(self, e: Event) -> str:
        missed = " " + _("Most missed: {point}.").format(point=e["most_missed"]) if e["most_missed"] else ""
        head = self.paint(f"[#{e['channel']}] " + _("Round {round} closed").format(round=e["round_id"]),
                          "bold", "magenta")
        picks = "".join(f"  {p['number']}. {p['text']}: {p['count']}{' ✓' if p['correct'] else ''}\n"
                        for p in e.get("picks") or ())
        result = ngettext("{count} answered, {share} correct.", "{count} answered, {share} correct.",
                          e["answers"]).format(
            count=e["answers"], share=format_percent(e["correct_share"]))
        return (f"\n{head}: {result}{missed}\n{picks}"
                + self.paint(_("Model answer:"), "bold") + f" {e['model_answer']}")

    def _feedback(self, e: Event) -> str:
        word = _(VERDICTS[e["verdict"]]) if e["verdict"] in VERDICTS else e["verdict"].upper()
        verdict = self.paint(word, "bold", VERDICT_COLOUR.get(e["verdict"], "cyan"))
        lines = [f"{verdict} {format_percent(e['score_percent'] / 100)}"]
        if e["note"]:
            lines.append(self.paint(e["note"], "yellow"))
        lines += [self.paint("  ✓ ", "green") + c for c in e["covered"]]
        lines += [self.paint("  ✗ ", "red") + m for m in e["missed"]]
        lines += [self.paint("  ! ", "yellow") + _("Not quite: {point}").format(point=m)
                  for m in e["misconceptions"]]
        if e["counted"] and not e["streak"]:  # an earlier answer shown again: no streak of its own
            lines.append(self.paint("+" + count(e["points"], "point"), "green"))
        elif e["counted"]:
            s = e["streak"]
            lines.append(self.paint("+" + _("{points} · streak {current} (best {longest}, freezes "
                                            "{freezes})").format(
                points=count(e["points"], "point"), current=s.get("current"), longest=s.get("longest"),
                freezes=s.get("freezes")), "green"))
        else:
            lines.append(self.paint(_("Practice ({reason}): no points.").format(
                reason=label(e["practice_reason"])),
                                    "dim"))
        lines.append(self.paint(_("Model answer:") + " ", "bold") + e["model_answer"])
        return "\n".join(lines)

    def _suggestion(self, e: Event) -> str:
        """A suggestion that changed, or one shown whole (`suggestions show`) with its rule warnings and
        self-test."""
        author = e["author"] or _("imported")
        head = f"{e['id']} [{status_label(e['status'])}] {author}: {e['prompt']}"
        lines = [e["message"]] if e.get("message") else []
        if "fields" not in e:
            return "\n".join(lines or [head])
        lines.append(self.paint(head, "bold"))
        lines += [f"  {name}: {value}" for name, value in e["fields"].items() if value and name != "prompt"]
        lines += [self.paint("  ! ", "yellow") + w for w in e["warnings"]]
        test = e.get("self_test")
        if test:
            lines.append(_("Self-test passed ({runs} replies graded as expected).").format(runs=test["runs"])
                         if test["passed"] else _("Self-test failed:"))
            lines += [f"  - {m}" for m in test["mismatches"]]
        return "\n".join(lines)

    def _streak(self, e: Event) -> str:
        today = label(e["today"])
        return _("Streak {current} · longest {longest} · freezes {freezes} · today: {today}").format(
            current=self.paint(str(e["current"]), "bold", "green"), longest=e["longest"],
            freezes=e["freezes"],
            today=today)

    def _rows(self, rows: list[dict[str, Any]], me: str | None) -> list[str]:
        out = []
        for r in rows:
            line = (f"{r['rank']:>3}. {r['name'][:20]:<20} {count(r['points'], 'pt'):>8} "
                    f"{count(r['answers'], 'answer'):>11} "
                    + _("{share} correct, streak {streak}").format(
                        share=format_percent(r["accuracy"]).rjust(5), streak=r["streak"]))
            out.append(self.paint(line + "  ← " + _("you"), "bold") if r["member"] == me else line)
        return out

    def _leaderboard(self, e: Event) -> str:
        title = (_("Leaderboard ({period}, cohort {cohort})") if e["cohort"] else _("Leaderboard ({period})"))
        title = title.format(period=label(e["period"]), cohort=e["cohort"])
        me = e["me"]["member"] if e["me"] else None  # rows also carry `you`
        lines = [self.paint(title, "bold")] + (self._rows(e["rows"], me) or ["  " + _("nobody has "
                                                                                      "points yet")])
        if e["me"] and all(r["member"] != me for r in e["rows"]):
            lines += ["  …", *self._rows(e["neighbours"], me)]
        if e.get("chart"):
            lines.append(self.paint(_("Chart saved to {path}").format(path=e["chart"]), "dim"))
        return "\n".join(lines)

    def _quiz(self, e: Event) -> str:
        head = self.paint(_("Practice ({reason})").format(reason=label(e["reason"])), "bold", "cyan")
        return (f"{head}  {self.paint('(' + e['question_id'] + ', ' + label(e['difficulty']) + ')', 'dim')}\n"
                f"{e['prompt']}\n{self._options(e)}"
                + self.paint(_("Type your answer; it is practice, no points."), "dim"))

    def _hint(self, e: Event) -> str:
        return self.paint(_("Hint {number}/{total}:").format(number=e["number"], total=e["total"]) + " ",
                          "yellow") + e["text"]

    def _schedule(self, e: Event) -> str:
        return self.paint(e["message"], "green")

    def _status(self, e: Event) -> str:
        s = e["schedule"]
        paused = " " + _("(paused)") if s and s["paused"] else ""
        when = f"{s['time']} {s['tz']}{paused}" if s else _("no schedule")
        prompt = e.get("open_question") or e.get("open_question_id")
        question = (_("open question: {prompt} ({id})").format(prompt=shorten(prompt, 80, placeholder="…"),
                                                               id=e["open_question_id"])
                    if prompt else _("no open question"))
        return f"#{e['channel']}: " + ngettext("{when}; {question}; next post {next}; {count} answered today",
                                               "{when}; {question}; next post {next}; {count} answered today",
                                               e["answered_today"]).format(
            when=when, question=question, next=e["next_post"] or _("none"), count=e["answered_today"])

    def _stats(self, e: Event) -> str:
        people = count(e["participants"], "person", "people")
        lines = [f"#{e['channel']}: " + _("{rounds}, {answers}, {share} correct, {people}").format(
            rounds=count(e["rounds"], "round"), answers=count(e["answers"], "counted answer"),
            share=format_percent(e["correct_share"]), people=people)]
        lines += ["  " + _("hardest {question}: {score}").format(
            question=h["question_id"], score=format_percent(h["mean_score"])) for h in e["hardest"]]
        return "\n".join(lines)

    def _cohorts(self, e: Event) -> str:
        rows = [f"  {c['name']} ({count(c['members'], 'member')}){' ✓' if c['joined'] else ''}"
                for c in e["rows"]]
        empty = ["  " + _('none yet; an admin creates one with /cohort create name="Study Group"')]
        return "\n".join([_("Cohorts:"), *(rows or empty)])

    def _cohort_comparison(self, e: Event) -> str:
        rows = [f"{r['rank']:>3}. {r['cohort']:<20} {count(r['points'], 'pt'):>8} "
                f"{count(r['answers'], 'answer'):>11} {count(r['members'], 'member')}" for r in e["rows"]]
        title = _("Cohorts ({period})").format(period=label(e["period"]))
        return "\n".join([self.paint(title, "bold"), *(rows or ["  " + _("no cohorts yet")])])

    def _packs(self, e: Event) -> str:
        return "\n".join(f"{p['id']} v{p['version']}: {p['title']} ({count(p['questions'], 'question')})"
                         for p in e["packs"]) or _("No packs loaded.")

    def _appeals(self, e: Event) -> str:
        rows = ["  " + _("#{id} {member} on {question} ({score}): {reply}").format(
            id=a["id"], member=a["member"], question=a["question_id"], score=format_percent(a["score"]),
            reply=a["reply"][:80]) for a in e["rows"]]
        return "\n".join([_("Open appeals:"), *(rows or ["  " + _("none")])])

    def _export(self, e: Event) -> str:
        return e["csv"]
