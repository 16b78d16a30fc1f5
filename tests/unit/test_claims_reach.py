"""A claim the grader skips (its subject neither implicit nor named) could never have counted.

`measure` reads a claim's statements only when `may_be_said`: the claim's subject is the question's
own, or the reply names one of its phrasings (for a wrong claim, `may_be_stated`: named, or the
question's own and the reply has a pronoun to stand for it). These tests build replies from a seed
question's own subject and property phrasings (with pronouns, negations and clause breaks) and
check that every skipped claim has no statement that holds or denies it (key points), states it
(misconceptions), misplaces or refuses it (contrasts).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.content.loader import load_bank
from bot.core.claims import (
    PRONOUNS,
    denies,
    find_mentions,
    holds,
    may_be_said,
    may_be_stated,
    misplaced,
    named_subjects,
    refused,
    stated,
    statements,
)
from bot.core.grading import rubric_for
from bot.core.matching import analyse
from bot.core.textnorm import tokenise

ROOT = Path(__file__).resolve().parents[2]
BANK = load_bank([ROOT / "content"])
# Questions with at least one claim whose subject the question does not name itself.
QUESTIONS = [q for q in BANK.questions()
             if q.key_points and any(not c.implicit for cs in rubric_for(q).point_claims for c in cs)]


def _pieces(question) -> list[str]:
    rubric = rubric_for(question)
    claims = [c for cs in (*rubric.point_claims, *rubric.wrong_claims) for c in cs]
    claims += [c for _, a, b in rubric.contrasts for c in (a, b)]
    texts = {p.text for c in claims for p in (*c.subject, *c.prop)}
    return [*sorted(texts), "it", "they", "not", "does not", "never", "and", "but", ",", ".", "unlike"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_skipped_claims_have_no_statement_that_counts(data):
    question = data.draw(st.sampled_from(QUESTIONS))
    words = data.draw(st.lists(st.sampled_from(_pieces(question)), min_size=1, max_size=14))
    rubric = rubric_for(question)
    reply = analyse(tokenise(" ".join(words)), rubric.vocabulary, rubric.vocab_list, rubric.vocab_key,
                    rubric.phrase_index)
    named = rubric.subject_by_key.keys() & reply.active
    mentions = find_mentions(map(rubric.subject_by_key.__getitem__, named), reply) if named else ()
    said = named_subjects(mentions)
    pronoun = not PRONOUNS.isdisjoint(t.word for t in reply.tokens)
    for claim in [c for cs in rubric.point_claims for c in cs]:
        if not may_be_said(claim, said):
            for statement in statements(claim, reply, mentions):
                assert not holds(statement, claim)
                assert not denies(statement, claim)
    for claim in [c for cs in rubric.wrong_claims for c in cs]:
        if not may_be_stated(claim, said, pronoun):
            for statement in statements(claim, reply, mentions, strict=True):
                assert not stated(statement, claim)
    for _, right, other in rubric.contrasts:
        if not may_be_stated(other, said, pronoun):
            for statement in statements(other, reply, mentions, strict=True):
                assert not misplaced(statement, other, right)
        if not may_be_stated(right, said, pronoun):
            for statement in statements(right, reply, mentions, strict=True):
                assert not refused(statement, right, other)


def test_a_named_subject_makes_its_claim_readable():
    question = QUESTIONS[0]
    rubric = rubric_for(question)
    claim = next(c for cs in rubric.point_claims for c in cs if not c.implicit)
    text = f"{claim.subject[0].text} {claim.prop[0].text}"
    reply = analyse(tokenise(text), rubric.vocabulary, rubric.vocab_list, rubric.vocab_key,
                    rubric.phrase_index)
    named = rubric.subject_by_key.keys() & reply.active
    mentions = find_mentions(map(rubric.subject_by_key.__getitem__, named), reply)
    assert may_be_said(claim, named_subjects(mentions))
    assert not may_be_said(claim, frozenset())  # the same claim, its subject unnamed
    assert any(holds(s, claim) for s in statements(claim, reply, mentions))


def test_a_wrong_claim_about_the_question_s_subject_is_read_through_a_pronoun():
    question = BANK.question("dl-02")
    rubric = rubric_for(question)
    claim = next(c for cs in rubric.wrong_claims for c in cs if c.implicit)
    reply = analyse(tokenise(f"It {claim.prop[0].text}."), rubric.vocabulary, rubric.vocab_list,
                    rubric.vocab_key, rubric.phrase_index)
    assert named_subjects(()) == frozenset()
    assert may_be_stated(claim, frozenset(), pronoun=True)
    assert not may_be_stated(claim, frozenset(), pronoun=False)
    assert any(stated(s, claim) for s in statements(claim, reply, (), strict=True))
