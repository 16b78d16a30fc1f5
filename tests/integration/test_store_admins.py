"""The admin list on a real database file: every addition and removal is audited and survives a restart."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from store_support import COMMUNITY

from bot.core.models import Platform
from bot.store import open_store

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TUESDAY = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


async def test_additions_and_removals_are_recorded_once_each_and_survive_a_restart(db_target):
    path = db_target
    store = await open_store(path)
    assert await store.add_admin(COMMUNITY, "ann", "boss", MONDAY)
    assert not await store.add_admin(COMMUNITY, "ann", "boss", MONDAY)  # already one: nothing recorded
    assert await store.add_admin(COMMUNITY, "bob", "ann", MONDAY)
    assert await store.remove_admin(COMMUNITY, "ann", "bob", TUESDAY)
    assert not await store.remove_admin(COMMUNITY, "ann", "bob", TUESDAY)  # gone: nothing recorded
    await store.close()

    reopened = await open_store(path)
    changes = await reopened.admin_changes(COMMUNITY)
    assert [(c.action, c.user_id, c.by_user_id, c.at) for c in changes] == [
        ("remove", "ann", "bob", TUESDAY),
        ("add", "bob", "ann", MONDAY),
        ("add", "ann", "boss", MONDAY),
    ]
    assert not await reopened.is_admin(COMMUNITY, "ann")
    assert [(a.user_id, a.added_by, a.added_at) for a in await reopened.list_admins(COMMUNITY)] == [
        ("bob", "ann", MONDAY)
    ]
    assert await reopened.admin_changes((Platform.SLACK, "T-other")) == []
    await reopened.close()


@pytest.mark.sqlite_only("cover rows written by SQLite versions from before the admin audit")
async def test_admins_added_before_the_audit_are_listed_without_an_adder(db_target):
    path = db_target
    store = await open_store(path)
    await store.add_admin(COMMUNITY, "new", "boss", MONDAY)
    await store.close()
    with sqlite3.connect(path) as conn:  # a row as versions without the audit wrote it
        community = conn.execute("SELECT id FROM communities WHERE external_id = ?",
                                 (COMMUNITY[1],)).fetchone()
        conn.execute("INSERT INTO admins (community, user_id) VALUES (?, 'old')", community)
    reopened = await open_store(path)
    listed = [(a.user_id, a.added_by) for a in await reopened.list_admins(COMMUNITY)]
    assert listed == [("old", None), ("new", "boss")]
    await reopened.close()
