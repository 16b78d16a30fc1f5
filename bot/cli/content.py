"""`studybot content lint|import|show`: check packs, draft a pack from a Q/A document, read a question."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from bot.config import environment, parse_settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("content", help="lint, import and show content packs")
    p.set_defaults(func=lambda args: _usage(p))
    commands = p.add_subparsers(dest="content_command", metavar="ACTION")

    lint = commands.add_parser("lint", help="check packs; print every problem with file, line and field")
    lint.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                      help="pack files or directories (default: --content, else $STUDYBOT_CONTENT)")
    lint.add_argument("--content", type=Path, metavar="DIR", help="content directory to check")
    lint.set_defaults(func=run_lint)

    imp = commands.add_parser("import", help='draft a pack from a "Q1. ... / A. ..." document')
    imp.add_argument("file", type=Path, metavar="FILE", help="the text document to import")
    imp.add_argument("--pack-id", required=True, metavar="ID",
                     help="id of the new pack; questions become ID-01, ID-02, ...")
    imp.add_argument("-o", "--output", type=Path, metavar="OUT.yaml", help="write here (default: stdout)")
    imp.add_argument("--title", help="pack title (default: from the file name)")
    imp.add_argument("--license", default="unspecified", metavar="LICENCE",
                     help="licence of the imported text (default: unspecified; check the source's terms)")
    imp.add_argument("--force", action="store_true", help="overwrite OUT.yaml if it exists")
    imp.set_defaults(func=run_import)

    show = commands.add_parser("show", help="print a question (or a whole pack) readably")
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


def run_lint(args: argparse.Namespace) -> int:
    """Print every problem and a summary; 1 when there is any problem, else 0."""
    from bot.content.loader import load_bank
    from bot.core.errors import ContentError

    paths = list(args.paths) or [_content_dir(args.content)]
    try:
        bank = load_bank(paths)
    except ContentError as err:
        for problem in err.problems:
            print(problem)
        print(f"\n{err}: fix them and run `studybot content lint` again")
        return 1
    questions = sum(len(p.questions) for p in bank.packs)
    packs = len(bank.packs)
    print(f"{packs} pack{'s' if packs != 1 else ''}, {questions} question{'s' if questions != 1 else ''}, "
          "no problems")
    return 0


def _default_title(file: Path) -> str:
    words = file.stem.replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize() or "Imported questions"


def run_import(args: argparse.Namespace) -> int:
    """Parse the document, draft key points, check the result and write or print the pack YAML."""
    from bot.content.importer import PACK_ID, build_pack, dump_pack, parse_document
    from bot.content.loader import check_pack_text
    from bot.core.reference import derive_key_points

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
        "Review every key point, add phrasings, topics, misconceptions and hints before use,\n"
        "and set `license` to the terms the source document allows."))
    problems = check_pack_text(yaml_text, str(out or "<stdout>"))
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return _fail("the drafted pack does not pass lint (shown above); nothing was written", 1)
    if out is None:
        sys.stdout.write(yaml_text)
        return 0
    out.write_text(yaml_text, encoding="utf-8")
    levels: dict[str, int] = {}
    for q in questions:
        levels[q.difficulty.value] = levels.get(q.difficulty.value, 0) + 1
    spread = ", ".join(f"{n} {level}" for level, n in levels.items())
    print(f"wrote {out}: {len(questions)} questions ({spread}); lint: no problems")
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
