"""`/studybot admins add|remove|list` through slack-bolt: audited, shown in `/studybot status`."""

from __future__ import annotations

import json

from slack_harness import Harness

NOT_ADMIN = "is for workspace admins and owners"


def said(reply: dict) -> str:
    return json.dumps(reply["blocks"])


async def test_an_added_admin_can_be_listed_and_removed_and_status_shows_who_did_it(bot: Harness) -> None:
    bot.fake.admins.add("UADMIN")
    assert NOT_ADMIN in said(await bot.command("/studybot", "status", user="U0ANA"))

    added = said(await bot.command("/studybot", "admins add <@U0ANA|ana>", user="UADMIN"))
    assert "<@U0ANA> can now use the `/studybot` admin commands" in added
    assert "no schedule yet" in said(await bot.command("/studybot", "status", user="U0ANA"))

    listing = said(await bot.command("/studybot", "admins list", user="U0ANA"))
    assert "<@U0ANA>, added by <@UADMIN> <!date^" in listing
    assert "Workspace admins and owners are always admins" in listing

    removed = said(await bot.command("/studybot", "admins remove <@U0ANA>", user="UADMIN"))
    assert "<@U0ANA> is no longer a studybot admin" in removed
    assert NOT_ADMIN in said(await bot.command("/studybot", "status", user="U0ANA"))

    status = said(await bot.command("/studybot", "status", user="UADMIN"))
    assert "*Admin changes:*" in status
    assert status.index("<@UADMIN> removed <@U0ANA>") < status.index("<@UADMIN> added <@U0ANA>")


async def test_removing_yourself_or_someone_never_added_is_refused_and_recorded_nowhere(bot: Harness) -> None:
    bot.fake.admins.add("UADMIN")
    await bot.command("/studybot", "admins add <@U0ANA>", user="UADMIN")

    self_removal = said(await bot.command("/studybot", "admins remove <@U0ANA>", user="U0ANA"))
    assert "You cannot remove yourself as an admin; ask another admin" in self_removal
    unknown = said(await bot.command("/studybot", "admins remove <@U0BOB>", user="U0ANA"))
    assert "That member was never added as an admin, so there is nothing to remove" in unknown
    twice = said(await bot.command("/studybot", "admins add <@U0ANA>", user="UADMIN"))
    assert "already a studybot admin" in twice
    changes = await bot.service.store.admin_changes(("slack", "T1"))
    assert [(c.action, c.user_id, c.by_user_id) for c in changes] == [("add", "U0ANA", "UADMIN")]
    assert "no schedule yet" in said(await bot.command("/studybot", "status", user="U0ANA"))


async def test_removing_the_last_added_admin_leaves_workspace_admins_in_charge(bot: Harness) -> None:
    bot.fake.admins.add("UADMIN")
    await bot.command("/studybot", "admins add <@U0ANA>", user="UADMIN")
    removed = said(await bot.command("/studybot", "admins remove <@U0ANA>", user="UADMIN"))
    assert "No added admins are left; workspace admins and owners can still run the admin commands" in removed
    listing = said(await bot.command("/studybot", "admins list", user="UADMIN"))
    assert "Nobody was added with" in listing
    assert "no schedule yet" in said(await bot.command("/studybot", "status", user="UADMIN"))


async def test_members_cannot_add_admins_and_malformed_commands_explain_the_forms(bot: Harness) -> None:
    bot.fake.admins.add("UADMIN")
    assert NOT_ADMIN in said(await bot.command("/studybot", "admins add <@U0CAT>", user="U0CAT"))
    assert await bot.service.store.admin_changes(("slack", "T1")) == []
    wrong = said(await bot.command("/studybot", "admins drop U0ANA", user="UADMIN"))
    assert "`/studybot admins remove @member`" in wrong and "`/studybot admins list`" in wrong


async def test_a_mention_typed_as_a_command_is_escaped_once(bot: Harness) -> None:
    reply = said(await bot.command("/studybot", "<!here>"))
    assert "`/studybot &lt;!here&gt;` is not a command" in reply
    assert "&amp;" not in reply
