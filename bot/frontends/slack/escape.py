"""Make user and content text safe for Slack mrkdwn, and fit text into Block Kit's length limits."""

from __future__ import annotations

SECTION_TEXT = 3000
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
CONTEXT_TEXT = 3000
MODAL_TITLE = 24  # also a modal's submit and close texts
INPUT_LABEL = 2000
INPUT_HINT = 2000
PLACEHOLDER = 150
PRIVATE_METADATA = 3000
MESSAGE_BLOCKS = 50
MODAL_BLOCKS = 100
FALLBACK_TEXT = 3000
ELLIPSIS = "…"


def escape(text: str) -> str:
    """Escape `&`, `<` and `>` so `<!channel>`, `<!here>`, `<@U…>` or `<!subteam^…>` never ping.

    Slack reads those sequences only between angle brackets; escaped, they show as typed.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def truncate(text: str, limit: int) -> str:
    """Cut `text` to at most `limit` characters, ending with an ellipsis when it was cut.

    An escape entity (`&amp;`, `&lt;`, `&gt;`) is never split in half.
    """
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:] and len(cut) - amp < 5:
        cut = cut[:amp]
    return cut + ELLIPSIS


def safe(text: str, limit: int = SECTION_TEXT) -> str:
    """Escape, then truncate: the form every piece of user or content text takes in mrkdwn."""
    return truncate(escape(text), limit)


def plain(text: str, limit: int) -> str:
    """Plain-text fields (button labels, modal titles) are not parsed for mentions; only trimmed."""
    text = " ".join(text.split()) or "-"
    return truncate(text, limit)
