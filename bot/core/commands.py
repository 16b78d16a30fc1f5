"""The one command language: command names, option names, parsing of `key=value` words, and help.

Discord passes options natively; Slack and the console pass text such as
`setup time=09:00 tz=Europe/Berlin days=mon,tue`. Both end in the same validators here, so every
frontend accepts the same values and reports the same errors.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Collection
from dataclasses import dataclass
from datetime import time
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.core.errors import InvalidInput
from bot.core.i18n import N_, _, format_number, normalize, shipped_locales
from bot.core.models import AnswerMode, Difficulty, Order, Period, Platform
from bot.core.spelling import spelling_key

E = TypeVar("E", bound=StrEnum)

MAX_ID = 2**53 - 1  # round, answer and appeal numbers: what SQLite stores and Discord's integer options allow
SURROGATE = re.compile("[\ud800-\udfff]")
MAX_LINE_CHARS = 8000  # a console line or command text longer than this is refused before parsing
TYPOGRAPHIC_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'",
                                    "\u2019": "'"})

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_ABBREVIATIONS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
DAY_ALIASES = {
    "weekdays": frozenset(range(5)),
    "weekends": frozenset({5, 6}),
    "daily": frozenset(range(7)),
    "everyday": frozenset(range(7)),
}


@dataclass(frozen=True)
class Option:
    name: str
    description: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Command:
    name: str
    description: str
    options: tuple[Option, ...] = ()
    positional: tuple[str, ...] = ()  # option names that may be given without `key=`
    admin: bool = False


_TIME = Option("time", N_("local post time, HH:MM (24-hour), default 09:00"))
_TZ = Option("tz", N_("IANA timezone such as Europe/Berlin, default UTC"))
_DAYS = Option("days", N_("post days: mon,tue,... or weekdays, weekends, daily"))
_PACKS = Option("packs", N_("content pack ids, comma-separated (default: all)"))
_ORDER = Option("order", N_("question order"), tuple(o.value for o in Order))
_ANSWERS = Option("answers", N_("where members answer"), tuple(a.value for a in AnswerMode))
_PERIOD = Option("period", N_("leaderboard period"), tuple(p.value for p in Period))
_COHORT = Option("cohort", N_("cohort name to filter by"))
_NAME = Option("name", N_("cohort name"))
_TOPIC = Option("topic", N_("topic to practise, e.g. cnn"))
_DIFFICULTY = Option("difficulty", N_("question difficulty"), tuple(d.value for d in Difficulty))
_REMIND = Option("remind", N_("channel default for member reminders: a lead time such as 2h, or off"))
_LOCALE = Option("locale", N_("language of this channel's posts: a language code such as de, or default"))
_CHART = Option("chart", N_("attach the standings as a picture"), ("true", "false"))
_TTL = Option("ttl", N_("how long the link works: 30m, 1h, 7d (default 24h)"))
_SUGGESTION_FIELDS = (  # /suggest, and `/studybot suggestions edit`
    Option("prompt", N_("the question as members will see it")),
    Option("answer", N_("the model answer")),
    Option("topics", N_("topics, comma-separated, e.g. cnn,vision")),
    Option("difficulty", N_("question difficulty"), tuple(d.value for d in Difficulty)),
    Option("points", N_("key points a good answer makes, separated by ; (optional)")),
    Option("hints", N_("hints, separated by ; (optional)")),
)

MEMBER_COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command("quiz", N_("Practise privately with a question picked for you"),
                (_TOPIC, _DIFFICULTY), ("topic", "difficulty")),
        Command("streak", N_("Your current and longest streak, freezes and today's status")),
        Command("leaderboard", N_("Top members by points"), (_PERIOD, _COHORT, _CHART), ("period", "cohort")),
        Command("cohort", N_("Study cohorts: create, join, leave or list"),
                (Option("action", N_("what to do"), ("create", "join", "leave", "list")), _NAME),
                ("action", "name")),
        Command("hint", N_("A hint for the open question")),
        Command("today", N_("Today's open question again, with the time left and whether you answered")),
        Command("history", N_("Your last answers; add an answer number to see its feedback again"),
                (Option("id", N_("answer number from the list")),), ("id",)),
        Command("progress", N_("Your progress, a private link to your dashboard page and your streak chart")),
        Command("remind", N_("A private reminder before the round closes when your streak is at risk"),
                (Option("action", N_("turn reminders on or off"), ("on", "off")),
                 Option("at", N_("remind at this local time, HH:MM")),
                 Option("before", N_("remind this long before the round closes, e.g. 2h or 90m"))),
                ("action",)),
        Command("suggest", N_("Suggest a question for this community's own pack; an admin reviews it"),
                _SUGGESTION_FIELDS),
        Command("authors", N_("Members whose suggested questions were approved, most first")),
        Command("help", N_("What every command does")),
    )
}

ADMIN_COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command("setup", N_("Schedule daily questions in this channel"),
                (_TIME, _TZ, _DAYS, _PACKS, _ORDER, _ANSWERS, _REMIND, _LOCALE), admin=True),
        Command("pause", N_("Stop posting in this channel until resumed"), admin=True),
        Command("resume", N_("Resume posting in this channel"), admin=True),
        Command("post-now", N_("Post today's question now"), admin=True),
        Command("skip", N_("Skip the next scheduled day (streaks are not affected)"), admin=True),
        Command("status", N_("This channel's schedule, open question and next post"), admin=True),
        Command("stats", N_("Answers, accuracy and hardest questions in this channel"), admin=True),
        Command("export", N_("CSV of answers and standings"), (_PERIOD, _COHORT), ("period",), admin=True),
        Command("appeals", N_("Open appeals; accept or reject one"),
                (Option("action", N_("what to do"), ("list", "accept", "reject")),
                 Option("id", N_("appeal number"))), ("action", "id"), admin=True),
        Command("packs", N_("Loaded content packs"), admin=True),
        Command("dashboard", N_("A private link to the web dashboard of this server or workspace"),
                (_TTL,), ("ttl",), admin=True),
        Command("suggestions", N_("Suggested questions: list, show, approve, reject or edit one"),
                (Option("action", N_("what to do"), ("list", "show", "approve", "reject", "edit")),
                 Option("id", N_("suggestion number")),
                 Option("reason", N_("why (sent to the author privately)")),
                 Option("status", N_("which to list"), ("pending", "approved", "rejected", "all")),
                 Option("force", N_("approve even when the rubric self-test fails"), ("true", "false")),
                 *_SUGGESTION_FIELDS), ("action", "id"), admin=True),
    )
}


def parse_number(value: str, name: str, low: int, high: int, *, unit: str = "") -> int:
    """The one parser of numeric options: ASCII digits only (a leading `#` allowed), within low..high.

    Raises InvalidInput naming the option and the allowed range for anything else: signs, spaces
    inside, superscripts and other scripts' digits, or values too large. Never converts more digits
    than `high` has, so a huge number costs nothing.
    """
    text = value.strip().removeprefix("#")
    allowed = _("from {low} to {high}").format(low=format_number(low) + unit, high=format_number(high) + unit)
    if not text:
        raise InvalidInput(_("`{name}` needs a whole number {allowed}.").format(name=name, allowed=allowed))
    if not (text.isascii() and text.isdigit()):
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise InvalidInput(_("`{name}` must be a whole number {allowed}, written with the digits 0-9; "
                             "`{value}` is not.").format(name=name, allowed=allowed, value=shown))
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(high)) or not low <= int(digits) <= high:
        shown = digits if len(digits) <= 24 else digits[:12] + "… " + _("({count} digits)").format(
            count=format_number(len(digits)))
        raise InvalidInput(_("`{name}` must be {allowed}; {value} is out of range.").format(
            name=name, allowed=allowed, value=shown + unit))
    return int(digits)


def check_line(text: str) -> str:
    """Refuse command text over MAX_LINE_CHARS before any parsing; replace what is not valid UTF-8.

    Undecodable bytes (which a terminal passes on as lone surrogates) become U+FFFD `�`, so every
    later step, the database included, sees valid text.
    """
    if len(text) > MAX_LINE_CHARS:
        raise InvalidInput(
            _("That line is {length} characters long; the limit is {limit}. Answers may be up to {answer} "
              "characters: shorten it and send it again.").format(
                length=format_number(len(text)), limit=format_number(MAX_LINE_CHARS),
                answer=format_number(4000))
        )
    return valid_text(text)


def valid_text(text: str) -> str:
    """`text` with lone surrogates (undecodable input bytes) decoded where they form UTF-8, else `�`."""
    if not SURROGATE.search(text):
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # surrogates that are not escaped bytes, e.g. from JSON `\\ud800`
        return SURROGATE.sub("\ufffd", text)


def find_command(name: str) -> Command | None:
    """The member or admin command called `name` (case-blind, US or UK spelling), else None."""
    key = spelling_key(name.lstrip("/"))
    for command in (*MEMBER_COMMANDS.values(), *ADMIN_COMMANDS.values()):
        if spelling_key(command.name) == key:
            return command
    return None


def split_words(text: str) -> list[str]:
    """Split command text into words, honouring quotes (typographic quotes too, as phones and Slack
    type them); unbalanced quotes fall back to spaces."""
    text = text.translate(TYPOGRAPHIC_QUOTES)
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


def example(platform: str, command: str, **options: str) -> str:
    """A command line a member can type as it is: Discord's `/cohort join name:Night Owls` (options
    are fields there), elsewhere `/cohort join name="Night Owls"` with values quoted as needed."""
    if platform == Platform.DISCORD:
        words = [f"{key}:{value}" for key, value in options.items()]
    else:
        words = [f"{key}={quoted(value)}" for key, value in options.items()]
    return " ".join([f"/{command}", *words])


def quoted(value: str) -> str:
    """`value` as one `key=value` word: quoted when it has spaces or quotes (`"Night Owls"`)."""
    if value and not any(c.isspace() or c in "\"'" for c in value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def parse_options(command: Command, words: list[str]) -> dict[str, str]:
    """Turn `key=value` words (and positional words, in the command's order) into an option dict.

    Raises InvalidInput naming the unknown option or the extra word and listing what is accepted.
    """
    allowed = {o.name for o in command.options}
    spelled = {spelling_key(name): name for name in allowed}
    options: dict[str, str] = {}
    positional = list(command.positional)
    for word in words:
        if "=" in word:
            key, _sep, value = word.partition("=")
            key = spelled.get(spelling_key(key), key.strip().lower())
            if key not in allowed:
                accepted = ", ".join(sorted(allowed)) or _("no options")
                raise InvalidInput(_("`{command}` has no option `{key}`; it accepts {accepted}.").format(
                    command=command.name, key=key, accepted=accepted))
            options[key] = value.strip()
            if key in positional:
                positional.remove(key)
        else:
            while positional and positional[0] in options:
                positional.pop(0)
            if not positional:
                raise InvalidInput(
                    _('`{command}` did not expect `{word}`; write options as key=value, and put a value with '
                      'spaces in quotes, e.g. name="Night Owls" (try `{command} help`).').format(
                        command=command.name, word=word)
                )
            options[positional.pop(0)] = word
    for option in command.options:
        value = options.get(option.name)
        if value is not None and option.choices:
            choice = next((c for c in option.choices if spelling_key(c) == spelling_key(value)), None)
            if choice is None:
                raise InvalidInput(
                    _("`{option}={value}` is not valid; choose one of {choices}.").format(
                        option=option.name, value=value, choices=", ".join(option.choices))
                )
            options[option.name] = choice
    return options


def parse_time(value: str) -> time:
    """`09:00`, `9:00`, `0900` or `9` -> time(9, 0); hours 0-23 and minutes 0-59 in ASCII digits."""
    text = value.strip().lower().replace(".", ":")
    if ":" in text:
        hour_s, minute_s = text.split(":", 1)
    elif len(text) in (3, 4):
        hour_s, minute_s = text[:-2], text[-2:]
    else:
        hour_s, minute_s = text, "0"
    try:
        return time(parse_number(hour_s, "hour", 0, 23), parse_number(minute_s, "minute", 0, 59))
    except InvalidInput as err:
        raise InvalidInput(
            _("`time={value}` is not a time ({problem}); use 24-hour HH:MM such as 09:00 or 17:30.").format(
                value=value[:40], problem=str(err).rstrip("."))
        ) from None


def parse_tz(value: str) -> str:
    """Validate an IANA timezone name, case-insensitively; return its canonical spelling."""
    name = value.strip()
    if name.upper() in ("UTC", "Z", "GMT"):
        return "UTC"
    try:
        ZoneInfo(name)
        return name
    except (ZoneInfoNotFoundError, ValueError):
        pass
    lowered = {z.lower(): z for z in available_timezones()}
    if name.lower() in lowered:
        return lowered[name.lower()]
    raise InvalidInput(
        _("`tz={value}` is not a known timezone; use an IANA name such as Europe/Berlin or "
          "America/New_York.").format(value=value)
    )


def parse_days(value: str) -> frozenset[int]:
    """`mon,tue,fri`, `mon-fri`, `weekdays`, `weekends` or `daily` -> weekday numbers (Mon = 0)."""
    text = value.strip().lower()
    if text in DAY_ALIASES:
        return DAY_ALIASES[text]
    days: set[int] = set()
    for part in filter(None, (p.strip() for p in text.replace(" ", ",").split(","))):
        if "-" in part:
            start, _sep, end = part.partition("-")
            a, b = _day(start, value), _day(end, value)
            days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
        else:
            days.add(_day(part, value))
    if not days:
        raise InvalidInput(_("`days=` is empty; name at least one day, e.g. days=mon,wed,fri."))
    return frozenset(days)


def _day(word: str, original: str) -> int:
    key = word.strip()
    for index, day in enumerate(DAY_NAMES):
        if key[:3] == day and FULL_DAY_NAMES[index].startswith(key):
            return index
    raise InvalidInput(
        _("`days={value}`: `{word}` is not a day; use mon, tue, wed, thu, fri, sat, sun "
          "(or weekdays, weekends, daily).").format(value=original, word=word)
    )


def format_days(days: frozenset[int]) -> str:
    """weekday numbers -> `mon,tue,wed` (or `daily` / `weekdays`)."""
    if days == DAY_ALIASES["daily"]:
        return "daily"
    if days == DAY_ALIASES["weekdays"]:
        return "weekdays (mon-fri)"
    return ",".join(DAY_NAMES[d] for d in sorted(days))


def days_phrase(days: frozenset[int]) -> str:
    """Weekday numbers as words that follow a time: `every day`, `on weekdays (Mon-Fri)`,
    `on weekends`, `on Mon, Wed and Fri`."""
    if days == DAY_ALIASES["daily"]:
        return _("every day")
    if days == DAY_ALIASES["weekdays"]:
        return _("on weekdays (Mon-Fri)")
    if days == DAY_ALIASES["weekends"]:
        return _("on weekends (Sat and Sun)")
    names = [_(WEEKDAY_ABBREVIATIONS[d]) for d in sorted(days)]
    if len(names) == 1:
        return _("on {day}").format(day=names[0])
    return _("on {days} and {last}").format(days=", ".join(names[:-1]), last=names[-1])


def parse_choice(enum: type[E], name: str, value: str) -> E:
    """Validate an enum-valued option such as order, answers, period or difficulty."""
    key = spelling_key(value)
    try:
        return next(m for m in enum if spelling_key(m.value) == key)
    except StopIteration:
        choices = ", ".join(m.value for m in enum)
        raise InvalidInput(_("`{option}={value}` is not valid; choose one of {choices}.").format(
            option=name, value=value, choices=choices)) from None


def parse_locale(value: str) -> str | None:
    """`de`, `de-DE`, `es_419` -> the shipped language (`de`, `es`); `default` -> None (STUDYBOT_LOCALE)."""
    text = value.strip()
    if text.lower() in ("default", "none", "off"):
        return None
    found = normalize(text)
    if found is None:
        raise InvalidInput(
            _("`locale={value}` is not a language studybot speaks; choose one of {choices}, or default "
              "for the "
              "bot's default language.").format(value=value[:40], choices=", ".join(shipped_locales()))
        )
    return found


def parse_period(value: str | None) -> Period:
    return Period.ALL if not value else parse_choice(Period, "period", value)


def parse_flag(value: str | None) -> bool:
    """`chart=true` -> True; empty or `false` -> False (other words are refused by the choices)."""
    return (value or "").strip().lower() == "true"


def parse_difficulty(value: str | None) -> Difficulty | None:
    return None if not value else parse_choice(Difficulty, "difficulty", value)


def help_text(command: Command, prefix: str = "/") -> str:
    """One paragraph of help: usage line, description, then one line per option."""
    name = f"studybot {command.name}" if command.admin else command.name
    usage = " ".join(f"{o.name}=…" for o in command.options)
    lines = [f"{prefix}{name} {usage}".rstrip(), _(command.description)]
    for o in command.options:
        extra = f" ({' | '.join(o.choices)})" if o.choices else ""
        lines.append(f"  {o.name}: {_(o.description)}{extra}")
    return "\n".join(lines)


ANSWER_RULES = N_(
    "Answering: write a sentence or two for a free-text question; for a multiple-choice question press "
    "an option or send its number (`2`, or `1, 3` when several are right); for a short-answer question "
    "send a word, a term or a number.\n"
    "Points: your first answer in time counts: score x 10 x difficulty (beginner 1, intermediate 1.5, "
    "advanced and bonus 2), +1 once your streak is 3 or more. An incorrect answer earns 0 points but "
    "keeps your streak. A non-answer (blank, \"idk\", the question copied back, a bare list of terms) is "
    "not taken: no attempt is used and the model answer stays hidden, so have a go instead."
)


def overview(prefix: str = "/", registered: Collection[str] | None = None) -> str:
    """Help for every command, members' first, then how answering and points work. `registered`
    limits the member commands to those the platform registers as slash commands (admin commands
    are always `/studybot NAME`)."""
    member = [f"{prefix}{c.name}: {_(c.description)}" for c in MEMBER_COMMANDS.values()
              if registered is None or c.name in registered]
    admin = [f"{prefix}studybot {c.name}: {_(c.description)}" for c in ADMIN_COMMANDS.values()]
    return "\n".join(
        [_("Member commands:"), *member, "", _("Admin commands (manage server / workspace admin):"), *admin,
         "", _("Add `help` after a command for its options, e.g. `{example}`.").format(
             example=f"{prefix}leaderboard help"),
         "", _(ANSWER_RULES)]
    )
