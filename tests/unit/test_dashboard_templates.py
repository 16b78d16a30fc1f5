"""The dashboard's Jinja2 templates: shipped in the wheel, autoescaped, and free of anything external."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime
from fnmatch import fnmatch
from pathlib import Path

from bot.core.links import LinkScope
from bot.core.models import Platform
from bot.frontends.web import pages

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "bot" / "frontends" / "web" / "templates"


def test_every_template_is_package_data_so_an_installed_wheel_has_it():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["bot.frontends.web"]
    files = sorted(p.relative_to(TEMPLATES.parent).as_posix() for p in TEMPLATES.iterdir())
    assert files and "templates/base.html" in files
    missing = [f for f in files if not any(fnmatch(f, pattern) for pattern in patterns)]
    assert not missing, f"add these to [tool.setuptools.package-data]: {missing}"


def test_templates_load_nothing_from_elsewhere_and_run_no_script():
    for template in TEMPLATES.iterdir():
        text = template.read_text(encoding="utf-8")
        assert "<script" not in text.lower() and "@import" not in text and "url(" not in text, template
        assert not re.search(r"(src|href)=\"(https?:)?//", text), template


def test_values_from_the_database_are_escaped_in_text_and_in_links():
    scope = LinkScope(Platform.DISCORD, "1", '"><script>x</script>', datetime(2026, 3, 2, tzinfo=UTC))
    where = pages.Where("/dashboard/discord/1/", "a&b", scope)
    page = pages.refused("<img src=x onerror=alert(1)> & more")
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt; &amp; more" in page
    rounds = pages.rounds((), where)
    assert "<script>x" not in rounds
    assert 'href="/dashboard/discord/1/member/%22%3E%3Cscript%3Ex%3C%2Fscript%3E?t=a%26b"' in rounds
