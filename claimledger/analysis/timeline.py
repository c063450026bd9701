"""Timelines: one metric for one subject over time, one series per claimant.

Each point is a ledger entry — the same claim in several documents is one point, with its
documents and independent reports counted — placed at the end of its period: a running total
at its as-of date, a figure for a period at the period's last day, a claim without a period at
its document's publication date. Running totals (`cumulative`) and figures for a period are
told apart; a figure per day or per km (a rate) is not a count and is left out (counted in
`rates`). A claimant's sub-counts (claims.md `subset`: the children among a toll) are a series
of their own, one per subset, never points of its series of whole counts. A value's bounds are
kept for drawing: a range as its midpoint with error bars to both bounds, "more than N" as N
open upwards, "up to N" as N open downwards.

Reference series (ua-mod, Oryx) loaded into the ledger that cover the metric and subject come
with the timeline, for the dates around its points. Nothing here writes: the timeline shows the
ledger's analysis as it stands (claimledger serve reads only).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from claimledger.analysis.compare import (
    SIDES,
    conflict_of,
    resolve_metric,
    resolve_subject,
    side_of,
)
from claimledger.analysis.reference import ReferenceTrace, reference_traces
from claimledger.analysis.wording import value_text
from claimledger.lexicon import Lexicon
from claimledger.model import Claimant, Value
from claimledger.storage.reader import TimelineRow

if TYPE_CHECKING:
    from claimledger.storage.reader import LedgerReader

# Claims read for one timeline: beyond, the latest are drawn and `truncated` is set. More
# points than this on one chart are a cloud, not a series: narrowing the dates says more.
MAX_CLAIMS = 4_000
REFERENCE_MARGIN = timedelta(days=30)  # reference values shown before the first, after the last


@dataclass(slots=True)  # not frozen: a timeline makes thousands, and frozen ones cost more
class TimelinePoint:
    claim_id: int  # the entry's first claim: where the point links to
    entry: int | None
    day: date
    y: float
    low: float | None  # the lowest value allowed; None when open downwards
    high: float | None  # the highest; None when open upwards
    qualifier: str
    value: str  # as a sentence says it: "about 162,560"
    cumulative: bool
    start: date | None
    end: date | None
    location: str | None
    group: str | None
    documents: int
    independent: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim_id,
            "entry": self.entry,
            "x": self.day.isoformat(),
            "y": _n(self.y),
            "low": _n(self.low),
            "high": _n(self.high),
            "qualifier": self.qualifier,
            "value": self.value,
            "cumulative": self.cumulative,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "location": self.location,
            "group": self.group,
            "documents": self.documents,
            "independent": self.independent,
        }


@dataclass(frozen=True)
class TimelineSeries:
    claimant: str | None  # None: the outlets' own statements
    affiliation: str | None
    side: str  # compare.SIDES
    points: tuple[TimelinePoint, ...]
    subset: str | None = None  # the part of the population the series counts ("children")

    def to_dict(self) -> dict[str, Any]:
        return {
            "claimant": self.claimant,
            "affiliation": self.affiliation,
            "side": self.side,
            "subset": self.subset,
            "points": [p.to_dict() for p in self.points],
        }


@dataclass(frozen=True)
class Timeline:
    metric: str
    subject: str
    since: date | None
    until: date | None
    series: tuple[TimelineSeries, ...]
    references: tuple[ReferenceTrace, ...]
    rates: int  # rate claims left out
    truncated: bool  # more claims matched than were read (MAX_CLAIMS): the latest are drawn

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "subject": self.subject,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "series": [s.to_dict() for s in self.series],
            "references": [r.to_dict() for r in self.references],
            "rates": self.rates,
            "truncated": self.truncated,
        }


def _n(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() and abs(x) < 2**53 else x


def placement(v: Value) -> tuple[float, float | None, float | None] | None:
    """(y, low, high) of a value: where its point goes and how far its bars reach; None for
    a value without a number."""
    lo, hi = v.low, v.high
    if v.qualifier in ("more_than", "at_least"):
        b = lo if lo is not None else hi
        return None if b is None else (b, b, None)
    if v.qualifier in ("less_than", "at_most"):
        b = hi if hi is not None else lo
        return None if b is None else (b, None, b)
    if lo is not None and hi is not None:
        return ((lo + hi) / 2, min(lo, hi), max(lo, hi))
    b = lo if lo is not None else hi
    return None if b is None else (b, b, b)


def timeline(
    reader: LedgerReader,
    metric: str,
    subject: str,
    since: date | None = None,
    until: date | None = None,
    *,
    lexicon: Lexicon,
    limit: int = MAX_CLAIMS,
) -> Timeline:
    """The timeline of `metric` for `subject` (names resolved as `compare` does: an unknown
    one is an AnalysisError suggesting near names): the points drawn on a day in
    [since, until], at most `limit` claims, the latest when there are more.
    Reads only: the analysis as it stands (`Ledger.timeline` brings it up to date first)."""
    lex = lexicon
    metric = resolve_metric(metric, lex)
    subject = resolve_subject(subject, lex)
    rows = reader.timeline_rows(metric, subject, since, until, limit + 1)
    truncated = len(rows) > limit
    if truncated:  # the one read to tell: the earliest drawn of the latest limit + 1
        earliest = min(rows, key=TimelineRow.latest_key)
        rows = [r for r in rows if r is not earliest]
    # An entry's claims all share its metric and subject: its documents are among the rows.
    by_entry: dict[int, list[TimelineRow]] = {}
    for r in rows:
        if r.entry is not None:
            by_entry.setdefault(r.entry, []).append(r)
    shared = {d.document for e in by_entry.values() if len(e) > 1 for d in e}
    groups = reader.document_groups(shared)

    rates = 0
    by_claimant: dict[tuple[str | None, str | None], list[tuple[TimelineRow, TimelinePoint]]] = {}
    for r in rows:
        members = by_entry.get(r.entry, ()) if r.entry is not None else ()
        if members and members[0] is not r:
            continue  # a copy: the entry's first claim stands for it
        if r.rate_unit is not None:
            rates += 1
            continue
        value = Value(r.low, r.high, r.qualifier)
        where = placement(value)
        day = r.day
        if where is None or day is None:
            continue
        if len(members) > 1:
            docs = {m.document for m in members}
            # An ungrouped document (not analysed yet) is a report of its own: -d keeps it apart
            # from the group numbers.
            independent = len({groups.get(d) or -d for d in docs})
        else:
            docs, independent = {r.document}, 1
        y, low, high = where
        point = TimelinePoint(
            claim_id=r.claim_id,
            entry=r.entry,
            day=day,
            y=y,
            low=low,
            high=high,
            qualifier=r.qualifier,
            value=value_text(value),
            cumulative=r.cumulative,
            start=r.start,
            end=r.end,
            location=r.location,
            group=r.group,
            documents=len(docs),
            independent=independent,
        )
        by_claimant.setdefault((r.claimant, r.subset), []).append((r, point))
    series = []
    for (name, subset), items in by_claimant.items():
        affiliation = Counter(r.affiliation for r, _ in items).most_common(1)[0][0]
        conflict = conflict_of(subject, lex, items[0][1].day)
        speaker = Claimant(name, affiliation)
        series.append(
            TimelineSeries(
                claimant=name,
                affiliation=affiliation,
                side=side_of(speaker, subject, conflict),
                points=tuple(sorted((p for _, p in items), key=lambda p: (p.day, p.claim_id))),
                subset=subset,
            )
        )
    series.sort(
        key=lambda s: (
            SIDES.index(s.side),
            s.subset is not None,  # a claimant's whole counts before its parts
            -len(s.points),
            s.claimant or "\uffff",
            s.subset or "",
        )
    )
    days = [p.day for s in series for p in s.points]
    lo = since or (min(days) - REFERENCE_MARGIN if days else None)
    hi = until or (max(days) + REFERENCE_MARGIN if days else None)
    refs = reference_traces(reader, metric, subject, lo, hi, lexicon=lex)
    return Timeline(metric, subject, since, until, tuple(series), tuple(refs), rates, truncated)
