"""HTML building blocks of the dashboard: escaping, the page layout, tables and chart images.

Pages are plain HTML with one inline stylesheet: no script, no web font, nothing loaded from
elsewhere (charts are PNG data URIs), so a page works offline and with JavaScript off. Every value
is escaped unless it is `Raw` markup built here.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from html import escape
from urllib.parse import urlencode

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#212529;
background:#f8f9fa}
header{background:#1f3b63;color:#fff;padding:.8rem 1.2rem}header a{color:#fff;margin-right:1rem}
header strong{margin-right:1.5rem}main{max-width:1100px;margin:0 auto;padding:1rem 1.2rem 3rem}
section{background:#fff;border:1px solid #dee2e6;border-radius:6px;padding:1rem;margin:1rem 0}
.pair{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}.pair>*{flex:1 1 420px;min-width:0}
img.chart{max-width:100%;height:auto;border:1px solid #e9ecef}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{padding:.3rem .5rem;border-bottom:1px solid #e9ecef;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.3rem 0}.muted{color:#6c757d}
form{margin:.5rem 0}label{margin-right:.8rem}a{color:#1f5fbf}.me{font-weight:700}
.scroll{max-height:420px;overflow:auto}
""".strip()


class Raw(str):
    """Markup that is already safe (built by this module)."""


def e(value: object) -> str:
    """`value` as escaped HTML text, or as is when it is `Raw`."""
    return value if isinstance(value, Raw) else escape(str(value))


def link(href: str, text: object, **query: str) -> Raw:
    """An anchor; `query` is appended as URL parameters."""
    target = f"{href}?{urlencode(query)}" if query else href
    return Raw(f'<a href="{escape(target)}">{e(text)}</a>')


def table(
    caption: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    numeric: Sequence[int] = (),
    empty: str = "Nothing yet.",
) -> Raw:
    """A table with a caption; columns listed in `numeric` are right-aligned."""
    head = "".join(
        f'<th scope="col"{" class=n" if i in numeric else ""}>{e(h)}</th>' for i, h in enumerate(headers)
    )
    body = []
    for row in rows:
        cells = "".join(f"<td{' class=n' if i in numeric else ''}>{e(v)}</td>" for i, v in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(headers)}" class="muted">{e(empty)}</td></tr>')
    return Raw(
        f'<div class="scroll"><table><caption>{e(caption)}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def chart(png: bytes, alt: str) -> Raw:
    """A chart image inlined as a data URI (no second request, nothing external)."""
    data = base64.b64encode(png).decode("ascii")
    return Raw(f'<img class="chart" src="data:image/png;base64,{data}" alt="{escape(alt)}">')


def section(heading: str, *parts: object, pair: bool = False) -> Raw:
    """A titled box; with `pair` the parts (a chart and its table) sit side by side when there is room."""
    inner = "".join(e(p) for p in parts)
    if pair:
        inner = f'<div class="pair">{"".join(f"<div>{e(p)}</div>" for p in parts)}</div>'
    return Raw(f"<section><h2>{e(heading)}</h2>{inner}</section>")


def paragraph(text: object, muted: bool = False) -> Raw:
    return Raw(f"<p{' class=muted' if muted else ''}>{e(text)}</p>")


def page(heading: str, nav: Sequence[Raw], *parts: object, note: str = "") -> str:
    """A whole HTML document."""
    menu = " ".join(nav)
    foot = f'<p class="muted">{e(note)}</p>' if note else ""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{e(heading)} · studybot</title><style>{STYLE}</style></head>"
        f"<body><header><strong>studybot</strong>{menu}</header><main><h1>{e(heading)}</h1>"
        f"{''.join(e(p) for p in parts)}{foot}</main></body></html>"
    )


def percent(part: float, whole: float) -> str:
    """`42%` (or `–` when there is nothing to divide)."""
    return f"{part / whole:.0%}" if whole else "–"
