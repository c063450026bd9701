"""The JSON API's shapes (they make its OpenAPI schema). Claims keep the JSON form of
shared/spec/claims.md, with the ledger's ids and counts beside it."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

Number = int | float


class Value(BaseModel):
    low: Number | None
    high: Number | None
    qualifier: str


class Rate(BaseModel):
    per: Number
    unit: str


class Claimant(BaseModel):
    name: str | None
    affiliation: str | None


class Period(BaseModel):
    start: date | None
    end: date | None
    cumulative: bool


class Evidence(BaseModel):
    start: int
    end: int
    text: str


class Claim(BaseModel):
    """A stored claim: its claims.md form, its document's metadata, its ledger entry."""

    id: int = Field(description="The claim's row id (/api/claims/{id}).")
    document: int = Field(description="The document's row id (/api/documents/{id}).")
    doc_id: str
    metric: str
    subject: str | None
    value: Value
    rate: Rate | None
    claimant: Claimant
    period: Period
    location: str | None
    group: str | None
    subset: str | None = Field(
        description='For a sub-count, the part of the population it counts ("children").'
    )
    evidence: Evidence
    url: str | None
    title: str | None
    published: date | None
    outlet: str | None
    entry: int | None = Field(description="Its ledger entry; null until analysed.")
    documents: int = Field(description="Documents that report the entry's claim.")
    independent: int = Field(description="Independent reports: distinct near-duplicate groups.")


class ClaimPage(BaseModel):
    items: list[Claim]
    limit: int
    next_after: int | None = Field(
        description="Pass as `after` for the next page; null at the end."
    )
    total: int | None = Field(description="Claims matching the filters (with count=true).")


class Copy(BaseModel):
    """One document reporting the entry's claim."""

    claim: int
    document: int
    doc_id: str
    title: str | None
    url: str | None
    outlet: str | None
    published: date | None
    evidence: Evidence


class Story(BaseModel):
    """Copies of one report: documents of one near-duplicate group."""

    group: int
    copies: list[Copy]


class EntryOut(BaseModel):
    id: int | None
    documents: int
    independent: int
    stories: list[Story] = Field(description="The documents reporting it, copies grouped.")
    truncated: bool


class ClaimDetail(BaseModel):
    claim: Claim
    entry: EntryOut


class DocumentSummary(BaseModel):
    id: int = Field(description="The document's row id (document ids from sources may repeat).")
    doc_id: str
    title: str | None
    url: str | None
    published: date | None
    outlet: str | None
    language: str | None
    near_dup_group: int | None
    chars: int
    claims: int
    snippet: str | None = Field(None, description="Text around the first search term.")


class DocumentPage(BaseModel):
    items: list[DocumentSummary]
    total: int
    limit: int
    offset: int
    terms: list[str] = Field(description="The words searched for (every one must occur).")


class DocumentClaim(BaseModel):
    id: int
    metric: str
    subject: str | None
    value: Value
    rate: Rate | None
    claimant: Claimant
    period: Period
    location: str | None
    group: str | None
    subset: str | None = Field(
        description='For a sub-count, the part of the population it counts ("children").'
    )
    evidence: Evidence
    entry: int | None


class DocumentDetail(BaseModel):
    id: int
    doc_id: str
    title: str | None
    url: str | None
    published: date | None
    outlet: str | None
    language: str | None
    source: str | None
    hash: str
    near_dup_group: int | None
    text: str
    claims: list[DocumentClaim]


class CompareFigure(BaseModel):
    claimant: Claimant
    side: str
    value: Value
    location: str | None
    group: str | None
    entry: int
    documents: int
    independent: int
    doc_id: str
    evidence: str
    claim: int = Field(description="The entry's first claim (/api/claims/{claim}).")


class ComparePeriod(BaseModel):
    metric: str
    subject: str
    period: Period
    rate: Rate | None
    subset: str | None = Field(description="The part of the population every figure counts.")
    figures: list[CompareFigure]
    highest: Number | None
    lowest: Number | None
    spread: Number | None
    ratio: Number | None


class ComparePage(BaseModel):
    metric: str
    subject: str
    items: list[ComparePeriod]
    total: int
    limit: int
    offset: int


class FindingEvidence(BaseModel):
    claim: int
    document: int
    doc_id: str
    entry: int | None
    metric: str
    subject: str | None
    claimant: str | None
    value: Value
    rate: Rate | None
    subset: str | None
    period: Period
    published: date | None
    url: str | None
    start: int
    end: int
    text: str


class Finding(BaseModel):
    kind: str
    severity: str
    explanation: str
    numbers: dict[str, object]
    evidence: list[FindingEvidence]


class CheckPage(BaseModel):
    items: list[Finding]
    total: int
    limit: int
    offset: int
    counts: dict[str, int] = Field(description="Findings per severity (all, unfiltered).")


class ReferenceLast(BaseModel):
    date: date
    value: Number | None


class ReferenceLineOut(BaseModel):
    source: str
    entry: int
    claim: int
    metric: str
    subject: str | None
    claimant: Claimant
    value: Value
    period: Period
    kind: str
    on: date
    start: date | None
    reference: Number | None
    reference_note: str | None
    difference: Number | None
    status: str
    last: ReferenceLast | None
    same_value: list[list[date]]
    doc_id: str
    documents: int
    independent: int
    summary: str


class ReferencePage(BaseModel):
    items: list[ReferenceLineOut]
    total: int
    limit: int
    offset: int
    loaded: list[str] = Field(description="Reference data sets loaded in the ledger.")


class ClaimantOut(BaseModel):
    name: str | None = Field(description="null: the outlets' own statements.")
    affiliation: str | None
    claims: int
    documents: int


class ClaimantPage(BaseModel):
    items: list[ClaimantOut]
    limit: int
    offset: int


class MetricOut(BaseModel):
    metric: str
    label: str
    claims: int
    subjects: dict[str, int] = Field(description="Claims per subject ('' for none).")


class TimelinePoint(BaseModel):
    claim: int
    entry: int | None
    x: date
    y: Number
    low: Number | None
    high: Number | None
    qualifier: str
    value: str
    cumulative: bool
    start: date | None
    end: date | None
    location: str | None
    group: str | None
    documents: int
    independent: int


class TimelineSeries(BaseModel):
    claimant: str | None
    affiliation: str | None
    side: str
    subset: str | None = Field(description="The part of the population the series counts.")
    points: list[TimelinePoint]


class ReferenceTrace(BaseModel):
    source: str
    title: str
    fill: str
    points: list[tuple[date, Number]]


class Timeline(BaseModel):
    metric: str
    subject: str
    since: date | None
    until: date | None
    series: list[TimelineSeries]
    references: list[ReferenceTrace]
    rates: int
    truncated: bool


class Overview(BaseModel):
    ledger: str
    counts: dict[str, int]
    findings: dict[str, int] | None = Field(
        description="Open inconsistencies per severity; null while being computed."
    )
    latest: list[Claim]


class Problem(BaseModel):
    detail: str
