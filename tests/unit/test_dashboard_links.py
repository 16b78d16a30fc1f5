"""Signed dashboard links: genuine tokens open their scope; changed, expired or missing ones are refused."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.errors import InvalidInput
from bot.core.links import LinkRefused, LinkScope, LinkSigner, parse_ttl
from bot.core.models import Platform

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SIGNER = LinkSigner(b"unit-test-key-for-dashboard-link")


def scope(member: str | None = None, hours: int = 24) -> LinkScope:
    return LinkScope(Platform.DISCORD, "123", member, NOW + timedelta(hours=hours))


def refusal(token: str | None, now: datetime = NOW) -> str:
    with pytest.raises(LinkRefused) as caught:
        SIGNER.verify(token, now)
    assert "new link" in str(caught.value) or "Ask for" in str(caught.value)
    return caught.value.reason


def test_a_signed_token_opens_its_own_scope():
    opened = SIGNER.verify(SIGNER.sign(scope("U1")), NOW)
    assert opened == scope("U1")
    assert opened.kind == "member" and opened.may_see_member("U1") and not opened.may_see_member("U2")


def test_a_community_token_sees_every_member():
    opened = SIGNER.verify(SIGNER.sign(scope()), NOW)
    assert opened.kind == "community" and opened.may_see_member("anyone")


def test_a_changed_payload_with_the_old_signature_is_refused():
    _payload, _, signature = SIGNER.sign(scope("U1")).partition(".")
    forged = json.dumps([1, "discord", "123", None, int((NOW + timedelta(days=30)).timestamp())])
    forged_payload = base64.urlsafe_b64encode(forged.encode()).rstrip(b"=").decode()
    assert refusal(f"{forged_payload}.{signature}") == "tampered"


def test_a_changed_signature_or_a_cut_token_is_refused():
    token = SIGNER.sign(scope())
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert refusal(flipped) == "tampered"
    assert refusal(token[: len(token) // 2]) == "tampered"
    assert refusal("not a token at all ✓") == "tampered"
    assert refusal("x" * 5000) == "tampered"


def test_a_token_signed_with_another_key_is_refused():
    other = LinkSigner(b"another-key-another-key-another!")
    assert refusal(other.sign(scope())) == "tampered"


def test_an_expired_token_is_refused_with_its_expiry():
    token = SIGNER.sign(scope(hours=1))
    with pytest.raises(LinkRefused, match="expired on 2026-03-02 10:00 UTC") as caught:
        SIGNER.verify(token, NOW + timedelta(hours=1, seconds=1))
    assert caught.value.reason == "expired"


def test_a_missing_token_is_refused():
    assert refusal(None) == "missing"
    assert refusal("") == "missing"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", timedelta(hours=24)),
        (None, timedelta(hours=24)),
        ("30m", timedelta(minutes=30)),
        ("1h", timedelta(hours=1)),
        ("7D", timedelta(days=7)),
        ("31d", timedelta(days=31)),
    ],
)
def test_link_lifetimes_are_read_in_minutes_hours_or_days(text, expected):
    assert parse_ttl(text) == expected


@pytest.mark.parametrize("text", ["0m", "32d", "1y", "-1h", "1.5h", "h", "99999999999d", "١h"])
def test_odd_link_lifetimes_are_refused_with_examples(text):
    with pytest.raises(InvalidInput, match="30m, 1h or 7d"):
        parse_ttl(text)
