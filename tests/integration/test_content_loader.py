"""The content loader: valid packs become core models; every problem is reported with file, line and field."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.content.loader import load_bank, load_pack
from bot.core.errors import ContentError
from bot.core.models import Difficulty, Thresholds

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content"

HEADER = """\
id: {pack}
title: T
version: "1"
license: CC0-1.0
source: tests
questions:
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def question(qid: str, extra: str = "") -> str:
    return f"""\
  - id: {qid}
    prompt: What is {qid}?
    difficulty: beginner
    answer: It is {qid}.
{extra}"""


def problems_of(*paths: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_bank(paths)
    return caught.value.problems


def test_valid_pack_becomes_questions_that_know_their_pack_and_thresholds():
    bank = load_bank([FIXTURES / "good"])
    q = bank.question("nb-01")
    assert q is not None and q.pack_id == "basics"
    assert q.difficulty is Difficulty.BEGINNER
    assert q.thresholds == Thresholds(correct=0.8, partial=0.4)
    assert q.key_points[0].weight == 2.0 and q.key_points[1].weight == 1.0
    assert "w·x + b" in q.key_points[0].phrases
    assert q.misconceptions[0].phrases == ("copies its input",)
    assert q.answer.endswith("activation function.")  # block scalars lose their trailing newline
    assert bank.pack("basics").questions[1].id == "nb-02"


def test_directory_loads_yaml_and_yml_but_not_the_schema_folder(tmp_path):
    write(tmp_path / "a.yaml", HEADER.format(pack="a") + question("a-1"))
    write(tmp_path / "b.yml", HEADER.format(pack="b") + question("b-1"))
    write(tmp_path / "schema" / "junk.yaml", "this: [is not valid")
    write(tmp_path / "notes.txt", "ignored")
    bank = load_bank([tmp_path])
    assert [p.id for p in bank.packs] == ["a", "b"]


def test_load_pack_reads_one_file():
    pack = load_pack(FIXTURES / "good" / "basics.yaml")
    assert pack.title == "Neural network basics" and len(pack.questions) == 2


def test_a_pack_with_many_problems_reports_each_with_its_line_and_field():
    found = problems_of(FIXTURES / "broken" / "many-problems.yaml")
    located = [(Path(p.split(": ")[0]).name, p.split(": ")[1]) for p in found]
    name = "many-problems.yaml"
    assert located == [
        (f"{name}:1", "(pack)"),                                     # missing source
        (f"{name}:8", "questions[0].difficulty"),                    # 'hard'
        (f"{name}:13", "questions[0].key_points[0].weight"),         # 0
        (f"{name}:15", "questions[0].key_points[1].phrases[1]"),     # repeated across key points
        (f"{name}:15", "questions[0].key_points[1].phrases[2]"),     # blank
        (f"{name}:16", "questions[1]"),                              # missing prompt
        (f"{name}:19", "questions[2].id"),                           # duplicate id
        (f"{name}:23", "questions[2].colour"),                       # unknown field
        (f"{name}:26", "thresholds.partial"),                        # partial >= correct
    ]
    assert "'hard' is not one of beginner, intermediate, advanced, bonus" in found[1]
    assert "missing required field 'source'" in found[0]
    assert "missing required field 'prompt'" in found[5]
    assert "duplicate question id 'br-01' (first used on line 6)" in found[6]


def test_bad_yaml_syntax_is_reported_with_the_line_where_it_goes_wrong():
    [problem] = problems_of(FIXTURES / "broken" / "bad-syntax.yaml")
    assert problem.split(": ")[0].endswith("bad-syntax.yaml:3")
    assert "(syntax): invalid YAML" in problem and "starts on line 2" in problem


def test_question_ids_duplicated_across_packs_name_the_other_file(tmp_path):
    write(tmp_path / "one.yaml", HEADER.format(pack="one") + question("shared-1"))
    write(tmp_path / "two.yaml", HEADER.format(pack="two") + question("two-1") + question("shared-1"))
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{tmp_path / 'two.yaml'}:11: questions[1].id: ")
    assert f"already used in {tmp_path / 'one.yaml'}:7" in problem


def test_two_packs_with_the_same_id_are_refused(tmp_path):
    write(tmp_path / "a.yaml", HEADER.format(pack="same") + question("a-1"))
    write(tmp_path / "b.yaml", HEADER.format(pack="same") + question("b-1"))
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{tmp_path / 'b.yaml'}:1: id: pack id 'same' is already used by")


def test_a_phrase_that_is_also_a_misconception_is_refused(tmp_path):
    extra = """\
    key_points:
      - text: right
        phrases: [max of zero and x]
    misconceptions:
      - text: wrong
        phrases: [Max of zero and X]
"""
    write(tmp_path / "p.yaml", HEADER.format(pack="p") + question("p-1", extra))
    [problem] = problems_of(tmp_path)
    assert ":16: questions[0].misconceptions[0].phrases[0]: " in problem
    assert "both right and a misconception" in problem


def test_whitespace_only_prompts_and_repeated_yaml_keys_are_problems(tmp_path):
    text = HEADER.format(pack="p") + """\
  - id: p-1
    prompt: "   "
    difficulty: beginner
    difficulty: advanced
    answer: yes
"""
    write(tmp_path / "p.yaml", text)
    found = problems_of(tmp_path)
    assert any(":8: questions[0].prompt: must not be empty or only whitespace" in p for p in found)
    assert any(":10: questions[0].difficulty: key 'difficulty' appears twice (first on line 9)" in p
               for p in found)


def test_an_unquoted_version_number_asks_for_quotes(tmp_path):
    write(tmp_path / "p.yaml", HEADER.format(pack="p").replace('"1"', "1.0") + question("p-1"))
    [problem] = problems_of(tmp_path)
    assert ":3: version: expected text, got the number 1.0; put it in quotes" in problem


def test_missing_paths_empty_files_and_empty_directories_are_named(tmp_path):
    (tmp_path / "empty").mkdir()
    write(tmp_path / "blank" / "nothing.yaml", "")
    found = problems_of(tmp_path / "absent", tmp_path / "empty", tmp_path / "blank")
    assert any(p.startswith(f"{tmp_path / 'absent'}: no such file or directory") for p in found)
    assert any(p.startswith(f"{tmp_path / 'empty'}: no content packs") for p in found)
    assert any(p.startswith(f"{tmp_path / 'blank' / 'nothing.yaml'}:1: (pack): the file is empty")
               for p in found)


def test_the_error_message_counts_problems_and_files(tmp_path):
    shutil.copytree(FIXTURES / "broken", tmp_path / "broken")
    with pytest.raises(ContentError) as caught:
        load_bank([tmp_path / "broken"])
    assert str(caught.value) == "10 problems in 2 files"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text_either_loads_or_raises_content_error(tmp_path, text):
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_bank([path])
    except ContentError as err:
        assert err.problems and all(p.startswith(str(path)) for p in err.problems)


def test_nested_yaml_aliases_are_refused_quickly_instead_of_expanding(tmp_path):
    rows = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    rows += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)]
    write(tmp_path / "laughs.yaml", "\n".join(rows) + "\n")
    found = problems_of(tmp_path)
    assert found[0].startswith(f"{tmp_path / 'laughs.yaml'}:2: (alias): YAML aliases are not supported")
    assert len(found) == 8 * 9
