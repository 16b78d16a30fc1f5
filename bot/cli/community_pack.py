"""`studybot content export-community` and `content import PACK --community`: a community's own pack
(its approved suggestions, kept in the database) as a normal YAML pack, and back."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.config import environment, parse_settings
from bot.core.errors import StudybotError
from bot.core.models import Platform
from bot.core.suggestion_models import APPROVED, REJECTED, Community
from bot.core.suggestions import same_prompt

PLATFORMS = ", ".join(p.value for p in Platform)


def parse_community(text: str) -> Community:
    """`discord:GUILD_ID`, `slack:TEAM_ID` or `console:local` -> (platform, id)."""
    platform, _, external = text.strip().partition(":")
    try:
        return Platform(platform.lower()), external.strip() or _missing(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--community {text!r} must be PLATFORM:ID with PLATFORM one of {PLATFORMS}, e.g. "
            "discord:123456789012345678, slack:T0123ABCD or console:local") from None


def _missing(text: str) -> str:
    raise ValueError(text)


def register(commands: argparse._SubParsersAction) -> None:
    exp = commands.add_parser(
        "export-community", help="write a community's own pack (approved suggestions) as a YAML pack",
        description="Write the questions a community's admins approved (`/suggest`) as a normal pack "
                    "file, which `studybot content lint` accepts and `content import --community` "
                    "reads back. The pack's source names the authors.")
    exp.add_argument("--community", required=True, type=parse_community, metavar="PLATFORM:ID",
                     help="discord:GUILD_ID, slack:TEAM_ID or console:local")
    exp.add_argument("--db", metavar="FILE_OR_URL",
                     help="database (default $STUDYBOT_DB / $STUDYBOT_DATABASE_URL)")
    exp.add_argument("--pack-id", default="community", metavar="ID",
                     help="id of the written pack (default community)")
    exp.add_argument("-o", "--output", type=Path, metavar="OUT.yaml", help="write here (default: stdout)")
    exp.add_argument("--force", action="store_true", help="overwrite OUT.yaml if it exists")
    exp.set_defaults(func=run_export)


def _fail(message: str, code: int = 2) -> int:
    print(f"studybot content: {message}", file=sys.stderr)
    return code


def _database(given: str | None) -> Any:
    return given or parse_settings(environment())[0].database


async def _approved(db: Any, community: Community) -> list[Any]:
    from bot.store import open_store

    store = await open_store(db)
    try:
        return await store.list_suggestions(community, APPROVED)
    finally:
        await store.close()


def pack_mapping(suggestions: list[Any], pack_id: str) -> dict[str, Any]:
    """The community pack as a pack mapping; its source credits the authors."""
    from bot.content.suggestion_rules import community_pack

    data = community_pack([{"id": s.question_id, **s.question} for s in suggestions], pack_id)
    authors = sorted({s.author_name for s in suggestions if s.author_name})
    if authors:
        data["source"] = f"{data['source']}; authors: {', '.join(authors)}"
    return data


def run_export(args: argparse.Namespace) -> int:
    from bot.content.importer import PACK_ID, dump_pack

    if not PACK_ID.match(args.pack_id):
        return _fail(f"--pack-id {args.pack_id!r} must be lowercase letters, digits and dashes")
    out: Path | None = args.output
    if out is not None and out.exists() and not args.force:
        return _fail(f"-o {out} already exists; pass --force to overwrite it")
    try:
        approved = asyncio.run(_approved(_database(args.db), args.community))
    except StudybotError as exc:
        return _fail(str(exc), 1)
    platform, external = args.community
    if not approved:
        return _fail(f"{platform.value}:{external} has no approved suggestions yet, so there is no pack to "
                     "write; admins approve them with `/studybot suggestions approve`", 1)
    text = dump_pack(pack_mapping(approved, args.pack_id), header=(
        f"The community pack of {platform.value}:{external}, exported by "
        "`studybot content export-community`."))
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out}: {len(approved)} questions", file=sys.stderr)
    return 0


async def _import(db: Any, community: Community,
                  questions: list[dict[str, Any]]) -> tuple[list[int], list[str]]:
    from bot.store import open_store

    store = await open_store(db)
    try:
        known = [s for s in await store.list_suggestions(community) if s.status != REJECTED]
        fresh, skipped = [], []
        for q in questions:
            twin = next((s for s in known if same_prompt(q["prompt"], s.prompt)), None)
            if twin is None:
                twin = next((f for f in fresh if same_prompt(q["prompt"], f["prompt"])), None)
            if twin is not None:
                skipped.append(q.get("id", "?"))
            else:
                fresh.append({k: v for k, v in q.items() if k != "id"})
        ids = await store.import_questions(community, fresh, "studybot content import", datetime.now(UTC))
        return ids, skipped
    finally:
        await store.close()


def run_import(args: argparse.Namespace) -> int:
    """Lint the YAML pack like `content lint`, then add its questions to the community's pack."""
    from bot.content.loader import read_pack_file

    if not args.file.is_file():
        return _fail(f"{args.file}: no such file; give a YAML pack (see `studybot content lint`)")
    read = read_pack_file(args.file)
    if read.problems:
        for problem in sorted(read.problems):
            print(problem, file=sys.stderr)
        return _fail("the pack does not pass lint (shown above); nothing was imported", 1)
    pack_thresholds = read.data.get("thresholds")
    if pack_thresholds:
        print("studybot content: the pack's thresholds are not imported; community questions use the "
              "default ones", file=sys.stderr)
    try:
        ids, skipped = asyncio.run(_import(_database(args.db), args.community, list(read.data["questions"])))
    except StudybotError as exc:
        return _fail(str(exc), 1)
    platform, external = args.community
    for qid in skipped:
        print(f"studybot content: {qid} repeats a question the community already has; skipped",
              file=sys.stderr)
    print(f"imported {len(ids)} question(s) into the community pack of {platform.value}:{external} "
          f"(ids suggestion-{ids[0]}..suggestion-{ids[-1]}); `/setup packs=community` posts them"
          if ids else f"imported nothing: every question of {args.file} is already in the community pack")
    return 0
