"""Cohorts, admins, appeals, review cards and event de-duplication on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest

from bot.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from bot.core.models import Platform
from bot.core.ports import ReviewState
from bot.store import open_store
from tests.integration.store_support import COMMUNITY, draft, person, post


@pytest.fixture
async def store(db_target):
    s = await open_store(db_target)
    yield s
    await s.close()


async def test_a_cohort_is_created_joined_and_left(store):
    created = await store.create_cohort(COMMUNITY, "  Night   Owls ", role_id="role-7")
    assert (created.name, created.members, created.role_id) == ("Night Owls", 0, "role-7")
    assert (await store.join_cohort(person("ann"), "night owls")).members == 1
    assert (await store.join_cohort(person("ann"), "NIGHT OWLS")).members == 1
    assert await store.member_cohorts(person("ann")) == ["Night Owls"]
    assert (await store.leave_cohort(person("ann"), "Night Owls")).members == 0
    assert await store.member_cohorts(person("ann")) == []


async def test_a_second_cohort_with_the_same_name_is_a_conflict(store):
    await store.create_cohort(COMMUNITY, "Evening")
    with pytest.raises(Conflict, match="already exists"):
        await store.create_cohort(COMMUNITY, "evening")
    await store.create_cohort((Platform.SLACK, "T1"), "Evening")


async def test_cohort_names_must_be_present_and_short(store):
    with pytest.raises(InvalidInput):
        await store.create_cohort(COMMUNITY, "   ")
    with pytest.raises(InvalidInput, match="50"):
        await store.create_cohort(COMMUNITY, "x" * 51)


async def test_joining_a_missing_cohort_says_how_to_list_them(store):
    with pytest.raises(NotFound, match="cohort list"):
        await store.join_cohort(person("ann"), "ghosts")


async def test_cohorts_are_listed_by_name_with_member_counts(store):
    for name in ("beta", "Alpha"):
        await store.create_cohort(COMMUNITY, name)
    await store.join_cohort(person("ann"), "beta")
    await store.join_cohort(person("ann"), "alpha")
    assert [(c.name, c.members) for c in await store.list_cohorts(COMMUNITY)] == [("Alpha", 1), ("beta", 1)]
    assert await store.member_cohorts(person("ann")) == ["Alpha", "beta"]
    assert await store.list_cohorts((Platform.SLACK, "none")) == []


async def test_admins_are_remembered_per_community(store):
    await store.add_admin(COMMUNITY, "boss")
    await store.add_admin(COMMUNITY, "boss")
    assert await store.is_admin(COMMUNITY, "boss")
    assert not await store.is_admin(COMMUNITY, "ann")
    assert not await store.is_admin((Platform.SLACK, "T9"), "boss")


async def test_an_appeal_is_opened_listed_and_resolved_once(store):
    rnd = await post(store, date(2024, 3, 4))
    got = await store.record_answer(draft(person("ann"), rnd, 0.3))
    appeal = await store.create_appeal(got.answer_id, person("ann"), "I did mention indexes")
    assert (appeal.status, appeal.score, appeal.reply, appeal.question_id) == (
        "open",
        0.3,
        "an answer",
        rnd.question_id,
    )
    with pytest.raises(Conflict):
        await store.create_appeal(got.answer_id, person("ann"), "again")
    assert [a.id for a in await store.list_appeals(COMMUNITY)] == [appeal.id]
    done = await store.resolve_appeal(appeal.id, True, person("boss"))
    assert done.status == "accepted"
    assert await store.list_appeals(COMMUNITY) == []
    assert [a.status for a in await store.list_appeals(COMMUNITY, "all")] == ["accepted"]
    with pytest.raises(Conflict, match="already accepted"):
        await store.resolve_appeal(appeal.id, False, person("boss"))
    again = await store.create_appeal(got.answer_id, person("ann"), "one more look")
    assert again.id != appeal.id


async def test_only_the_author_can_appeal_an_answer(store):
    rnd = await post(store, date(2024, 3, 4))
    got = await store.record_answer(draft(person("ann"), rnd, 0.3))
    with pytest.raises(NotAllowed):
        await store.create_appeal(got.answer_id, person("bob"), "")
    with pytest.raises(NotFound):
        await store.create_appeal(999, person("ann"), "")
    with pytest.raises(NotFound):
        await store.resolve_appeal(999, True, person("boss"))
    with pytest.raises(InvalidInput):
        await store.list_appeals(COMMUNITY, "pending")


async def test_review_cards_are_saved_and_replaced_per_question(store):
    due = datetime(2024, 3, 5, 9, tzinfo=UTC)
    await store.save_review(person("ann"), ReviewState("q1", '{"s": 1}', due, 0.4, 1))
    await store.save_review(person("ann"), ReviewState("q1", '{"s": 2}', due, 0.9, 2))
    await store.save_review(person("ann"), ReviewState("q2", "{}", due, 0.1, 1))
    cards = await store.reviews(person("ann"))
    assert cards["q1"] == ReviewState("q1", '{"s": 2}', due, 0.9, 2)
    assert set(cards) == {"q1", "q2"}
    assert await store.reviews(person("bob")) == {}


async def test_a_platform_event_is_handled_only_the_first_time(store):
    results = await asyncio.gather(*(store.first_delivery(Platform.SLACK, "Ev123") for _ in range(5)))
    assert results.count(True) == 1
    assert await store.first_delivery(Platform.DISCORD, "Ev123") is True
    for i in range(600):
        assert await store.first_delivery(Platform.SLACK, f"e{i}")
    assert await store.first_delivery(Platform.SLACK, "Ev123") is False
