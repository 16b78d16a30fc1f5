"""Community question suggestions: members suggest (`/suggest`), admins review, approved questions
form the community's own pack (`community` in `/setup packs=`), and authors are credited.

A suggestion is the question as a pack mapping, checked by the same rules as a pack file (the
`PackRules` port). Approval runs the rubric's self-test first. Every review is audited and the author
gets a private note with the admin's reason.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from rapidfuzz import fuzz

from bot.core.admin import ChannelAdmin
from bot.core.errors import Conflict, InvalidInput, NotFound
from bot.core.i18n import _, use_locale
from bot.core.labels import status_label
from bot.core.models import Actor, ChannelRef, MemberRef, Pack, Platform, Question, Round, Schedule
from bot.core.ports import PrivateNote
from bot.core.results import PackInfo, ScheduleChange
from bot.core.suggestion_models import (
    APPROVED,
    COMMUNITY_PACK,
    PENDING,
    QUESTION_PREFIX,
    REJECTED,
    AuthorCount,
    Community,
    PackRules,
    SelfTest,
    Suggestion,
    Vetting,
)

log = logging.getLogger("studybot.suggestions")

MAX_PENDING = 5  # pending suggestions per member
DUPLICATE_SCORE = 90  # rapidfuzz token_sort_ratio of two normalised prompts at or above which they match
FIELDS = ("prompt", "answer", "topics", "difficulty", "points", "hints")
MAX_REASON = 500
_LIST_SPLIT = re.compile(r"\s*(?:;|\n)\s*")
_NOT_WORD = re.compile(r"[^\w]+")
_NUMBER = re.compile(r"\d+")
# An unknown `suggestion-N` id re-reads its community's approved questions at most this often: this
# process's own approvals update the pack at once, another process's show within this time.
UNKNOWN_ID_REREAD = timedelta(seconds=10)


class SuggestionRefused(InvalidInput):
    """A suggestion (or an edit) that was not saved; `kept` holds every field as the member typed it."""

    def __init__(self, message: str, kept: dict[str, str]) -> None:
        super().__init__(message)
        self.kept = kept


@dataclass(frozen=True)
class SuggestionReview:
    """What an admin sees of one suggestion: the suggestion, the rules' warnings, the self-test."""

    suggestion: Suggestion
    warnings: tuple[str, ...] = ()
    test: SelfTest | None = None
    message: str = ""
    told_author: bool = False


def split_list(value: str, separator: str = ";") -> list[str]:
    """`a; b` (or one per line) -> ["a", "b"]; topics use commas: `cnn, vision`."""
    pattern = _LIST_SPLIT if separator == ";" else re.compile(r"\s*[,\n]\s*")
    return [part.strip() for part in pattern.split(value or "") if part.strip()]


def question_mapping(fields: dict[str, str]) -> dict[str, Any]:
    """The pack mapping of a suggestion's fields (`points` become key points, each its own phrase)."""
    question: dict[str, Any] = {}
    for name in ("prompt", "answer"):
        if fields.get(name, "").strip():
            question[name] = fields[name].strip()
    if fields.get("difficulty", "").strip():
        question["difficulty"] = fields["difficulty"].strip().lower()
    topics = [t.lower() for t in split_list(fields.get("topics", ""), ",")]
    if topics:
        question["topics"] = topics
    points = split_list(fields.get("points", ""))
    if points:
        question["key_points"] = [{"text": p, "phrases": [p]} for p in points]
    hints = split_list(fields.get("hints", ""))
    if hints:
        question["hints"] = hints
    return question


def mapping_fields(question: dict[str, Any]) -> dict[str, str]:
    """The fields of a stored suggestion as a member would type them (the inverse of question_mapping)."""
    return {
        "prompt": str(question.get("prompt", "")),
        "answer": str(question.get("answer", "")),
        "topics": ", ".join(question.get("topics") or ()),
        "difficulty": str(question.get("difficulty", "")),
        "points": "; ".join(str(k.get("text", "")) for k in question.get("key_points") or ()),
        "hints": "; ".join(question.get("hints") or ()),
    }


def _normal(prompt: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", prompt.casefold()).split())


def same_prompt(a: str, b: str) -> bool:
    """True when two prompts are the same question up to case, punctuation, word order and typos
    (prompts that differ in a number, "layer 2" and "layer 3", are different questions)."""
    if _NUMBER.findall(a) != _NUMBER.findall(b):
        return False
    return fuzz.token_sort_ratio(_normal(a), _normal(b)) >= DUPLICATE_SCORE


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Suggestions(ChannelAdmin):
    """Suggest, review and pack community questions. Placed before the other use cases in
    StudyService, so `find_question`, `pool` and `parse_packs` also know the community packs (each
    community only its own)."""

    rules: PackRules | None = None  # set by the composition root (bot/app.py)

    # --- the community packs ------------------------------------------------------------------
    @property
    def _community_packs(self) -> dict[Community, Pack]:
        return self.__dict__.setdefault("_packs_by_community", {})

    @property
    def _community_read_at(self) -> dict[Community, datetime]:
        """When each community's pack was last read from the store (by this process's clock)."""
        return self.__dict__.setdefault("_pack_read_at", {})

    def _pack_is_fresh(self, community: Community) -> bool:
        """Read within UNKNOWN_ID_REREAD (a clock set back counts as stale)."""
        read_at = self._community_read_at.get(community)
        return read_at is not None and read_at <= self.now() < read_at + UNKNOWN_ID_REREAD

    async def refresh_community(self, platform: Platform | str, community_id: str) -> Pack:
        """Read the community's approved questions from the store into its pack (cached per process)."""
        community = (Platform(platform), community_id)
        questions: list[Question] = []
        if self.rules is not None:
            for s in await self.store.list_suggestions(community, APPROVED):
                vetted = self.rules.vet(s.question, s.question_id)
                if vetted.question is None:  # stored before a rule changed: skipped, and said so
                    log.warning("community question %s no longer passes the pack rules: %s", s.question_id,
                                "; ".join(vetted.errors))
                    continue
                questions.append(replace(vetted.question, pack_id=COMMUNITY_PACK, author=s.author_name))
        pack = Pack(COMMUNITY_PACK, "Community questions", "1", "", "members of this community",
                    tuple(questions))
        self._community_packs[community] = pack
        self._community_read_at[community] = self.now()
        return pack

    def community_questions(self, platform: Platform | str, community_id: str) -> tuple[Question, ...]:
        pack = self._community_packs.get((Platform(platform), community_id))
        return pack.questions if pack else ()

    async def find_question(self, where: MemberRef | ChannelRef, question_id: str | None) -> Question | None:
        """A question of the bundled packs, or of the community pack of `where`'s community only.
        An id the pack lacks reads the pack again when this process has not read it within
        UNKNOWN_ID_REREAD (approved in another process, or never read since start), so unknown ids
        cost no database read each. Another community's question is None, as if it did not exist."""
        question_id = question_id or ""
        if not question_id.startswith(QUESTION_PREFIX):
            return await super().find_question(where, question_id)
        community = (Platform(where.platform), where.community_id)
        own = self.community_questions(*community)
        if all(q.id != question_id for q in own) and not self._pack_is_fresh(community):
            own = (await self.refresh_community(*community)).questions
        return next((q for q in own if q.id == question_id), None)

    def pool(self, schedule: Schedule) -> list[Question]:
        """The bundled packs the schedule names (all when none), plus its community's own pack when
        it is named or no pack is."""
        named = tuple(schedule.packs)
        bundled = tuple(p for p in named if p != COMMUNITY_PACK)
        questions = self.bank.questions(bundled) if bundled or not named else []
        if not named or COMMUNITY_PACK in named:
            questions += self.community_questions(schedule.channel.platform, schedule.channel.community_id)
        return questions

    def parse_packs(self, value: str) -> tuple[str, ...]:
        wanted = [p.strip() for p in value.split(",") if p.strip()]
        others = ",".join(p for p in wanted if p != COMMUNITY_PACK)
        try:
            picked = super().parse_packs(others) if others else ()
        except InvalidInput as err:
            raise InvalidInput(_("{problem}, and `{pack}` (this community's own approved "
                                 "suggestions).").format(
                problem=str(err).rstrip("."), pack=COMMUNITY_PACK)) from None
        return (*picked, COMMUNITY_PACK) if COMMUNITY_PACK in wanted else picked

    async def packs(self, channel: ChannelRef | None = None) -> list[PackInfo]:
        """The loaded content packs, and (given the channel) its community's own pack when it has
        approved questions."""
        found = await super().packs()
        if channel is not None:
            pack = await self.refresh_community(channel.platform, channel.community_id)
            if pack.questions:
                found.append(PackInfo(pack.id, pack.title, pack.version, len(pack.questions),
                                      _("approved suggestions of this community (`/suggest`)")))
        return found

    async def claim_round(self, schedule: Schedule, local_date: date,
                          history: list[Round] | None = None) -> Round | None:
        await self.refresh_community(schedule.channel.platform, schedule.channel.community_id)
        return await super().claim_round(schedule, local_date, history)

    async def setup(self, channel: ChannelRef, actor: Actor, options: dict[str, str]) -> ScheduleChange:
        pack = await self.refresh_community(channel.platform, channel.community_id)
        named = [p.strip() for p in (options.get("packs") or "").split(",")]
        if named == [COMMUNITY_PACK] and not pack.questions and actor.is_admin:
            other = self.bank.packs[0].id if self.bank.packs else "PACK"
            raise InvalidInput(_("The `{pack}` pack has no questions yet: it holds the suggestions "
                                 "admins approved "
                                 "(`/studybot suggestions`). Add other packs meanwhile, e.g. "
                                 "`packs={other},{pack}`."
                                 ).format(pack=COMMUNITY_PACK, other=other))
        return await super().setup(channel, actor, options)

    async def practice_pool(self, member: MemberRef, channel: ChannelRef | None = None) -> list[Question]:
        await self.refresh_community(member.platform, member.community_id)  # approved since last read
        return await super().practice_pool(member, channel)  # type: ignore[misc]

    # --- members ------------------------------------------------------------------------------
    def _rules(self) -> PackRules:
        if self.rules is None:
            raise Conflict(_("Suggestions need the content rules, which this bot was started without; "
                             "ask the operator to start it with `studybot run`."))
        return self.rules

    def _vet(self, fields: dict[str, str], question_id: str, what: str) -> tuple[dict[str, Any], Vetting]:
        question = question_mapping(fields)
        vetted = self._rules().vet(question, question_id)
        if vetted.errors:
            problems = "\n".join(f"- {e}" for e in vetted.errors)
            raise SuggestionRefused(
                what + " " + _("was not saved; the pack rules found:") + f"\n{problems}\n"
                + _("Fix those fields and send it again (nothing you typed is lost: it is listed below)."),
                fields)
        return question, vetted

    async def _duplicate(self, prompt: str, community: Community, exclude: int | None = None) -> str | None:
        """The existing question `prompt` fuzzily repeats, in words; None when it is new."""
        for q in self.bank.questions():
            if same_prompt(prompt, q.prompt):
                return _('question {id} of the {pack} pack ("{prompt}")').format(
                    id=q.id, pack=q.pack_id, prompt=_clip(q.prompt))
        for s in await self.store.list_suggestions(community):
            if s.id != exclude and s.status != REJECTED and same_prompt(prompt, s.prompt):
                where = _("the community pack") if s.status == APPROVED else _("the suggestions waiting "
                                                                               "for review")
                return _('suggestion {id} in {where} ("{prompt}")').format(
                    id=s.id, where=where, prompt=_clip(s.prompt))
        return None

    async def suggest(self, member: MemberRef, channel: ChannelRef, options: dict[str, str]) -> Suggestion:
        """Lint and store a member's question as pending. SuggestionRefused (with every field kept)
        for a rule broken, a duplicate prompt, or a sixth pending suggestion."""
        fields = {k: (options.get(k) or "").strip() for k in FIELDS if (options.get(k) or "").strip()}
        question, _vetted = self._vet(fields, f"{QUESTION_PREFIX}0", _("Your suggestion"))
        community = (Platform(member.platform), member.community_id)
        duplicate = await self._duplicate(question["prompt"], community)
        if duplicate:
            raise SuggestionRefused(
                _("Your suggestion was not saved: its prompt repeats {duplicate}. Ask something that "
                  "question "
                  "does not, or word it differently (what you typed is listed below).").format(
                      duplicate=duplicate),
                fields)
        stored = await self.store.add_suggestion(member, channel.channel_id, question, self.now(),
                                                 MAX_PENDING)
        if stored is None:
            raise SuggestionRefused(
                _("Your suggestion was not saved: you already have {most} suggestions waiting for "
                  "review, the "
                  "most a member may have. Send it again once an admin has reviewed one (what you typed is "
                  "listed below).").format(most=MAX_PENDING), fields)
        return stored

    async def authors(self, member: MemberRef) -> list[AuthorCount]:
        """The authors board: approved suggestions per member of the community, most first."""
        return await self.store.author_counts((Platform(member.platform), member.community_id))

    # --- admins -------------------------------------------------------------------------------
    async def _mine(self, actor: Actor, suggestion_id: int) -> Suggestion:
        found = await self.store.get_suggestion(suggestion_id)
        if found is None or found.community != (Platform(actor.member.platform), actor.member.community_id):
            raise NotFound(_("There is no suggestion {id} here; `/studybot suggestions list` shows the ones "
                             "waiting for review.").format(id=suggestion_id))
        return found

    @staticmethod
    def _pending(suggestion: Suggestion) -> None:
        if suggestion.status != PENDING:
            state = status_label(suggestion.status) + (": " + suggestion.reason if suggestion.reason else "")
            raise Conflict(_("Suggestion {id} was already {state}; only pending ones can be reviewed or "
                             "edited.").format(id=suggestion.id, state=state))

    async def list_suggestions(self, actor: Actor, status: str = PENDING) -> list[Suggestion]:
        """The community's suggestions with that status (`all` for every one), oldest first."""
        self.require_admin(actor, _("review suggestions"))
        if status not in (PENDING, APPROVED, REJECTED, "all"):
            raise InvalidInput(_("`status={status}` is not valid; choose pending, approved, rejected or "
                                 "all.").format(
                status=status))
        community = (Platform(actor.member.platform), actor.member.community_id)
        return await self.store.list_suggestions(community, None if status == "all" else status)

    async def show_suggestion(self, actor: Actor, suggestion_id: int) -> SuggestionReview:
        """One suggestion with the pack rules' warnings and its self-test (nothing changes)."""
        self.require_admin(actor, _("review suggestions"))
        found = await self._mine(actor, suggestion_id)
        vetted = self._rules().vet(found.question, found.question_id)
        test = self._rules().self_test(vetted.question) if vetted.question else None
        return SuggestionReview(found, vetted.warnings, test)

    async def edit_suggestion(self, actor: Actor, suggestion_id: int,
                              options: dict[str, str]) -> SuggestionReview:
        """Change the named fields of a pending suggestion, then lint it again; nothing is saved when
        a rule is broken (SuggestionRefused lists the fields as they would have been)."""
        self.require_admin(actor, _("edit suggestions"))
        found = await self._mine(actor, suggestion_id)
        self._pending(found)
        changes = {k: v.strip() for k, v in options.items() if k in FIELDS and v is not None}
        if not changes:
            raise InvalidInput(_("Name the fields to change, e.g. `/studybot suggestions edit id=3 "
                                 "difficulty=advanced`; fields: {fields}.").format(fields=", ".join(FIELDS)))
        fields = {**mapping_fields(found.question), **changes}
        question, vetted = self._vet(fields, found.question_id,
                                     _("The edit of suggestion {id}").format(id=found.id))
        duplicate = await self._duplicate(question["prompt"], found.community, exclude=found.id)
        if duplicate:
            raise SuggestionRefused(_("The edit was not saved: the prompt would repeat {duplicate}.").format(
                duplicate=duplicate), fields)
        if not await self.store.edit_suggestion(found.id, question, actor.member.user_id, self.now()):
            raise Conflict(_("Suggestion {id} was reviewed meanwhile; nothing was changed.").format(
                id=found.id))
        edited = replace(found, question=question)
        return SuggestionReview(edited, vetted.warnings,
                                message=_("Suggestion {id} was edited.").format(id=found.id))

    async def approve_suggestion(self, actor: Actor, suggestion_id: int, reason: str = "", *,
                                 force: bool = False) -> SuggestionReview:
        """Run the rubric's self-test, then add the question to the community's pack and tell the
        author. A failed self-test refuses approval (nothing changes) unless `force`."""
        self.require_admin(actor, _("approve suggestions"))
        found = await self._mine(actor, suggestion_id)
        self._pending(found)
        vetted = self._rules().vet(found.question, found.question_id)
        if vetted.question is None:
            raise Conflict(_("Suggestion {id} breaks the pack rules: {errors}. Fix it with "
                             "`/studybot suggestions edit`.").format(
                                 id=found.id, errors="; ".join(vetted.errors)))
        test = self._rules().self_test(vetted.question)
        if not test.passed and not force:
            raise Conflict(
                _("Suggestion {id} was not approved: its rubric self-test failed:").format(id=found.id) + "\n"
                + "\n".join(f"- {m}" for m in test.mismatches) + "\n"
                + _("Fix the key points or the answer with `/studybot suggestions edit`, or approve it "
                    "anyway "
                    "with `force=true`."))
        return await self._review(actor, found, APPROVED, reason, vetted.warnings, test)

    async def reject_suggestion(self, actor: Actor, suggestion_id: int, reason: str = "") -> SuggestionReview:
        """Reject a pending suggestion and tell the author why."""
        self.require_admin(actor, _("reject suggestions"))
        found = await self._mine(actor, suggestion_id)
        self._pending(found)
        return await self._review(actor, found, REJECTED, reason)

    async def _review(self, actor: Actor, found: Suggestion, status: str, reason: str,
                      warnings: tuple[str, ...] = (), test: SelfTest | None = None) -> SuggestionReview:
        reason = " ".join(reason.split())[:MAX_REASON]
        if not await self.store.review_suggestion(found.id, status, actor.member.user_id, reason, self.now()):
            raise Conflict(_("Suggestion {id} was reviewed by another admin meanwhile.").format(id=found.id))
        reviewed = replace(found, status=status, reviewer=actor.member.user_id, reason=reason)
        if status == APPROVED:
            await self.refresh_community(*found.community)
        told = await self._tell_author(reviewed)
        if status == APPROVED:
            said = (_("Suggestion {id} approved: it joins the community pack; the author was told privately.")
                    if told else _("Suggestion {id} approved: it joins the community pack; the author "
                                   "could not "
                                   "be reached privately."))
        else:
            said = (_("Suggestion {id} rejected; the author was told privately.") if told
                    else _("Suggestion {id} rejected; the author could not be reached privately."))
        return SuggestionReview(reviewed, warnings, test, said.format(id=found.id), told)

    async def _tell_author(self, suggestion: Suggestion) -> bool:
        author = suggestion.author
        if author is None:
            return False
        channel = ChannelRef(author.platform, author.community_id, suggestion.channel_id)
        with use_locale(await self.channel_locale(channel)):
            why = " " + _("Reason: {reason}").format(reason=suggestion.reason) if suggestion.reason else ""
            if suggestion.status == APPROVED:
                text = _('Your suggested question {id} "{prompt}" was approved and joins this community\'s '
                         "question pack; you are credited when it is posted.")
            else:
                text = _('Your suggested question {id} "{prompt}" was not accepted.')
            text = text.format(id=suggestion.id, prompt=_clip(suggestion.prompt)) + why
        note = PrivateNote("suggestion", author, channel, text, prompt=suggestion.prompt,
                           event=f"suggestion {suggestion.status}")
        try:
            with use_locale(await self.channel_locale(channel)):  # the note and its frontend's words
                await self.messenger_for(channel).send_private(note)
        except Exception as err:
            log.warning("the note on suggestion %s could not be delivered: %s: %s", suggestion.id,
                        type(err).__name__, err)
            return False
        return True
