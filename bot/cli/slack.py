"""`studybot slack manifest [--url URL]`: print the Slack app manifest (Socket Mode, or HTTP at URL)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from bot.config import PROJECT_ROOT

MANIFEST = PROJECT_ROOT / "slack" / "manifest.yml"


def load_manifest(path: Path = MANIFEST) -> dict[str, Any]:
    """The manifest as shipped (Socket Mode)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def manifest_for(url: str | None, path: Path = MANIFEST) -> dict[str, Any]:
    """The manifest for Socket Mode (`url` None) or for HTTP mode at the public base `url`."""
    manifest = load_manifest(path)
    if not url:
        return manifest
    parsed = urlparse(url)
    if parsed.scheme != "https" or not parsed.netloc:
        raise ValueError(f"--url {url!r} must be a public https:// address, e.g. https://studybot.example.org")
    base = url.rstrip("/")
    events = f"{base}/slack/events"
    for command in manifest["features"]["slash_commands"]:
        command["url"] = events
    settings = manifest["settings"]
    settings["socket_mode_enabled"] = False
    settings["event_subscriptions"]["request_url"] = events
    settings["interactivity"]["request_url"] = events
    manifest["oauth_config"]["redirect_urls"] = [f"{base}/slack/oauth_redirect"]
    return manifest


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("slack", help="Slack helpers (print the app manifest)")
    slack_sub = p.add_subparsers(dest="slack_command", metavar="SLACK_COMMAND")
    m = slack_sub.add_parser("manifest", help="print the app manifest to paste into api.slack.com/apps")
    m.add_argument("--url", help="public https base URL for HTTP mode (omit for Socket Mode)")
    m.set_defaults(func=print_manifest)

    def usage(args: argparse.Namespace) -> int:
        p.print_help()
        return 2

    p.set_defaults(func=usage)


def print_manifest(args: argparse.Namespace) -> int:
    try:
        manifest = manifest_for(args.url)
    except ValueError as err:
        print(f"studybot slack manifest: {err}", file=sys.stderr)
        return 2
    print("# studybot Slack app manifest: api.slack.com/apps -> Create New App -> From a manifest")
    print(yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, width=100), end="")
    return 0
