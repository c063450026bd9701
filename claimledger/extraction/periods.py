"""The period of each figure (claims.md, "Which date relative expressions resolve against").

Reading the document in order, the reference date starts as the publication date and moves to a
later in-text anchor ("On day 386 of the conflict" = 2023-03-16; a later full date). A date in an
attribution ("said on Friday", "a day earlier") is when the statement was made: it becomes the
reference for what the statement says, and for the same speaker's next sentences in the
paragraph.

A figure takes the nearest time expression of its sentence outside the attribution. Without
one it inherits — from the figure it depends on (a sub-count, a derivation, an increment), then
from the previous figure of its sentence, of its paragraph, or of its claimant — and otherwise it
is a running total since the conflict began, as of the statement date.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from claimledger.extraction.matching import PhraseIndex
from claimledger.extraction.metrics import list_intro
from claimledger.extraction.segment import Sentence
from claimledger.extraction.state import (
    CONFLICT_TIME_KINDS,
    EVENT_START_TIME_KINDS,
    PART_RELATIONS,
    Candidate,
    Cue,
    Parse,
)
from claimledger.extraction.times import (
    FULL_DATE,
    TEXT_FULL_DATE,
    WEEKDAY_DATE,
    DateSpec,
    TimeExpr,
    full_date,
)
from claimledger.extraction.tokens import Token, norms
from claimledger.lexicon import Lexicon

Period = tuple[date | None, date | None, bool]
_STATEMENT_KINDS = ("day",)
_UNRESOLVED: Period = (None, None, False)
_ANCHOR_HORIZON = timedelta(days=60)
T = TypeVar("T")


@dataclass(slots=True)
class _Timeline:
    ref: date | None
    conflict_start: date | None
    last_span: Period | None = None  # the last period any expression named ("the same period")
    event_start: date | None = None  # start of "the offensive"
    event_date: date | None = None  # the last event day named ("the town's fall on 17 February")
    last_month: TimeExpr | None = None
    said_on: dict[tuple[int, str | None], date] = field(default_factory=dict)
    since: tuple[int, Period] | None = None  # the last "since <day>" span, by sentence


@dataclass(frozen=True, slots=True)
class Dateline:
    """The date a text opens with, and where its dateline ends (a character offset)."""

    day: date
    end: int
    # Whether the words up to its end are the dateline's alone (no speaker there): so for a
    # date that opens the text. After a headline ("… kill 20 Monitor AFP Tuesday 23 Sep 2014
    # …") the words before it are the headline's; a wire opening's place and agency
    # ("ISLAMABAD, Jun 11, 2007 (Xinhua via COMTEX) --") are left to attribution, as before.
    opens: bool = True


_HEAD = 400  # a dateline is in the opening: no search beyond it
_YEAR_NEAR = re.compile(r"(?:19|20)\d\d")
_CLOCK = r"(?:\s*[-–—,]?\s*\d{1,2}[:.]\d\d(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?|GMT|UTC)?)?"


class Datelines:
    """The dateline grammar (claims.md, "The publication date"); its opening words are data.

    - an opening: the text's first line, or the line under its title, starts with a full date,
      maybe after a publication word ("Published 7 July 2016", "04-09-2014 Syrian Army …",
      "2022-06-01 06:00:00 | ID: 67667");
    - a wire opening: a place, then the date, then the agency in brackets or a dash
      ("ISLAMABAD, Jun 11, 2007 (Xinhua via COMTEX) --", "MOSUL, Iraq (Oct. 3, 2016)");
    - under a headline: an agency's capitals, a weekday and the date ("… Monitor AFP Tuesday
      3 Oct 2017 A US-led …").
    A bare date alone on its line, without a publication word, is a site's date widget (today's
    date at crawl time above the menu), not a dateline.
    """

    def __init__(self, lex: Lexicon) -> None:
        words = sorted(lex.dateline.prefixes, key=len, reverse=True)
        prefix = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
        self.opening = re.compile(
            rf"(?:[^\n]{{1,200}}\n)??[^\S\n]*(?:(?P<prefix>{prefix})\b[^\S\n]*:?[^\S\n]*)?"
            rf"(?P<date>{FULL_DATE})(?P<clock>{_CLOCK})(?P<rest>[ \t]*\S?)",
            re.I,
        )
        self.wire = re.compile(
            rf"\s*\(?[A-Z][^\n,()]{{1,40}}(?:,\s*[A-Z][^\n,()]{{1,30}})?,?\s+\(?"
            rf"(?P<date>{TEXT_FULL_DATE})(?:\)|\s*(?:\([^()\n]{{1,40}}\)\s*)?[-–—:]+)"
        )
        self.headline = re.compile(rf"(?<![\w-])(?-i:[A-Z]{{2,8}})\s+(?P<date>{WEEKDAY_DATE})")
        self.last: tuple[str, Dateline | None] | None = None

    def __call__(self, text: str) -> Dateline | None:
        # The pipeline and the periods stage both ask, one after the other, for one text.
        last = self.last
        if last is not None and last[0] is text:
            return last[1]
        found = self._find(text)
        self.last = (text, found)
        return found

    def _find(self, text: str) -> Dateline | None:
        head = text[:_HEAD]
        m = self.opening.match(head)
        if m and (m["prefix"] or m["rest"].strip()):
            # "01/18/2014 09:47 GMT JAKARTA, January 18, 2014 (AFP) - …": the wire opening
            # that follows is the same dateline.
            after = self.wire.match(head, m.end("clock"))
            return _dateline(m, after.end() if after else m.end("clock"))
        # The other forms need a year near the start, and a wire opening a comma before it;
        # under a headline, a weekday (these tests spare most texts the searches).
        year = _YEAR_NEAR.search(head, 0, 250)
        if year is None:
            return None
        if "," in head[: year.start()]:
            m = self.wire.match(head)
            if m:
                return _dateline(m, m.end(), opens=False)
        line = head.split("\n", 1)[0]
        if any(day in line for day in calendar.day_abbr):
            m = self.headline.search(line)
            if m:
                return _dateline(m, opens=False)
        return None


def _dateline(m: re.Match[str], end: int | None = None, opens: bool = True) -> Dateline | None:
    day = full_date(m["date"])
    return Dateline(day, end or m.end("date"), opens) if day else None


def dateline(lex: Lexicon, text: str) -> Dateline | None:
    """The dateline a text opens with, if any."""
    return lex.tables(Datelines)(text)


def _guarded(f: Callable[..., T], *args: Any) -> T | None:
    """Date arithmetic on numbers from the text ("day 99999999 of the war", "the past
    99999999999 days", a publication date of 9999-12-31) can leave the calendar: then the
    expression names no period."""
    try:
        return f(*args)
    except (OverflowError, ValueError):
        return None


def _time_asides(
    sent: Sentence, cands: list[Candidate], times: list[TimeExpr]
) -> dict[int, list[Candidate]]:
    """The parts whose aside (from the figure to the next comma) holds each time expression,
    by the expression's first token."""
    out: dict[int, list[Candidate]] = {}
    if not times:
        return out
    toks = sent.tokens
    for x in cands:
        if x.relation != "subcount":
            continue
        end = next((k for k in range(x.i1, len(toks)) if toks[k].text == ","), len(toks))
        for t in times:
            if x.i0 <= t.i0 < end:
                out.setdefault(t.i0, []).append(x)
    return out


def _day_of(first: date, n: int) -> date:
    return first + timedelta(days=n - 1)


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    y, m = d.year + y, m + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _near(a: date | None, b: date | None) -> bool:
    return a is not None and b is not None and abs((a - b).days) <= 1


def _resolve(t: TimeExpr, ref: date | None, tl: _Timeline) -> Period | None:
    """The period a time expression names, against `ref` (None when it needs a date we lack)."""
    k = t.kind
    if k == "conflict" or k == "cumul":
        return (tl.conflict_start, ref, True)
    if k == "same":
        return tl.last_span or (None if ref is None else (ref - timedelta(days=7), ref, False))
    if k == "that" and t.unit == "month" and tl.last_month is not None:
        return _resolve(tl.last_month, ref, tl)
    if k == "first" and tl.event_start:
        end = (
            _add_months(tl.event_start, t.n)
            if t.unit == "month"
            else tl.event_start + timedelta(days=t.days())
        )
        return (tl.event_start, end, False)
    if k == "event":
        return (tl.event_start, ref, False) if tl.event_start else None
    if k == "opening":
        cs = tl.conflict_start
        return (cs, cs + timedelta(days=t.n - 1), True) if cs else None
    if ref is None:
        # A date with its year needs no reference ("on 12 March 2023").
        if k == "day" and t.a and t.a.year and t.a.month:
            d = t.a.first(date(t.a.year, 12, 31))
            return (d, d, False)
        if k == "range" and t.a and t.b and t.a.year and t.b.year:
            return (t.a.first(date(t.a.year, 12, 31)), t.b.last(date(t.b.year, 12, 31)), False)
        return None
    a = t.a.first(ref) if t.a else None
    if k == "day":
        return (a, a, False) if a else None
    if k == "by":
        return (tl.conflict_start, a, True) if a else None
    if k == "since":
        if a is None:
            return None
        cs = tl.conflict_start
        if t.a is not None and t.a.day is None and cs is not None:
            last = t.a.last(ref)
            if last is not None and a <= cs <= last:
                # "since the start of the uprising in 2011", "since February 2022": the month
                # or year the conflict began in means since it began.
                return (cs, ref, True)
        return (a, ref, _near(a, cs))
    if k == "range":
        if t.b is None or t.a is None:
            return None
        last = t.b.last(ref)
        first = t.a.first(last or ref)
        return (first, last, _near(first, tl.conflict_start))
    if k == "past":
        return (ref - timedelta(days=t.days()), ref, False)
    if k == "open":
        return (None, ref, False)
    if k == "weekof" and t.a is not None:
        first, last = t.a.first(ref), t.a.last(ref)
        if first is None or last is None:
            return None
        if t.n > 0:
            return (first, first + timedelta(days=6), False)
        return (last - timedelta(days=6), last, False)
    if k == "month" or k == "year":
        if t.a is None:
            return None
        return (t.a.first(ref), t.a.last(ref), False)
    if k == "final":
        end = tl.event_date or ref
        return (end - timedelta(days=t.days() - 1), end, False)
    if k == "cal":
        return _calendar(t.unit, t.n, ref)
    if k == "weekend":
        # The last Saturday and Sunday up to the reference date.
        saturday = ref - timedelta(days=(ref.weekday() - 5) % 7)
        return (saturday, min(saturday + timedelta(days=1), ref), False)
    if k == "half" and t.a is not None:
        year = t.a.year or ref.year + (t.a.year_offset or 0)
        first = date(year, 1 if t.n == 1 else 7, 1)
        last = date(year, 6, 30) if t.n == 1 else date(year, 12, 31)
        return (first, min(last, ref), False)
    return None


def _calendar(unit: str, offset: int, ref: date) -> Period:
    """ "last week" is the calendar week before the reference (Monday to Sunday), "this month"
    the month so far, "last year" the calendar year before."""
    if unit == "week":
        monday = ref - timedelta(days=ref.weekday())
        if offset < 0:
            return (monday - timedelta(days=7), monday - timedelta(days=1), False)
        return (monday, ref, False)
    if unit == "month":
        first = ref.replace(day=1)
        if offset < 0:
            end = first - timedelta(days=1)
            return (end.replace(day=1), end, False)
        return (first, ref, False)
    if offset < 0:
        return (date(ref.year - 1, 1, 1), date(ref.year - 1, 12, 31), False)
    return (date(ref.year, 1, 1), ref, False)


def _in_span(t: TimeExpr, cue: Cue) -> bool:
    return cue.span[0] <= t.i0 and t.i1 <= cue.span[1]


def _said_at(sent: Sentence, t: TimeExpr, cue: Cue, first_figure: int) -> bool:
    """Whether a time in the attribution dates the statement: after its verb or next to it
    ("said on Friday", "on Friday said"), before its speaker and the figures it reports ("in
    2022 the office estimated that 306,887 …"), or in an opening phrase of its own ("In an
    assessment on Monday, UK Defence Intelligence estimated"). A time farther before the verb,
    with no comma after it, is the event's, the comma that would end its clause lost ("20
    were killed in a blast on Thursday the Observatory said")."""
    if not _in_span(t, cue):
        return False
    if t.i0 > cue.verb or t.i1 >= cue.verb - 1:
        return True
    speaker = cue.speaker.token if cue.speaker else cue.verb
    if t.i0 < first_figure and t.i1 <= speaker and not cue.trailing:
        return True
    return any(tok.text == "," for tok in sent.tokens[t.i1 : cue.verb])


def _cue_for_position(cues: list[Cue], i: int) -> Cue | None:
    before = [c for c in cues if c.verb <= i and not c.derivation]
    if before:
        return before[-1]
    after = [c for c in cues if c.verb > i and not c.derivation]
    return after[0] if after else None


def resolve_periods(parse: Parse) -> None:
    tl = _Timeline(parse.doc.published, parse.conflict.start if parse.conflict else None)
    saying = parse.lex.tables(_Saying).words
    tense = parse.lex.tables(_Tense)
    opening = dateline(parse.lex, parse.doc.text)
    dated_until = opening.end if opening else 0  # the dateline's own date dates no figure
    by_sentence: dict[int, list[Candidate]] = {}
    for c in parse.alive():
        by_sentence.setdefault(c.sent.index, []).append(c)
    resolved: list[Candidate] = []
    with_increment = {id(c.increment_of) for c in parse.alive() if c.increment_of is not None}
    # A tally some of whose lines carry a daily change is a list of running totals: its other
    # lines ("aircraft — 308") are totals too.
    in_tally = _tally_lines(parse, with_increment)
    tally = [
        c
        for c in parse.alive()
        if c.sent.is_list_item and c.increment_of is None and c.sent.index in in_tally
    ]
    with_increment.update(id(c) for c in tally)
    list_spans: dict[int, Period] = {}  # the last period each sentence named
    anchor_day: dict[int, date] = {}  # "On day 700 of the war, …": the day, by sentence
    earlier_at = {id(c.parent): c.i0 for c in parse.alive() if c.relation == "earlier" and c.parent}
    # Through the last sentence with a figure: the timeline only carries dates forward.
    last = max(by_sentence, default=-1)
    for sent in parse.sentences[: last + 1]:
        times = parse.times.get(sent.index, [])
        cues = parse.cues.get(sent.index, [])
        if not times and not cues and sent.index not in by_sentence:
            continue  # nothing said, dated or counted here
        first_figure = min(
            (c.i0 for c in by_sentence.get(sent.index, ())), default=len(sent.tokens)
        )
        # 1. When each statement was made.
        for cue in cues:
            if cue.speaker is None:
                continue
            own = [
                t
                for t in times
                if t.kind in _STATEMENT_KINDS and _said_at(sent, t, cue, first_figure)
            ]
            key = (sent.para, cue.speaker.name)
            if own and tl.ref is not None:
                d = _guarded(own[0].a.first, tl.ref) if own[0].a else None
                if d is not None:
                    cue.statement_date = d
                    tl.said_on[key] = d
            elif key in tl.said_on:
                cue.statement_date = tl.said_on[key]
        # 2. The expressions of the sentence, in order: anchors move the reference date.
        periods: dict[int, Period] = {}
        refs: dict[int, date | None] = {}
        for t in times:
            if t.i1 <= sent.body_start or t.end <= dated_until:
                continue  # the dateline's date is when the story was filed, not a claim's
            if any(_said_at(sent, t, cue, first_figure) for cue in cues if cue.speaker is not None):
                continue
            if t.i0 > 0 and sent.tokens[t.i0 - 1].norm in saying:
                # "… cited the ministry as saying on Thursday", "the army, for its part, said on
                # Sunday that …" (its speaker unread): when it was said, not a figure's time.
                continue
            if t.kind == "anchor":
                _guarded(_anchor, parse, tl, t)
                if t.i0 > 0 and sent.tokens[t.i0 - 1].norm == "on" and parse.conflict:
                    # "On day 700 of the war, shelling killed eight": that day's events.
                    d = _guarded(_day_of, parse.conflict.start, t.n)
                    if d is not None:
                        anchor_day[sent.index] = d
                continue
            said = _cue_for_position(cues, t.i0)
            ref = said.statement_date if said and said.statement_date else tl.ref
            if t.kind == "day" and t.a and t.a.year and tl.ref and parse.doc.published:
                # A full date later than the publication date is an anchor too.
                d = _guarded(t.a.first, tl.ref)
                horizon = _guarded(lambda p: p + _ANCHOR_HORIZON, parse.doc.published)
                if d and horizon and tl.ref < d <= horizon:
                    tl.ref = d
            p = _guarded(_resolve, t, ref, tl)
            if p is None and ref is None and t.kind not in CONFLICT_TIME_KINDS:
                # No publication date: the expression names a period we cannot place.
                p = _UNRESOLVED
            refs[t.i0] = ref
            if t.kind == "month":
                tl.last_month = t
            if p is None:
                continue
            periods[t.i0] = p
            if t.kind not in ("cumul", "conflict") and p is not _UNRESOLVED:
                tl.last_span = p
                list_spans[sent.index] = p
            if t.kind in EVENT_START_TIME_KINDS and p[0] and not p[2]:
                tl.event_start = p[0]
            if t.kind == "since" and p[0] and not p[2]:
                tl.since = (sent.index, p)
            if t.kind == "day" and p[1]:
                tl.event_date = p[1]
            if t.kind == "range" and p[1]:
                tl.event_date = p[1]
        # 3. Each figure: its own expression, else inheritance, else a running total.
        here_cands = by_sentence.get(sent.index, [])
        time_asides = _time_asides(sent, here_cands, times)
        # The expressions that name a period: in most sentences with figures there are none,
        # and then no figure has any to filter.
        dated = [t for t in times if t.i0 in periods]
        here_dated: list[Candidate] = []
        for c in here_cands:
            here = c.cue if c.cue and c.cue.sentence == sent.index else None
            c.ref = c.cue.statement_date if c.cue and c.cue.statement_date else tl.ref
            candidates_t = dated
            if candidates_t and time_asides:
                # "…, 97 of them in the previous 24 hours, and that 71,920 others had been
                # wounded": a time inside a part's aside is that part's alone.
                candidates_t = [
                    t
                    for t in candidates_t
                    if all(x is c or x.parent is c for x in time_asides.get(t.i0, ()))
                ]
            if candidates_t and id(c) in earlier_at:
                # "risen to 29, up from 17 on Sunday": Sunday is when it was 17.
                candidates_t = [t for t in candidates_t if t.i0 < earlier_at[id(c)]]
            if candidates_t and here is not None and not here.trailing and here.verb < c.i0:
                # "… for a fourth day on Tuesday, and the governor said 11 were killed since
                # Friday": a time in the clause before the attribution is not this figure's.
                candidates_t = [
                    t
                    for t in candidates_t
                    if t.i0 >= here.span[0] or not _clause_break(sent, t.i1, here.span[0], tense)
                ]
            # "The number of people killed when a drone struck … early on Saturday rose to 12
            # on Sunday": a time inside the frame dates the event the count is of.
            in_frame = (
                [t for t in candidates_t if c.np[0] <= t.i0 < c.i0]
                if candidates_t and c.framed
                else []
            )
            if in_frame:
                nearest: TimeExpr | None = in_frame[-1]
            else:
                nearest = _nearest(c, candidates_t) if candidates_t else None
            if id(c) in with_increment:
                # "tanks — 3,765 (+4)": a figure with its change since the last report is the
                # running total the change was added to.
                c.period = (tl.conflict_start, c.ref, True)
                resolved.append(c)
                continue
            if nearest is None and c.sent.is_list_item and c.relation is None:
                intro = _intro_span(parse, c, list_spans)
                if intro is not None:
                    c.period = intro
                    resolved.append(c)
                    continue
            if c.relation == "earlier" and c.parent is not None and c.parent.period is not None:
                # The same count as of an earlier day: its running total's start, its own end.
                start, end, cumulative = c.parent.period
                own_time = _nearest(c, [t for t in candidates_t if t.i0 >= c.i0])
                if own_time is not None and periods[own_time.i0][1] is not None:
                    end = periods[own_time.i0][1]
                    c.time = own_time
                c.period = (start, end, cumulative)
            elif (
                c.relation == "subcount"
                and c.parent is not None
                and c.parent.period is not None
                and c.parent.sent is sent
                and (nearest is None or nearest.i1 <= c.i0)
            ):
                # "rose to 12 on Sunday, including five children": a part of a count is of the
                # count's period; only a time after the part is its own.
                c.period = c.parent.period
            elif nearest is not None and c.relation not in ("increment",):
                c.time = nearest
                c.period = periods[nearest.i0]
                if c.parent is None:
                    # "Car bomb kills 45 in Homs … killed at least 45 people … on Tuesday":
                    # the same count told again, of the same day, continues its first telling.
                    c.parent = next(
                        (
                            x
                            for x in here_dated
                            if x.time is nearest and x.metric == c.metric and x.low == c.low
                        ),
                        None,
                    )
                here_dated.append(c)
                if (
                    nearest.kind == "day"
                    and nearest.a is not None
                    and nearest.a.days_before == 0
                    and tl.conflict_start is not None
                    and nearest.i0 < c.i0
                    and not (_event_toll(parse, c) or _event_report(parse, c))
                ):
                    # "today we know of the deaths of 145 children": a count as of today, not
                    # today's events. After its count, "today" dates the count's events ("we
                    # have lost 137 of our soldiers today").
                    c.period = (tl.conflict_start, c.period[1], True)
                elif not c.period[2] and not in_frame and _running_total(c, tense):
                    # "the death toll rose to more than 41,000 on Thursday", "…, bringing the
                    # total to 162,560": a running total as of the period's end.
                    c.period = (tl.conflict_start, c.period[1], True)
                if nearest.kind == "same" and "same" in nearest.text.lower():
                    c.parent = c.parent or _same_source(resolved, c.period)
            elif c.framed and _running_total(c, tense):
                c.period = (tl.conflict_start, c.ref, True)
            elif sent.index in anchor_day and _event_report(parse, c):
                # "On day 700 of the war, shelling killed eight": that day's events (a total
                # the day's report gives, "Russia had lost 3,500 tanks", runs on).
                day = anchor_day[sent.index]
                c.period = (day, day, False)
            else:
                c.period = _guarded(_inherit, parse, tl, c, resolved) or _UNRESOLVED
            resolved.append(c)
    _date_retold(resolved)
    for c in resolved:
        p = c.period
        if c.rate is not None and p is not None and p[1] is not None and (p[2] or p[0] == p[1]):
            # "up to 100 soldiers a day": a rate, no total; as of its day, over days not said.
            c.period = (None, p[1], False)
    if tl.conflict_start is None:
        # A running total is of a conflict (claims.md): where the text is about none the
        # registry knows, "so far" and "in all" total some event's toll, from a day unknown.
        # A toll told as one that grows ("the number killed by flooding rose to 40") and a
        # tally's lines stay running totals.
        for c in resolved:
            p = c.period
            if not p or not p[2] or id(c) in with_increment or _running_total(c, tense):
                continue
            if c.relation == "earlier" and c.parent and c.parent.period and c.parent.period[2]:
                continue  # "risen to 29, up from 17 on Sunday": the same total, earlier
            c.period = (None, p[1], False)


def _date_retold(resolved: list[Candidate]) -> None:
    """A headline or lead gives a toll without its day and the body tells it again with one
    ("Car bomb kills 58 …" then "killed at least 58 people … on Tuesday"): the same count of
    the same event, dated where it is told with its day."""
    Key = tuple[str | None, float | None, float | None]
    days: dict[Key, Period] = {}
    undated: list[tuple[Key, Candidate, date]] = []
    for c in resolved:
        p = c.period
        if p is None or p[2]:
            continue
        key = (c.metric, c.low, c.high)
        if p[0] is not None and p[0] == p[1]:
            days.setdefault(key, p)
        elif p[0] is None and p[1] is not None:
            undated.append((key, c, p[1]))
    for k, c, end in undated:
        day = days.get(k)
        if day is not None and day[1] is not None and day[1] <= end:
            c.period = day


def _running_total(c: Candidate, w: _Tense) -> bool:
    """A total word shortly before the figure, in its clause: "the toll rose to", "bringing
    the total to"; or a count noun far before it, with a verb of growth: "the number of people
    killed … rose to 13"."""
    toks = c.sent.tokens
    if c.framed and any(toks[k].norm in w.growth for k in range(max(0, c.i0 - 3), c.i0)):
        return True
    for k in range(c.i0 - 1, max(-1, c.i0 - 9), -1):
        if toks[k].text in (",", ";") or toks[k].kind == "num":
            return False
        if toks[k].norm in w.total_nouns:
            return True
        if toks[k].norm == "total" and k + 1 < len(toks) and toks[k + 1].norm in w.after_total:
            return True
    return False


def _tally_lines(parse: Parse, with_increment: set[int]) -> set[int]:
    """The list lines (sentence indexes) whose block — a run of consecutive list lines — has a
    line with a daily change."""
    changed = {c.sent.index for c in parse.alive() if id(c) in with_increment}
    out: set[int] = set()
    if not changed:
        return out  # no daily change: no block has one (most documents; spares the walk)
    block: list[int] = []
    for sent in (*parse.sentences, None):
        if sent is not None and sent.is_list_item:
            block.append(sent.index)
            continue
        if not changed.isdisjoint(block):
            out.update(block)
        block = []
    return out


def _intro_span(parse: Parse, c: Candidate, spans: dict[int, Period]) -> Period | None:
    """The period the introduction of a list names ("Ukrainian losses during the week by
    sector were:"), for its lines."""
    for s in reversed(list_intro(parse, c.sent)):
        if s.index in spans:
            return spans[s.index]
    return None


def _anchor(parse: Parse, tl: _Timeline, t: TimeExpr) -> None:
    """ "day 386 of the war": day 1 is the conflict's first day."""
    if parse.conflict is None or tl.ref is None:
        return
    d = parse.conflict.start + timedelta(days=t.n - 1)
    limit = (parse.doc.published or tl.ref) + _ANCHOR_HORIZON
    if tl.ref < d <= limit:
        tl.ref = d


def _clause_break(sent: Sentence, a: int, b: int, w: _Tense) -> bool:
    toks = sent.tokens
    for k in range(a, b):
        if toks[k].text == ";" or (
            toks[k].text == "," and k + 1 < len(toks) and toks[k + 1].norm in w.clause_openers
        ):
            return True
    return False


def _nearest(c: Candidate, times: list[TimeExpr]) -> TimeExpr | None:
    """The time expression nearest the figure; a bare "in all"/"a total of" only when no dated
    expression is there ("by Thursday a total of 162,560" is as of Thursday)."""
    dated = [t for t in times if t.kind != "cumul"]
    best: tuple[int, int, TimeExpr] | None = None
    end = max(c.i1, c.np[1])  # "97 of them in the previous 24 hours": after the phrase
    for t in dated or times:
        if t.i0 >= c.i1:
            dist, side = max(0, t.i0 - end), 0
        elif t.i1 <= c.i0:
            dist, side = c.i0 - t.i1, 1
        else:
            dist, side = 0, 0
        if best is None or (dist, side) < best[:2]:
            best = (dist, side, t)
    return best[2] if best else None


def _same_source(resolved: list[Candidate], period: Period) -> Candidate | None:
    for x in reversed(resolved):
        if x.period == period:
            return x
    return None


def _inherit(parse: Parse, tl: _Timeline, c: Candidate, resolved: list[Candidate]) -> Period:
    own_date = c.cue.statement_date if c.cue else None
    if c.relation == "increment" and c.parent and c.parent.period and c.parent.period[1]:
        end = c.parent.period[1]
        return (end - timedelta(days=1), end, False)
    source = None
    if c.relation in PART_RELATIONS and c.parent and c.parent.period:
        source = c.parent
    if source is None:
        # The latest resolved figure of the same sentence, else paragraph, else speaker (a
        # daily increment is no model for the next line's running total). `resolved` is in
        # reading order, so walking it back meets the sentence's own figures first, then the
        # rest of its paragraph, then earlier paragraphs only: the first figure of the
        # paragraph or of the speaker met is the one, and the walk stops there.
        speaker = c.speaker.name if c.speaker else None
        para = c.sent.para
        for x in reversed(resolved):
            if not x.period or x.relation == "increment":
                continue
            # A document's own speaker (sentence -1: a record's speaker, a site's owner) says
            # every figure of the text: sharing it ties no figure to an earlier paragraph's.
            if x.sent.para == para or (
                c.speaker and c.speaker.sentence >= 0 and x.speaker and x.speaker.name == speaker
            ):
                source = x
                break
    if source is not None and source.period is not None:
        c.parent = c.parent or source
        first, _, cumulative = source.period
        if cumulative and own_date is not None:
            return (first, own_date, True)
        return source.period
    if tl.last_span is not None and not tl.last_span[2] and _event_report(parse, c):
        # "In the Lviv region two people were injured", after a lead about the night's attack:
        # a simple-past event in a report whose events were dated is one of those events.
        return tl.last_span
    if (
        tl.since is not None
        and c.sent.index - tl.since[0] <= _SINCE_REACH
        and _perfect(c, parse.lex.tables(_Tense))
    ):
        # "Strikes have intensified since rebels launched a campaign on July 31. The strikes
        # have killed 122 civilians": the perfect counts from the day just named.
        return tl.since[1]
    # An event's toll: one named ("killed in an air strike") or told as a simple-past event
    # ("20 rebels were killed", "the army killed 18"), not as a count that runs.
    if _event_toll(parse, c) or _event_report(parse, c):
        # The toll of one event (a strike, a blast, a flood) is no running total, even when
        # the text gives no day for it: as of the statement, from a day we do not know
        # (claims.md, "Event tolls are not running totals").
        return (None, c.ref, False)
    return (tl.conflict_start, c.ref, True)


class _Saying:
    """Words of saying a time after which dates the statement: the participles ("saying"),
    and the verbs that report whatever follows them ("said", "told"; not "reported", which is
    also a participle of the event: "were reported killed on Monday")."""

    def __init__(self, lex: Lexicon) -> None:
        self.words = lex.attribution.participles | (
            lex.attribution.verbs - lex.attribution.weak_verbs
        )


class _Tense:
    def __init__(self, lex: Lexicon) -> None:
        self.casualty = lex.indexes["casualty"]
        self.nouns = lex.people.casualty_nouns
        self.loss = frozenset(
            " ".join(norms(w)).split()[0] for w in lex.equipment.loss_words.written
        )
        self.events: PhraseIndex[bool] = PhraseIndex()
        self.events.add_all(lex.periods.event_nouns.written, True)
        self.total_nouns = lex.periods.total_nouns
        self.growth = lex.periods.growth_verbs
        self.after_total = lex.periods.total_noun_followers
        self.running = lex.periods.running_count_words
        self.perfect = lex.periods.perfect_auxiliaries
        self.clause_openers = lex.periods.clause_openers


_SINCE_REACH = 2  # sentences after a "since" span that a perfect count still counts from


def _perfect(c: Candidate, w: _Tense) -> bool:
    """A count told in the perfect ("have killed", "have been killed")."""
    toks = c.sent.tokens
    return any(t.norm in w.perfect for t in toks[max(0, c.i0 - 4) : c.i1 + 4])


def _first_number(toks: list[Token]) -> int:
    return next((k for k, t in enumerate(toks) if t.kind == "num"), -1)


def _event_toll(parse: Parse, c: Candidate) -> bool:
    """The toll of one event: its sentence names one ("killed in an air strike", "the blast
    left three dead") and the figure is not told as a count that runs ("have been killed
    since", "the toll")."""
    w = parse.lex.tables(_Tense)
    sent = c.sent
    if w.events.absent_from(sent.words):
        return False  # most figures: a set test, no scan
    toks = sent.tokens
    window = toks[max(0, c.i0 - 6) : min(len(toks), max(c.i1, c.np[1]) + 5)]
    if any(t.norm in w.running for t in window):
        return False
    return bool(w.events.find_all(toks, words=sent.words))


def _event_report(parse: Parse, c: Candidate) -> bool:
    """A figure told as a simple-past event ("were injured", "shot down 21"), not a running
    count ("have been killed", "has lost", "the toll"). A line of a list ("personnel ‒ about
    20300 persons were liquidated") is a tally's line, whatever its verb."""
    toks = c.sent.tokens
    if c.sent.is_list_item and c.i0 <= _first_number(toks) < c.i1:
        return False  # the line's own figure (not a later one: "KYIV, Jan 24 - … killed eight")
    w = parse.lex.tables(_Tense)
    lo, hi = max(0, c.i0 - 6), min(len(toks), max(c.i1, c.np[1]) + 5)
    window = toks[lo:hi]
    if any(t.norm in w.running for t in window):
        return False
    return any(
        (t.norm in w.loss or w.casualty.match(toks, k)) and t.norm not in w.nouns
        for k, t in enumerate(window, start=lo)
    )


__all__ = ["DateSpec", "resolve_periods"]
