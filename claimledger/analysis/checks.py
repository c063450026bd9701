"""Consistency checks: every place where the ledger's figures do not add up.

Each finding has a kind, a severity (high: arithmetic that cannot hold; medium: figures that do
not agree; low: dating doubts), a one-sentence explanation with the numbers, and its evidence
(the claims involved). The kinds:

rate_vs_totals
    A rate ("about 800 killed or wounded per quarter mile", "600 dead a day") that does not
    follow from the total it restates — the nearest total of the same metric and subject in
    the same document, else in the same story (near-duplicate group) — divided by the distance
    advanced (a territory.advance_km claim beside the total) or by the total's period in days.
cumulative_falls
    A claimant's running total (same metric, subject, group and place) that is lower than the
    same claimant's total of an earlier date.
increment_mismatch
    "(+N)" daily increments (a day's figure printed beside a running total) that do not match
    the change between the claimant's totals of consecutive dates.
killed_exceeds_killed_or_wounded, subcount_exceeds_total
    For one claimant, subject, period and place: killed (or wounded, or killed plus wounded)
    above killed-or-wounded; military or civilian counts above the unspecified total of the
    same story; a sub-count (claims.md `subset`: "including 25 children") above the whole count
    of the same metric it is part of, in the same story.
range_inverted
    A range whose low bound is above its high bound.
claimant_contradicts_itself
    One claimant giving figures that cannot both hold for the same metric, subject, group,
    place and period, in different reports (within one story a second figure for the same scope
    is a breakdown, not a contradiction).
date_conflict
    A relative date ("by Thursday", "since May last year", "in the past 24 hours") that the
    text's own later anchor ("day 386 of the conflict") places elsewhere than the document's
    date does; or a claim dated after its document with no anchor that explains it.

Copies of one claim (one ledger entry) are checked once. Claims without a claimant are the
outlet's own statements: they are compared only within their document. Figures are compared
only with figures of the same subset: the children among a toll are no rival of the toll.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from claimledger.analysis.wording import (
    KM_PER_MILE,
    bottom,
    bounds,
    day,
    metric_words,
    num,
    per_text,
    period_text,
    point,
    possessive,
    top,
    value_text,
    who,
)
from claimledger.model import Claim, Document
from claimledger.storage.reader import AnalysedClaim

if TYPE_CHECKING:
    from claimledger.extraction.state import Parse, TimeExpr
    from claimledger.lexicon import Lexicon
    from claimledger.storage.reader import LedgerReader

RATE = "rate_vs_totals"
FALLING = "cumulative_falls"
INCREMENT = "increment_mismatch"
KILLED_OVER_KOW = "killed_exceeds_killed_or_wounded"
SUBCOUNT = "subcount_exceeds_total"
RANGE = "range_inverted"
SELF = "claimant_contradicts_itself"
DATE = "date_conflict"
KINDS = (RATE, FALLING, INCREMENT, KILLED_OVER_KOW, SUBCOUNT, RANGE, SELF, DATE)
SEVERITIES = ("high", "medium", "low")

# How far a stated figure may sit from an exact computation and still follow from it.
TOLERANCE = {"exact": 0.02, "approx": 0.10}
DERIVED_SLACK = 0.01
HIGH_GAP = 0.25  # a rate more than 25% off what its totals give is a high-severity finding
_UNIT_KM = {"km": 1.0, "mile": KM_PER_MILE}
_UNIT_DAYS = {"day": 1.0, "week": 7.0, "month": 365.25 / 12}
_ANCHOR_HORIZON = timedelta(days=60)  # as the extractor: a later anchor within 60 days


@dataclass(frozen=True)
class Finding:
    kind: str
    severity: str
    explanation: str
    evidence: tuple[AnalysedClaim, ...]
    numbers: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "severity": self.severity,
            "explanation": self.explanation,
            "numbers": {k: _json_number(v) for k, v in self.numbers.items()},
            "evidence": [_evidence(a) for a in self.evidence],
        }


def _json_number(v: Any) -> Any:
    if isinstance(v, float):
        if math.isinf(v):
            return None
        return int(v) if v.is_integer() else round(v, 4)
    if isinstance(v, date):
        return v.isoformat()
    return v


def _evidence(a: AnalysedClaim) -> dict[str, Any]:
    c = a.record.claim
    return {
        "doc_id": c.doc_id,
        "entry": a.entry,
        "metric": c.metric,
        "subject": c.subject,
        "claimant": c.claimant.name,
        "value": c.value.to_dict(),
        "rate": c.rate.to_dict() if c.rate else None,
        "subset": c.subset,
        "period": c.period.to_dict(),
        "published": a.record.published.isoformat() if a.record.published else None,
        "url": a.record.url,
        "start": c.evidence.start,
        "end": c.evidence.end,
        "text": c.evidence.text,
    }


# -- the public entry points -----------------------------------------------------------------


def check(reader: LedgerReader, lexicon: Lexicon) -> list[Finding]:
    """Every inconsistency in the ledger, most severe first, as its analysis stands (a claim
    not yet in an entry is checked as its own entry; `Ledger.check` brings it up to date
    first). `lexicon`: the one the claims were read with (`Ledger.lexicon`)."""
    claims = list(reader.analysed())
    late = {
        a.document
        for a in claims
        if a.record.published
        and a.record.claim.period.end
        and a.record.claim.period.end > a.record.published
    }
    return find_inconsistencies(claims, lexicon, reader.documents_by_pk(late))


def find_inconsistencies(
    claims: Sequence[AnalysedClaim],
    lexicon: Lexicon,
    documents: Mapping[int, Document] | None = None,
) -> list[Finding]:
    """The checks over claims read from a ledger (in document order). `documents` (by row id)
    are the texts the date check re-reads: those with a claim dated after the document."""
    entries = _entries(claims)
    found = [
        *rate_findings(claims),
        *falling_findings(entries),
        *increment_findings(claims),
        *subcount_findings(entries),
        *range_findings(entries),
        *self_contradictions(entries),
        *date_findings(claims, documents or {}, lexicon),
    ]
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(
        found,
        key=lambda f: (
            SEVERITIES.index(f.severity),
            order[f.kind],
            min(a.document for a in f.evidence),
            min(a.record.claim.evidence.start for a in f.evidence),
        ),
    )


def _entries(claims: Sequence[AnalysedClaim]) -> list[AnalysedClaim]:
    """One claim per entry (its first), for checks where copies must not count twice."""
    seen: set[object] = set()
    out = []
    for a in claims:
        key: object = a.entry if a.entry is not None else ("claim", a.claim_id)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def _claim(a: AnalysedClaim) -> Claim:
    return a.record.claim


# -- rates against the totals they restate -----------------------------------------------------


def rate_findings(claims: Sequence[AnalysedClaim]) -> list[Finding]:
    by_doc: dict[int, list[AnalysedClaim]] = {}
    by_story: dict[int, list[AnalysedClaim]] = {}
    for a in claims:
        by_doc.setdefault(a.document, []).append(a)
        by_story.setdefault(a.story, []).append(a)
    out = []
    for a in _entries(claims):
        c = _claim(a)
        if c.rate is None or (c.value.low is None and c.value.high is None):
            continue
        f = _rate_finding(a, by_doc, by_story)
        if f is not None:
            out.append(f)
    return out


def _total_for(
    a: AnalysedClaim, by_doc: Mapping[int, list[AnalysedClaim]], by_story: Mapping[int, list[Any]]
) -> AnalysedClaim | None:
    c = _claim(a)

    def usable(t: AnalysedClaim) -> bool:
        tc = _claim(t)
        return (
            tc.rate is None
            and tc.metric == c.metric
            and tc.subject == c.subject
            and tc.subset == c.subset
            and bottom(tc.value) is not None
            # the same figure of the same sentence read twice is not a total it restates
            and not (tc.evidence.start == c.evidence.start and tc.value == c.value)
        )

    same_doc = [t for t in by_doc[a.document] if usable(t)]
    if same_doc:
        # The nearest total before the rate ("that casualty figure amounts to …"), else after.
        start = c.evidence.start
        return min(
            same_doc,
            key=lambda t: (
                _claim(t).evidence.start > start,
                abs(start - _claim(t).evidence.start),
            ),
        )
    story = [t for t in by_story[a.story] if t.document != a.document and usable(t)]
    return story[0] if story else None


def _distance_for(t: AnalysedClaim, by_doc: Mapping[int, list[AnalysedClaim]]) -> Any:
    start = _claim(t).evidence.start
    dists = [
        d
        for d in by_doc[t.document]
        if _claim(d).metric == "territory.advance_km"
        and _claim(d).rate is None
        and bottom(_claim(d).value)
    ]
    if not dists:
        return None
    return min(dists, key=lambda d: abs(_claim(d).evidence.start - start))


def _rate_finding(
    a: AnalysedClaim,
    by_doc: Mapping[int, list[AnalysedClaim]],
    by_story: Mapping[int, list[AnalysedClaim]],
) -> Finding | None:
    c = _claim(a)
    assert c.rate is not None
    t = _total_for(a, by_doc, by_story)
    if t is None:
        return None
    tc = _claim(t)
    t_lo, t_hi = bounds(tc.value)
    unit = c.rate.unit
    evidence: tuple[AnalysedClaim, ...]
    if unit in _UNIT_KM:
        d = _distance_for(t, by_doc)
        if d is None:
            return None
        d_lo, d_hi = bounds(_claim(d).value)
        if not d_lo or math.isinf(d_hi):
            return None
        per_base = (t_lo / d_hi, t_hi / d_lo)  # per km
        scale = c.rate.per * _UNIT_KM[unit]
        base_text = "per km"
        over = f"over {value_text(_claim(d).value)} km"
        evidence = (a, t, d)
    elif unit in _UNIT_DAYS:
        p = tc.period
        if p.start is None or p.end is None or (p.end - p.start).days < 1:
            return None
        days = (p.end - p.start).days
        per_base = (t_lo / days, t_hi / days)  # per day
        scale = c.rate.per * _UNIT_DAYS[unit]
        base_text = "per day"
        over = f"over the {days:,} days from {day(p.start)} to {day(p.end)}"
        evidence = (a, t)
    else:
        return None
    derived = (per_base[0] * scale, per_base[1] * scale)
    c_lo, c_hi = bounds(c.value)
    tol = TOLERANCE.get(c.value.qualifier, 0.0)
    if c_lo * (1 - tol) <= derived[1] * (1 + DERIVED_SLACK) and derived[0] * (
        1 - DERIVED_SLACK
    ) <= c_hi * (1 + tol):
        return None
    claimed = point(c.value) or (c_lo if c_lo > derived[1] else c_hi)
    if c_lo > derived[1]:
        gap = c_lo / derived[1] - 1 if derived[1] > 0 else math.inf
        ratio = f"the claimed rate is {_times(claimed, derived)} as high"
    else:
        gap = 1 - c_hi / derived[0]
        ratio = f"the claimed rate is {_share(claimed, derived)} of that"
    what = f"{value_text(c.value)} {metric_words(c.metric)} {per_text(c.rate)}"
    explanation = (
        f"{_cap(possessive(who(c)))} “{what}” does not follow from "
        f"{possessive(who(tc))} {value_text(tc.value)} {over}, which is "
        f"{_span(derived)} {per_text(c.rate)}"
        + (f" ({_span(per_base)} {base_text})" if scale != 1 else "")
        + f": {ratio}."
    )
    return Finding(
        RATE,
        "high" if gap >= HIGH_GAP else "medium",
        explanation,
        evidence,
        {
            "claimed_low": c_lo,
            "claimed_high": c_hi,
            "derived_low": derived[0],
            "derived_high": derived[1],
            f"derived_{base_text.replace(' ', '_')}_low": per_base[0],
            f"derived_{base_text.replace(' ', '_')}_high": per_base[1],
            "rate_per": c.rate.per,
            "rate_unit": c.rate.unit,
        },
    )


def _span(lo_hi: tuple[float, float]) -> str:
    lo, hi = lo_hi
    if math.isinf(hi):
        return f"at least {num(lo)}"
    a, b = round(lo), round(hi)
    return num(a) if a == b else f"{num(a)}–{num(b)}"


def _times(claimed: float, derived: tuple[float, float]) -> str:
    """How many times the derived rate (a range) the claimed one is."""
    lo, hi = derived
    least = claimed / hi
    if lo <= 0:
        return f"at least {least:.1f} times"
    most = claimed / lo
    return (
        f"{least:.1f} times" if f"{least:.1f}" == f"{most:.1f}" else f"{least:.1f}–{most:.1f} times"
    )


def _share(claimed: float, derived: tuple[float, float]) -> str:
    """What share of the derived rate (a range) the claimed one is."""
    lo, hi = derived
    most = round(100 * claimed / lo)
    if math.isinf(hi):
        return f"at most {most}%"
    least = round(100 * claimed / hi)
    return f"{least}%" if least == most else f"{least}–{most}%"


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


# -- running totals that fall ------------------------------------------------------------------


def _series_key(c: Claim) -> tuple[Any, ...]:
    """One claimant's series of one count: its place last (increments ignore it)."""
    return (c.claimant.name, c.metric, c.subject, c.group, c.subset, c.location)


def falling_findings(entries: Sequence[AnalysedClaim]) -> list[Finding]:
    series: dict[tuple[Any, ...], dict[date, list[AnalysedClaim]]] = {}
    for a in entries:
        c = _claim(a)
        if (
            c.claimant.name is None
            or not c.period.cumulative
            or c.rate is not None
            or c.period.end is None
            or bottom(c.value) is None
        ):
            continue
        series.setdefault(_series_key(c), {}).setdefault(c.period.end, []).append(a)
    out = []
    for by_date in series.values():
        dates = sorted(by_date)
        for d0, d1 in pairwise(dates):
            before = max(by_date[d0], key=lambda x: bottom(_claim(x).value) or 0.0)
            b0 = bottom(_claim(before).value) or 0.0
            for later in by_date[d1]:
                lc = _claim(later)
                t1 = top(lc.value)
                if t1 is not None and lc.value.qualifier not in ("more_than", "at_least"):
                    if t1 < b0:
                        bc = _claim(before)
                        out.append(
                            Finding(
                                FALLING,
                                "high",
                                f"{_cap(possessive(who(lc)))} running total of "
                                f"{possessive(lc.subject or '?')} {metric_words(lc.metric)} "
                                f"falls from {value_text(bc.value)} (as of {day(d0)}) to "
                                f"{value_text(lc.value)} (as of {day(d1)}), "
                                f"{num(b0 - t1)} fewer.",
                                (before, later),
                                {"earlier": b0, "later": t1, "earlier_date": d0, "later_date": d1},
                            )
                        )
    return out


# -- "(+N)" increments against the change in totals ------------------------------------------------

_INCREMENT = re.compile(r"\(\s*\+\s*(\d[\d,]*)\s*\)")


def _printed_increments(text: str) -> set[float]:
    return {float(m.group(1).replace(",", "")) for m in _INCREMENT.finditer(text)}


def increment_findings(claims: Sequence[AnalysedClaim]) -> list[Finding]:
    """Increments are a day's figure printed as "(+N)" in the same sentence as the claimant's
    running total of the same metric, subject and date."""
    incs: dict[tuple[Any, ...], dict[date, set[float]]] = {}
    inc_claims: dict[tuple[Any, ...], dict[date, list[AnalysedClaim]]] = {}
    totals: dict[tuple[Any, ...], dict[date, set[float]]] = {}
    total_claims: dict[tuple[Any, ...], dict[date, AnalysedClaim]] = {}
    by_doc: dict[int, list[AnalysedClaim]] = {}
    for a in claims:
        by_doc.setdefault(a.document, []).append(a)
    for a in claims:
        c = _claim(a)
        if c.claimant.name is None or c.rate is not None or c.period.end is None:
            continue
        v = point(c.value)
        if v is None:
            continue
        key = _series_key(c)[:5]
        if c.period.cumulative:
            totals.setdefault(key, {}).setdefault(c.period.end, set()).add(v)
            total_claims.setdefault(key, {}).setdefault(c.period.end, a)
        elif v in _printed_increments(c.evidence.text) and any(
            _claim(t).period.cumulative
            and _claim(t).evidence.start == c.evidence.start
            and _series_key(_claim(t))[:5] == key
            and _claim(t).period.end == c.period.end
            for t in by_doc[a.document]
        ):
            incs.setdefault(key, {}).setdefault(c.period.end, set()).add(v)
            inc_claims.setdefault(key, {}).setdefault(c.period.end, []).append(a)
    out = []
    for key, by_date in totals.items():
        daily = incs.get(key)
        if not daily:
            continue
        dates = sorted(d for d, vs in by_date.items() if len(vs) == 1)
        for d0, d1 in pairwise(dates):
            days = [d0 + timedelta(days=k) for k in range(1, (d1 - d0).days + 1)]
            if not all(len(daily.get(d, ())) == 1 for d in days):
                continue
            expected = sum(next(iter(daily[d])) for d in days)
            v0, v1 = next(iter(by_date[d0])), next(iter(by_date[d1]))
            if v1 - v0 == expected:
                continue
            t0, t1 = total_claims[key][d0], total_claims[key][d1]
            c1 = _claim(t1)
            if len(days) == 1:
                given = f"its daily increment for {day(d1)} is (+{num(expected)})"
            else:
                given = (
                    f"its daily increments for {day(days[0])} – {day(d1)} add up to {num(expected)}"
                )
            change = "rises" if v1 >= v0 else "falls"
            out.append(
                Finding(
                    INCREMENT,
                    "medium",
                    f"{_cap(possessive(who(c1)))} running total of "
                    f"{possessive(c1.subject or '?')} {metric_words(c1.metric)} {change} by "
                    f"{num(abs(v1 - v0))}, from {num(v0)} ({day(d0)}) to {num(v1)} ({day(d1)}), "
                    f"but {given}.",
                    (t0, t1, *(x for d in days for x in inc_claims[key][d][:1])),
                    {
                        "change": v1 - v0,
                        "increments": expected,
                        "from_date": d0,
                        "to_date": d1,
                        "from_total": v0,
                        "to_total": v1,
                    },
                )
            )
    return out


# -- sub-counts above their totals ----------------------------------------------------------------

_KILLED, _WOUNDED, _KOW = (
    "personnel.killed",
    "personnel.wounded",
    "personnel.killed_or_wounded",
)


def _groups_compatible(a: str | None, b: str | None) -> bool:
    return a == b or a in (None, "unspecified") or b in (None, "unspecified")


def subcount_findings(entries: Sequence[AnalysedClaim]) -> list[Finding]:
    scopes: dict[tuple[Any, ...], list[AnalysedClaim]] = {}
    for a in entries:
        c = _claim(a)
        if c.rate is not None or not c.metric.startswith("personnel."):
            continue
        p = c.period
        owner: object = c.claimant.name if c.claimant.name else ("document", a.document)
        key = (owner, c.subject, p.start, p.end, p.cumulative, c.location)
        scopes.setdefault(key, []).append(a)
    out: list[Finding] = []
    for items in scopes.values():
        if len(items) < 2:
            continue
        # Like with like: killed against killed-or-wounded, military against the unspecified
        # total, each within one subset (the children's killed against the children's total).
        by_subset: dict[str | None, list[AnalysedClaim]] = {}
        for a in items:
            by_subset.setdefault(_claim(a).subset, []).append(a)
        for same in by_subset.values():
            out.extend(_metric_subcounts(same))
            out.extend(_group_subcounts(same))
        out.extend(_subset_subcounts(items))
    return out


def _subset_subcounts(items: list[AnalysedClaim]) -> list[Finding]:
    """A part above the whole it is part of: "18 civilians, including 25 children" (the same
    metric, the whole without subset, in the same story)."""
    out = []
    wholes: dict[tuple[str, int], list[AnalysedClaim]] = {}
    for a in items:
        c = _claim(a)
        if c.subset is None:
            wholes.setdefault((c.metric, a.story), []).append(a)
    for part in items:
        pc = _claim(part)
        if pc.subset is None:
            continue
        for total in wholes.get((pc.metric, part.story), []):
            tc = _claim(total)
            if _groups_compatible(pc.group, tc.group) and _over(bottom(pc.value), tc):
                out.append(
                    Finding(
                        SUBCOUNT,
                        "high",
                        f"{_cap(possessive(who(tc)))} {value_text(pc.value)} {pc.subset} "
                        f"{metric_words(pc.metric)} is more than its total of "
                        f"{value_text(tc.value)} {metric_words(tc.metric)} for "
                        f"{tc.subject or '?'} ({_scope_text(tc)}).",
                        (part, total),
                        {"part": bottom(pc.value), "total": top(tc.value)},
                    )
                )
                break
    return out


def _over(part: float | None, total: Claim) -> bool:
    t = top(total.value)
    return (
        part is not None
        and t is not None
        and total.value.qualifier not in ("more_than", "at_least")
        and part > t
    )


def _scope_text(c: Claim) -> str:
    where = f" in {c.location}" if c.location else ""
    return f"{period_text(c)}{where}"


def _metric_subcounts(items: list[AnalysedClaim]) -> list[Finding]:
    out = []
    by_metric: dict[str, list[AnalysedClaim]] = {}
    for a in items:
        by_metric.setdefault(_claim(a).metric, []).append(a)
    for total in by_metric.get(_KOW, []):
        tc = _claim(total)
        killed = [
            k for k in by_metric.get(_KILLED, []) if _groups_compatible(_claim(k).group, tc.group)
        ]
        wounded = [
            w for w in by_metric.get(_WOUNDED, []) if _groups_compatible(_claim(w).group, tc.group)
        ]
        flagged = False
        for part, kind in [(k, KILLED_OVER_KOW) for k in killed] + [(w, SUBCOUNT) for w in wounded]:
            pc = _claim(part)
            if _over(bottom(pc.value), tc):
                flagged = True
                out.append(
                    Finding(
                        kind,
                        "high",
                        f"{_cap(possessive(who(tc)))} {value_text(pc.value)} "
                        f"{metric_words(pc.metric)} is more than its "
                        f"{value_text(tc.value)} killed or wounded for "
                        f"{possessive(tc.subject or '?')} personnel ({_scope_text(tc)}).",
                        (part, total),
                        {"part": bottom(pc.value), "total": top(tc.value)},
                    )
                )
        if not flagged and killed and wounded:
            k, w = killed[0], wounded[0]
            kb, wb = bottom(_claim(k).value), bottom(_claim(w).value)
            if kb is not None and wb is not None and _over(kb + wb, tc):
                out.append(
                    Finding(
                        SUBCOUNT,
                        "high",
                        f"{_cap(possessive(who(tc)))} {value_text(_claim(k).value)} killed "
                        f"and {value_text(_claim(w).value)} wounded add up to {num(kb + wb)}, "
                        f"more than its {value_text(tc.value)} killed or wounded for "
                        f"{possessive(tc.subject or '?')} personnel ({_scope_text(tc)}).",
                        (k, w, total),
                        {"parts": kb + wb, "total": top(tc.value)},
                    )
                )
    return out


def _group_subcounts(items: list[AnalysedClaim]) -> list[Finding]:
    out = []
    by: dict[tuple[str, str | None], list[AnalysedClaim]] = {}
    for a in items:
        c = _claim(a)
        by.setdefault((c.metric, c.group), []).append(a)
    for (metric, group), totals in by.items():
        if group != "unspecified":
            continue
        for total in totals:
            tc = _claim(total)
            # A breakdown is read with its total: in the same story ("24 killed, among them 18
            # civilians"), not across a claimant's reports of different events.
            parts = [
                p
                for g in ("military", "civilian")
                for p in [x for x in by.get((metric, g), []) if x.story == total.story][:1]
            ]
            for part in parts:
                pc = _claim(part)
                if _over(bottom(pc.value), tc):
                    out.append(
                        Finding(
                            SUBCOUNT,
                            "high",
                            f"{_cap(possessive(who(tc)))} {value_text(pc.value)} {pc.group} "
                            f"{metric_words(metric)} is more than its total of "
                            f"{value_text(tc.value)} {metric_words(metric)} for "
                            f"{tc.subject or '?'} ({_scope_text(tc)}).",
                            (part, total),
                            {"part": bottom(pc.value), "total": top(tc.value)},
                        )
                    )
            if len(parts) == 2 and not out:
                both = [bottom(_claim(p).value) for p in parts]
                if all(b is not None for b in both):
                    s = sum(b for b in both if b is not None)
                    if _over(s, tc):
                        out.append(
                            Finding(
                                SUBCOUNT,
                                "high",
                                f"{_cap(possessive(who(tc)))} military and civilian "
                                f"{metric_words(metric)} add up to {num(s)}, more than its total "
                                f"of {value_text(tc.value)} for {tc.subject or '?'} "
                                f"({_scope_text(tc)}).",
                                (*parts, total),
                                {"parts": s, "total": top(tc.value)},
                            )
                        )
    return out


# -- ranges and self-contradictions ------------------------------------------------------------


def range_findings(entries: Sequence[AnalysedClaim]) -> list[Finding]:
    out = []
    for a in entries:
        c = _claim(a)
        lo, hi = c.value.low, c.value.high
        if lo is not None and hi is not None and lo > hi:
            out.append(
                Finding(
                    RANGE,
                    "high",
                    f"{_cap(possessive(who(c)))} range of {metric_words(c.metric)} for "
                    f"{c.subject or '?'} runs from {num(lo, 3)} down to {num(hi, 3)}: its low "
                    "bound is above its high bound.",
                    (a,),
                    {"low": lo, "high": hi},
                )
            )
    return out


def self_contradictions(entries: Sequence[AnalysedClaim]) -> list[Finding]:
    groups: dict[tuple[Any, ...], list[AnalysedClaim]] = {}
    for a in entries:
        c = _claim(a)
        if c.claimant.name is None or (c.period.start is None and c.period.end is None):
            continue
        key = (
            *_series_key(c),
            c.period.start,
            c.period.end,
            c.period.cumulative,
            c.rate.per if c.rate else None,
            c.rate.unit if c.rate else None,
        )
        groups.setdefault(key, []).append(a)
    out = []
    for items in groups.values():
        if len(items) < 2:
            continue
        # Within one story, a second figure for the same scope is a breakdown ("9,806 killed,
        # 560 of them children", "3,981 in the occupied areas"): only reports apart disagree.
        clash = any(
            x.story != y.story and _disjoint(_claim(x).value, _claim(y).value)
            for i, x in enumerate(items)
            for y in items[i + 1 :]
        )
        if not clash:
            continue
        c = _claim(items[0])
        figures = " and ".join(f"{value_text(_claim(x).value)} ({_claim(x).doc_id})" for x in items)
        out.append(
            Finding(
                SELF,
                "medium",
                f"{_cap(who(c))} gives different figures for {possessive(c.subject or '?')} "
                f"{metric_words(c.metric)} ({_scope_text(c)}): {figures}.",
                tuple(items),
                {"values": [bottom(_claim(x).value) for x in items]},
            )
        )
    return out


def _disjoint(a: Any, b: Any) -> bool:
    a_lo, a_hi = bounds(a)
    b_lo, b_hi = bounds(b)
    return a_hi < b_lo or b_hi < a_lo


# -- dates -------------------------------------------------------------------------------------

# Kinds of time expression whose dates depend on the reference date they are read against.
_RELATIVE = ("by", "day", "since", "past", "open", "cumul", "conflict")
_SPECIFIC_FIRST = ("by", "day", "past", "since", "open", "cumul", "conflict")


def date_findings(
    claims: Sequence[AnalysedClaim],
    documents: Mapping[int, Document],
    lexicon: Lexicon,
) -> list[Finding]:
    if not documents:
        return []
    from claimledger.extraction.pipeline import Extractor

    extractor = Extractor(lexicon, time_limit=None)
    by_doc: dict[int, list[AnalysedClaim]] = {}
    for a in _entries(claims):
        if a.document in documents:
            by_doc.setdefault(a.document, []).append(a)
    out = []
    for doc_pk, items in by_doc.items():
        doc = documents[doc_pk]
        if doc.published is None:
            continue
        late = [a for a in items if _after(_claim(a).period.end, doc.published)]
        if not late:
            continue
        out.extend(_document_dates(extractor.parse(doc), doc.published, late))
    return out


def _after(d: date | None, published: date) -> bool:
    return d is not None and d > published


def _anchors(parse: Parse, published: date) -> list[tuple[int, date, str]]:
    """(character offset, date, words) of the text's own later reference dates."""
    out = []
    for sent in parse.sentences:
        for t in parse.times.get(sent.index, []):
            d: date | None = None
            if t.kind == "anchor" and parse.conflict is not None:
                d = parse.conflict.start + timedelta(days=t.n - 1)
            elif t.kind == "day" and t.a and t.a.year and t.a.month and t.a.day:
                d = t.a.first(published)
            if d is not None and published < d <= published + _ANCHOR_HORIZON:
                out.append((t.start, d, t.text))
    return out


def _end_against(t: TimeExpr, ref: date) -> date | None:
    """The last day a relative expression names, read against `ref`."""
    if t.kind in ("since", "open", "cumul", "conflict"):
        return ref
    if t.kind == "past":
        return ref
    if t.kind in ("by", "day") and t.a is not None:
        return t.a.first(ref)
    return None


def _document_dates(parse: Parse, published: date, late: list[AnalysedClaim]) -> list[Finding]:
    anchors = _anchors(parse, published)
    out: list[Finding] = []
    explained: set[int] = set()
    if anchors:
        # Each sentence's relative expressions after an anchor, most specific first.
        for sent in parse.sentences:
            times = [
                t
                for t in parse.times.get(sent.index, [])
                if t.kind in _RELATIVE and any(pos < t.start for pos, _, _ in anchors)
            ]
            if not times:
                continue
            times.sort(key=lambda t: _SPECIFIC_FIRST.index(t.kind))
            t = times[0]
            _, anchor_date, anchor_text = max(a for a in anchors if a[0] < t.start)
            anchored, plain = _end_against(t, anchor_date), _end_against(t, published)
            if anchored is None or plain is None or anchored == plain:
                continue
            nxt = _next_relative(parse, sent.index)
            hit = [
                a
                for a in late
                if _claim(a).period.end == anchored
                and id(a) not in explained
                and (
                    sent.start <= _claim(a).evidence.start < sent.start + len(sent.text)
                    or sent.start + len(sent.text) <= _claim(a).evidence.start < nxt
                )
            ]
            if not hit:
                continue
            explained.update(id(a) for a in hit)
            out.append(
                Finding(
                    DATE,
                    "medium",
                    f"“{t.text}” is {day(anchored)} when read after the text's anchor "
                    f"“{anchor_text}” ({day(anchor_date)}), but {day(plain)} against the "
                    f"document's date {day(published)}; {len(hit)} "
                    f"claim{'s are' if len(hit) != 1 else ' is'} dated by it.",
                    tuple(hit),
                    {
                        "anchored": anchored,
                        "document_date": published,
                        "against_document_date": plain,
                        "anchor": anchor_date,
                    },
                )
            )
    # Claims dated by an anchor itself (no relative expression): the text's own date is later
    # than the document's. One finding per anchor.
    by_anchor: dict[tuple[int, date, str], list[AnalysedClaim]] = {}
    for a in late:
        c = _claim(a)
        if id(a) in explained or c.period.end is None:
            continue
        before = [x for x in anchors if x[1] == c.period.end and x[0] <= c.evidence.end]
        if before:
            by_anchor.setdefault(max(before), []).append(a)
            explained.add(id(a))
    for (_, anchor_date, anchor_text), hit in by_anchor.items():
        n = (anchor_date - published).days
        out.append(
            Finding(
                DATE,
                "low",
                f"The text's date “{anchor_text}” ({day(anchor_date)}) is {n} day"
                f"{'s' if n != 1 else ''} after the document's date {day(published)}; "
                f"{len(hit)} claim{'s are' if len(hit) != 1 else ' is'} dated by it.",
                tuple(hit),
                {"anchor": anchor_date, "document_date": published},
            )
        )
    for a in late:
        c = _claim(a)
        if id(a) in explained or _calendar_unit_so_far(c, published):
            continue
        assert c.period.end is not None
        out.append(
            Finding(
                DATE,
                "low",
                f"{_cap(possessive(who(c)))} {value_text(c.value)} {metric_words(c.metric)} "
                f"is dated {day(c.period.end)}, {(c.period.end - published).days} days after "
                f"its document's date {day(published)}, and no date in the text explains it.",
                (a,),
                {"dated": c.period.end, "document_date": published},
            )
        )
    return out


def _calendar_unit_so_far(c: Claim, published: date) -> bool:
    """ "In July", "this year": a whole month or year that holds the publication date ends after
    it without the text saying anything late."""
    start, end = c.period.start, c.period.end
    if start is None or end is None or not start <= published <= end or c.period.cumulative:
        return False
    whole_year = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    whole_month = start.day == 1 and (end + timedelta(days=1)).day == 1 and start.month == end.month
    return start.year == end.year and (whole_year or whole_month)


def _next_relative(parse: Parse, after: int) -> int:
    """Where the next sentence with a relative time expression starts (end of text if none)."""
    for sent in parse.sentences:
        if sent.index > after and any(t.kind in _RELATIVE for t in parse.times.get(sent.index, [])):
            return sent.start
    return len(parse.doc.text) + 1
