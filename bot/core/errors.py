"""The one error tree of studybot. Frontends turn these into friendly words at the edge.

    StudybotError                 base: `str(err)` is a sentence for the user (what was wrong, what to do)
    ├── InvalidInput              a command option or answer text the user can fix
    │   └── AnswerRejected        empty, whitespace-only or over-long answers (no attempt is used)
    │       └── NonAnswer         "idk", the question copied back, a bare list of terms, no option picked
    ├── NotFound                  an unknown question, round, cohort, appeal, pack or channel schedule
    ├── NotAllowed                an admin-only action by a non-admin
    ├── Conflict                  the action clashes with current state (cohort exists, round closed)
    └── ContentError              a content pack that fails validation (carries every problem)
    StoreError                    the database refused (migrations changed, newer schema, corrupt file)
"""

from __future__ import annotations


class StudybotError(Exception):
    """Base of every error studybot raises on purpose; the message is meant for users."""


class InvalidInput(StudybotError):
    """A command option or answer the user can correct."""


class AnswerRejected(InvalidInput):
    """An answer refused before grading (empty, too long); it costs no attempt."""


class NonAnswer(AnswerRejected):
    """A reply that does not try to answer; refused like an empty one. `reason` names the kind
    (`empty`, `non-answer`, `copied-question`, `keyword-list`, `not-an-option`, `several-picks`)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class NotFound(StudybotError):
    """Something named by the user does not exist."""


class NotAllowed(StudybotError):
    """The caller lacks the permission the action needs."""


class Conflict(StudybotError):
    """The action does not fit the current state."""


class ContentError(StudybotError):
    """A content pack failed validation; `problems` lists every one of them."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class StoreError(StudybotError):
    """The database cannot be used as it is (changed migrations, newer schema, corruption)."""
