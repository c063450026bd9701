"""How claimledger shows what it holds: values, periods, claimants and rows, in one place.

Every face formats through here — the terminal tables of `extract`, `claims` and `compare`, the
CSV, JSONL and Parquet columns of `extract`, `claims` and `export`, the dashboard's cells, the
sentences of the analyses — so the same claim reads the same wherever it is shown.

Two registers:

- **cells** (tables, the dashboard's value column): short and exact — `≥ 226`, `~800`,
  `20,000–30,000`, `2023-03-01 – 2023-03-12`, `total as of 2023-03-12`,
  `Serhiy Cherevatyi (Ukraine)`, `the outlet (independent)`;
- **words** (the analyses' sentences, tooltips): `at least 226`, `about 800`, `the outlet`.

And **rows**: one flat column list (`CLAIM_COLUMNS`, the README's contract) for CSV, flat JSONL
and Parquet, and the claim's nested JSON form (claims.md) with the same extra fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from claimledger.model import Claim, Claimant, Document, Period, Rate, Value
from claimledger.storage.records import ClaimRecord

# -- numbers -----------------------------------------------------------------------------------


def num(x: float, digits: int = 0) -> str:
    """1234.5 → "1,235" (or with `digits` decimals, trailing zeros dropped)."""
    if digits == 0 or float(x).is_integer():
        return f"{round(x):,}"
    return f"{x:,.{digits}f}".rstrip("0").rstrip(".")


def figure(x: float | None) -> str:
    """A bare figure for a cell: "1,100", "2.5"; "" when there is none."""
    return "" if x is None else num(x, 3)


# -- values --------------------------------------------------------------------------------------

# The sign a qualifier puts before a cell's figure ("≥ 226"); exact and range have none.
_SIGNS = {"approx": "~", "more_than": "> ", "at_least": "≥ ", "less_than": "< ", "at_most": "≤ "}
# The words a qualifier puts before a figure in a sentence ("at least 226").
_WORDS = {
    "approx": "about ",
    "more_than": "more than ",
    "at_least": "at least ",
    "less_than": "fewer than ",
    "at_most": "up to ",
}


def _figures(v: Value) -> str:
    low, high = v.low, v.high
    if low is not None and high is not None and low != high:
        return f"{num(low, 3)}–{num(high, 3)}"
    bound = low if low is not None else high
    return num(bound, 3) if bound is not None else "?"


def value_text(v: Value, rate: Rate | None = None) -> str:
    """A value as a cell shows it: "≥ 226", "~800", "20,000–30,000", "800 per quarter mile"."""
    text = _SIGNS.get(v.qualifier, "") + _figures(v)
    return f"{text} {per_text(rate)}" if rate is not None else text


def value_words(v: Value, rate: Rate | None = None) -> str:
    """A value as a sentence says it: "at least 226", "about 800 per quarter mile"."""
    text = _WORDS.get(v.qualifier, "") + _figures(v)
    return f"{text} {per_text(rate)}" if rate is not None else text


def per_text(rate: Rate) -> str:
    """ "per quarter mile", "per km", "per 3 days"."""
    unit, per = rate.unit, rate.per
    names = {0.25: "quarter", 0.5: "half"}
    if per == 1:
        return f"per {unit}"
    if per in names:
        return f"per {names[per]} {unit}"
    return f"per {num(per, 3)} {unit}s"


# -- periods -------------------------------------------------------------------------------------


def day(d: date | None) -> str:
    """An ISO day, or "…" for an open end."""
    return d.isoformat() if d else "…"


def period_text(p: Period) -> str:
    """ "2023-03-12", "2023-03-01 – 2023-03-12", "… – 2023-03-12", "total as of 2023-03-12";
    "undated" when the claim gives no day at all."""
    if p.cumulative:
        return f"total as of {day(p.end)}"
    if p.start is None and p.end is None:
        return "undated"
    if p.start == p.end:
        return day(p.start)
    return f"{day(p.start)} – {day(p.end)}"


# -- claimants, subjects, metrics ----------------------------------------------------------------

OUTLET = "the outlet"  # who speaks when no claimant is named: the outlet's own statement


def claimant_name(c: Claimant) -> str:
    """The claimant as a sentence names it: "Ian Stubbs", "the outlet"."""
    return c.name or OUTLET


def claimant_text(c: Claimant) -> str:
    """The claimant as a cell shows it, with the party it speaks for: "MSF (independent)",
    "the outlet (Ukraine)", "Ian Stubbs"."""
    name = claimant_name(c)
    return f"{name} ({c.affiliation})" if c.affiliation else name


def subject_text(c: Claim) -> str:
    """Whose losses, and which part of them a sub-count counts: "Ukraine (children)"."""
    subject = c.subject or "?"
    return f"{subject} ({c.subset})" if c.subset else subject


_METRIC_WORDS = {
    "equipment.mlrs": "MLRS",
    "equipment.uav": "UAVs",
    "equipment.air_defense": "air defence systems",
    "equipment.artillery": "artillery systems",
    "equipment.armored_vehicles": "armoured vehicles",
    "equipment.missile_launchers": "missile launchers",
    "territory.advance_km": "km advanced",
}


def metric_words(metric: str) -> str:
    """personnel.killed_or_wounded → "killed or wounded"; equipment.tanks → "tanks"."""
    if metric in _METRIC_WORDS:
        return _METRIC_WORDS[metric]
    return metric.split(".", 1)[-1].replace("_or_", " or ").replace("_", " ")


def docs_text(documents: int, independent: int) -> str:
    """ "6/2": six documents, two independent reports; "" before the ledger has grouped them."""
    return f"{documents}/{independent}" if documents else ""


# The columns of a claim in a terminal table, in order; `claim_cells` fills them.
CELL_COLUMNS = ("doc", "metric", "subject", "value", "claimant", "period", "location")


def claim_cells(c: Claim) -> dict[str, str]:
    """A claim's cells in a terminal table (`extract` and `claims` alike)."""
    return {
        "doc": c.doc_id,
        "metric": c.metric,
        "subject": subject_text(c),
        "value": value_text(c.value, c.rate),
        "claimant": claimant_text(c.claimant),
        "period": period_text(c.period),
        "location": c.location or "",
    }


# -- rows ----------------------------------------------------------------------------------------

# Column → type: the one flat form of a claim, in CSV, flat JSONL and Parquet, whichever command
# writes it (`extract`, `claims`, `export`, `extract --output`). Types are named here and made
# into a pyarrow schema only where Parquet is written, so that other commands never import
# pyarrow. "float" values are written as integers where they are integral (CSV, JSONL).
CLAIM_TYPES = {
    "doc_id": "string",
    "document_hash": "string",
    "url": "string",
    "title": "string",
    "published": "date",
    "metric": "string",
    "subject": "string",
    "subject_surface": "string",
    "value_low": "float",
    "value_high": "float",
    "qualifier": "string",
    "rate_per": "float",
    "rate_unit": "string",
    "claimant_name": "string",
    "claimant_affiliation": "string",
    "period_start": "date",
    "period_end": "date",
    "cumulative": "bool",
    "location": "string",
    "group": "string",
    "subset": "string",
    "evidence_start": "int",
    "evidence_end": "int",
    "evidence_text": "string",
    "entry": "int",
    "documents": "int",
    "independent": "int",
}
CLAIM_COLUMNS = tuple(CLAIM_TYPES)
# In Parquet a table's figures are integers unless one of them has a fraction (2.5 km), as CSV
# and JSONL write them: the claim columns of such a table.
FIGURE_COLUMNS = ("value_low", "value_high")
INTEGER_CLAIM_TYPES = CLAIM_TYPES | dict.fromkeys(FIGURE_COLUMNS, "int")


def has_fraction(figures: Iterable[float | None]) -> bool:
    """Whether any figure is not a whole number (then Parquet keeps them all as floats)."""
    return any(x is not None and not float(x).is_integer() for x in figures)


# The ledger's grouping of a claim: null where there is no ledger (extract) or it is not
# analysed yet.
ENTRY_FIELDS = ("entry", "documents", "independent")


def document_record(doc: Document, claim: Claim) -> ClaimRecord:
    """A claim extracted from `doc` as the ledger would hold it (for rows before a ledger)."""
    return ClaimRecord(claim, doc.url, doc.title, doc.published, doc.outlet, doc.hash)


def entry_fields(
    entry: int | None = None, documents: int | None = None, independent: int | None = None
) -> dict[str, int | None]:
    return {"entry": entry, "documents": documents, "independent": independent}


def claim_row(rec: ClaimRecord, entry: dict[str, int | None] | None = None) -> dict[str, Any]:
    """A claim as one flat row of CLAIM_COLUMNS (values as Python objects: dates, floats)."""
    c = rec.claim
    return {
        "doc_id": c.doc_id,
        "document_hash": rec.document_hash,
        "url": rec.url,
        "title": rec.title,
        "published": rec.published,
        "metric": c.metric,
        "subject": c.subject,
        "subject_surface": c.subject_surface,
        "value_low": c.value.low,
        "value_high": c.value.high,
        "qualifier": c.value.qualifier,
        "rate_per": c.rate.per if c.rate else None,
        "rate_unit": c.rate.unit if c.rate else None,
        "claimant_name": c.claimant.name,
        "claimant_affiliation": c.claimant.affiliation,
        "period_start": c.period.start,
        "period_end": c.period.end,
        "cumulative": c.period.cumulative,
        "location": c.location,
        "group": c.group,
        "subset": c.subset,
        "evidence_start": c.evidence.start,
        "evidence_end": c.evidence.end,
        "evidence_text": c.evidence.text,
    } | (entry or entry_fields())


def claim_json(rec: ClaimRecord, entry: dict[str, int | None] | None = None) -> dict[str, Any]:
    """A stored claim's nested JSON form: claims.md's fields, then the document's url, title
    and published date and the claim's entry fields (`claims --format jsonl`)."""
    return rec.to_dict() | (entry or entry_fields())
