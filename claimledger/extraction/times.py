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
from collections.abc import Iterable
from datetime import date
from operator import attrgetter

from claimledger.extraction.matching import KeyGate, folded, lower_twin, twin_matches
from claimledger.extraction.segment import Sentence
from claimledger.extraction.state import DATED_TIME_KINDS
from claimledger.extraction.state import DateSpec as DateSpec
from claimledger.extraction.state import TimeExpr as TimeExpr
from claimledger.lexicon import Lexicon

# Month and weekday names are the calendar's (English in the C locale, which Python keeps unless
# a program sets another), with "Sept", which the wires write too.
_SEPT = "Sept"
MONTHS = {
    **{m.lower(): i for i, m in enumerate(calendar.month_name) if m},
    **{m.lower(): i for i, m in enumerate(calendar.month_abbr) if m},
    _SEPT.lower(): 9,
}
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
MONTHS_TITLE = [m.title() for m in MONTHS]

# Month and weekday names match in capitals only: "may" stays a verb.
_FULL_MONTHS = list(calendar.month_name[1:])
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
_DATE = rf"(?:{_DAY}\s+{_MON}(?:,?\s+{_YEAR})?|{_MON}\s+{_DAY}(?:,?\s+{_YEAR})?)"
_MONTHY = rf"(?:{_MON}(?:\s+{_YEAR}|\s+last\s+year|\s+this\s+year)?)"
_ANYDATE = rf"(?:{_DATE}|{_MONTHY}|{_WD}|{_YEAR})"


def _num(word: str, count_words: dict[str, int]) -> int:
    w = word.lower()
    return int(w) if w.isdigit() else count_words.get(w, 1)


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


# "13-19 January": the one pattern with a mark it cannot match without, a dash (a character
# with no other case), which most sentences naming a month lack.
_DAY_RANGE = rf"\b(?P<d1>{_DAY})\s*[-–]\s*(?P<d2>{_DAY})\s+(?P<mon>{_MON})(?:\s+(?P<yr>{_YEAR}))?"
_MONTH_KEYS = tuple(MONTHS)
_DAY_KEYS = tuple(d.lower() for d in calendar.day_name)
# "In the past 48 hours": whole days counted in hours, read as that many days.
_WHOLE_DAYS_IN_HOURS = tuple(str(24 * days) for days in range(1, 4))
# Keys that are no words: a year (19xx, 20xx) in the sentence opens these patterns.
_DIGITS = frozenset({"19", "20"})


def _alt(entries: Iterable[str]) -> str:
    """Lexicon entries as regex alternatives, in their order: each word escaped, the words of a
    phrase apart by any space ("was launched" -> "was\\s+launched"), all in lower case (the
    patterns ignore case; their twins need every letter in lower case)."""
    return "|".join(r"\s+".join(map(re.escape, e.lower().split())) for e in entries)


def _key_words(entries: Iterable[str]) -> tuple[str, ...]:
    """The gate keys of phrases: each phrase's longest word (the last of the longest), which a
    sentence the phrase is in holds (a rare word, not "the" or "in", keeps the gate shut)."""
    return tuple(max(reversed(e.lower().split()), key=len) for e in entries)


def _gate(keys: tuple[str, ...]) -> tuple[frozenset[str], bool]:
    """Words any of which a sentence must hold for a pattern to be worth running, and whether
    a digit also opens the gate. Multi-word keys count each word: a looser, never stricter gate."""
    words = frozenset(w for k in keys if k not in _DIGITS for w in k.split())
    return words, any(k in _DIGITS for k in keys)


# Twins of the patterns (matching.lower_twin), run on the lower-cased sentence: month and weekday
# names, which match in capitals only, are the parts named in lower case in a looser twin.
def _twin(p: re.Pattern[str]) -> tuple[re.Pattern[str], bool]:
    return lower_twin(p, (_MON, _WD))


class _Grammar:
    """The time patterns in priority order, with their words from grammar.toml [times] (and the
    time units of [clauses], the range openers of [numbers]), their gates and twins: built once
    per lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        t = lex.times
        # Keyed in lower case, as the patterns match them (ignoring case).
        self.count_words = {w.lower(): n for w, n in t.count_words.items()}
        num = rf"(?:\d+|{_alt(t.count_words)})"
        event = f"(?:{_alt(t.campaign_nouns.written)})"
        war = _alt(t.war_nouns.written)
        fighting = _alt(t.fighting_nouns.written)
        closing = _alt(t.closing_adjectives.written)
        start = _alt(t.start_verbs.written)
        past = _alt(t.past_adjectives.written)
        hours = "|".join(_WHOLE_DAYS_IN_HOURS)
        span_units = _alt(t.span_units.written)
        openers = _alt(lex.numbers.range_openers.written)
        calendar_units = _alt(t.calendar_units.written)
        ago = _alt(t.ago_words.written)
        today = _alt(t.today_words.written)
        span_nouns = _alt(t.span_nouns.written)
        phase_nouns = _alt(t.phase_nouns.written)
        units = _alt(lex.clauses.time_units.written)
        running = "|".join(rf"\b{_alt((e,))}\b" for e in t.running_total_phrases.written)
        # (kind, keys, pattern), in priority order: a pattern runs only on a sentence holding one
        # of its keys (a word of the sentence), which spares most sentences most of the regexes.
        # Named groups: a, b (dates), n (count), unit.
        specs: list[tuple[str, tuple[str, ...], str]] = [
            (
                "anchor",
                ("day",),
                rf"\bday\s+(?P<n>\d+)\s+of\s+(?:[\w'’-]+\s+){{0,4}}?(?:{war}|{fighting})\b",
            ),
            # "the 53rd day of the war"
            (
                "anchor",
                ("day",),
                rf"\b(?P<n>\d+)(?:st|nd|rd|th)\s+day\s+of\s+(?:[\w'’-]+\s+){{0,4}}?(?:{war})\b",
            ),
            # "in 42 days of the invasion": its first days, a running total as of the last.
            (
                "opening",
                ("days",),
                rf"\b(?:in|over|during)\s+(?:the\s+first\s+)?(?P<n>{num})\s+days\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,2}}?(?:{war})\b",
            ),
            (
                "final",
                _key_words(t.closing_adjectives.written),
                rf"\b(?:in|during|over|on)?\s*the\s+(?:{closing})\s+(?P<n>{num})\s+(?P<unit>days?|weeks?|hours)\s+of\s+(?:the\s+)?{event}",
            ),
            (
                "first",
                ("first",),
                rf"\b(?:in|during|over)\s+the\s+first\s+(?:(?P<n>{num})\s+)?(?P<unit>days?|weeks?|months?)\s+of\s+(?:the\s+)?(?:{event}|{war})",
            ),
            (
                "range",
                ("between",),
                rf"\bbetween\s+(?P<d1>{_DAY})\s+and\s+(?P<d2>{_DAY})\s+(?P<mon>{_MON})(?:\s+(?P<yr>{_YEAR}))?",
            ),
            (
                "range",
                _key_words(lex.numbers.range_openers.written),
                rf"\b(?:{openers})\s+(?P<a>{_ANYDATE})(?:\s*,[^,;]{{1,80}},)?\s+(?:and|to|until|through|till)\s+(?:[\w'’]+\s+){{0,5}}?(?:on\s+)?(?P<b>{_ANYDATE})",
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
                _key_words(t.start_verbs.written),
                rf"\b(?:that|which)\s+(?:{start})\s+(?:[\w'’-]+\s+){{0,6}}?(?:on|in)\s+(?:early\s+|late\s+|mid-?)?(?P<a>{_ANYDATE})",
            ),
            (
                "since",
                ("since",),
                r"\bsince\s+the\s+(?:start|beginning)\s+of\s+(?:the\s+|this\s+)?year\b",
            ),
            (
                "event",
                ("since",),
                rf"\bsince\s+(?:the\s+(?:start|beginning|launch)\s+of\s+)?(?:the\s+|its\s+|their\s+)?(?:\w+\s+)?{event}(?:\s+(?:{start}))?\b",
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
                _key_words(t.past_adjectives.written),
                rf"\b(?:in|over|during|for|within)\s+the\s+(?:{past})\s+(?P<n>{hours})\s+hours\b",
            ),
            (
                "past",
                _key_words(t.past_adjectives.written),
                rf"\b(?:in|over|during|for|within)\s+the\s+(?:{past})\s+(?:(?P<n>{num})\s+)?(?P<unit>days?|weeks?|months?)\b",
            ),
            ("past", ("day",), r"\b(?:over|during|in)\s+the\s+(?P<unit>day)\b(?!\s+of)"),
            (
                "past",
                _key_words(t.span_units.written),
                rf"\b(?:in|over|within)\s+(?P<n>{num})\s+(?P<unit>{span_units})\b(?!\s+(?:of|after|before|ago|earlier|later))",
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
                rf"\b(?:over|during|in|for|within|throughout)\s+the\s+same\s+(?:\w+\s+){{0,2}}?(?:{span_nouns})\b",
            ),
            (
                "same",
                ("week", "month"),
                r"\b(?:during|over|in)\s+the\s+(?:week|month)\b(?!\s+(?:before|after|of|to|that))",
            ),
            (
                "that",
                _key_words(t.calendar_units.written),
                rf"\b(?:in|on|during)\s+that\s+(?P<unit>{calendar_units})\b",
            ),
            # "in that period", "during this period": the period just named.
            (
                "same",
                ("period",),
                r"\b(?:over|during|in|for|within|throughout)\s+(?:that|this)\s+period\b",
            ),
            (
                "open",
                ("recent", "lately", *_key_words(t.closing_adjectives.written)),
                rf"\bin\s+recent\s+(?:{span_units})\b|\brecently\b|\blately\b|\bin\s+the\s+(?:{closing})\s+(?:{phase_nouns})\b",
            ),
            (
                "rel",
                (*_key_words(t.ago_words.written), "yesterday"),
                rf"\b(?P<n>{num})\s+(?P<unit>days?|weeks?)\s+(?:{ago})\b|\byesterday\b",
            ),
            (
                "today",
                _key_words(t.today_words.written),
                rf"\b(?:earlier\s+|later\s+)?(?:{today})\b",
            ),
            ("day", _MONTH_KEYS, rf"\b(?:on\s+|early\s+on\s+|late\s+on\s+)?(?P<a>{_DATE})"),
            ("day", _DAY_KEYS, rf"\b(?:on\s+|early\s+on\s+|late\s+on\s+|by\s+)?(?P<a>{_WD})\b"),
            ("month", _MONTH_KEYS, rf"\b(?:in|during|throughout)\s+(?P<a>{_MONTHY})\b"),
            ("month", _MONTH_KEYS, rf"^(?P<a>{_MON})\s+(?:was|saw|has been|had been)\b"),
            ("year", ("19", "20"), rf"\b(?:in|during|throughout|since|of)\s+(?P<a>{_YEAR})\b"),
            ("cumul", _key_words(t.running_total_phrases.written), running),
            # "the death toll from the six-year-old conflict", "killed in the country's civil war":
            # a count of the whole war.
            (
                "cumul",
                _key_words(t.whole_war_nouns.written),
                rf"\b(?:from|in|during|throughout)\s+(?:the|this|its|\w+(?:'s|’s))\s+(?:[\w-]+\s+){{0,2}}?(?:{_alt(t.whole_war_nouns.written)})\b(?!\s+(?:in|on|over|against|between|with|began|started|erupted))",
            ),
            ("mask", ("19",), rf"\b\d{{1,2}}:\d{{2}}\b|\b(?:a|p)\.m\.|\b{_YEAR}\b|\bday\s+\d+\b"),
            (
                "mask",
                _key_words(lex.clauses.time_units.written),
                rf"\b{num}\s+(?:{units})\b",
            ),
        ]
        self.patterns: list[tuple[str, tuple[frozenset[str], bool], re.Pattern[str]]] = [
            (k, _gate(keys), re.compile(p, re.I)) for k, keys, p in specs
        ]
        # Which patterns a sentence's words open: it tries only those, in priority order.
        self.gate = KeyGate([gate for _k, gate, _p in self.patterns])
        self.day_range_at = next(i for i, spec in enumerate(specs) if spec[2] is _DAY_RANGE)
        self.twins = [_twin(p) for _k, _g, p in self.patterns]
        # "13-19 January" starts with a day, a digit: its own twin starts
        # "\b(?:[12]\d|3[01]|0?[1-9])", which sre tests at every position. This looser twin (a
        # day, a dash, a digit; no month) opens with a digit class, so sre skips to the digits;
        # "\d(?<!\w.)" is "\b\d" as above. It matches wherever the pattern does, from the same
        # position: the pattern's day is a digit (and maybe a second one and a suffix) not
        # followed by a digit, then an optional space, a dash and a digit.
        self.twins[self.day_range_at] = (
            re.compile(r"\d(?<!\w.)\d?(?:st|nd|rd|th)?\s*[-–]\s*\d"),
            False,
        )


_START = attrgetter("start")
_END = attrgetter("end")


def _token_span(sent: Sentence, a: int, b: int) -> tuple[int, int]:
    """The tokens lying wholly inside characters [a, b): tokens are in order and do not
    overlap, so starts and ends both rise and two binary searches find the run."""
    tokens = sent.tokens
    i0 = bisect_left(tokens, a, key=_START)
    i1 = bisect_right(tokens, b, key=_END)
    return (i0, i1) if i0 < i1 else (0, 0)


def find_times(
    sent: Sentence, conflict_names: list[tuple[int, int]], lex: Lexicon
) -> list[TimeExpr]:
    """Time expressions of a sentence, non-overlapping, earliest first.

    `conflict_names` are token spans of phrases meaning the conflict ("since the invasion
    began"), matched by the caller from the conflict registry. The words of the patterns are
    `lex`'s.
    """
    g = lex.tables(_Grammar)
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
    opened = g.gate.opened(words, digit)
    if g.day_range_at in opened and "-" not in text and "–" not in text:
        opened.discard(g.day_range_at)
    if not opened:  # no pattern's key word: most sentences without a date
        if len(found) > 1:
            found.sort(key=lambda t: t.i0)
        return found
    low = folded(text)
    for index in sorted(opened):
        kind, _, pat = g.patterns[index]
        for m in twin_matches(pat, g.twins[index], text, low):
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
            n = _num(gd["n"], g.count_words) if gd.get("n") else 1
            unit = (gd.get("unit") or "day").lower().rstrip("s")
            if kind == "past" and gd.get("n") in _WHOLE_DAYS_IN_HOURS:
                n, unit = int(gd["n"]) // 24, "day"
            if kind == "rel":
                kind, spec_a = "day", DateSpec(days_before=n * (7 if unit == "week" else 1))
            if kind == "today":  # the reference day itself
                kind, spec_a = "day", DateSpec(days_before=0)
            if kind in ("anchor", "opening"):
                unit = "day"
            if kind in DATED_TIME_KINDS and spec_a is None:
                continue
            found.append(
                TimeExpr(
                    kind, sent.index, i0, i1, base + a, base + b, m.group(), spec_a, spec_b, n, unit
                )
            )
    if len(found) > 1:
        found.sort(key=lambda t: t.i0)
    return found
