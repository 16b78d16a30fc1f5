"""The tokeniser's fast patterns split text exactly as their plain forms do.

textnorm writes its sentence, clause, contraction and word patterns so that the regular expression
engine can skip ahead (one leading character class, look-behinds choosing the alternative). These
tests hold each one to the plain pattern it stands for, on generated chat-like text, so a reply is
split, and therefore graded, the same.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import textnorm

# The plain forms: what each fast pattern must match, span for span.
PLAIN_SENTENCE = re.compile(r"[.!?\n]+(?:\s|$)|\n")
PLAIN_CLAUSE = re.compile(r"[;:!?]+(?:\s|$)|,\s|[;!?\[\]{}]|\s[-–—]+\s|"
                          r"\s+(?:but|however|whereas|although|though|while|yet|unlike|versus)\s+")
PLAIN_CONTRACTION = re.compile(
    r"\b(do|does|did|is|are|was|were|has|have|had|ca|can|could|would|should|wo|must|need|might|ai)n[’']?t\b")

# Pieces that put every alternative (and its near misses) next to one another.
PIECES = st.sampled_from([
    "a", "b", "t", "x", "é", "Σ", "_", "5", " ", "  ", "\t", "\n", ".", "..", "!", "?", ";", ":", ",",
    "[", "]", "{", "}", "-", "–", "—", "'", "’", " but ", "but", " however ", " yet", "while ", " unlike",
    " versus ", "though", "although ", "whereas", "don't", "dont", "isn't", "can't", "cant", "cannt",
    "won't", "wont", "ain't", "needn't", "mustnt", "couldn’t", "wouldnt", "doesnt", "didnt", "hadnt",
    "shouldn't", "mightnt", "havent", "hasnt", "werent", "wasnt", "arent", "xdont", "_dont", "édont",
    "5cant", "whatnt", "aint", "ant",
])
TEXTS = st.lists(PIECES, max_size=40).map("".join)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@settings(max_examples=3000, deadline=None)
@given(TEXTS)
def test_sentences_split_where_the_plain_pattern_splits(text):
    assert textnorm._SENTENCE_SPLIT.split(text) == PLAIN_SENTENCE.split(text)


@settings(max_examples=3000, deadline=None)
@given(TEXTS)
def test_clauses_split_where_the_plain_pattern_splits(text):
    assert _spans(textnorm._CLAUSE_SPLIT, text) == _spans(PLAIN_CLAUSE, text)


@settings(max_examples=3000, deadline=None)
@given(TEXTS)
def test_contractions_found_as_the_plain_pattern_finds_them(text):
    assert _spans(textnorm._NEG_CONTRACTIONS, text) == _spans(PLAIN_CONTRACTION, text)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_ascii_words_are_the_words_of_the_unicode_pattern(text):
    assert textnorm._ASCII_WORD.findall(text) == textnorm._WORD.findall(text)


def test_a_reply_splits_into_the_expected_clauses_and_negations():
    tokens = textnorm.tokenise("Dropout doesn't help at test time, but it regularises; use it. Then stop!")
    words = [t.word for t in tokens]
    assert words[:4] == ["dropout", "does", "not", "help"]
    clauses = {t.word: t.clause for t in tokens}
    assert clauses["dropout"] == clauses["time"] < clauses["regularises"] < clauses["use"]
    use = next(t for t in tokens if t.word == "use")
    assert tokens[-1].sentence == tokens[-2].sentence == use.sentence + 1
