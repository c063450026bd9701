"""The extraction state one document carries through the stages.

Each stage reads what it needs from `Parse` and its `Candidate`s and adds what it finds; a
candidate becomes a `Claim` at the end if no stage dropped it (the reason is kept for `--explain`
style debugging and for the tests).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from claimledger.extraction.segment import Sentence
from claimledger.lexicon import Conflict, Lexicon, RatePhrase
from claimledger.model import Document


@dataclass(frozen=True)
class DateSpec:
    """A date as written: any of day/month/year/weekday, or days before the reference."""

    day: int | None = None
    month: int | None = None
    year: int | None = None
    year_offset: int | None = None  # "May last year" → -1
    weekday: int | None = None
    days_before: int | None = None  # "two days earlier" → 2

    def first(self, ref: date) -> date | None:
        """The (first) day meant, the latest such day on or before `ref` when no year is given."""
        if self.days_before is not None:
            return ref - timedelta(days=self.days_before)
        if self.weekday is not None:
            return ref - timedelta(days=(ref.weekday() - self.weekday) % 7)
        if self.month is None:
            return date(self.year, 1, 1) if self.year else None
        year = self._year(ref)
        try:
            return date(year, self.month, self.day or 1)
        except ValueError:
            return None

    def last(self, ref: date) -> date | None:
        """The last day meant: the end of a month or year, or the day itself."""
        if self.month is None and self.year and self.weekday is None and self.days_before is None:
            return date(self.year, 12, 31)
        d = self.first(ref)
        if d and self.month and not self.day:
            return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
        return d

    def _year(self, ref: date) -> int:
        if self.year:
            return self.year
        if self.year_offset is not None:
            return ref.year + self.year_offset
        assert self.month is not None
        if (self.month, self.day or 1) <= (ref.month, ref.day):
            return ref.year
        return ref.year - 1


@dataclass(frozen=True)
class TimeExpr:
    """A time expression in a sentence, by kind:

    day      on D                          → [D, D]
    range    between D1 and D2 / from … to → [D1, D2]
    since    since D / since <event>       → [D, ref]
    by       by D / as of D                → cumulative, as of D
    past     in the past N days/24 hours   → [ref - N, ref]
    open     in recent days, the final push → [None, ref]
    same     over the same period          → the period of the claim before
    that     in that month / that day      → the last month or day named
    month    in September                  → the whole month
    year     in 2022                       → the whole year
    first    in the first month of the offensive → [event start, + N]
    final    the last two days of the battle     → [event end - N + 1, event end]
    cumul    in all / a total of / running total → cumulative since the conflict began
    anchor   day 386 of the war            → a later reference date for what follows
    opening  in 42 days of the invasion    → cumulative, the conflict's first N days
    weekof   the last week of May          → its last (n = -1) or first (n = 1) seven days
    conflict since the invasion began      → cumulative since the conflict began
    """

    kind: str
    sentence: int
    i0: int  # token span [i0, i1)
    i1: int
    start: int  # character span in the document
    end: int
    text: str
    a: DateSpec | None = None
    b: DateSpec | None = None
    n: int = 0
    unit: str = "day"  # for past/first/final: day | week | month

    def days(self) -> int:
        return self.n * {"day": 1, "week": 7, "month": 30, "year": 365}.get(self.unit, 1)


# Kinds of time expression that name a date ("on 3 May", "since Friday", "in 2016"): one whose
# date the calendar lacks names none.
DATED_TIME_KINDS = frozenset({"day", "range", "since", "by", "month", "year"})
# Kinds of time expression placed by the conflict's start, with no reference date needed ("day
# 386 of the war", "since the invasion began", "in all").
CONFLICT_TIME_KINDS = frozenset({"anchor", "conflict", "cumul"})
# Kinds of time expression whose first day is when an event began ("since", "between … and",
# "in the first week of the offensive").
EVENT_START_TIME_KINDS = frozenset({"since", "range", "first"})


@dataclass(slots=True)
class Speaker:
    """A claimant mention in the text (who could have said a figure)."""

    name: str | None  # canonical name; None for the outlet itself
    affiliation: str | None
    kind: str  # person | body | group
    sentence: int
    token: int
    describe: tuple[str, ...] = ()
    scope: str | None = None  # default location of its counts
    surname: str | None = None
    personnel_metric: str | None = None  # what its bare personnel tally counts


# The kinds of attribution's mentions (`Mention.kind`) that can be the author of a report noun
# after them ("its count of …", "The General Staff's running count"): not a person's name, nor a
# relative pronoun.
REPORT_AUTHOR_MENTIONS = frozenset({"body", "group", "pronoun", "describe"})


@dataclass(slots=True)
class Cue:
    """A reporting cue: "X said", "according to X", "…," X added."""

    sentence: int
    verb: int  # token index of the verb / preposition
    speaker: Speaker | None
    # Token span of the attribution itself (subject + verb + adverbials up to "that"); dates in
    # it are when the statement was made, not the period of the figure.
    span: tuple[int, int]
    trailing: bool = False  # the cue follows the figures it attributes
    derivation: bool = False  # "amounts to": the outlet's own arithmetic
    statement_date: date | None = None


# Tags of the parse model, not words. How a figure relates to the figure it depends on
# (`Candidate.relation`): a part, a sibling or a derivation of it (it takes its parent's period
# and subject), or another value of the same count (its daily increment, its earlier value).
PART_RELATIONS = frozenset({"subcount", "derived", "coordinated"})
VALUE_RELATIONS = frozenset({"increment", "earlier"})
# The groups of counted people (`Candidate.people`) that the counted noun does not mark as
# fighters.
NOT_MILITARY = frozenset({"civilian", "ambiguous", "mixed"})


@dataclass(slots=True)
class Candidate:
    sent: Sentence
    i0: int  # first token of the figure, qualifier included
    i1: int  # token after the figure
    low: float | None
    high: float | None
    qualifier: str
    num: int  # token index of the (first) number
    weak: bool = False  # "a"/"an" read as one: kept only for a lost piece of equipment
    increment_of: Candidate | None = None
    # metrics
    metric: str | None = None
    default_metric: bool = False  # "personnel losses" read by default, no casualty word said
    kind: str | None = None  # personnel | equipment | territory
    np: tuple[int, int] = (0, 0)
    rate: RatePhrase | None = None
    people: str | None = None  # military | civilian | ambiguous (the counted noun)
    parent: Candidate | None = None
    relation: str | None = None  # subcount | derived | coordinated | increment
    possessor: bool = False  # "134 of its soldiers"
    # attribution
    cue: Cue | None = None
    speaker: Speaker | None = None
    # parties
    subject: str | None = None
    subject_surface: str | None = None
    group: str | None = None
    subset: str | None = None  # the part of a population a sub-count counts ("children")
    # time
    time: TimeExpr | None = None
    ref: date | None = None
    period: tuple[date | None, date | None, bool] | None = None
    # place
    framed: bool = False  # its noun came before it: "the number of people killed … rose to 12"
    location: str | None = None
    location_country: str | None = None  # the party whose territory the place is in
    combined: bool = False  # its places are of several states: a combined toll, no one subject
    dropped: str | None = None

    @property
    def value(self) -> float:
        return self.low if self.low is not None else (self.high or 0.0)

    @property
    def alive(self) -> bool:
        return self.dropped is None

    def drop(self, reason: str) -> None:
        if self.dropped is None:
            self.dropped = reason


@dataclass(slots=True)
class Parse:
    doc: Document
    lex: Lexicon
    sentences: list[Sentence]
    conflict: Conflict | None = None
    times: dict[int, list[TimeExpr]] = field(default_factory=dict)
    candidates: list[Candidate] = field(default_factory=list)
    cues: dict[int, list[Cue]] = field(default_factory=dict)
    speakers: list[Speaker] = field(default_factory=list)

    # `dropped is None` rather than the `alive` property: the stages ask for these lists
    # thousands of times per megabyte.
    def alive(self) -> list[Candidate]:
        return [c for c in self.candidates if c.dropped is None]

    def in_sentence(self, index: int) -> list[Candidate]:
        return [c for c in self.candidates if c.dropped is None and c.sent.index == index]
