"""What `STUDYBOT_DB` (or `--db`) names: a SQLite file, or a PostgreSQL database by URL.

A plain path or `sqlite:///relative/path` (`sqlite:////absolute/path`) keeps the embedded SQLite
store; `postgresql://user[:password]@host[:port]/database[?options]` (or `postgres://`) selects the
PostgreSQL store that several processes can share. `describe` never shows a password.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from bot.core.errors import StudybotError

POSTGRES_SCHEMES = ("postgresql", "postgres")
EXAMPLE_URL = "postgresql://studybot@127.0.0.1:5432/studybot"


class DatabaseUrlError(StudybotError, ValueError):
    """`STUDYBOT_DB` names neither a file nor a usable PostgreSQL URL; the message says how to fix it."""


@dataclass(frozen=True, repr=False)
class PostgresUrl:
    """A PostgreSQL connection URL (passed to libpq as written)."""

    url: str

    @property
    def describe(self) -> str:
        """The URL with any password replaced by ***, for messages and logs."""
        parts = urlsplit(self.url)
        if parts.password is None:
            return self.url
        host = parts.netloc.rsplit("@", 1)[1]
        user = parts.username or ""
        return urlunsplit((parts.scheme, f"{user}:***@{host}", parts.path, parts.query, parts.fragment))

    @property
    def database(self) -> str:
        return unquote(urlsplit(self.url).path.lstrip("/"))

    @property
    def password(self) -> str | None:
        """The password in the URL, if any (log redaction hides it)."""
        found = urlsplit(self.url).password
        return unquote(found) if found else None

    def __str__(self) -> str:
        return self.describe

    def __repr__(self) -> str:
        return f"PostgresUrl({self.describe!r})"


DatabaseTarget = Path | PostgresUrl


def is_postgres(target: object) -> bool:
    return isinstance(target, PostgresUrl)


def parse_target(text: str | Path) -> DatabaseTarget:
    """The SQLite path or PostgreSQL URL named by `text`; DatabaseUrlError when it is neither."""
    if isinstance(text, Path | PostgresUrl):
        return text
    raw = str(text).strip()
    scheme = raw.split("://", 1)[0].lower() if "://" in raw else ""
    if not scheme:
        return Path(raw)
    if scheme == "sqlite":
        rest = raw.split("://", 1)[1]
        if not rest.startswith("/") or rest == "/":
            raise DatabaseUrlError(
                f"STUDYBOT_DB={raw!r}: a SQLite URL is sqlite:///relative/path.db or "
                "sqlite:////absolute/path.db (or just write the path)"
            )
        return Path(rest[1:])
    if scheme in POSTGRES_SCHEMES:
        return _postgres(raw)
    raise DatabaseUrlError(
        f"STUDYBOT_DB={_redacted(raw)!r} uses the unknown scheme {scheme}://; use a file path "
        f"(data/studybot.db) for SQLite or a URL like {EXAMPLE_URL} for PostgreSQL"
    )


def _postgres(raw: str) -> PostgresUrl:
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        raise DatabaseUrlError(
            f"STUDYBOT_DB={_redacted(raw)!r} is not a valid URL ({exc}); write it like {EXAMPLE_URL}"
        ) from None
    found = PostgresUrl(raw)
    if not parts.hostname and "host=" not in parts.query:
        raise DatabaseUrlError(f"STUDYBOT_DB={found.describe!r} names no server; write it like {EXAMPLE_URL}")
    if not found.database:
        raise DatabaseUrlError(
            f"STUDYBOT_DB={found.describe!r} names no database; add it after the host, e.g. {EXAMPLE_URL}"
        )
    return found


def _redacted(raw: str) -> str:
    head, sep, tail = raw.rpartition("@")
    if not sep or ":" not in head.split("://", 1)[-1]:
        return raw
    scheme, _, userinfo = head.partition("://")
    return f"{scheme}://{userinfo.split(':', 1)[0]}:***@{tail}"
