"""Hostile replies never make the grader raise, and huge replies stay fast."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.grading import grade
from bot.core.models import Difficulty, KeyPoint, Misconception, Question

QUESTIONS = (
    Question(id="h-rubric", prompt="Why does ReLU help deep networks?", difficulty=Difficulty.BEGINNER,
             answer="ReLU, max(0, x), does not saturate for positive inputs, so gradients do not vanish.",
             key_points=(KeyPoint("max(0, x)", ("max(0,x)", "zero for negatives")),
                         KeyPoint("No vanishing gradient", ("does not saturate", "gradients flow"), 2.0)),
             misconceptions=(Misconception("ReLU outputs probabilities", ("relu outputs probabilities",)),)),
    Question(id="h-reference", prompt="", difficulty=Difficulty.BEGINNER,
             answer="A stack is last in, first out; a queue is first in, first out."),
    Question(id="h-empty", prompt="?", difficulty=Difficulty.BEGINNER, answer=""),
)
CHUNKS = st.sampled_from(["relu", "max(0,x)", " not ", "σ(x)", "\u202e", "\u200b", "مرحبا", "שלום", "👍🏽",
                          "🧠", "```", "<@&1>", "@everyone", "\x00", "\ud800", "ﷺ", "Ⅻ", "ǅ", "\n\n", "  ",
                          "does not saturate", "idk", "-" * 50, "é" * 30, "\uffff"])
REPLIES = (st.text(max_size=400)
           | st.lists(CHUNKS, max_size=40).map("".join)
           | st.binary(max_size=300).map(lambda b: b.decode("utf-8", errors="surrogateescape"))
           | st.binary(max_size=300).map(lambda b: b.decode("latin-1")))


@settings(max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(question=st.sampled_from(QUESTIONS), reply=REPLIES)
def test_ten_thousand_hostile_replies_never_raise(question, reply):
    g = grade(question, reply)
    assert 0.0 <= g.score <= 1.0
    assert len(g.covered) + len(g.missed) == len(g.covered + g.missed)


def test_a_100_kb_reply_is_graded_quickly_without_raising():
    for reply in ("relu does not saturate " * 5000, "🧠" * 100_000, "\u202eمرحبا " * 20_000, "a" * 100_000):
        start = time.perf_counter()
        g = grade(QUESTIONS[0], reply)
        assert 0.0 <= g.score <= 1.0
        assert time.perf_counter() - start < 0.5
