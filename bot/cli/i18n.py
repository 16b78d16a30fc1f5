"""`studybot i18n extract` and `studybot i18n check`: the translation catalogs of every part."""

from __future__ import annotations

import argparse
import json
import sys

SHOWN = 15  # strings listed per problem kind before "... and N more"


def register(sub: argparse._SubParsersAction) -> None:
    i18n = sub.add_parser("i18n", help="translation catalogs: extract strings, check translations",
                          description="Translation catalogs (bot/locales): see docs/i18n.md.")
    actions = i18n.add_subparsers(dest="action", metavar="ACTION")
    extract = actions.add_parser(
        "extract", help="write each part's .pot from the sources and update every language's .po",
        description="Extract the marked strings of each part (core, chat) into bot/locales/<part>.pot and "
        "update bot/locales/<language>/<part>.po: new strings are added untranslated, changed ones "
        "keep their old translation marked fuzzy, removed ones are dropped.",
    )
    extract.add_argument("--locale", action="append", dest="locales", metavar="LANG",
                         help="also create catalogs for this new language (repeatable)")
    extract.set_defaults(func=run_extract)
    check = actions.add_parser(
        "check", help="report untranslated, fuzzy, unused strings and placeholder mismatches",
        description="Check every language's catalogs against the strings in the sources. Exits 1 when a "
        "shipped language has an untranslated or fuzzy string, or a translation whose {placeholders} "
        "differ from the English; unused strings are reported but allowed.",
    )
    check.add_argument("--json", action="store_true", help="print the reports as JSON")
    check.set_defaults(func=run_check)
    i18n.set_defaults(func=lambda args: i18n.print_help() or 2)


def run_extract(args: argparse.Namespace) -> int:
    from bot import catalogs

    wanted = sorted(set(catalogs.languages()) | set(args.locales or [])) if args.locales else None
    for result in catalogs.extract_all(wanted=wanted):
        changed = ", ".join(str(p.relative_to(catalogs.ROOT.parent)) for p in result.written) or "unchanged"
        print(f"{result.part}: {result.messages} strings; {changed}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from bot import catalogs

    reports = catalogs.check()
    if args.json:
        print(json.dumps([{**vars(r), "complete": r.complete} for r in reports], indent=2))
    else:
        for report in reports:
            _print(report)
    incomplete = [f"{r.language}/{r.part}" for r in reports if not r.complete]
    if incomplete:
        print(f"Incomplete: {', '.join(incomplete)}. Translate the strings above in bot/locales "
              "(run `studybot i18n extract` first when strings are missing from a .po).", file=sys.stderr)
        return 1
    return 0


def _print(report: object) -> None:
    head = f"{report.language}/{report.part}: {report.total} strings"
    if report.missing_file:
        print(f"{head}: no catalog; run `studybot i18n extract`")
        return
    print(f"{head}: {'complete' if report.complete else 'INCOMPLETE'}"
          + (f", {len(report.unused)} unused" if report.unused else ""))
    for label, items in (("untranslated", report.untranslated), ("fuzzy", report.fuzzy),
                         ("placeholders differ", report.placeholders), ("unused", report.unused)):
        if items:
            print(f"  {label} ({len(items)}):")
            for item in items[:SHOWN]:
                print(f"    {item!r}" if label != "placeholders differ" else f"    {item}")
            if len(items) > SHOWN:
                print(f"    ... and {len(items) - SHOWN} more")
