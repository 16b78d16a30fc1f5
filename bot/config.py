"""Settings from the environment (STUDYBOT_*, DISCORD_*, SLACK_*) and an optional .env, validated once."""

from __future__ import annotations

import difflib
import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.errors import StudybotError
from bot.core.i18n import normalize, shipped_locales
from bot.database_url import DatabaseTarget, DatabaseUrlError, PostgresUrl, parse_target
from bot.secret_key import GENERATE_HINT, key_problem
from bot.shard_plan import ShardPlan, ShardSpecError, parse_shard_ids

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = PROJECT_ROOT / "content"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")


@dataclass(frozen=True)
class Variable:
    """One environment variable: its name, default (as the operator writes it) and meaning."""

    name: str
    default: str
    help: str


# Every variable studybot reads, in README order. docs/operations.md and .env.example list them all.
VARIABLES: tuple[Variable, ...] = (
    Variable("STUDYBOT_DB", "data/studybot.db",
             "SQLite database file (its directory is created), or postgresql://user@host/db"),
    Variable("STUDYBOT_CONTENT", "content/ (bundled)", "directory of content packs (*.yaml)"),
    Variable("STUDYBOT_TZ", "UTC", "IANA timezone for new schedules and the console"),
    Variable("STUDYBOT_LOCALE", "en", "default language of replies and posts: en, de or es (docs/i18n.md)"),
    Variable("STUDYBOT_GRACE_HOURS", "6", "hours after post time a late start still posts (0-24)"),
    Variable("STUDYBOT_LOG_LEVEL", "INFO", "DEBUG, INFO, WARNING, ERROR or CRITICAL"),
    Variable("STUDYBOT_LOG_FORMAT", "text", "text (human-readable) or json (one JSON object a line)"),
    Variable("STUDYBOT_HTTP_PORT", "3000",
             "port of the Slack HTTP mode server, GET /healthz and the dashboard"),
    Variable("STUDYBOT_ENV_FILE", ".env", "file of KEY=value lines read at start-up if it exists"),
    Variable("STUDYBOT_GRADING_WORKERS", "auto",
             "processes that grade answers beside the bot's (0-64; auto: 1 with 2+ CPU cores, else 0)"),
    Variable("STUDYBOT_SECRET_KEY", "(generated: secret.key by the database)",
             "Fernet key that encrypts stored Slack tokens; when unset one is generated once, mode 0600"),
    Variable("STUDYBOT_PUBLIC_URL", "http://127.0.0.1:PORT",
             "base of dashboard links (the address people reach the bot's HTTP port at)"),
    Variable("NO_COLOR", "", "any value: the console frontend prints without colours"),
    Variable("DISCORD_TOKEN", "", "bot token; setting it starts the Discord frontend"),
    Variable("DISCORD_GUILD_ID", "", "sync slash commands to this one server (fast, for testing)"),
    Variable("DISCORD_SHARDS", "", "shard ids this process runs, e.g. 0-3 (with DISCORD_SHARD_COUNT)"),
    Variable("DISCORD_SHARD_COUNT", "", "total shards of the bot across every process, e.g. 8"),
    Variable("DISCORD_API_BASE", "https://discord.com/api/v10", "REST base URL (tests point it at a fake)"),
    Variable("DISCORD_GATEWAY_URL", "(Discord's)", "gateway websocket URL (tests point it at a fake)"),
    Variable("SLACK_BOT_TOKEN", "", "xoxb- bot token of a single-workspace install; starts Slack"),
    Variable("SLACK_APP_TOKEN", "", "xapp- app-level token: Socket Mode (no public URL needed)"),
    Variable("SLACK_SIGNING_SECRET", "", "signing secret: HTTP mode (requests verified)"),
    Variable("SLACK_CLIENT_ID", "", "OAuth client id for multi-workspace installs (with the secret)"),
    Variable("SLACK_CLIENT_SECRET", "", "OAuth client secret for multi-workspace installs"),
    Variable("SLACK_API_URL", "https://slack.com/api/", "Web API base URL (tests point it at a fake)"),
)
VARIABLE_NAMES = frozenset(v.name for v in VARIABLES)
SECRET_VARIABLES = ("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET",
                    "SLACK_CLIENT_SECRET", "STUDYBOT_SECRET_KEY")
# Overrides of the platforms' addresses: (variable, Settings field, schemes, the platform's own address).
API_OVERRIDES = (
    ("DISCORD_API_BASE", "discord_api_base", ("https", "http"), "https://discord.com/api/v10"),
    ("DISCORD_GATEWAY_URL", "discord_gateway_url", ("wss", "ws"), "Discord's gateway"),
    ("SLACK_API_URL", "slack_api_url", ("https", "http"), "https://slack.com/api/"),
)
LOOPBACK_NAMES = ("127.0.0.1", "::1", "localhost")

_DISCORD_TOKEN = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")
_SLACK_TOKEN_BODY = re.compile(r"^[A-Za-z0-9-]+$")


class SettingsError(StudybotError, ValueError):
    """The configuration cannot be used; `problems` holds one line per bad value."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"studybot cannot start: {len(self.problems)} configuration problem(s)\n{lines}")


@dataclass(frozen=True)
class Settings:
    """Every setting the operator can change. See the README's configuration table."""

    db_path: Path = Path("data/studybot.db")
    content_dir: Path = DEFAULT_CONTENT
    log_level: str = "INFO"
    log_format: str = "text"
    http_port: int = 3000
    grace_hours: float = 6.0
    discord_token: str | None = None
    discord_api_base: str | None = None
    discord_gateway_url: str | None = None
    discord_guild_id: str | None = None
    slack_bot_token: str | None = None
    slack_app_token: str | None = None
    slack_signing_secret: str | None = None
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    slack_api_url: str | None = None
    default_tz: str = "UTC"
    locale: str = "en"  # STUDYBOT_LOCALE: the default language (docs/i18n.md)
    secret_key: str | None = None
    public_url: str | None = None
    db_url: PostgresUrl | None = None  # set when STUDYBOT_DB is a postgresql:// URL
    discord_shards: ShardPlan | None = None  # DISCORD_SHARDS of DISCORD_SHARD_COUNT; None: one process
    grading_workers: int = 0  # STUDYBOT_GRADING_WORKERS, `auto` resolved (`bot run` grades with these)

    @property
    def dashboard_url(self) -> str:
        """The base of dashboard links: STUDYBOT_PUBLIC_URL, else this machine's HTTP port."""
        return (self.public_url or f"http://127.0.0.1:{self.http_port}").rstrip("/")

    @property
    def database(self) -> DatabaseTarget:
        """The database to use: the PostgreSQL URL when one is set, else the SQLite file."""
        return self.db_url or self.db_path

    @property
    def discord_enabled(self) -> bool:
        return bool(self.discord_token)

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token or (self.slack_client_id and self.slack_client_secret))

    def secrets(self) -> tuple[str, ...]:
        """Every secret value that is set (log redaction uses them)."""
        names = ("discord_token", "slack_bot_token", "slack_app_token", "slack_signing_secret",
                 "slack_client_secret", "secret_key")
        password = self.db_url.password if self.db_url else None
        return tuple(v for v in (*(getattr(self, n) for n in names), password) if v)

    def __repr__(self) -> str:
        shown = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value and f.name in {"discord_token", "slack_bot_token", "slack_app_token",
                                    "slack_signing_secret", "slack_client_secret", "secret_key"}:
                value = "<set>"
            shown.append(f"{f.name}={value!r}")
        return f"Settings({', '.join(shown)})"


def read_env_file(path: Path) -> dict[str, str]:
    """Parse a .env file: `KEY=value` lines, `#` comments, optional `export ` and matching quotes."""
    values: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        if key:
            values[key] = value
    return values


def environment(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The variables to configure from: `env` as given, or the process environment over the .env file."""
    if env is not None:
        return dict(env)
    merged: dict[str, str] = {}
    env_file = Path(os.environ.get("STUDYBOT_ENV_FILE", "").strip() or ".env")
    if env_file.is_file():
        merged.update(read_env_file(env_file))
    merged.update(os.environ)
    return merged


def parse_settings(env: Mapping[str, str]) -> tuple[Settings, list[str]]:
    """Settings from `env` plus one problem line per value that is not a number where one is needed."""
    problems: list[str] = []

    def get(name: str) -> str | None:
        value = (env.get(name) or "").strip()
        return value or None

    def number(name: str, default: float, kind: type) -> float:
        raw = get(name)
        if raw is None:
            return default
        try:
            return kind(raw)
        except ValueError:
            word = "a whole number" if kind is int else "a number"
            problems.append(f"{name}={raw!r} is not {word}; use e.g. {name}={kind(default)}")
            return default

    db_path, db_url = Path("data/studybot.db"), None
    try:
        target = parse_target(get("STUDYBOT_DB") or db_path)
    except DatabaseUrlError as exc:
        problems.append(str(exc))
    else:
        db_path, db_url = (db_path, target) if isinstance(target, PostgresUrl) else (target, None)
    shards = None
    shard_ids, shard_count = get("DISCORD_SHARDS"), get("DISCORD_SHARD_COUNT")
    if bool(shard_ids) != bool(shard_count):
        problems.append("DISCORD_SHARDS and DISCORD_SHARD_COUNT go together: set both, e.g. 0-3 and 8")
    elif shard_ids:
        try:
            shards = ShardPlan(parse_shard_ids(shard_ids), int(number("DISCORD_SHARD_COUNT", 1, int)))
        except ShardSpecError as exc:
            problems.append(f"DISCORD_SHARDS={shard_ids!r}: {exc}")
    settings = Settings(
        discord_shards=shards,
        db_path=db_path,
        db_url=db_url,
        content_dir=Path(get("STUDYBOT_CONTENT") or DEFAULT_CONTENT),
        log_level=(get("STUDYBOT_LOG_LEVEL") or "INFO").upper(),
        log_format=(get("STUDYBOT_LOG_FORMAT") or "text").lower(),
        http_port=int(number("STUDYBOT_HTTP_PORT", 3000, int)),
        grace_hours=float(number("STUDYBOT_GRACE_HOURS", 6.0, float)),
        grading_workers=_grading_workers(get("STUDYBOT_GRADING_WORKERS"), problems),
        discord_token=get("DISCORD_TOKEN"),
        discord_api_base=get("DISCORD_API_BASE"),
        discord_gateway_url=get("DISCORD_GATEWAY_URL"),
        discord_guild_id=get("DISCORD_GUILD_ID"),
        slack_bot_token=get("SLACK_BOT_TOKEN"),
        slack_app_token=get("SLACK_APP_TOKEN"),
        slack_signing_secret=get("SLACK_SIGNING_SECRET"),
        slack_client_id=get("SLACK_CLIENT_ID"),
        slack_client_secret=get("SLACK_CLIENT_SECRET"),
        slack_api_url=get("SLACK_API_URL"),
        default_tz=get("STUDYBOT_TZ") or "UTC",
        locale=(get("STUDYBOT_LOCALE") or "en").strip(),
        secret_key=get("STUDYBOT_SECRET_KEY"),
        public_url=get("STUDYBOT_PUBLIC_URL"),
    )
    return settings, problems


def _grading_workers(value: str | None, problems: list[str]) -> int:
    try:
        return parse_grading_workers(value)
    except ValueError as exc:
        problems.append(str(exc))
        return 0


def parse_grading_workers(value: str | None) -> int:
    """STUDYBOT_GRADING_WORKERS as a count (unset or `auto`: `auto_grading_workers()`); ValueError else."""
    text = (value or "auto").strip().lower()
    if text == "auto":
        return auto_grading_workers()
    if not text.isdigit() or int(text) > 64:
        raise ValueError(
            f"STUDYBOT_GRADING_WORKERS={value!r} must be a whole number from 0 to 64, or auto (1 worker "
            "with 2 or more CPU cores); 0 grades answers in the bot's own process"
        )
    return int(text)


def auto_grading_workers() -> int:
    """`auto`: one grading process beside the bot's when it may use 2 or more CPU cores, else none."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 1 if cores >= 2 else 0


def _token_problem(name: str, token: str | None, prefix: str | None) -> str | None:
    if token is None:
        return None
    if token.lower().startswith(("bot ", "bearer ")):
        return f"{name} starts with '{token.split()[0]}': set only the token itself, without the prefix"
    if any(ch.isspace() for ch in token) or token[0] in "'\"":
        return f"{name} contains spaces or quotes: paste the token exactly as the developer portal shows it"
    if prefix is None:
        if not _DISCORD_TOKEN.match(token):
            return (f"{name} is not shaped like a Discord bot token (three base64url parts joined by dots); "
                    "copy it from Developer Portal > your app > Bot > Reset Token")
        return None
    if not token.startswith(prefix) or not _SLACK_TOKEN_BODY.match(token[len(prefix):] or "!"):
        kinds = {"xoxb-": "bot token", "xapp-": "app-level token", "xoxp-": "user token",
                 "xoxe.": "refresh token"}
        found = next((k for k in kinds if token.startswith(k)), None)
        got = f"this looks like a {kinds[found]} ({found}...)" if found else "it does not"
        return (f"{name} must start with {prefix} and {got}; "
                f"copy the {kinds[prefix]} from the Slack app settings")
    return None


def is_loopback(host: str | None) -> bool:
    """True for localhost and loopback IP addresses (127.0.0.0/8, ::1)."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_problem(name: str, url: str | None, schemes: tuple[str, ...]) -> str | None:
    """`schemes` is (secure, plain): the plain one is allowed only to a loopback address."""
    if url is None:
        return None
    secure, plain = schemes
    try:
        parsed = urlparse(url)
        host = parsed.hostname
    except ValueError:
        parsed, host = None, None
    if parsed is None or parsed.scheme not in schemes or not parsed.netloc or not host:
        return f"{name}={url!r} is not a URL starting with {secure}:// (or {plain}:// to this machine)"
    if parsed.scheme == plain and not is_loopback(host):
        return (f"{name}={url!r} would send the bot token unencrypted to {host}: use {secure}://, "
                f"or {plain}:// only to {', '.join(LOOPBACK_NAMES)} (a local test server)")
    return None


def override_warnings(settings: Settings) -> list[str]:
    """One loud line per platform address that is overridden (doctor and start-up logs show them)."""
    notes = []
    for name, field, _, default in API_OVERRIDES:
        value = getattr(settings, field)
        if value and value.rstrip("/") != default.rstrip("/"):
            notes.append(f"{name} is set: the bot token and every request go to {value} instead of "
                         f"{default}; unset it unless you are testing against a local server")
    return notes


def validate(settings: Settings) -> list[str]:
    """One line per value that would stop studybot from working; an empty list means all is well."""
    s = settings
    problems: list[str] = []
    try:
        ZoneInfo(s.default_tz)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"STUDYBOT_TZ={s.default_tz!r} is not a known IANA timezone; use e.g. Europe/Berlin")
    if normalize(s.locale) is None:
        problems.append(f"STUDYBOT_LOCALE={s.locale!r} is not a language studybot ships; use one of "
                        f"{', '.join(shipped_locales())}")
    if not 1 <= s.http_port <= 65535:
        problems.append(f"STUDYBOT_HTTP_PORT={s.http_port} is out of range; use a port from 1 to 65535")
    if not 0 <= s.grace_hours <= 24:
        problems.append(f"STUDYBOT_GRACE_HOURS={s.grace_hours:g} must be between 0 and 24 hours")
    if s.log_level not in LOG_LEVELS:
        problems.append(f"STUDYBOT_LOG_LEVEL={s.log_level!r} is unknown; use one of {', '.join(LOG_LEVELS)}")
    if s.log_format not in LOG_FORMATS:
        problems.append(f"STUDYBOT_LOG_FORMAT={s.log_format!r} is unknown; use text or json")
    if s.db_url is None and s.db_path.is_dir():
        problems.append(f"STUDYBOT_DB={str(s.db_path)!r} is a directory; name a file, e.g. data/studybot.db")
    if not s.content_dir.is_dir():
        problems.append(f"STUDYBOT_CONTENT={str(s.content_dir)!r} is not a directory of content packs")
    if s.discord_shards is not None:
        problems += s.discord_shards.problems()
    if s.discord_guild_id is not None and not s.discord_guild_id.isdigit():
        problems.append(f"DISCORD_GUILD_ID={s.discord_guild_id!r} must be a numeric server id")
    for name, token, prefix in (
        ("DISCORD_TOKEN", s.discord_token, None),
        ("SLACK_BOT_TOKEN", s.slack_bot_token, "xoxb-"),
        ("SLACK_APP_TOKEN", s.slack_app_token, "xapp-"),
    ):
        problem = _token_problem(name, token, prefix)
        if problem:
            problems.append(problem)
    for name, field, schemes, _ in API_OVERRIDES:
        problem = _url_problem(name, getattr(s, field), schemes)
        if problem:
            problems.append(problem)
    public = urlparse(s.public_url or "http://localhost")
    if public.scheme not in ("https", "http") or not public.netloc or public.query or public.fragment:
        problems.append(f"STUDYBOT_PUBLIC_URL={s.public_url!r} is not a base URL; use e.g. "
                        "https://studybot.example.org (no query or #fragment)")
    if s.secret_key is not None and key_problem(s.secret_key):
        problems.append(f"STUDYBOT_SECRET_KEY {key_problem(s.secret_key)}; {GENERATE_HINT}")
    if s.db_url is not None and s.slack_enabled and s.secret_key is None:
        problems.append("STUDYBOT_SECRET_KEY must be set with a PostgreSQL STUDYBOT_DB and Slack: every "
                        f"process sharing the database encrypts Slack tokens with it; {GENERATE_HINT}")
    if bool(s.slack_client_id) != bool(s.slack_client_secret):
        problems.append("SLACK_CLIENT_ID and SLACK_CLIENT_SECRET go together: set both or neither")
    if s.slack_app_token and not s.slack_enabled:
        problems.append("SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not: Socket Mode needs both")
    if s.slack_enabled and not (s.slack_app_token or s.slack_signing_secret):
        problems.append("Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)")
    return problems


def unknown_variables(env: Mapping[str, str]) -> list[str]:
    """Warnings for STUDYBOT_/DISCORD_/SLACK_ variables studybot does not read (likely typos)."""
    notes = []
    for name in sorted(env):
        if name.startswith(("STUDYBOT_", "DISCORD_", "SLACK_")) and name not in VARIABLE_NAMES:
            close = difflib.get_close_matches(name, VARIABLE_NAMES, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            notes.append(f"{name} is not a studybot setting and is ignored{hint}")
    return notes


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read and validate settings from `env` (default: the process environment over .env).

    Raises SettingsError listing every bad value, one line each.
    """
    settings, problems = parse_settings(environment(env))
    problems += validate(settings)
    if problems:
        raise SettingsError(problems)
    return settings
