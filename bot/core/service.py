"""StudyService: the use cases every frontend calls. Results are plain data; frontends render them.

The use cases live in modules named for what they own and are combined here into one object:

    context.ServiceContext   store, content, clock, messengers, admin checks, next post time
    rounds.RoundKeeper       due days, claiming, posting and closing rounds, start-up catch-up
    admin.ChannelAdmin       setup, pause, resume, skip, post-now, status, stats, packs
    answers.Answering        daily answers (first in-time answer counts), quiz answers, hints
    practice.Practice        /quiz by spaced repetition
    community.Community      streaks, leaderboards, cohorts
    insights.Insights        dashboard links, boards, member pages and chart images (read only)
    records.Records          appeals and the CSV export
    admin_roster.AdminRoster members made admins by command, audited
    reminders.Reminders      /remind, due reminders and freeze notes (wraps submit_answer)
    member_views.MemberViews /today and /history
    progress.Progress        /progress
    suggestions.Suggestions  /suggest, their review and the community packs (first: it extends
                             question look-ups and `pool` with the community's own pack)
"""

from __future__ import annotations

from bot.core.admin import ChannelAdmin
from bot.core.admin_roster import AdminRoster
from bot.core.answers import Answering
from bot.core.community import Community
from bot.core.insights import Insights
from bot.core.member_views import MemberViews
from bot.core.practice import Practice
from bot.core.progress import Progress
from bot.core.records import Records
from bot.core.reminders import Reminders
from bot.core.suggestions import Suggestions

MAX_ANSWER_CHARS = 4000


class StudyService(
    Suggestions,
    ChannelAdmin,
    AdminRoster,
    Reminders,
    Answering,
    Practice,
    Insights,
    Community,
    Records,
    MemberViews,
    Progress,
):
    """One instance per process, shared by every frontend and the scheduler.

    Construct with `StudyService(store, bank, clock, default_tz="UTC", grace=timedelta(hours=6))`.
    """
