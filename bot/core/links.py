"""Signed, expiring dashboard links: which community's pages a token opens, and whose member page.

A token is `<payload>.<signature>`, both URL-safe base64 without padding. The payload is the JSON
list `[1, platform, community id, member user id or null, expiry as Unix seconds]`; the signature
is HMAC-SHA256 of the payload text under a key derived from the bot's secret key. A token with no
member (scope "community", what admins get) opens every page of its community; a member token
(scope "member") opens that member's own page and the community's public boards.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.core.errors import InvalidInput, NotAllowed
from bot.core.i18n import N_, _
from bot.core.models import Platform

DEFAULT_TTL = timedelta(hours=24)
MAX_TTL = timedelta(days=31)
MAX_TOKEN_CHARS = 1024
TTL_WORD = re.compile(r"^([0-9]{1,6})([mhd])$", re.ASCII)
TTL_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


class LinkRefused(NotAllowed):
    """A dashboard token that is missing, tampered with, expired or for another community."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason  # "missing" | "tampered" | "expired" | "community" | "member"


@dataclass(frozen=True)
class LinkScope:
    """What one token opens: a community, and (for a member token) that member's own page."""

    platform: Platform
    community_id: str
    member_id: str | None
    expires: datetime

    @property
    def kind(self) -> str:
        """`community` (every page, admins) or `member` (own page and the public boards)."""
        return "community" if self.member_id is None else "member"

    def may_see_member(self, user_id: str) -> bool:
        """True for a community token, or a member token of that very member."""
        return self.member_id is None or self.member_id == user_id


@dataclass(frozen=True)
class DashboardLink:
    """A link to hand to someone: the URL, its scope ("community" or "member") and when it expires."""

    url: str
    scope: str
    expires: datetime


def parse_ttl(text: str | None) -> timedelta:
    """`30m`, `1h`, `7d` -> a lifetime from 1 minute to 31 days; the default (24 h) when empty."""
    if not text or not text.strip():
        return DEFAULT_TTL
    match = TTL_WORD.match(text.strip().lower())
    ttl = timedelta(**{TTL_UNITS[match.group(2)]: int(match.group(1))}) if match else None
    if ttl is None or not timedelta(minutes=1) <= ttl <= MAX_TTL:
        raise InvalidInput(
            _("`{value}` is not a link lifetime; use minutes, hours or days such as 30m, 1h or 7d "
              "(from 1 minute to 31 days).").format(value=text[:40])
        )
    return ttl


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


HOW_TO_RENEW = N_(
    "Ask for a new link: admins type `/studybot dashboard` in a channel of the server or workspace, "
    "members type `/progress`; at a terminal, `studybot dashboard link --community ID` prints one."
)


def renew() -> str:
    """How to get a new dashboard link, in the current language."""
    return _(HOW_TO_RENEW)


class LinkSigner:
    """Signs and checks dashboard tokens under one key (derived from the bot's secret key)."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("a link signing key needs at least 16 bytes")
        self._key = key

    def _mac(self, payload: str) -> str:
        return _b64(hmac.new(self._key, payload.encode("ascii"), hashlib.sha256).digest())

    def sign(self, scope: LinkScope) -> str:
        """The token for `scope`."""
        body = [
            1,
            Platform(scope.platform).value,
            scope.community_id,
            scope.member_id,
            int(scope.expires.timestamp()),
        ]
        payload = _b64(json.dumps(body, separators=(",", ":")).encode("utf-8"))
        return f"{payload}.{self._mac(payload)}"

    def verify(self, token: str | None, now: datetime) -> LinkScope:
        """The scope of a genuine, unexpired token; LinkRefused saying why not otherwise."""
        if not token:
            raise LinkRefused("missing", _("This page needs a dashboard link with its key.") + " " + renew())
        payload, _sep, signature = token.partition(".")
        good = len(token) <= MAX_TOKEN_CHARS and token.isascii() and signature
        if not good or not hmac.compare_digest(self._mac(payload), signature):
            raise LinkRefused(
                "tampered",
                _("This dashboard link is not valid (it was changed or cut short).") + " " + renew(),
            )
        try:
            version, platform, community, member, expires = json.loads(_unb64(payload))
            scope = LinkScope(
                Platform(platform),
                str(community),
                None if member is None else str(member),
                datetime.fromtimestamp(int(expires), UTC),
            )
        except (ValueError, TypeError, binascii.Error, OverflowError, OSError):
            raise LinkRefused("tampered", _("This dashboard link is not valid.") + " " + renew()) from None
        if version != 1:
            raise LinkRefused("tampered", _("This dashboard link is from another version.") + " " + renew())
        if scope.expires <= now:
            raise LinkRefused(
                "expired",
                _("This dashboard link expired on {when} UTC.").format(when=f"{scope.expires:%Y-%m-%d %H:%M}")
                + " " + _(HOW_TO_RENEW),
            )
        return scope
