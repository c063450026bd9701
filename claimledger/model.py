"""The two types that flow through claimledger: `Document` in, `Claim` out.

`Claim.to_dict()` produces the JSON form of ../shared/spec/claims.md. Those field names are a
public contract: tools downstream parse them, so they change only with a major version.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

QUALIFIERS = ("exact", "approx", "more_than", "at_least", "less_than", "at_most", "range")
RATE_UNITS = ("km", "mile", "day", "week", "month")
GROUPS = ("military", "civilian", "unspecified")


def content_hash(text: str) -> str:
    """Identity of a text for de-duplication: SHA-256 of its UTF-8 bytes (encoded a slice at a
    time, so that a very long text is not held twice)."""
    h = hashlib.sha256()
    for i in range(0, len(text), _HASH_SLICE):
        h.update(text[i : i + _HASH_SLICE].encode("utf-8", "surrogatepass"))
    return h.hexdigest()


_HASH_SLICE = 1 << 20


@dataclass(frozen=True, slots=True)
class Document:
    """One article (or record) whatever its source format.

    `text` is the body the claims' evidence offsets point into; header lines such as the
    `date YYYY-MM-DD` line of a text file are not part of it.
    """

    id: str
    text: str
    published: date | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    language: str | None = "en"
    source: str | None = None
    # Who speaks in the whole text (a JSONL record's `speaker`: a statement, a transcript): its
    # figures with no other source are this speaker's claims.
    speaker: str | None = None
    hash: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.hash:
            object.__setattr__(self, "hash", content_hash(self.text))


def _number(x: float | None) -> float | int | None:
    """Integral values print as integers (1100, not 1100.0) in the JSON form."""
    if x is None:
        return None
    if math.isfinite(x) and float(x).is_integer() and abs(x) < 2**53:
        return int(x)
    return x


@dataclass(frozen=True, slots=True)
class Value:
    low: float | None
    high: float | None
    qualifier: str

    def to_dict(self) -> dict[str, Any]:
        return {"low": _number(self.low), "high": _number(self.high), "qualifier": self.qualifier}


@dataclass(frozen=True, slots=True)
class Rate:
    per: float
    unit: str

    def to_dict(self) -> dict[str, Any]:
        return {"per": _number(self.per), "unit": self.unit}


@dataclass(frozen=True, slots=True)
class Claimant:
    name: str | None
    affiliation: str | None


@dataclass(frozen=True, slots=True)
class Period:
    start: date | None
    end: date | None
    cumulative: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "cumulative": self.cumulative,
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Claim:
    """One attributed figure: who says how many of what happened to whom, when, where."""

    doc_id: str
    metric: str
    subject: str | None
    value: Value
    rate: Rate | None
    claimant: Claimant
    period: Period
    location: str | None
    group: str | None
    evidence: Evidence
    # The subject as the text names it ("Wagner" for subject Russia); kept by the ledger,
    # not part of the JSON contract.
    subject_surface: str | None = field(default=None, compare=False)
    # For a sub-count, the word narrowing the population it is part of ("children" of "18
    # civilians, including six children"): analyses compare only claims of the same subset.
    subset: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "metric": self.metric,
            "subject": self.subject,
            "value": self.value.to_dict(),
            "rate": self.rate.to_dict() if self.rate else None,
            "claimant": {"name": self.claimant.name, "affiliation": self.claimant.affiliation},
            "period": self.period.to_dict(),
            "location": self.location,
            "group": self.group,
            "subset": self.subset,
            "evidence": {
                "start": self.evidence.start,
                "end": self.evidence.end,
                "text": self.evidence.text,
            },
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        """Read the JSON form back (evidence offsets may be absent, as in gold files)."""
        v = d.get("value") or {}
        r = d.get("rate")
        c = d.get("claimant") or {}
        p = d.get("period") or {}
        e = d.get("evidence") or {}
        return cls(
            doc_id=str(d["doc_id"]),
            metric=str(d["metric"]),
            subject=d.get("subject"),
            value=Value(
                _opt_float(v.get("low")), _opt_float(v.get("high")), v.get("qualifier", "exact")
            ),
            rate=Rate(float(r["per"]), str(r["unit"])) if r else None,
            claimant=Claimant(c.get("name"), c.get("affiliation")),
            period=Period(
                _opt_date(p.get("start")), _opt_date(p.get("end")), bool(p.get("cumulative"))
            ),
            location=d.get("location"),
            group=d.get("group"),
            evidence=Evidence(int(e.get("start", -1)), int(e.get("end", -1)), e.get("text", "")),
            subject_surface=d.get("subject_surface"),
            subset=d.get("subset"),
        )

    def sort_key(self) -> tuple[Any, ...]:
        return (self.doc_id, self.evidence.start, self.metric, self.value.low or 0)


def _opt_float(x: Any) -> float | None:
    return None if x is None else float(x)


def _opt_date(x: Any) -> date | None:
    return None if not x else date.fromisoformat(str(x))
