"""Plain-text views of a question or a whole pack, for authors reading them in a terminal."""

from __future__ import annotations

import textwrap

from bot.core.models import Claim, Contrast, Example, KeyPoint, Misconception, Pack, Question

WIDTH = 100


def _wrap(text: str, indent: str = "  ") -> str:
    """Wrap each line of `text` (bullets keep a hanging indent)."""
    out = []
    for line in text.splitlines() or [""]:
        stripped = line.strip()
        hang = indent + "  " if stripped.startswith(("- ", "* ", "• ")) else indent
        out.append(textwrap.fill(stripped, WIDTH, initial_indent=indent, subsequent_indent=hang) or "")
    return "\n".join(out)


def _listing(label: str, items: tuple[str, ...], indent: str, joins: tuple[str, ...] = ()) -> str:
    """`label: a | b | c`, wrapped only between items so none is split across lines.

    `joins[n]` (when given) is the separator written before item n, e.g. " → " between a claim's
    subject and property phrasings; " | " otherwise.
    """
    lines, current = [], f"{indent}{label}:"
    for n, item in enumerate(items):
        sep = " " if n == 0 else (joins[n] if n < len(joins) and joins[n] else " | ")
        piece = sep + item
        if len(current) + len(piece) > WIDTH and current.strip():
            lines.append(current + (sep.rstrip() if n else ""))
            current = indent + "  " + item
        else:
            current += piece
    return "\n".join([*lines, current])


def _phrases(phrases: tuple[str, ...], indent: str) -> str:
    return _listing("phrases", phrases, indent)


def _claim(claim: Claim, indent: str) -> str:
    """`claim: subject | subject → property | property`."""
    joins = ("",) * len(claim.subject) + (" → ",)
    return _listing("claim", claim.subject + claim.property, indent, joins)


def _key_point(n: int, point: KeyPoint) -> list[str]:
    naming = ", naming: a bare term earns it" if point.naming else ""
    lines = [f"  {n}. {point.text}  (weight {point.weight:g}{naming})"]
    lines += [_claim(claim, "       ") for claim in point.claims]
    if point.phrases:
        lines.append(_phrases(point.phrases, "       "))
    return lines


def _misconception(wrong: Misconception) -> list[str]:
    lines = [f"  - {wrong.text}  ({'core' if wrong.core else 'minor'})"]
    lines += [_claim(claim, "      ") for claim in wrong.claims]
    if wrong.phrases:
        lines.append(_phrases(wrong.phrases, "      "))
    return lines


def _contrast(contrast: Contrast) -> list[str]:
    return [f"  - {contrast.text}",
            _listing("property", contrast.property, "      "),
            _listing("belongs to", contrast.belongs_to, "      "),
            _listing("not to", contrast.not_to, "      ")]


def _example(n: int, example: Example) -> str:
    head = f"  {n}. {example.verdict}: "
    return textwrap.fill(" ".join(example.reply.split()), WIDTH, initial_indent=head,
                         subsequent_indent=" " * len(head), break_on_hyphens=False)


def render_question(q: Question) -> str:
    """Prompt, difficulty, topics, model answer, key points (claims, phrases, naming), misconceptions
    (core or minor), contrasts, examples and hints."""
    lines = [f"{q.id}  [{q.difficulty.value}{'' if q.kind == 'free' else ', ' + q.kind}]"
             f"{'  pack ' + q.pack_id if q.pack_id else ''}",
             _wrap(q.prompt, ""),
             "",
             f"Topics: {', '.join(q.topics) if q.topics else '(none)'}",
             "",
             "Model answer:",
             _wrap(q.answer),
             ""]
    total = sum(k.weight for k in q.key_points)
    if q.options:
        lines.append(f"Options ({len(q.options)}):")
        lines += [_wrap(f"{n}. {'[right] ' if o.correct else ''}{o.text}: {o.explanation}", "  ")
                  for n, o in enumerate(q.options, 1)]
    elif q.accepted:
        lines.append("Accepted answers:")
        lines += [_wrap(", ".join((a.text, *a.aliases)) + ("" if a.number is None else
                                                          f" (number {a.number:g} ± {a.tolerance:g})"), "  ")
                  for a in q.accepted]
    elif q.key_points:
        lines.append(f"Key points ({len(q.key_points)}, total weight {total:g}):")
        for n, point in enumerate(q.key_points, 1):
            lines += _key_point(n, point)
    else:
        lines.append("Key points: (none; the grader derives them from the model answer)")
    if q.misconceptions:
        lines += ["", "Misconceptions (a core one caps the reply below correct; a minor one lowers it):"]
        for wrong in q.misconceptions:
            lines += _misconception(wrong)
    if q.contrasts:
        lines += ["", "Contrasts (giving the property to a `not to` subject is a wrong claim):"]
        for contrast in q.contrasts:
            lines += _contrast(contrast)
    if q.examples:
        lines += ["", f"Examples ({len(q.examples)}; `studybot content test` grades them):"]
        lines += [_example(n, example) for n, example in enumerate(q.examples, 1)]
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
            f"Language: {pack.language}",
            f"Licence: {pack.license}",
            f"Source: {pack.source}",
            f"{len(pack.questions)} question{'' if len(pack.questions) == 1 else 's'}: {spread}"]
    rule = "\n" + "-" * 60 + "\n"
    return "\n".join(head) + rule + rule.join(render_question(q) for q in pack.questions)
