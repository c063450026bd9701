"""Claims and analysed claims built in tests, with only the fields that matter spelled out."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from claimledger.model import Claim, Claimant, Document, Evidence, Period, Rate, Value
from claimledger.storage import ClaimRecord
from claimledger.storage.entries import AnalysedClaim

_ids = count(1)


def claim(
    metric: str,
    low: float | None,
    high: float | None = None,
    *,
    qualifier: str | None = None,
    subject: str | None = "Russia",
    claimant: str | None = "Ukrainian General Staff",
    affiliation: str | None = "Ukraine",
    start: date | None = None,
    end: date | None = None,
    cumulative: bool = False,
    rate: tuple[float, str] | None = None,
    location: str | None = None,
    group: str | None = None,
    doc: str = "d1",
    at: int = 0,
    text: str = "",
    subset: str | None = None,
) -> Claim:
    if high is None and qualifier in (None, "exact", "approx"):
        high = low
    if qualifier is None:
        qualifier = "range" if low is not None and high is not None and low != high else "exact"
    if group is None and metric.startswith("personnel."):
        group = "military"
    return Claim(
        doc_id=doc,
        metric=metric,
        subject=subject,
        value=Value(low, high, qualifier),
        rate=Rate(*rate) if rate else None,
        claimant=Claimant(claimant, affiliation if claimant or affiliation else None),
        period=Period(start, end, cumulative),
        location=location,
        group=group,
        evidence=Evidence(at, at + max(1, len(text)), text or f"figure {low}"),
        subset=subset,
    )


def analysed(
    c: Claim,
    *,
    document: int = 1,
    group: int | None = None,
    entry: int | None = None,
    published: date | None = None,
    documents: int = 1,
    independent: int = 1,
) -> AnalysedClaim:
    n = next(_ids)
    return AnalysedClaim(
        record=ClaimRecord(c, None, None, published, None, f"hash{document}"),
        claim_id=n,
        document=document,
        near_dup_group=group,
        entry=entry if entry is not None else n,
        documents=documents,
        independent=independent,
    )


def document(doc_id: str, text: str, published: date | None, **kw: Any) -> Document:
    return Document(id=doc_id, text=text, published=published, **kw)
