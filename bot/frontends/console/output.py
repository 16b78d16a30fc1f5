"""Where console events go: one JSON object a line, or readable text (coloured on a terminal)."""

from __future__ import annotations

import json
import os
import sys
from textwrap import shorten
from typing import IO, Any

from bot.core.wording import count
from bot.frontends.console.events import Event

COLOURS = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34",
           "magenta": "35", "cyan": "36"}
VERDICT_COLOUR = {"correct": "green", "partial": "yellow", "incorrect": "red"}


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
        return self.paint(f"⏰ (private, to {e['member']}) {e['message']}", "yellow")

    def _freeze(self, e: Event) -> str:
        return self.paint(f"🧊 (private, to {e['member']}) {e['message']}", "cyan")

    def _clock(self, e: Event) -> str:
        return self.paint(f"⏱  {e['message']}", "dim")

    def _round_posted(self, e: Event) -> str:
        head = self.paint(f"[#{e['channel']}] Question of {e['local_date']}", "bold", "blue")
        topics = ", ".join(e["topics"]) or "general"
        meta = f"{e['difficulty']} · {topics} · closes {e['closes_at'] or 'later'}"
        if e.get("suggested_by"):
            meta += f" · suggested by {e['suggested_by']}"
        how = f"{e['how']} Or /hint." if e.get("options") else "Type your answer, or /hint."
        return (f"\n{head}  {self.paint('(' + e['question_id'] + ')', 'dim')}\n{e['prompt']}\n"
                f"{self._options(e)}{self.paint(meta, 'dim')}\n{self.paint(how, 'dim')}")

    def _options(self, e: Event) -> str:
        """The numbered options of a choice question, one a line (empty for other questions)."""
        return "".join(f"  {o['number']}. {o['text']}\n" for o in e.get("options") or ())

    def _refused(self, e: Event) -> str:
        return self.paint("✋ " + e["message"], "yellow")

    def _answer_count(self, e: Event) -> str:
        return self.paint(f"[#{e['channel']}] {e['answered']} answered", "dim")

    def _round_closed(self, e: Event) -> str:
        share = round(e["correct_share"] * 100)
        missed = f" Most missed: {e['most_missed']}." if e["most_missed"] else ""
        head = self.paint(f"[#{e['channel']}] Round {e['round_id']} closed", "bold", "magenta")
        picks = "".join(f"  {p['number']}. {p['text']}: {p['count']}{' ✓' if p['correct'] else ''}\n"
                        for p in e.get("picks") or ())
        return (f"\n{head}: {e['answers']} answered, {share}% correct.{missed}\n{picks}"
                f"{self.paint('Model answer:', 'bold')} {e['model_answer']}")

    def _feedback(self, e: Event) -> str:
        verdict = self.paint(e["verdict"].upper(), "bold", VERDICT_COLOUR.get(e["verdict"], "cyan"))
        lines = [f"{verdict} {e['score_percent']}%"]
        if e["note"]:
            lines.append(self.paint(e["note"], "yellow"))
        lines += [self.paint("  ✓ ", "green") + c for c in e["covered"]]
        lines += [self.paint("  ✗ ", "red") + m for m in e["missed"]]
        lines += [self.paint("  ! ", "yellow") + f"Not quite: {m}" for m in e["misconceptions"]]
        if e["counted"]:
            s = e["streak"] or {}
            lines.append(self.paint(f"+{count(e['points'], 'point')} · streak {s.get('current')} "
                                    f"(best {s.get('longest')}, freezes {s.get('freezes')})", "green"))
        else:
            lines.append(self.paint(f"Practice ({e['practice_reason']}): no points.", "dim"))
        lines.append(self.paint("Model answer: ", "bold") + e["model_answer"])
        return "\n".join(lines)

    def _streak(self, e: Event) -> str:
        return (f"Streak {self.paint(str(e['current']), 'bold', 'green')} · longest {e['longest']} · "
                f"freezes {e['freezes']} · today: {str(e['today']).replace('_', ' ')}")

    def _rows(self, rows: list[dict[str, Any]], me: str | None) -> list[str]:
        out = []
        for r in rows:
            line = (f"{r['rank']:>3}. {r['name'][:20]:<20} {count(r['points'], 'pt'):>8} "
                    f"{count(r['answers'], 'answer'):>11} {round(r['accuracy'] * 100):>3}% correct "
                    f"streak {r['streak']}")
            out.append(self.paint(line + "  ← you", "bold") if r["member"] == me else line)
        return out

    def _leaderboard(self, e: Event) -> str:
        title = f"Leaderboard ({e['period']}{', cohort ' + e['cohort'] if e['cohort'] else ''})"
        me = e["me"]["member"] if e["me"] else None  # rows also carry `you`
        lines = [self.paint(title, "bold")] + (self._rows(e["rows"], me) or ["  nobody has points yet"])
        if e["me"] and all(r["member"] != me for r in e["rows"]):
            lines += ["  …", *self._rows(e["neighbours"], me)]
        if e.get("chart"):
            lines.append(self.paint(f"Chart saved to {e['chart']}", "dim"))
        return "\n".join(lines)

    def _quiz(self, e: Event) -> str:
        head = self.paint(f"Practice ({e['reason']})", "bold", "cyan")
        return (f"{head}  {self.paint('(' + e['question_id'] + ', ' + e['difficulty'] + ')', 'dim')}\n"
                f"{e['prompt']}\n{self._options(e)}"
                f"{self.paint('Type your answer; it is practice, no points.', 'dim')}")

    def _hint(self, e: Event) -> str:
        return self.paint(f"Hint {e['number']}/{e['total']}: ", "yellow") + e["text"]

    def _schedule(self, e: Event) -> str:
        return self.paint(e["message"], "green")

    def _status(self, e: Event) -> str:
        s = e["schedule"]
        when = f"{s['time']} {s['tz']}{' (paused)' if s['paused'] else ''}" if s else "no schedule"
        prompt = e.get("open_question") or e.get("open_question_id")
        question = (f"open question: {shorten(prompt, 80, placeholder='…')} ({e['open_question_id']})"
                    if prompt else "no open question")
        return (f"#{e['channel']}: {when}; {question}; "
                f"next post {e['next_post'] or 'none'}; {e['answered_today']} answered today")

    def _stats(self, e: Event) -> str:
        people = count(e["participants"], "person", "people")
        lines = [f"#{e['channel']}: {count(e['rounds'], 'round')}, {count(e['answers'], 'counted answer')}, "
                 f"{round(e['correct_share'] * 100)}% correct, {people}"]
        lines += [f"  hardest {h['question_id']}: {round(h['mean_score'] * 100)}%" for h in e["hardest"]]
        return "\n".join(lines)

    def _cohorts(self, e: Event) -> str:
        rows = [f"  {c['name']} ({count(c['members'], 'member')}){' ✓' if c['joined'] else ''}"
                for c in e["rows"]]
        empty = ['  none yet; an admin creates one with /cohort create name="Study Group"']
        return "\n".join(["Cohorts:", *(rows or empty)])

    def _cohort_comparison(self, e: Event) -> str:
        rows = [f"{r['rank']:>3}. {r['cohort']:<20} {count(r['points'], 'pt'):>8} "
                f"{count(r['answers'], 'answer'):>11} {count(r['members'], 'member')}" for r in e["rows"]]
        return "\n".join([self.paint(f"Cohorts ({e['period']})", "bold"), *(rows or ["  no cohorts yet"])])

    def _packs(self, e: Event) -> str:
        return "\n".join(f"{p['id']} v{p['version']}: {p['title']} ({count(p['questions'], 'question')})"
                         for p in e["packs"]) or "No packs loaded."

    def _appeals(self, e: Event) -> str:
        rows = [f"  #{a['id']} {a['member']} on {a['question_id']} ({round(a['score'] * 100)}%): "
                f"{a['reply'][:80]}" for a in e["rows"]]
        return "\n".join(["Open appeals:", *(rows or ["  none"])])

    def _export(self, e: Event) -> str:
        return e["csv"]
