"""`studybot discord invite-url` and `studybot discord sync [--guild ID]`: set up the Discord application."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.config import load_settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("discord", help="Discord helpers (invite URL, slash-command sync)")
    discord_sub = p.add_subparsers(dest="discord_command", metavar="DISCORD_COMMAND")
    invite = discord_sub.add_parser("invite-url", help="print the URL that adds the bot to a server")
    invite.add_argument("--client-id", help="application id (default: read from DISCORD_TOKEN)")
    invite.add_argument("--guild", help="pre-select this server id on the invite page")
    invite.set_defaults(func=print_invite_url)
    sync = discord_sub.add_parser("sync", help="publish the slash commands now (globally, or to one server)")
    sync.add_argument("--guild", help="server id: commands appear there at once (default $DISCORD_GUILD_ID)")
    sync.set_defaults(func=sync_commands)

    def usage(args: argparse.Namespace) -> int:
        p.print_help()
        return 2

    p.set_defaults(func=usage)


def print_invite_url(args: argparse.Namespace) -> int:
    """Print the OAuth2 invite URL with the scopes and least permissions the bot needs."""
    from bot.frontends.discord.invite import application_id_from_token, invite_url

    client_id = args.client_id
    if not client_id:
        settings = load_settings()
        client_id = application_id_from_token(settings.discord_token or "")
    if not client_id or not str(client_id).isdigit():
        print("studybot: no application id. Pass --client-id (Developer Portal > your app > General "
              "Information > Application ID) or set DISCORD_TOKEN.", file=sys.stderr)
        return 2
    if args.guild and not str(args.guild).isdigit():
        print(f"studybot: --guild {args.guild!r} must be a numeric server id.", file=sys.stderr)
        return 2
    print(invite_url(client_id, args.guild))
    return 0


def sync_commands(args: argparse.Namespace) -> int:
    """Log in over HTTP only, publish the slash commands, and say where they went."""
    import discord

    from bot.frontends.discord.client import configure_endpoints, quiet_voice_warnings, sync_commands
    from bot.frontends.discord.commands import build_tree

    settings = load_settings()
    if not settings.discord_token:
        print("studybot: set DISCORD_TOKEN to sync slash commands.", file=sys.stderr)
        return 2
    guild = args.guild or settings.discord_guild_id
    if guild and not str(guild).isdigit():
        print(f"studybot: --guild {guild!r} must be a numeric server id.", file=sys.stderr)
        return 2

    async def run() -> int:
        configure_endpoints(settings.discord_api_base, settings.discord_gateway_url)
        quiet_voice_warnings()
        client = discord.Client(intents=discord.Intents(guilds=True))
        tree = build_tree(client)
        async with client:
            await client.login(settings.discord_token or "")
            synced = await sync_commands(tree, guild)
        where = f"to server {guild} (visible now)" if guild else "globally (may take up to an hour to appear)"
        print(f"studybot: {len(synced)} slash commands synced {where}: "
              f"{', '.join('/' + c.name for c in synced)}")
        return 0

    try:
        return asyncio.run(run())
    except discord.LoginFailure:
        print("studybot: Discord refused DISCORD_TOKEN; copy it again from Developer Portal > Bot.",
              file=sys.stderr)
        return 1
    except discord.HTTPException as exc:
        print(f"studybot: Discord refused the command sync: {exc}", file=sys.stderr)
        return 1
