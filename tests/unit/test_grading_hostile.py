"""Hostile replies never make the grader raise, and a reply past the limit is graded on its first part."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.grading import MAX_REPLY_CHARS, grade
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
    assert g.verdict is question.thresholds.verdict(g.score)
    assert not set(g.covered) & set(g.missed)
    assert g.note is None or g.note.strip()


def test_a_reply_past_the_limit_is_graded_on_its_first_4000_characters():
    # The service refuses such replies before grading (tests/integration/test_service_long_replies.py);
    # the grader itself never raises and reads only the first MAX_REPLY_CHARS characters.
    for reply in ("relu does not saturate " * 5000, "🧠" * 100_000, "\u202eمرحبا " * 20_000, "a" * 100_000):
        assert len(reply) > MAX_REPLY_CHARS
        assert grade(QUESTIONS[0], reply) == grade(QUESTIONS[0], reply[:MAX_REPLY_CHARS])
    tail_only = "x " * MAX_REPLY_CHARS + "relu does not saturate, gradients flow"
    assert grade(QUESTIONS[0], tail_only).covered == ()
