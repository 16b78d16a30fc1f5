"""Plain-text views of a question or a whole pack, for authors reading them in a terminal."""

from __future__ import annotations

import textwrap

from bot.core.models import Pack, Question

WIDTH = 100


def _wrap(text: str, indent: str = "  ") -> str:
    """Wrap each line of `text` (bullets keep a hanging indent)."""
    out = []
    for line in text.splitlines() or [""]:
        stripped = line.strip()
        hang = indent + "  " if stripped.startswith(("- ", "* ", "• ")) else indent
        out.append(textwrap.fill(stripped, WIDTH, initial_indent=indent, subsequent_indent=hang) or "")
    return "\n".join(out)


def _phrases(phrases: tuple[str, ...], indent: str) -> str:
    """`phrases: a | b | c`, wrapped only between phrases so none is split across lines."""
    lines, current = [], indent + "phrases:"
    for n, phrase in enumerate(phrases):
        piece = (" " if n == 0 else " | ") + phrase
        if len(current) + len(piece) > WIDTH and current.strip():
            lines.append(current + (" |" if n else ""))
            current = indent + "  " + phrase
        else:
            current += piece
    return "\n".join([*lines, current])


def render_question(q: Question) -> str:
    """Prompt, difficulty, topics, model answer, key points (weights, phrases), misconceptions, hints."""
    lines = [f"{q.id}  [{q.difficulty.value}{'' if q.kind == 'open' else ', ' + q.kind}]"
             f"{'  pack ' + q.pack_id if q.pack_id else ''}",
             _wrap(q.prompt, ""),
             "",
             f"Topics: {', '.join(q.topics) if q.topics else '(none)'}",
             "",
             "Model answer:",
             _wrap(q.answer),
             ""]
    total = sum(k.weight for k in q.key_points)
    if q.key_points:
        lines.append(f"Key points ({len(q.key_points)}, total weight {total:g}):")
        for n, point in enumerate(q.key_points, 1):
            lines.append(f"  {n}. {point.text}  (weight {point.weight:g})")
            lines.append(_phrases(point.phrases, "       "))
    else:
        lines.append("Key points: (none; the grader derives them from the model answer)")
    if q.misconceptions:
        lines += ["", "Misconceptions:"]
        for wrong in q.misconceptions:
            lines.append(f"  - {wrong.text}")
            lines.append(_phrases(wrong.phrases, "      "))
    if q.hints:
        lines += ["", "Hints:"] + [f"  {n}. {hint}" for n, hint in enumerate(q.hints, 1)]
    lines.append(f"\nVerdicts: correct >= {q.thresholds.correct:g}, partial >= {q.thresholds.partial:g}")
    return "\n".join(lines)


def render_pack(pack: Pack) -> str:
    """The pack's header and every question in full, separated by rules."""
    counts: dict[str, int] = {}
    for q in pack.questions:
        counts[q.difficulty.value] = counts.get(q.difficulty.value, 0) + 1
    spread = ", ".join(f"{n} {level}" for level, n in counts.items())
    head = [f"{pack.title}  (pack {pack.id}, version {pack.version})",
            f"Licence: {pack.license}",
            f"Source: {pack.source}",
            f"{len(pack.questions)} question{'' if len(pack.questions) == 1 else 's'}: {spread}"]
    rule = "\n" + "-" * 60 + "\n"
    return "\n".join(head) + rule + rule.join(render_question(q) for q in pack.questions)
