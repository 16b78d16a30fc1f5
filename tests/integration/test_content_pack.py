"""The bundled deep-learning pack: lints clean and has the shape the product promises."""

from __future__ import annotations

from pathlib import Path

from bot.cli import main
from bot.content.loader import load_bank
from bot.core.models import Difficulty

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"


def test_the_bundled_content_lints_clean(capsys):
    assert main(["content", "lint", str(CONTENT)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("no problems")


def test_the_deep_learning_pack_has_dl_01_to_dl_30_each_with_three_to_six_key_points():
    pack = load_bank([CONTENT]).pack("deep-learning")
    assert pack is not None
    assert [q.id for q in pack.questions] == [f"dl-{n:02d}" for n in range(1, 31)]
    for q in pack.questions:
        assert 3 <= len(q.key_points) <= 6, q.id
        for k in q.key_points:  # everyday phrasings too, as phrases or as claim properties
            assert len(k.phrases) + sum(len(c.property) for c in k.claims) >= 3, (q.id, k.text)
        assert 1 <= len(q.hints) <= 2, q.id
        assert q.topics, q.id


def test_every_question_carries_examples_of_each_verdict_and_all_pass(capsys):
    pack = load_bank([CONTENT]).pack("deep-learning")
    for q in pack.questions:
        assert len(q.examples) >= 4, q.id
        assert {e.verdict for e in q.examples} == {"correct", "partial", "incorrect"}, q.id
    assert main(["content", "test", str(CONTENT)]) == 0
    assert capsys.readouterr().out.rstrip().endswith(" 0 failed")


def test_difficulties_follow_the_seed_sections():
    pack = load_bank([CONTENT]).pack("deep-learning")
    level = {q.id: q.difficulty for q in pack.questions}
    early = {level[f"dl-{n:02d}"] for n in range(1, 24)}
    assert early == {Difficulty.BEGINNER, Difficulty.INTERMEDIATE}
    assert all(level[f"dl-{n:02d}"] is Difficulty.ADVANCED for n in range(24, 29))
    assert level["dl-29"] is level["dl-30"] is Difficulty.BONUS


def test_the_pack_credits_its_source_document():
    pack = load_bank([CONTENT]).pack("deep-learning")
    assert "analytics vidhya" in pack.source.lower()


def test_show_dl_05_prints_its_prompt_from_the_bundled_content(capsys, monkeypatch, tmp_path):
    prompt = load_bank([CONTENT]).question("dl-05").prompt
    monkeypatch.delenv("STUDYBOT_CONTENT", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here: the default is the bundled content directory
    assert main(["content", "show", "dl-05"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("dl-05  [")
    assert " ".join(prompt.split()) in " ".join(out.split())
    assert "Key points (" in out and "Model answer:" in out
