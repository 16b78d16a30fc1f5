"""A pack's `language:`: read by the loader, checked by the schema, shown by `content show`, and the
grader's note when a reply is written in another language than its question's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.content.loader import check_pack_text, load_bank, load_pack
from bot.core.grade_notes import shown_grade
from bot.core.grading import grade
from bot.core.i18n import use_locale

ROOT = Path(__file__).resolve().parents[2]
GERMAN_PACK = """
id: grundlagen
title: Grundlagen neuronaler Netze
version: "1.0.0"
language: de
license: CC-BY-4.0
source: Für die Tests von studybot geschrieben
questions:
  - id: gr-01
    prompt: Was berechnet ein einzelnes künstliches Neuron?
    difficulty: beginner
    topics: [neuronen]
    answer: >
      Eine gewichtete Summe der Eingaben plus einen Bias, die durch eine nichtlineare
      Aktivierungsfunktion geführt wird.
    key_points:
      - text: eine gewichtete Summe der Eingaben plus Bias
        phrases: [gewichtete Summe, Summe der Eingaben]
      - text: eine nichtlineare Aktivierungsfunktion wird angewandt
        phrases: [Aktivierungsfunktion, nichtlinear]
"""
ENGLISH_REPLY = ("It is the weighted sum of the inputs and the bias, and then it is passed through an "
                 "activation function that is not linear.")


def _german(tmp_path: Path) -> Path:
    path = tmp_path / "grundlagen.yaml"
    path.write_text(GERMAN_PACK, encoding="utf-8")
    return path


def test_the_seed_packs_declare_english_and_a_pack_without_language_is_english():
    bank = load_bank([ROOT / "content"])
    assert {p.language for p in bank.packs} == {"en"}
    assert all(q.language == "en" for q in bank.questions())
    basics = load_pack(ROOT / "tests" / "fixtures" / "content" / "good" / "basics.yaml")
    assert basics.language == "en"


def test_a_german_pack_is_loaded_as_german(tmp_path):
    pack = load_pack(_german(tmp_path))
    assert pack.language == "de" and pack.questions[0].language == "de"


def test_a_language_that_is_not_a_code_is_refused_by_the_schema():
    problems = check_pack_text(GERMAN_PACK.replace("language: de", "language: German"), "grundlagen.yaml")
    assert any("language" in str(p) for p in problems), problems


def test_content_show_prints_the_pack_language(tmp_path):
    done = subprocess.run([sys.executable, "-m", "bot", "content", "show", "grundlagen", "--content",
                           str(_german(tmp_path))], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Language: de" in done.stdout


def test_an_english_reply_to_a_german_question_gets_a_note_in_the_readers_language(tmp_path):
    question = load_pack(_german(tmp_path)).questions[0]
    result = grade(question, ENGLISH_REPLY)
    assert result.note and result.note.endswith(
        "The grader reads German, the language of this question, and this reply seems to be in another "
        "language, so its points may not have been recognised; answer in German for a fair grade.")
    with use_locale("de"):
        shown = shown_grade(result)
    assert shown.note == (
        "Das trifft noch keinen der Kernpunkte; vergleiche es mit der Musterantwort. Die Bewertung liest "
        "Deutsch, die Sprache dieser Frage, und diese Antwort scheint in einer anderen Sprache zu sein, "
        "daher wurden ihre Punkte womöglich nicht erkannt; antworte auf Deutsch für eine faire Bewertung.")
    assert (shown.score, shown.verdict, shown.covered) == (result.score, result.verdict, result.covered)
    with use_locale("es"):
        assert "El evaluador lee alemán, el idioma de esta pregunta" in shown_grade(result).note


def test_a_german_reply_to_a_german_question_gets_no_language_note(tmp_path):
    question = load_pack(_german(tmp_path)).questions[0]
    result = grade(question, "Es ist die gewichtete Summe der Eingaben und der Bias, die dann durch eine "
                             "nichtlineare Aktivierungsfunktion geht.")
    assert not result.note or "grader reads" not in result.note
