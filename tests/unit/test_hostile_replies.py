"""What the grader reports for hostile replies: every key point is either covered or missed, never both."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.grading import grade
from bot.core.models import Difficulty, KeyPoint, Question

RUBRIC = Question(
    id="h-rubric", prompt="Why does ReLU help deep networks?", difficulty=Difficulty.BEGINNER,
    answer="ReLU, max(0, x), does not saturate for positive inputs, so gradients do not vanish.",
    key_points=(KeyPoint("max(0, x)", ("max(0,x)", "zero for negatives")),
                KeyPoint("No vanishing gradient", ("does not saturate", "gradients flow"), 2.0)))
REFERENCE = Question(id="h-reference", prompt="", difficulty=Difficulty.BEGINNER,
                     answer="A stack is last in, first out; a queue is first in, first out.")
CHUNKS = st.sampled_from(["relu", "max(0,x)", " not ", "does not saturate", "gradients flow", "stack",
                          "last in, first out", "queue", "\u202e", "\u200b", "🧠", "\x00", "\ud800", "\n\n"])
REPLIES = st.text(max_size=300) | st.lists(CHUNKS, max_size=30).map("".join)


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(question=st.sampled_from((RUBRIC, REFERENCE)), reply=REPLIES)
def test_every_key_point_is_reported_exactly_once_as_covered_or_missed(question, reply):
    g = grade(question, reply)
    everything = set(grade(question, "").missed)  # an empty reply misses every point
    assert everything  # the reference-only question has derived points too
    assert not set(g.covered) & set(g.missed)
    assert len(set(g.covered)) == len(g.covered) and len(set(g.missed)) == len(g.missed)
    assert set(g.covered) | set(g.missed) == everything
    if question is RUBRIC:
        assert everything == {k.text for k in RUBRIC.key_points}
