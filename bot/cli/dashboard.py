"""`studybot web` (the dashboard alone against a database) and `studybot dashboard link` (print a link)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from bot.config import load_settings
from bot.core.errors import StudybotError
from bot.database_url import parse_target

DB_HELP = "SQLite file or postgresql:// URL (default $STUDYBOT_DB or data/studybot.db)"


def register(sub: argparse._SubParsersAction) -> None:
    web = sub.add_parser(
        "web",
        help="serve the read-only web dashboard alone against a database",
        description="Serve the dashboard on STUDYBOT_HTTP_PORT (or --port) against STUDYBOT_DB (or --db), "
        "without the chat frontends or the scheduler. Pages open only with a signed link from "
        "`studybot dashboard link`, `/studybot dashboard` or `/progress`.",
    )
    web.add_argument("--db", help=DB_HELP)
    web.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    web.add_argument(
        "--port", type=int, help="port (default $STUDYBOT_HTTP_PORT or 3000; 0 picks a free one)"
    )
    web.set_defaults(func=run_web)

    dash = sub.add_parser("dashboard", help="dashboard links", description="Dashboard links.")
    actions = dash.add_subparsers(dest="action", metavar="ACTION")
    link = actions.add_parser(
        "link",
        help="print a signed link to a community's dashboard or one member's page",
        description="Print a signed, expiring link. Without --member it opens every page of the "
        "community (give it to admins only); with --member it opens that member's page and the "
        "public boards. The base comes from STUDYBOT_PUBLIC_URL.",
    )
    link.add_argument(
        "--community",
        required=True,
        help="server or workspace id, or platform:id (e.g. discord:123, slack:T1, console:local)",
    )
    link.add_argument("--member", help="a member's user id or name: link to their own page")
    link.add_argument("--ttl", default="24h", help="how long the link works: 30m, 1h, 7d (default 24h)")
    link.add_argument("--db", help=DB_HELP)
    link.add_argument("--json", action="store_true", help="print {url, scope, expires} as JSON")
    link.set_defaults(func=run_link)
    dash.set_defaults(func=lambda args: dash.print_help() or 2)


def run_web(args: argparse.Namespace) -> int:
    from bot.app import serve_web

    try:
        settings = load_settings()
        port = settings.http_port if args.port is None else args.port
        if not 0 <= port <= 65535:
            raise SystemExit(f"studybot web: --port {port} is out of range; use 0 to 65535.")
        db = parse_target(args.db) if args.db else settings.database
        return asyncio.run(serve_web(settings, db, args.host, port))
    except StudybotError as err:
        print(f"studybot web: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"studybot web: cannot listen on {args.host}: {err}; choose another --port.", file=sys.stderr)
        return 1


def run_link(args: argparse.Namespace) -> int:
    from bot.app import dashboard_link
    from bot.core.links import parse_ttl

    try:
        settings = load_settings()
        ttl = parse_ttl(args.ttl)
        db = parse_target(args.db) if args.db else settings.database
        link = asyncio.run(dashboard_link(settings, db, args.community, args.member, ttl))
    except StudybotError as err:
        print(f"studybot dashboard link: {err}", file=sys.stderr)
        return 1
    expires = link.expires.isoformat().replace("+00:00", "Z")
    if args.json:
        print(json.dumps({"url": link.url, "scope": link.scope, "expires": expires}))
    else:
        print(link.url)
        print(f"scope: {link.scope}, expires {expires}", file=sys.stderr)
    return 0
