"""The message catalogs as files: extract each part's strings into its ``.pot``, update every language's
``.po`` from it, and check the translations (untranslated, fuzzy, unused, placeholders that differ).

A *part* is a slice of the code base with its own template and catalogs, so two people can translate
different frontends at once: ``core`` (every module but the Discord and Slack frontends, plus the
dashboard templates) and ``chat`` (the Discord and Slack frontends). At run time every ``.po`` of a
language is merged (:mod:`bot.core.i18n`); the split exists only for the files.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent  # the `bot` package
LOCALES = ROOT / "locales"
CHAT_FOLDERS = ("frontends/discord", "frontends/slack")
TEMPLATES = "frontends/web/templates"
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)}
PROJECT = "studybot"
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)?(?:[!:][^{}]*)?\}|%\(([A-Za-z_][A-Za-z0-9_]*)\)[sdfr]")


@dataclass(frozen=True)
class Part:
    """A slice of the code base with its own ``<name>.pot`` and ``<language>/<name>.po``."""

    name: str
    description: str

    def owns(self, relative: str) -> bool:
        inside_chat = any(relative.startswith(folder + "/") for folder in CHAT_FOLDERS)
        return inside_chat if self.name == "chat" else not inside_chat

    def sources(self, root: Path = ROOT) -> Iterator[tuple[Path, str]]:
        """Every file of this part with its extraction method (``python`` or the Jinja2 extractor)."""
        for path in sorted(root.rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if not relative.startswith("locales/") and self.owns(relative):
                yield path, "python"
        if self.name == "core":
            for path in sorted((root / TEMPLATES).glob("*.html")):
                yield path, "jinja2.ext:babel_extract"

    def template_path(self, locales: Path = LOCALES) -> Path:
        return locales / f"{self.name}.pot"

    def catalog_path(self, language: str, locales: Path = LOCALES) -> Path:
        return locales / language / f"{self.name}.po"


PARTS = (
    Part("core", "core, console, dashboard, content and command line"),
    Part("chat", "Discord and Slack frontends"),
)


def extract(part: Part, root: Path = ROOT) -> Catalog:
    """A fresh template of every marked string of ``part`` (with file and line of each use)."""
    template = Catalog(project=PROJECT, fuzzy=False)
    for path, method in part.sources(root):
        options = {"extensions": "jinja2.ext.i18n", "trimmed": "true"} if method != "python" else {}
        relative = path.relative_to(root.parent).as_posix()
        for line, message, comments, context in _extract(method, path, options):
            template.add(message, None, [(relative, line)], auto_comments=comments, context=context)
    return template


def _extract(method: str, path: Path, options: dict[str, str]) -> list[tuple]:
    return list(extract_from_file(method, str(path), keywords=KEYWORDS, options=options,
                                  strip_comment_tags=True))


def languages(locales: Path = LOCALES) -> list[str]:
    """Every language with a catalog folder (English, the source, has none)."""
    if not locales.is_dir():
        return []
    return sorted(p.name for p in locales.iterdir() if p.is_dir() and not p.name.startswith("."))


def load(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def save(catalog: Catalog, path: Path) -> bool:
    """Write a catalog (without dates, so an unchanged catalog leaves the file unchanged); True when the
    file changed."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, ignore_obsolete=True,
             include_previous=False, sort_output=False)
    text = _without_dates(buffer.getvalue())
    if path.is_file() and path.read_bytes() == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text)
    return True


def _without_dates(data: bytes) -> bytes:
    return re.sub(rb'"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"\n', b"", data)


@dataclass
class ExtractResult:
    part: str
    messages: int
    written: list[Path] = field(default_factory=list)


def extract_all(
    locales: Path = LOCALES, root: Path = ROOT, wanted: list[str] | None = None
) -> list[ExtractResult]:
    """Write each part's ``.pot`` and bring every language's ``.po`` up to it: new strings empty,
    changed ones fuzzy (with the old translation as a starting point), removed ones dropped."""
    results = []
    for part in PARTS:
        template = extract(part, root)
        result = ExtractResult(part.name, len([m for m in template if m.id]))
        if not result.messages and not part.template_path(locales).exists():
            results.append(result)
            continue
        if save(template, part.template_path(locales)):
            result.written.append(part.template_path(locales))
        for language in wanted or languages(locales):
            path = part.catalog_path(language, locales)
            if path.is_file():
                catalog = load(path, language)
            else:
                catalog = Catalog(locale=language, project=PROJECT, fuzzy=False)
            catalog.update(template, update_header_comment=False)
            catalog.fuzzy = False
            if save(catalog, path):
                result.written.append(path)
        results.append(result)
    return results


@dataclass
class Report:
    """What is wrong with one language's catalog of one part."""

    part: str
    language: str
    total: int = 0
    missing_file: bool = False
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (self.missing_file or self.untranslated or self.fuzzy or self.placeholders)


def placeholders(text: str) -> set[str]:
    """The named placeholders of a message: ``{name}`` and ``%(name)s``; positional ``{}`` as ``{}``."""
    return {a or b or "{}" for a, b in PLACEHOLDER.findall(text)}


def _ids(message: Message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _strings(message: Message) -> tuple[str, ...]:
    if isinstance(message.string, tuple | list):
        return tuple(message.string)
    return (message.string or "",)


def check(locales: Path = LOCALES, root: Path | None = ROOT) -> list[Report]:
    """One report per part and language. The strings come from the sources when they are there
    (so a string nobody extracted yet counts as untranslated), else from the part's ``.pot``."""
    reports = []
    for part in PARTS:
        if root is not None and root.is_dir():
            template = extract(part, root)
        elif part.template_path(locales).is_file():
            template = load(part.template_path(locales))
        else:
            continue
        wanted = {m.id: m for m in template if m.id}
        for language in languages(locales):
            report = Report(part.name, language, total=len(wanted))
            path = part.catalog_path(language, locales)
            if not path.is_file():
                report.missing_file = bool(wanted)
                report.untranslated = [_ids(m)[0] for m in wanted.values()]
                reports.append(report)
                continue
            catalog = load(path, language)
            for key, source in wanted.items():
                found = catalog.get(key)
                if found is None or not all(_strings(found)) or not any(_strings(found)):
                    report.untranslated.append(_ids(source)[0])
                    continue
                if found.fuzzy:
                    report.fuzzy.append(_ids(source)[0])
                want = set().union(*(placeholders(i) for i in _ids(source)))
                for text in _strings(found):
                    have = placeholders(text)
                    if have != want and not (have <= want and len(_ids(source)) > 1):
                        report.placeholders.append(
                            f"{_ids(source)[0]!r}: msgid has {sorted(want)}, msgstr has {sorted(have)}"
                        )
                        break
            report.unused = [_ids(m)[0] for m in catalog if m.id and m.id not in wanted]
            report.unused += [_ids(m)[0] for m in catalog.obsolete.values()]
            reports.append(report)
    return reports
