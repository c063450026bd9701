"""Claimants side by side: for one metric and subject, every period's figures, who gives them,
whether each claimant speaks for the subject's own side or the opposing side, and the spread
between the highest and the lowest figure.

A period is the claims' exact period (start, end, running total or not) and rate unit: a figure
"in the past 24 hours" and one "on 12 March" are not the same period. Only claims of the same
subset (claims.md) are compared: the six children of "18 civilians, including six children" are
a comparison of their own, never a rival of the 18. Each figure is a ledger
entry (copies count once), with its documents and independent reports. Sides come from the
conflict registry (lexicon conflicts.toml): the claimant's affiliation is `own` when it is on the
subject's side, `opposing` on the other side, `third party` when it is neither (the UK, the UN,
media), `unattributed` for the outlet's own statement, `unknown` when no affiliation is known.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from claimledger.analysis.entries import Entry, iter_entries
from claimledger.analysis.errors import AnalysisError
from claimledger.analysis.wording import bottom, top
from claimledger.lexicon import Conflict, Lexicon
from claimledger.model import Claim, Claimant, Rate
from claimledger.storage import ClaimFilter

if TYPE_CHECKING:
    from claimledger.storage.reader import LedgerReader

SIDES = ("own", "opposing", "third party", "unattributed", "unknown")


@dataclass(frozen=True)
class Figure:
    """One claimant's figure for the period: a ledger entry."""

    entry: Entry
    side: str

    @property
    def claim(self) -> Claim:
        return self.entry.claim

    def to_dict(self) -> dict[str, Any]:
        c = self.claim
        return {
            "claimant": {"name": c.claimant.name, "affiliation": c.claimant.affiliation},
            "side": self.side,
            "value": c.value.to_dict(),
            "location": c.location,
            "group": c.group,
            "entry": self.entry.id,
            "documents": self.entry.documents,
            "independent": self.entry.independent,
            "doc_id": c.doc_id,
            "evidence": c.evidence.text,
        }


@dataclass(frozen=True)
class PeriodComparison:
    metric: str
    subject: str
    start: date | None
    end: date | None
    cumulative: bool
    rate: Rate | None
    figures: tuple[Figure, ...]
    subset: str | None = None  # the part of the population every figure counts, if only one

    @property
    def highest(self) -> float | None:
        """The highest figure named (the upper bound of a range, the floor of "more than")."""
        tops = [t for t in (top(f.claim.value) for f in self.figures) if t is not None]
        return max(tops) if tops else None

    @property
    def lowest(self) -> float | None:
        lows = [b for b in (bottom(f.claim.value) for f in self.figures) if b is not None]
        return min(lows) if lows else None

    @property
    def spread(self) -> float | None:
        """Highest minus lowest: 0 when every claimant gives the same figure."""
        hi, lo = self.highest, self.lowest
        return None if hi is None or lo is None else hi - lo

    @property
    def ratio(self) -> float | None:
        hi, lo = self.highest, self.lowest
        return None if hi is None or not lo else hi / lo

    def to_dict(self) -> dict[str, Any]:
        def n(x: float | None) -> float | int | None:
            if x is None or math.isinf(x):
                return None
            return int(x) if float(x).is_integer() else round(x, 4)

        return {
            "metric": self.metric,
            "subject": self.subject,
            "period": {
                "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None,
                "cumulative": self.cumulative,
            },
            "rate": self.rate.to_dict() if self.rate else None,
            "subset": self.subset,
            "figures": [f.to_dict() for f in self.figures],
            "highest": n(self.highest),
            "lowest": n(self.lowest),
            "spread": n(self.spread),
            "ratio": n(self.ratio),
        }


def resolve_metric(metric: str, lexicon: Lexicon) -> str:
    if metric in lexicon.metrics:
        return metric
    known = sorted(lexicon.metrics)
    # "tanks" → equipment.tanks; "personnel.kiled" → personnel.killed
    close = [m for m in known if metric.lower() in m.split(".")] or difflib.get_close_matches(
        metric, known, n=3
    )
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise AnalysisError(f"unknown metric {metric!r}{hint}")


def resolve_subject(subject: str, lexicon: Lexicon) -> str:
    """A party's canonical name, from its name in any case or one of its names or proxies."""
    want = subject.strip().lower()
    for p in lexicon.parties.values():
        if want == p.name.lower() or want in (x.lower() for x in (*p.names, *p.proxies)):
            return p.name
    raise AnalysisError(
        f"unknown subject {subject!r} (known: {', '.join(sorted(lexicon.parties))})"
    )


def conflict_of(subject: str, lexicon: Lexicon, when: date | None = None) -> Conflict | None:
    """The conflict the subject is a side of (the latest begun by `when`, if several)."""
    sides = [c for c in lexicon.conflicts if c.side_of(subject) is not None]
    begun = [c for c in sides if when is None or c.start <= when]
    pool = begun or sides
    return max(pool, key=lambda c: c.start) if pool else None


def side(claim: Claim, subject: str, conflict: Conflict | None) -> str:
    return side_of(claim.claimant, subject, conflict)


def side_of(claimant: Claimant, subject: str, conflict: Conflict | None) -> str:
    """The claimant's side towards the subject: own, opposing, third party, unattributed
    (no claimant: the outlet's own statement) or unknown (no affiliation)."""
    affiliation = claimant.affiliation
    if claimant.name is None and affiliation is None:
        return "unattributed"
    if affiliation is None:
        return "unknown"
    if conflict is not None:
        own, theirs = conflict.side_of(subject), conflict.side_of(affiliation)
        if theirs is not None and own is not None:
            return "own" if theirs == own else "opposing"
    return "own" if affiliation == subject else "third party"


def compare(
    reader: LedgerReader,
    metric: str,
    subject: str,
    since: date | None = None,
    until: date | None = None,
    *,
    lexicon: Lexicon,
) -> list[PeriodComparison]:
    """Every period's figures for `metric` and `subject`, oldest period first, as the
    analysis stands (a claim not yet in an entry is left out; `Ledger.compare` brings it up
    to date first). `lexicon`: the one the claims were read with (`Ledger.lexicon`)."""
    metric = resolve_metric(metric, lexicon)
    subject = resolve_subject(subject, lexicon)
    f = ClaimFilter(metric=metric, subject=subject, since=since, until=until)
    found = [e for e in iter_entries(reader, f) if _selected(e.claim, metric, subject)]
    return compare_entries(found, metric, subject, lexicon)


def _selected(c: Claim, metric: str, subject: str) -> bool:
    # The filter matches a metric prefix and any case; the comparison wants exactly these.
    return c.metric == metric and c.subject == subject


def compare_entries(
    found: Iterable[Entry], metric: str, subject: str, lexicon: Lexicon
) -> list[PeriodComparison]:
    periods: dict[tuple[Any, ...], list[Entry]] = {}
    for e in found:
        c = e.claim
        rate = (c.rate.per, c.rate.unit) if c.rate else None
        key = (c.period.start, c.period.end, c.period.cumulative, rate, c.subset)
        periods.setdefault(key, []).append(e)
    out = []
    for (start, end, cumulative, _, subset), entries in periods.items():
        conflict = conflict_of(subject, lexicon, end or start)
        figures = tuple(
            sorted(
                (Figure(e, side(e.claim, subject, conflict)) for e in entries),
                key=lambda f: (
                    SIDES.index(f.side),
                    f.claim.claimant.name or "",
                    bottom(f.claim.value) or 0.0,
                    f.entry.id,
                ),
            )
        )
        out.append(
            PeriodComparison(
                metric, subject, start, end, cumulative, entries[0].claim.rate, figures, subset
            )
        )
    out.sort(
        key=lambda p: (
            p.end or p.start or date.min,
            p.start or date.min,
            p.cumulative,
            p.rate.unit if p.rate else "",
            p.subset or "",  # the whole before its parts
        )
    )
    return out
