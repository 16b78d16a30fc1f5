"""Suggested questions as the core sees them, and the ports their use cases need (store, pack rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from bot.core.models import MemberRef, Platform, Question

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
STATUSES = (PENDING, APPROVED, REJECTED)
COMMUNITY_PACK = "community"  # the pack id a community's approved questions have in `/setup packs=`
QUESTION_PREFIX = "suggestion-"  # question ids of the community packs: suggestion-<number>

Community = tuple[Platform, str]


def question_id(suggestion_id: int) -> str:
    """The question id an approved suggestion has in its community's pack."""
    return f"{QUESTION_PREFIX}{suggestion_id}"


@dataclass(frozen=True)
class Suggestion:
    """One suggested (or imported) question. `question` is its pack mapping without `id`."""

    id: int
    community: Community
    author: MemberRef | None  # None: imported with `studybot content import --community`
    channel_id: str
    status: str
    question: dict[str, Any]
    created_at: datetime | None = None
    reviewer: str = ""
    reason: str = ""

    @property
    def prompt(self) -> str:
        return str(self.question.get("prompt", ""))

    @property
    def question_id(self) -> str:
        return question_id(self.id)

    @property
    def author_name(self) -> str:
        return (self.author.name or self.author.user_id) if self.author else ""


@dataclass(frozen=True)
class AuthorCount:
    """One row of the authors board: a member and how many of their suggestions were approved."""

    member: MemberRef
    approved: int


@dataclass(frozen=True)
class Vetting:
    """What the pack rules say about one question: errors (it is refused), warnings, and the Question."""

    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    question: Question | None = None


@dataclass(frozen=True)
class SelfTest:
    """The rubric's self-test of one question: each run as (reply, expected, got), and the mismatches."""

    runs: tuple[tuple[str, str, str], ...] = ()
    mismatches: tuple[str, ...] = field(default=())

    @property
    def passed(self) -> bool:
        return not self.mismatches


class PackRules(Protocol):
    """The content rules, as the core uses them (implemented by `bot.content.suggestion_rules`)."""

    def vet(self, question: dict[str, Any], question_id: str) -> Vetting:
        """Lint one question mapping with the same schema and rules as a pack file."""
        ...

    def self_test(self, question: Question) -> SelfTest:
        """Grade the question's examples, and its model answer as a reply that must be correct."""
        ...


class SuggestionStore(Protocol):
    """The store's part for suggestions (SQLite and PostgreSQL share the SQL)."""

    async def add_suggestion(self, author: MemberRef, channel_id: str, question: dict[str, Any],
                             at: datetime, max_pending: int) -> Suggestion | None:
        """Store a pending suggestion; None (nothing stored) when the author has `max_pending` already."""
        ...

    async def get_suggestion(self, suggestion_id: int) -> Suggestion | None: ...

    async def list_suggestions(self, community: Community, status: str | None = None) -> list[Suggestion]:
        """The community's suggestions with that status (every status with None), oldest first."""
        ...

    async def edit_suggestion(self, suggestion_id: int, question: dict[str, Any], by_user: str,
                              at: datetime) -> bool:
        """Replace a pending suggestion's question, audited; False when it is not pending any more."""
        ...

    async def review_suggestion(self, suggestion_id: int, status: str, by_user: str, reason: str,
                                at: datetime) -> bool:
        """Approve or reject a pending suggestion, audited; False when it was already reviewed."""
        ...

    async def import_questions(self, community: Community, questions: list[dict[str, Any]], by_user: str,
                               at: datetime) -> list[int]:
        """Add questions to the community's pack as approved rows without an author; their ids."""
        ...

    async def author_counts(self, community: Community) -> list[AuthorCount]:
        """Approved suggestions per member, most first."""
        ...
