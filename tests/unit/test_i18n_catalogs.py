"""The translation catalogs and their tooling: complete German and Spanish, placeholders that match,
`studybot i18n extract` keeping translations, `studybot i18n check` failing on what is missing."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from bot import catalogs
from bot.core.grade_notes import TEMPLATES, translate_note
from bot.core.i18n import format_number, format_percent, ngettext, shipped_locales, use_locale
from bot.core.wording import count

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_languages_are_complete_with_matching_placeholders():
    reports = catalogs.check()
    assert {(r.part, r.language) for r in reports} >= {("core", "de"), ("core", "es")}
    for report in reports:
        assert report.complete, (report.language, report.part, report.untranslated[:5], report.fuzzy[:5],
                                 report.placeholders[:5])
        assert not report.unused, (report.language, report.part, report.unused[:5])
    assert shipped_locales() == ("de", "en", "es")


def test_the_check_command_passes_and_no_compiled_catalog_is_committed():
    done = subprocess.run([sys.executable, "-m", "bot", "i18n", "check"], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "de/core: " in done.stdout and "complete" in done.stdout
    tracked = subprocess.run(["git", "ls-files", "bot/locales"], capture_output=True, text=True, cwd=ROOT)
    assert not [f for f in tracked.stdout.split() if f.endswith(".mo")]


def test_every_catalog_is_package_data_so_an_installed_wheel_translates():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["bot"]
    files = sorted(p.relative_to(ROOT / "bot").as_posix() for p in (ROOT / "bot" / "locales").rglob("*.po*"))
    assert "locales/de/core.po" in files and "locales/core.pot" in files
    missing = [f for f in files if not any(fnmatch(f, pattern) for pattern in patterns)]
    assert not missing, f"add these to [tool.setuptools.package-data]: {missing}"


def _tree(tmp_path: Path, source: str) -> tuple[Path, Path]:
    root = tmp_path / "bot"
    (root / "core").mkdir(parents=True)
    (root / "frontends" / "web" / "templates").mkdir(parents=True)
    (root / "core" / "replies.py").write_text(source, encoding="utf-8")
    (root / "frontends" / "web" / "templates" / "page.html").write_text(
        '<p>{{ _("Welcome back, %(name)s.", name=who) }}</p>', encoding="utf-8")
    locales = root / "locales"
    (locales / "de").mkdir(parents=True)
    return root, locales


def _translate(path: Path, language: str, table: dict[str, str]) -> None:
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    for message in catalog:
        if message.id in table:
            message.string = table[message.id]
    with path.open("wb") as handle:
        write_po(handle, catalog)


SOURCE = '''
from bot.core.i18n import N_, _, ngettext
LABEL = N_("Daily question")
def reply(name, n):
    return _("Hello {name}, welcome to the study group.").format(name=name), ngettext(
        "{n} answer", "{n} answers", n)
'''


def test_extract_writes_templates_and_keeps_translations_marking_changed_ones_fuzzy(tmp_path):
    root, locales = _tree(tmp_path, SOURCE)
    catalogs.extract_all(locales, root)
    template = (locales / "core.pot").read_text(encoding="utf-8")
    for wanted in ("Daily question", "Hello {name}, welcome to the study group.", "{n} answers",
                   "Welcome back, %(name)s."):
        assert f'"{wanted}"' in template
    _translate(locales / "de" / "core.po", "de", {
        "Daily question": "Tägliche Frage",
        "Hello {name}, welcome to the study group.": "Hallo {name}, willkommen in der Lerngruppe.",
        "Welcome back, %(name)s.": "Willkommen zurück, %(name)s."})
    (root / "core" / "replies.py").write_text(
        SOURCE.replace("welcome to the study group.", "welcome to the study group!"), encoding="utf-8")
    catalogs.extract_all(locales, root)
    with (locales / "de" / "core.po").open("rb") as handle:
        catalog = read_po(handle, locale="de")
    assert catalog["Daily question"].string == "Tägliche Frage" and not catalog["Daily question"].fuzzy
    changed = catalog["Hello {name}, welcome to the study group!"]
    assert changed.fuzzy and changed.string == "Hallo {name}, willkommen in der Lerngruppe."
    assert "Hello {name}, welcome to the study group." not in catalog  # the old wording is dropped


def test_check_reports_untranslated_fuzzy_unused_and_placeholder_mismatches(tmp_path):
    root, locales = _tree(tmp_path, SOURCE)
    catalogs.extract_all(locales, root)
    _translate(locales / "de" / "core.po", "de", {
        "Daily question": "Tägliche Frage",
        "Hello {name}, welcome to the study group.": "Hallo {nom}, willkommen in der Lerngruppe.",
        "Welcome back, %(name)s.": "Willkommen zurück."})
    (root / "core" / "replies.py").write_text(SOURCE.replace('N_("Daily question")', 'N_("Daily quiz")'),
                                              encoding="utf-8")
    [core, _chat] = catalogs.check(locales, root)
    assert not core.complete
    assert core.untranslated == ["Daily quiz", "{n} answer"]
    assert core.unused == ["Daily question"]
    assert len(core.placeholders) == 2
    assert "msgid has ['name'], msgstr has ['nom']" in core.placeholders[0]
    assert "msgid has ['name'], msgstr has []" in core.placeholders[1]


@pytest.mark.parametrize("language", ["de", "es"])
def test_every_grader_note_template_is_shown_translated(language):
    with use_locale(language):
        for template in TEMPLATES:
            note = template.format(names="x; y", parts="x", language="English", answer="42")
            shown = translate_note(note)
            assert shown != note, f"{language}: {note!r} was shown in English"
        joined = translate_note("This says the opposite of a key point. This is very short; a full answer "
                                "explains the main points in a sentence or two.")
        assert joined.count(".") == 2 and "key point" not in joined


def test_choice_notes_keep_their_options_and_translate_the_marks():
    note = "2. Adam (right): it adapts the step size. 3. SGD (not right): plain steps. The answer is 2."
    with use_locale("de"):
        assert translate_note(note) == ("2. Adam (richtig): it adapts the step size. 3. SGD (falsch): plain "
                                        "steps. Die Antwort lautet 2.")
    assert translate_note(note) == note  # English passes through unchanged


def test_counts_numbers_and_percentages_follow_the_language():
    assert count(1234, "answer") == "1,234 answers" and count(1, "point") == "1 point"
    with use_locale("de"):
        assert count(1234, "answer") == "1.234 Antworten" and count(1, "point") == "1 Punkt"
        assert format_number(1234.5, digits=1) == "1.234,5" and format_percent(0.86) == "86\xa0%"
    with use_locale("es"):
        assert count(2, "member") == "2 miembros"
        assert ngettext("{n} freeze", "{n} freezes", 1).format(n=1) == "1 congelación"
