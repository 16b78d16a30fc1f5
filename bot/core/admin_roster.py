"""Members an admin made admins: adding, removing and listing them, every change audited.

Platform admins (Slack workspace admins and owners) are admins through the platform itself; this
roster holds only the members added by command. Removing the last added admin is allowed, since
platform admins remain; removing yourself is refused (another admin does it), so nobody locks
themselves out by a slip.
"""

from __future__ import annotations

from bot.core.context import ServiceContext
from bot.core.errors import Conflict, NotAllowed, NotFound
from bot.core.i18n import N_, _
from bot.core.models import Actor, Platform
from bot.core.results import AdminList, AdminResult

RECENT_CHANGES = 10
PLATFORM_ADMINS = {
    Platform.SLACK: N_("Workspace admins and owners are admins through Slack itself"),
    Platform.DISCORD: N_("Members with the Manage Server permission are admins through Discord itself"),
}


def _platform_admins(platform: Platform | str) -> str:
    return _(PLATFORM_ADMINS.get(Platform(platform), N_("Admins of the platform itself stay admins")))


class AdminRoster(ServiceContext):
    """Admins added by command, with an audit of who added or removed whom and when."""

    async def add_admin(self, actor: Actor, user_id: str) -> AdminResult:
        """Make a member of the actor's community an admin (admins only); Conflict if they are one."""
        self.require_admin(actor, _("add admins"))
        community = (Platform(actor.member.platform), actor.member.community_id)
        if not await self.store.add_admin(community, user_id, actor.member.user_id, self.now()):
            raise Conflict(_("That member is already a studybot admin; `/studybot admins list` shows who "
                             "added them."))
        remaining = len(await self.store.list_admins(community))
        return AdminResult("add", user_id, remaining)

    async def remove_admin(self, actor: Actor, user_id: str) -> AdminResult:
        """Take admin rights added by command away again (admins only).

        Yourself: NotAllowed (ask another admin). Someone never added: NotFound, nothing recorded.
        The last added admin may go: platform admins can still run the admin commands.
        """
        self.require_admin(actor, _("remove admins"))
        if user_id == actor.member.user_id:
            raise NotAllowed(_("You cannot remove yourself as an admin; ask another admin to do it, so "
                               "nobody locks themselves out by mistake."))
        community = (Platform(actor.member.platform), actor.member.community_id)
        if not await self.store.remove_admin(community, user_id, actor.member.user_id, self.now()):
            raise NotFound(
                _("That member was never added as an admin, so there is nothing to remove. {platform_admins} "
                  "and cannot be removed here; `/studybot admins list` shows who was added.").format(
                    platform_admins=_platform_admins(actor.member.platform))
            )
        remaining = len(await self.store.list_admins(community))
        return AdminResult("remove", user_id, remaining)

    async def list_admins(self, actor: Actor) -> AdminList:
        """The added admins (who added each, when) and the latest changes (admins only)."""
        self.require_admin(actor, _("list admins"))
        community = (Platform(actor.member.platform), actor.member.community_id)
        return AdminList(
            added=tuple(await self.store.list_admins(community)),
            changes=tuple(await self.store.admin_changes(community, RECENT_CHANGES)),
        )
