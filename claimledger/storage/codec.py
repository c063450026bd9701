"""Claims and documents to table rows and back, field for field.

Every Claim field has its own column (subject_surface included), so a stored claim reads back
equal to the one written, to the JSON form's ints, floats, nulls and dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from claimledger.model import Claim, Claimant, Document, Evidence, Period, Rate, Value


def document_row(
    doc: Document, outlet_id: int | None, run_id: int | None, now: datetime
) -> dict[str, Any]:
    return {
        "doc_id": doc.id,
        "hash": doc.hash,
        "text": doc.text,
        "url": doc.url,
        "title": doc.title,
        "published": doc.published,
        "outlet_id": outlet_id,
        "language": doc.language,
        "source": doc.source,
        "ingested_at": now,
        "run_id": run_id,
    }


def row_document(row: Mapping[Any, Any]) -> Document:
    """Needs the documents columns plus `outlet` (the outlet's name)."""
    return Document(
        id=row["doc_id"],
        text=row["text"],
        published=row["published"],
        url=row["url"],
        title=row["title"],
        outlet=row["outlet"],
        language=row["language"],
        source=row["source"],
        hash=row["hash"],
    )


def claim_row(claim: Claim, document_id: int, seq: int, claimant_id: int | None) -> dict[str, Any]:
    rate = claim.rate
    return {
        "document_id": document_id,
        "seq": seq,
        "metric": claim.metric,
        "subject": claim.subject,
        "subject_surface": claim.subject_surface,
        "value_low": _float(claim.value.low),
        "value_high": _float(claim.value.high),
        "qualifier": claim.value.qualifier,
        "rate_per": None if rate is None else float(rate.per),
        "rate_unit": None if rate is None else rate.unit,
        "claimant_id": claimant_id,
        "affiliation": claim.claimant.affiliation,
        "period_start": claim.period.start,
        "period_end": claim.period.end,
        "cumulative": claim.period.cumulative,
        "location": claim.location,
        "group": claim.group,
        "evidence_start": claim.evidence.start,
        "evidence_end": claim.evidence.end,
        "evidence_text": claim.evidence.text,
        "subset": claim.subset,
    }


def row_claim(row: Mapping[Any, Any]) -> Claim:
    """Needs the claims columns plus `doc_id` (the document's) and `claimant_name`."""
    rate = None
    if row["rate_unit"] is not None:
        rate = Rate(row["rate_per"], row["rate_unit"])
    return Claim(
        doc_id=row["doc_id"],
        metric=row["metric"],
        subject=row["subject"],
        value=Value(row["value_low"], row["value_high"], row["qualifier"]),
        rate=rate,
        claimant=Claimant(row["claimant_name"], row["affiliation"]),
        period=Period(row["period_start"], row["period_end"], bool(row["cumulative"])),
        location=row["location"],
        group=row["group"],
        evidence=Evidence(row["evidence_start"], row["evidence_end"], row["evidence_text"]),
        subject_surface=row["subject_surface"],
        subset=row["subset"],
    )


def _float(x: float | None) -> float | None:
    return None if x is None else float(x)
