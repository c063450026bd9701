"""Time expressions: find them in a sentence and resolve them against a reference date.

Finding is context-free (a regex cascade over the sentence text, longest pattern first). Which
reference date applies — the publication date, a later in-text anchor ("day 386 of the war"),
or the date a statement was made ("said on Friday") — is decided by the periods stage; this
module only turns an expression plus a reference date into dates (claims.md, "Which date
relative expressions resolve against").
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter

from claimledger.extraction.matching import KeyGate, folded, lower_twin, twin_matches
from claimledger.extraction.segment import Sentence

MONTHS = {
    m.lower(): i
    for i, names in enumerate(
        [
            (),
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sept", "Sep"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ]
    )
    for m in names
}
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
MONTHS_TITLE = [m.title() for m in MONTHS]
SMALL = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fourteen": 14, "thirty": 30,
}  # fmt: skip

# Month and weekday names match in capitals only: "may" stays a verb.
_FULL_MONTHS = [m for m in MONTHS_TITLE if len(m) > 4 or m in ("May", "June", "July")]
_ABBR_MONTHS = [m for m in MONTHS_TITLE if m not in _FULL_MONTHS]
_MON = (
    "(?-i:"
    + "|".join(sorted(_FULL_MONTHS, key=len, reverse=True))
    + "|(?:"
    + "|".join(sorted(_ABBR_MONTHS, key=len, reverse=True))
    + r")\.?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?:19|20)\d\d"
_WD = "(?-i:" + "|".join(calendar.day_name) + ")"
_NUM = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|thirty)"
)
_DATE = rf"(?:{_DAY}\s+{_MON}(?:,?\s+{_YEAR})?|{_MON}\s+{_DAY}(?:,?\s+{_YEAR})?)"
_MONTHY = rf"(?:{_MON}(?:\s+{_YEAR}|\s+last\s+year|\s+this\s+year)?)"
_ANYDATE = rf"(?:{_DATE}|{_MONTHY}|{_WD}|{_YEAR})"
_EVENT = "(?:" + "|".join(
    "offensive counteroffensive counter-offensive assault operation battle campaign attack attacks "
    "push siege fighting incursion".split()
) + ")"  # fmt: skip


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


def _num(word: str) -> int:
    w = word.lower()
    return int(w) if w.isdigit() else SMALL.get(w, 1)


_YEAR_RE = re.compile(_YEAR)
_DAY_MON_RE = re.compile(rf"({_DAY})\s+({_MON})(?:,?\s+({_YEAR}))?", re.I)
_MON_DAY_RE = re.compile(rf"({_MON})\s+({_DAY})(?:,?\s+({_YEAR}))?", re.I)
_MON_YEAR_RE = re.compile(rf"({_MON})(?:\s+({_YEAR})|\s+(last|this)\s+year)?", re.I)
_NON_DIGITS = re.compile(r"\D")


def parse_date(text: str) -> DateSpec | None:
    """Parse one date as written (see _ANYDATE)."""
    t = text.strip().rstrip(".,")
    low = t.lower()
    if low in WEEKDAYS:
        return DateSpec(weekday=WEEKDAYS[low])
    # A year or a day first starts with an ASCII digit, a month name with a capital (it matches
    # in capitals only): one test spares the patterns that cannot match.
    if "0" <= t[:1] <= "9":
        if _YEAR_RE.fullmatch(t):
            return DateSpec(year=int(t))
        m = _DAY_MON_RE.fullmatch(t)
        if m:
            return DateSpec(
                day=int(_NON_DIGITS.sub("", m[1])),
                month=MONTHS[m[2].lower().rstrip(".")],
                year=int(m[3]) if m[3] else None,
            )
        return None
    m = _MON_DAY_RE.fullmatch(t)
    if m:
        return DateSpec(
            day=int(_NON_DIGITS.sub("", m[2])),
            month=MONTHS[m[1].lower().rstrip(".")],
            year=int(m[3]) if m[3] else None,
        )
    m = _MON_YEAR_RE.fullmatch(t)
    if m:
        offset = {"last": -1, "this": 0}.get((m[3] or "").lower())
        return DateSpec(
            month=MONTHS[m[1].lower().rstrip(".")],
            year=int(m[2]) if m[2] else None,
            year_offset=offset,
        )
    return None


# A full date as datelines write it (claims.md, "The publication date"): with its year, a
# weekday optional ("Wed Aug 3 2016", "Wednesday 27 Jul 2016", "Nov 022017" with the day and
# year run together), or in figures. In figures, dots and dashes put the day first (24.07.2016,
# 04-09-2014) and slashes the month (01/18/2014), as the wires that use each do; ISO is ISO.
_WEEKDAY = rf"(?-i:(?:{'|'.join(calendar.day_name)}|{'|'.join(calendar.day_abbr)})\.?),?"
_TEXT_FULL_DATE = (
    rf"(?:{_DAY}\s+{_MON},?\s+{_YEAR}|{_MON}\s+{_DAY},?\s+{_YEAR}"
    rf"|{_MON}\s+(?:0[1-9]|[12]\d|3[01]){_YEAR})(?!\d)"
)
_FIGURE_DATE = (
    r"(?:(?:0?[1-9]|[12]\d|3[01])[-.](?:0?[1-9]|1[0-2])[-.](?:19|20)\d\d"
    r"|(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/(?:19|20)\d\d|(?:19|20)\d\d-[01]\d-[0-3]\d)(?!\d)"
)
WEEKDAY_DATE = rf"{_WEEKDAY}\s+{_TEXT_FULL_DATE}"
FULL_DATE = rf"(?:(?:{_WEEKDAY}\s+)?{_TEXT_FULL_DATE}|{_FIGURE_DATE})"
TEXT_FULL_DATE = _TEXT_FULL_DATE
_GLUED = re.compile(rf"({_MON})\s+(\d\d)({_YEAR})", re.I)
_FIGURES = re.compile(r"(\d+)([-./])(\d+)[-./](\d+)")


def full_date(text: str) -> date | None:
    """The day a FULL_DATE match names (None for one the calendar lacks, "31.02.2016")."""
    t = text.strip()
    m = _FIGURES.fullmatch(t)
    if m:
        a, sep, b, c = int(m[1]), m[2], int(m[3]), int(m[4])
        y, mo, d = (a, b, c) if a > 999 else (c, a, b) if sep == "/" else (c, b, a)
        try:
            return date(y, mo, d)
        except ValueError:
            return None
    words = t.split(None, 1)
    if len(words) > 1 and words[0].rstrip(".,").lower() in _WEEKDAY_NAMES:
        t = words[1]
    g = _GLUED.fullmatch(t)
    spec = (
        DateSpec(day=int(g[2]), month=MONTHS[g[1].lower().rstrip(".")], year=int(g[3]))
        if g
        else parse_date(t)
    )
    if spec is None or spec.year is None or spec.month is None or spec.day is None:
        return None
    try:
        return date(spec.year, spec.month, spec.day)
    except ValueError:
        return None


_WEEKDAY_NAMES = frozenset(w.lower() for w in (*calendar.day_name, *calendar.day_abbr))


def _spec(m: re.Match[str], group: str) -> DateSpec | None:
    g = m.group(group)
    return parse_date(g) if g else None


# (kind, pattern). Named groups: a, b (dates), n (count), unit.
_MONTH_KEYS = tuple(MONTHS)
_DAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_UNIT_KEYS = tuple(
    "second seconds minute minutes hour hours day days week weeks month months year years decade "
    "decades night nights".split()
)
# "13-19 January": the one pattern with a mark it cannot match without, a dash (a character
# with no other case), which most sentences naming a month lack.
_DAY_RANGE = rf"\b(?P<d1>{_DAY})\s*[-–]\s*(?P<d2>{_DAY})\s+(?P<mon>{_MON})(?:\s+(?P<yr>{_YEAR}))?"
# (kind, keys, pattern), in priority order: a pattern runs only on a sentence holding one of
# its keys (lower-cased substring test), which spares most sentences most of the regexes.
_SPECS: list[tuple[str, tuple[str, ...], str]] = [
    (
        "anchor",
        ("day",),
        r"\bday\s+(?P<n>\d+)\s+of\s+(?:[\w'’-]+\s+){0,4}?(?:war|conflict|invasion|fighting|offensive)\b",
    ),
    # "the 53rd day of the war"
    (
        "anchor",
        ("day",),
        r"\b(?P<n>\d+)(?:st|nd|rd|th)\s+day\s+of\s+(?:[\w'’-]+\s+){0,4}?(?:war|conflict|invasion)\b",
    ),
    # "in 42 days of the invasion": its first days, a running total as of the last.
    (
        "opening",
        ("days",),
        rf"\b(?:in|over|during)\s+(?:the\s+first\s+)?(?P<n>{_NUM})\s+days\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,2}}?(?:war|invasion|conflict)\b",
    ),
    (
        "final",
        ("final", "last", "closing"),
        rf"\b(?:in|during|over|on)?\s*the\s+(?:final|last|closing)\s+(?P<n>{_NUM})\s+(?P<unit>days?|weeks?|hours)\s+of\s+(?:the\s+)?{_EVENT}",
    ),
    (
        "first",
        ("first",),
        rf"\b(?:in|during|over)\s+the\s+first\s+(?:(?P<n>{_NUM})\s+)?(?P<unit>days?|weeks?|months?)\s+of\s+(?:the\s+)?(?:{_EVENT}|war|invasion)",
    ),
    (
        "range",
        ("between",),
        rf"\bbetween\s+(?P<d1>{_DAY})\s+and\s+(?P<d2>{_DAY})\s+(?P<mon>{_MON})(?:\s+(?P<yr>{_YEAR}))?",
    ),
    (
        "range",
        ("between", "from"),
        rf"\b(?:between|from)\s+(?P<a>{_ANYDATE})(?:\s*,[^,;]{{1,80}},)?\s+(?:and|to|until|through|till)\s+(?:[\w'’]+\s+){{0,5}}?(?:on\s+)?(?P<b>{_ANYDATE})",
    ),
    ("range", _MONTH_KEYS, _DAY_RANGE),
    (
        "since",
        ("since",),
        rf"\bsince\s+(?:[\w'’-]+\s+){{1,20}}?(?:on|in)\s+(?P<a>{_ANYDATE})",
    ),
    (
        "since",
        ("since",),
        rf"\bsince\s+(?:the\s+(?:start|beginning)\s+of\s+)?(?:early\s+|late\s+|mid-?)?(?P<a>{_ANYDATE})",
    ),
    (
        "since",
        ("started", "began", "launched", "opened", "erupted"),
        rf"\b(?:that|which)\s+(?:started|began|was\s+launched|opened|erupted)\s+(?:[\w'’-]+\s+){{0,6}}?(?:on|in)\s+(?:early\s+|late\s+|mid-?)?(?P<a>{_ANYDATE})",
    ),
    ("since", ("since",), r"\bsince\s+the\s+(?:start|beginning)\s+of\s+(?:the\s+|this\s+)?year\b"),
    (
        "event",
        ("since",),
        rf"\bsince\s+(?:the\s+(?:start|beginning|launch)\s+of\s+)?(?:the\s+|its\s+|their\s+)?(?:\w+\s+)?{_EVENT}(?:\s+(?:began|started|was\s+launched|opened|was\s+renewed|resumed))?\b",
    ),
    ("by", (*_MONTH_KEYS, *_DAY_KEYS), rf"\b(?:by|as\s+of|as\s+at)\s+(?P<a>{_DATE}|{_WD})"),
    # "during the last week of May": its last (first) seven days.
    (
        "weekof",
        _MONTH_KEYS,
        rf"\b(?:in|during|over)\s+the\s+(?P<which>last|final|first)\s+week\s+of\s+(?P<a>{_MONTHY})\b",
    ),
    (
        "past",
        ("past", "last", "previous", "preceding"),
        r"\b(?:in|over|during|for|within)\s+the\s+(?:past|last|previous|preceding)\s+(?P<n>24|48|72)\s+hours\b",
    ),
    (
        "past",
        ("past", "last", "previous", "preceding"),
        rf"\b(?:in|over|during|for|within)\s+the\s+(?:past|last|previous|preceding)\s+(?:(?P<n>{_NUM})\s+)?(?P<unit>days?|weeks?|months?)\b",
    ),
    ("past", ("day",), r"\b(?:over|during|in)\s+the\s+(?P<unit>day)\b(?!\s+of)"),
    (
        "past",
        (" days", " weeks", " months"),
        rf"\b(?:in|over|within)\s+(?P<n>{_NUM})\s+(?P<unit>days|weeks|months)\b(?!\s+(?:of|after|before|ago|earlier|later))",
    ),
    ("past", ("overnight",), r"\bovernight\b"),
    ("past", ("night",), r"\b(?:during|in|over|through)\s+the\s+night\b|\blast\s+night\b"),
    ("past", ("previous",), r"\b(?:the\s+)?previous\s+day\b"),
    (
        "half",
        ("half", "six"),
        r"\b(?:in\s+|during\s+)?the\s+(?P<n>first|second)\s+(?:half|six\s+months)\s+of\s+(?:(?P<which>this|last)\s+year|(?P<yr>(?:19|20)\d\d))\b",
    ),
    (
        "weekend",
        ("weekend",),
        r"\b(?:over|at|during|on)\s+the\s+weekend\b|\b(?:last|this)\s+weekend\b",
    ),
    # "earlier this week": one day in it, which the text does not say.
    ("open", ("earlier",), r"\bearlier\s+this\s+(?:week|month)\b"),
    (
        "cal",
        ("last", "this"),
        r"\b(?:(?:so\s+far|earlier|later)\s+)?(?P<which>last|this)\s+(?P<unit>week|month|year)\b",
    ),
    (
        "same",
        ("same",),
        r"\b(?:over|during|in|for|within|throughout)\s+the\s+same\s+(?:\w+\s+){0,2}?(?:period|time|timeframe|days?|weeks?|months?|span|stretch)\b",
    ),
    (
        "same",
        ("week", "month"),
        r"\b(?:during|over|in)\s+the\s+(?:week|month)\b(?!\s+(?:before|after|of|to|that))",
    ),
    ("that", ("month", "day", "week"), r"\b(?:in|on|during)\s+that\s+(?P<unit>month|day|week)\b"),
    # "in that period", "during this period": the period just named.
    ("same", ("period",), r"\b(?:over|during|in|for|within|throughout)\s+(?:that|this)\s+period\b"),
    (
        "open",
        ("recent", "lately", "final", "last"),
        r"\bin\s+recent\s+(?:days|weeks|months)\b|\brecently\b|\blately\b|\bin\s+the\s+(?:final|last)\s+(?:push|assault|stages?|phase|hours|days|weeks)\b",
    ),
    (
        "rel",
        ("earlier", "before", "ago", "previously", "yesterday"),
        rf"\b(?P<n>{_NUM})\s+(?P<unit>days?|weeks?)\s+(?:earlier|before|ago|previously)\b|\byesterday\b",
    ),
    ("today", ("today", "tonight"), r"\b(?:earlier\s+|later\s+)?(?:today|tonight)\b"),
    ("day", _MONTH_KEYS, rf"\b(?:on\s+|early\s+on\s+|late\s+on\s+)?(?P<a>{_DATE})"),
    ("day", _DAY_KEYS, rf"\b(?:on\s+|early\s+on\s+|late\s+on\s+|by\s+)?(?P<a>{_WD})\b"),
    ("month", _MONTH_KEYS, rf"\b(?:in|during|throughout)\s+(?P<a>{_MONTHY})\b"),
    ("month", _MONTH_KEYS, rf"^(?P<a>{_MON})\s+(?:was|saw|has been|had been)\b"),
    ("year", ("19", "20"), rf"\b(?:in|during|throughout|since|of)\s+(?P<a>{_YEAR})\b"),
    (
        "cumul",
        ("all", "total", "far", "date", "running", "war", "cumulative", "toll", "since"),
        r"\bin\s+all\b|\bin\s+total\b|\ba\s+total\s+of\b|\bso\s+far\b|\bto\s+date\b|\brunning\s+(?:total|count|tally)\b|\btotals\b|\bin\s+the\s+war\b|\bcumulative\b|\boverall\s+toll\b|\bsince\s+the\s+(?:invasion|war)\b",
    ),
    # "the death toll from the six-year-old conflict", "killed in the country's civil war":
    # a count of the whole war.
    (
        "cumul",
        ("war", "conflict"),
        r"\b(?:from|in|during|throughout)\s+(?:the|this|its|\w+(?:'s|’s))\s+(?:[\w-]+\s+){0,2}?(?:war|conflict)\b(?!\s+(?:in|on|over|against|between|with|began|started|erupted))",
    ),
    ("mask", ("19",), rf"\b\d{{1,2}}:\d{{2}}\b|\b(?:a|p)\.m\.|\b{_YEAR}\b|\bday\s+\d+\b"),
    (
        "mask",
        _UNIT_KEYS,
        rf"\b{_NUM}\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|nights?)\b",
    ),
]
_DIGITS = frozenset({"19", "20", ":", "a.m", "p.m"})


def _gate(keys: tuple[str, ...]) -> tuple[frozenset[str], bool]:
    """Words any of which a sentence must hold for a pattern to be worth running, and whether
    a digit also opens the gate. Multi-word keys count each word: a looser, never stricter gate."""
    words = frozenset(w for k in keys if k not in _DIGITS for w in k.split())
    return words, any(k in _DIGITS for k in keys)


_PATTERNS: list[tuple[str, tuple[frozenset[str], bool], re.Pattern[str]]] = [
    (k, _gate(keys), re.compile(p, re.I)) for k, keys, p in _SPECS
]
# Which patterns a sentence's words open: it tries only those, in priority order.
_GATE = KeyGate([g for _k, g, _p in _PATTERNS])
_DAY_RANGE_AT = next(i for i, spec in enumerate(_SPECS) if spec[2] is _DAY_RANGE)


# Twins of the patterns (matching.lower_twin), run on the lower-cased sentence: month and weekday
# names, which match in capitals only, are the parts named in lower case in a looser twin.
def _twin(p: re.Pattern[str]) -> tuple[re.Pattern[str], bool]:
    return lower_twin(p, (_MON, _WD))


_TWINS = [_twin(p) for _k, _g, p in _PATTERNS]
# "13-19 January" starts with a day, a digit: its own twin starts "\b(?:[12]\d|3[01]|0?[1-9])",
# which sre tests at every position. This looser twin (a day, a dash, a digit; no month) opens
# with a digit class, so sre skips to the digits; "\d(?<!\w.)" is "\b\d" as above. It matches
# wherever the pattern does, from the same position: the pattern's day is a digit (and maybe a
# second one and a suffix) not followed by a digit, then an optional space, a dash and a digit.
_TWINS[_DAY_RANGE_AT] = (re.compile(r"\d(?<!\w.)\d?(?:st|nd|rd|th)?\s*[-–]\s*\d"), False)


_START = attrgetter("start")
_END = attrgetter("end")


def _token_span(sent: Sentence, a: int, b: int) -> tuple[int, int]:
    """The tokens lying wholly inside characters [a, b): tokens are in order and do not
    overlap, so starts and ends both rise and two binary searches find the run."""
    tokens = sent.tokens
    i0 = bisect_left(tokens, a, key=_START)
    i1 = bisect_right(tokens, b, key=_END)
    return (i0, i1) if i0 < i1 else (0, 0)


def find_times(sent: Sentence, conflict_names: list[tuple[int, int]]) -> list[TimeExpr]:
    """Time expressions of a sentence, non-overlapping, earliest first.

    `conflict_names` are token spans of phrases meaning the conflict ("since the invasion
    began"), matched by the caller from the conflict registry.
    """
    text, base = sent.text, sent.start
    taken: list[tuple[int, int]] = []
    found: list[TimeExpr] = []

    def free(a: int, b: int) -> bool:
        # A loop, not all() over a generator: `taken` is short, and the generator costs more.
        for x, y in taken:  # noqa: SIM110
            if b > x and a < y:
                return False
        return True

    # Phrases naming the conflict go first: "since the start of the special military operation".
    for i0, i1 in conflict_names:
        t0, t1 = sent.tokens[i0], sent.tokens[i1 - 1]
        if free(t0.start - base, t1.end - base):
            taken.append((t0.start - base, t1.end - base))
            found.append(
                TimeExpr(
                    "conflict",
                    sent.index,
                    i0,
                    i1,
                    t0.start,
                    t1.end,
                    text[t0.start - base : t1.end - base],
                )
            )
            sent.masked.update(range(i0, i1))
    words = sent.words
    # The digit-keyed patterns need a year (19xx, 20xx) or a clock time: most figures are neither.
    # (The substring tests spare the token scan in most sentences holding figures.)
    digit = ":" in text or (
        ("19" in text or "20" in text)
        and any(
            t.kind == "num" and len(t.text) == 4 and t.text[:2] in ("19", "20") for t in sent.tokens
        )
    )
    opened = _GATE.opened(words, digit)
    if _DAY_RANGE_AT in opened and "-" not in text and "–" not in text:
        opened.discard(_DAY_RANGE_AT)
    if not opened:  # no pattern's key word: most sentences without a date
        if len(found) > 1:
            found.sort(key=lambda t: t.i0)
        return found
    low = folded(text)
    for index in sorted(opened):
        kind, _, pat = _PATTERNS[index]
        for m in twin_matches(pat, _TWINS[index], text, low):
            a, b = m.span()
            # Leading whitespace of optional prefixes is not part of the expression.
            while a < b and text[a].isspace():
                a += 1
            if a >= b or not free(a, b):
                continue
            i0, i1 = _token_span(sent, base + a, base + b)
            if i0 == i1:
                continue
            taken.append((a, b))
            sent.masked.update(range(i0, i1))
            if kind == "mask":
                continue
            gd = m.groupdict()
            spec_a = spec_b = None
            if gd.get("d1"):  # "between 13 and 19 January"
                mon = parse_date(f"{gd['d1']} {gd['mon']} {gd.get('yr') or ''}")
                end = parse_date(f"{gd['d2']} {gd['mon']} {gd.get('yr') or ''}")
                spec_a, spec_b = mon, end
            else:
                spec_a = _spec(m, "a") if "a" in gd else None
                spec_b = _spec(m, "b") if "b" in gd else None
            if kind == "since" and spec_a is None:  # "since the start of the year"
                spec_a = DateSpec(month=1, day=1, year_offset=0)
            if kind == "weekof":
                n = 1 if (gd.get("which") or "").lower() == "first" else -1
                if spec_a is not None:
                    found.append(
                        TimeExpr(
                            kind, sent.index, i0, i1, base + a, base + b, m.group(), spec_a, n=n
                        )
                    )
                continue
            if kind == "weekend":
                found.append(TimeExpr(kind, sent.index, i0, i1, base + a, base + b, m.group()))
                continue
            if kind in ("half", "cal"):
                # "last week" (the calendar week before), "this year" (so far), "the first
                # half of 2016": n is -1 for last, 0 for this; for halves, 1 or 2.
                which = (gd.get("which") or "").lower()
                if kind == "half":
                    year = int(gd["yr"]) if gd.get("yr") else None
                    spec_a = DateSpec(year=year, year_offset=None if year else -(which == "last"))
                    n = 1 if gd["n"].lower() == "first" else 2
                else:
                    n = -1 if which == "last" else 0
                found.append(
                    TimeExpr(
                        kind,
                        sent.index,
                        i0,
                        i1,
                        base + a,
                        base + b,
                        m.group(),
                        spec_a,
                        None,
                        n,
                        (gd.get("unit") or "year").lower(),
                    )
                )
                continue
            n = _num(gd["n"]) if gd.get("n") else 1
            unit = (gd.get("unit") or "day").lower().rstrip("s")
            if kind == "past" and gd.get("n") in ("24", "48", "72"):
                n, unit = int(gd["n"]) // 24, "day"
            if kind == "rel":
                kind, spec_a = "day", DateSpec(days_before=n * (7 if unit == "week" else 1))
            if kind == "today":  # the reference day itself
                kind, spec_a = "day", DateSpec(days_before=0)
            if kind in ("anchor", "opening"):
                unit = "day"
            if kind in ("day", "range", "since", "by", "month", "year") and spec_a is None:
                continue
            found.append(
                TimeExpr(
                    kind, sent.index, i0, i1, base + a, base + b, m.group(), spec_a, spec_b, n, unit
                )
            )
    if len(found) > 1:
        found.sort(key=lambda t: t.i0)
    return found
