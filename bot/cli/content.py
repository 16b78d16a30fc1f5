"""`studybot content lint|test|import|show`: check packs, run their self-tests, draft a pack, read one."""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli import community_pack
from bot.cli.community_pack import parse_community
from bot.config import environment, parse_settings

if TYPE_CHECKING:
    from bot.content.selftest import ExampleRun, LintReport

TEST_HELP = """\
Grade every question's `examples:` (reply + expected verdict) with the real grader and print a
table: question, examples, passed, and each failing example with the verdict expected, the verdict
given, the score and the start of the reply.

PACK_OR_DIR is a pack file, a directory of packs, or the id of a pack in the content directory
(default: the content directory, --content or $STUDYBOT_CONTENT).

Exit status: 0 when every example passes (or there are none), 1 when any fails, 2 when a pack
cannot be loaded (run `studybot content lint` to see why). See docs/rubrics.md for writing examples.
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("content", help="lint, test, import and show content packs")
    p.set_defaults(func=lambda args: _usage(p))
    commands = p.add_subparsers(dest="content_command", metavar="ACTION")

    lint = commands.add_parser(
        "lint", help="check packs and grade their examples; print every problem with file, line and field",
        description="Check packs against the schema and the rubric rules, and grade every question's "
                    "examples with the real grader: each problem and each example graded other than "
                    "its verdict is printed as FILE:LINE: FIELD: message. Warnings (`warning:`) mark "
                    "what loads but grades poorly; they do not fail lint. Exit status 1 when there "
                    "is any error, else 0.")
    lint.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                      help="pack files or directories (default: --content, else $STUDYBOT_CONTENT)")
    lint.add_argument("--content", type=Path, metavar="DIR", help="content directory to check")
    lint.add_argument("--no-warnings", action="store_true", help="print errors only (warnings are counted)")
    lint.set_defaults(func=run_lint)

    test = commands.add_parser("test", help="grade every question's examples; print a table per question",
                               description=TEST_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    test.add_argument("target", nargs="?", metavar="PACK_OR_DIR",
                      help="pack file, directory of packs, or pack id (default: the content directory)")
    test.add_argument("--content", type=Path, metavar="DIR",
                      help="content directory (default $STUDYBOT_CONTENT, else the bundled content)")
    test.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    test.set_defaults(func=run_test)

    imp = commands.add_parser(
        "import", help='draft a pack from a "Q1. ... / A. ..." document',
        description='Draft a pack from a "Q1. ... / A. ..." document. Key points are drafted in the older '
                    "`phrases` form (sentences of each answer), which keeps working; review them, turn "
                    "the ones that assert something into claims, add examples, and run "
                    "`studybot content test` (see docs/rubrics.md).")
    imp.add_argument("file", type=Path, metavar="FILE", help="the text document to import")
    imp.add_argument("--pack-id", metavar="ID",
                     help="id of the new pack; questions become ID-01, ID-02, ... "
                          "(required without --community)")
    imp.add_argument("--community", type=parse_community, metavar="PLATFORM:ID",
                     help="instead: add the questions of the YAML pack FILE to this community's own pack "
                          "(discord:GUILD_ID, slack:TEAM_ID or console:local)")
    imp.add_argument("--db", metavar="FILE_OR_URL",
                     help="with --community: the database (default $STUDYBOT_DB)")
    imp.add_argument("-o", "--output", type=Path, metavar="OUT.yaml", help="write here (default: stdout)")
    imp.add_argument("--title", help="pack title (default: from the file name)")
    imp.add_argument("--license", default="unspecified", metavar="LICENCE",
                     help="licence of the imported text (default: unspecified; check the source's terms)")
    imp.add_argument("--force", action="store_true", help="overwrite OUT.yaml if it exists")
    imp.set_defaults(func=run_import)

    community_pack.register(commands)

    show = commands.add_parser(
        "show", help="print a question (or a whole pack) readably",
        description="Print a question with its whole rubric: key points (claims as subject → property, "
                    "phrases, naming points), core and minor misconceptions, contrasts, examples, hints.")
    show.add_argument("id", metavar="ID", help="a question id (dl-05) or a pack id (deep-learning)")
    show.add_argument("--content", type=Path, metavar="DIR",
                      help="content directory or pack file (default $STUDYBOT_CONTENT)")
    show.set_defaults(func=run_show)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _fail(message: str, code: int = 2) -> int:
    print(f"studybot content: {message}", file=sys.stderr)
    return code


def _content_dir(given: Path | None) -> Path:
    return given if given is not None else parse_settings(environment())[0].content_dir


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def run_lint(args: argparse.Namespace) -> int:
    """Print every problem and a summary; 1 when there is any error (warnings do not count), else 0."""
    from bot.content.checks import WARNING
    from bot.content.selftest import lint

    paths = list(args.paths) or [_content_dir(args.content)]
    report = lint(paths)
    for problem in report.problems:
        if not (args.no_warnings and problem.level == WARNING):
            print(problem)
    errors, warnings = report.errors, report.warnings
    noted = f"{_plural(len(warnings), 'warning')}, " if warnings else ""
    if errors:
        files = len({p.file for p in errors})
        mismatched = sum(not r.passed for r in report.runs)
        also = " (`studybot content test` shows each failing example)" if mismatched else ""
        print(f"\n{noted}{_plural(len(errors), 'problem')} in {_plural(files, 'file')}: "
              f"fix them and run `studybot content lint` again{also}")
        return 1
    questions = sum(len(p.questions) for p in report.packs)
    graded = f"{_plural(len(report.runs), 'example')} graded as written, " if report.runs else ""
    print(f"{_plural(len(report.packs), 'pack')}, {_plural(questions, 'question')}, {graded}{noted}"
          "no problems")
    return 0


def _test_paths(args: argparse.Namespace) -> list[Path] | str:
    """The paths `content test` grades, or why there are none."""
    from bot.content.loader import PACK_SUFFIXES, pack_paths, read_pack_file

    content = _content_dir(args.content)
    if args.target is None:
        return [content]
    given = Path(args.target)
    if given.exists():
        return [given]
    files, _ = pack_paths([content]) if content.is_dir() else ([], [])
    for f in files:
        data = read_pack_file(f).data
        if isinstance(data, dict) and data.get("id") == args.target:
            return [f]
    if given.suffix in PACK_SUFFIXES or "/" in args.target:
        return f"{args.target}: no such file or directory; give a pack file, a directory or a pack id"
    return (f"no pack file, directory or pack with id {args.target!r} in {content}; "
            "give a path, or a pack id with --content DIR")


def _start(reply: str, width: int = 60) -> str:
    """The first `width` characters of `reply` on one line, with an ellipsis when cut."""
    flat = " ".join(reply.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _failure_json(run: ExampleRun) -> dict[str, object]:
    return {"line": run.line, "field": run.field, "expected": run.expected, "got": run.got or None,
            "score": run.score, "reply": run.reply, **({"error": run.error} if run.error else {})}


def _test_json(report: LintReport) -> str:
    runs = report.runs
    return json.dumps({
        "questions": [{"id": q.question_id, "pack": q.pack_id, "file": q.file, "examples": len(q.runs),
                       "passed": q.passed, "failures": [_failure_json(r) for r in q.failures]}
                      for q in report.questions],
        "examples": len(runs), "passed": sum(r.passed for r in runs),
        "failed": sum(not r.passed for r in runs)}, ensure_ascii=False, indent=2)


def _test_table(report: LintReport) -> str:
    width = max([len("question"), *(len(q.question_id) for q in report.questions)])
    lines = [f"{'question':<{width}}  examples  passed"]
    for q in report.questions:
        passed = str(q.passed) if q.runs else "-"
        lines.append(f"{q.question_id:<{width}}  {len(q.runs):>8}  {passed:>6}")
        for run in q.failures:
            got = f"grader error: {run.error}" if run.error else f"got {run.got} ({run.score:.2f})"
            lines.append(f"{'':<{width}}    FAIL expected {run.expected}, {got}  {run.file}:{run.line}")
            lines.append(f"{'':<{width}}         \"{_start(run.reply)}\"")
    return "\n".join(lines)


def run_test(args: argparse.Namespace) -> int:
    """Grade every example and print a per-question table (or JSON); 1 when any fails, 2 when unloadable."""
    from bot.content.selftest import lint

    paths = _test_paths(args)
    if isinstance(paths, str):
        return _fail(paths)
    report = lint(paths, warnings=False)
    broken = report.load_errors
    if broken:
        print("\n".join(str(p) for p in broken), file=sys.stderr)
        verb = "keeps a pack" if len(broken) == 1 else "keep packs"
        return _fail(f"{_plural(len(broken), 'problem')} {verb} from loading; run "
                     f"`studybot content lint {' '.join(str(p) for p in paths)}` and fix them first")
    runs = report.runs
    failed = sum(not r.passed for r in runs)
    if args.json:
        print(_test_json(report))
        return 1 if failed else 0
    print(_test_table(report))
    bare = sum(not q.runs for q in report.questions)
    summary = (f"\n{_plural(len(report.questions), 'question')}, {_plural(len(runs), 'example')}: "
               f"{len(runs) - failed} passed, {failed} failed")
    if bare:
        summary += f"; {bare} without examples (add `examples:`, see docs/rubrics.md)"
    print(summary)
    return 1 if failed else 0


def _default_title(file: Path) -> str:
    words = file.stem.replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize() or "Imported questions"


def run_import(args: argparse.Namespace) -> int:
    """Parse the document, draft key points, check the result and write or print the pack YAML."""
    from bot.content.checks import pack_warnings
    from bot.content.importer import PACK_ID, build_pack, dump_pack, parse_document
    from bot.content.loader import check_pack_text
    from bot.content.yaml_lines import parse_yaml
    from bot.core.reference import derive_key_points

    if args.community is not None:
        return community_pack.run_import(args)
    if not args.pack_id:
        return _fail("--pack-id is required to draft a pack from a document (or give --community to "
                     "import a YAML pack into a community)")
    if not PACK_ID.match(args.pack_id):
        return _fail(f"--pack-id {args.pack_id!r} must be 1-60 lowercase letters, digits and dashes, "
                     "starting with a letter or digit (e.g. --pack-id deep-learning)")
    if not args.file.is_file():
        return _fail(f"{args.file}: no such file; give the path of a text document with Q1. ... A. ...")
    out: Path | None = args.output
    if out is not None:
        if out.is_dir():
            return _fail(f"-o {out} is a directory; name a file such as {out / (args.pack_id + '.yaml')}")
        if not out.parent.is_dir():
            return _fail(f"-o {out}: the directory {out.parent} does not exist")
        if out.exists() and not args.force:
            return _fail(f"-o {out} already exists; pass --force to overwrite it")
    try:
        text = args.file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return _fail(f"{args.file} is not UTF-8 text; convert it first (e.g. iconv -t UTF-8)")
    found = parse_document(text)
    questions = [q for q in found if q.answer]
    for q in found:
        if not q.answer:
            print(f"studybot content: Q{q.number} has no answer text; left out", file=sys.stderr)
    if not questions:
        return _fail(f"{args.file}: found no answered questions; each must start a line like "
                     "'Q1. What is ...?' followed by its answer", 1)
    data = build_pack(questions, args.pack_id, title=args.title or _default_title(args.file),
                      source=f"Imported from {args.file.name}", license_text=args.license,
                      derive=derive_key_points)
    yaml_text = dump_pack(data, header=(
        f"Draft pack imported from {args.file.name} by `studybot content import`.\n"
        "Key points are drafts in the `phrases` form (sentences of each answer), which keeps working.\n"
        "Review every one: turn those that assert something into claims, add topics, misconceptions,\n"
        "contrasts, hints and examples (docs/rubrics.md), run `studybot content test`, and set\n"
        "`license` to the terms the source document allows."))
    name = str(out or "<stdout>")
    problems = check_pack_text(yaml_text, name)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return _fail("the drafted pack does not pass lint (shown above); nothing was written", 1)
    parsed = parse_yaml(yaml_text)
    warnings = pack_warnings(parsed.data, name, parsed.lines)
    for warning in warnings:
        print(warning, file=sys.stderr)
    if out is None:
        sys.stdout.write(yaml_text)
        return 0
    out.write_text(yaml_text, encoding="utf-8")
    levels: dict[str, int] = {}
    for q in questions:
        levels[q.difficulty.value] = levels.get(q.difficulty.value, 0) + 1
    spread = ", ".join(f"{n} {level}" for level, n in levels.items())
    noted = f", {_plural(len(warnings), 'warning')} (shown above)" if warnings else ""
    print(f"wrote {out}: {len(questions)} questions ({spread}); lint: no problems{noted}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Render one question, or every question of a pack; unknown ids get close suggestions."""
    from bot.content.loader import load_bank
    from bot.content.render import render_pack, render_question
    from bot.core.errors import ContentError

    where = _content_dir(args.content)
    if not where.exists():
        return _fail(f"content path {where} does not exist; pass --content DIR or set STUDYBOT_CONTENT")
    try:
        bank = load_bank([where])
    except ContentError as err:
        print("\n".join(err.problems), file=sys.stderr)
        return _fail(f"{err}; run `studybot content lint {where}` and fix them first", 1)
    wanted = args.id.strip()
    question = bank.question(wanted)
    if question is not None:
        print(render_question(question))
        return 0
    pack = bank.pack(wanted)
    if pack is not None:
        print(render_pack(pack))
        return 0
    ids = [q.id for q in bank.questions()] + [p.id for p in bank.packs]
    close = difflib.get_close_matches(wanted, ids, n=3)
    hint = f"did you mean {', '.join(close)}?" if close else \
        f"packs here: {', '.join(p.id for p in bank.packs)}"
    return _fail(f"no question or pack with id {wanted!r} in {where}; {hint}", 1)
