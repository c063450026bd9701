"""The JSON API (/api/…): parse the query, call the ledger's reader (LedgerReader) and
claimledger.analysis, return the result. Everything is read-only; every list is paged with
bounded sizes. The functions over a `WebState` here (claim_rows, documents_found,
comparisons, chosen_findings, reference_lines, timeline_data, overview_data …) are what the
pages call too: one reading of each thing, two ways to show it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi import Path as PathParam

from claimledger.analysis.checks import KINDS, SEVERITIES, Finding, check
from claimledger.analysis.compare import PeriodComparison
from claimledger.analysis.compare import compare as run_compare
from claimledger.analysis.entries import Entry
from claimledger.analysis.errors import AnalysisError
from claimledger.analysis.reference import ReferenceLine, mapping
from claimledger.analysis.reference import reference_check as run_reference_check
from claimledger.analysis.timeline import timeline
from claimledger.storage import ClaimFilter
from claimledger.storage.reader import AnalysedClaim, DocumentSummary, StoredDocument
from claimledger.web import models
from claimledger.web.render import metric_label, snippet
from claimledger.web.state import WebState

router = APIRouter(prefix="/api", tags=["api"])

MAX_ID = 2**31 - 1
OVERVIEW_WAIT = 3.0  # seconds the overview waits for the checks before saying they are coming
ENTRY_DOCUMENTS = 1000  # documents of one entry listed at most

# No NUL character in a text parameter: PostgreSQL text cannot hold one (nor match it).
NO_NUL = r"^[^\x00]*$"
Text = Annotated[str | None, Query(max_length=200, pattern=NO_NUL)]
Day = Annotated[date | None, Query()]
Id = Annotated[int, PathParam(ge=1, le=MAX_ID)]
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": models.Problem, "description": "An unknown metric, subject or reference."},
    503: {"model": models.Problem, "description": "The ledger could not answer in time."},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": models.Problem, "description": "No such item."},
    503: ERRORS[503],
}


def web(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


State = Annotated[WebState, Depends(web)]
Kind = Literal[KINDS]  # type: ignore[valid-type]
Severity = Literal[SEVERITIES]  # type: ignore[valid-type]
Status = Literal["matches", "differs", "no value"]


@dataclass(frozen=True)
class ClaimQuery:
    metric: str | None
    subject: str | None
    claimant: str | None
    affiliation: str | None
    location: str | None
    since: date | None
    until: date | None
    doc: str | None

    def filter(self) -> ClaimFilter:
        return ClaimFilter(
            self.metric or None,
            self.subject or None,
            self.claimant or None,
            self.affiliation or None,
            self.location or None,
            self.since,
            self.until,
            self.doc or None,
        )


def claim_query(
    metric: Annotated[
        str | None, Query(max_length=200, pattern=NO_NUL, description="Id or dotted prefix.")
    ] = None,
    subject: Text = None,
    claimant: Annotated[
        str | None, Query(max_length=200, pattern=NO_NUL, description="Part of the name.")
    ] = None,
    affiliation: Text = None,
    location: Text = None,
    since: Annotated[date | None, Query(description="Period overlaps [since, until].")] = None,
    until: Day = None,
    doc: Annotated[
        str | None, Query(max_length=200, pattern=NO_NUL, description="The document id.")
    ] = None,
) -> ClaimQuery:
    return ClaimQuery(metric, subject, claimant, affiliation, location, since, until, doc)


# -- claims ------------------------------------------------------------------------------------


def claim_json(a: AnalysedClaim) -> dict[str, Any]:
    d = a.record.to_dict()
    d.update(
        id=a.claim_id,
        document=a.document,
        outlet=a.record.outlet,
        entry=a.entry,
        documents=a.documents,
        independent=a.independent,
    )
    return d


def claim_rows(
    state: WebState,
    q: ClaimQuery,
    limit: int,
    after: int | None = None,
    newest_first: bool = False,
    count: bool = True,
) -> tuple[list[AnalysedClaim], int | None]:
    """A page of the claims `q` selects, and how many there are in all (if `count`)."""
    f = q.filter()
    rows = state.reader.claims_page(f, limit, after, newest_first)
    return rows, state.reader.count_claims(f) if count else None


def claims_page(
    state: WebState,
    q: ClaimQuery,
    limit: int,
    after: int | None,
    newest_first: bool,
    count: bool,
) -> dict[str, Any]:
    rows, total = claim_rows(state, q, limit, after, newest_first, count)
    return {
        "items": [claim_json(a) for a in rows],
        "limit": limit,
        "next_after": rows[-1].claim_id if len(rows) == limit else None,
        "total": total,
    }


@router.get("/claims", response_model=models.ClaimPage, responses=ERRORS)
def list_claims(
    state: State,
    q: Annotated[ClaimQuery, Depends(claim_query)],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    after: Annotated[
        int | None, Query(ge=0, le=MAX_ID, description="The last claim id of the page before.")
    ] = None,
    newest_first: bool = False,
    count: Annotated[bool, Query(description="Also count every matching claim.")] = True,
) -> dict[str, Any]:
    """Claims matching every filter given (the filters of `claimledger claims`), in the order
    they were stored (document order), or newest first; paged by claim id."""
    return claims_page(state, q, limit, after, newest_first, count)


def entry_json(a: AnalysedClaim, members: list[AnalysedClaim]) -> dict[str, Any]:
    stories: dict[int, list[AnalysedClaim]] = {}
    for m in members:
        stories.setdefault(m.story, []).append(m)
    return {
        "id": a.entry,
        "documents": a.documents,
        "independent": a.independent,
        "stories": [
            {
                "group": group,
                "copies": [
                    {
                        "claim": m.claim_id,
                        "document": m.document,
                        "doc_id": m.record.claim.doc_id,
                        "title": m.record.title,
                        "url": m.record.url,
                        "outlet": m.record.outlet,
                        "published": m.record.published,
                        "evidence": {
                            "start": m.record.claim.evidence.start,
                            "end": m.record.claim.evidence.end,
                            "text": m.record.claim.evidence.text,
                        },
                    }
                    for m in copies
                ],
            }
            for group, copies in stories.items()
        ],
        "truncated": len(members) >= ENTRY_DOCUMENTS,
    }


def claim_detail(state: WebState, claim_id: int) -> tuple[AnalysedClaim, list[AnalysedClaim]]:
    a = state.reader.claim(claim_id)
    if a is None:
        raise HTTPException(404, f"no claim {claim_id}")
    entry = a.entry
    if entry is None:
        return a, [a]
    members = state.reader.entry_members(entry, ENTRY_DOCUMENTS)
    return a, members


@router.get("/claims/{claim_id}", response_model=models.ClaimDetail, responses=NOT_FOUND)
def get_claim(state: State, claim_id: Id) -> dict[str, Any]:
    """One claim and its ledger entry: every document that reports it, copies grouped by
    near-duplicate group, and how many independent reports that makes."""
    a, members = claim_detail(state, claim_id)
    return {"claim": claim_json(a), "entry": entry_json(a, members)}


# -- documents ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FoundDocuments:
    terms: list[str]  # the search's words as matched ([]: no search, every document)
    docs: list[DocumentSummary]
    total: int
    snippets: dict[int, list[tuple[str, bool]]]  # document row id → (text, matched) pieces


def documents_found(state: WebState, q: str | None, limit: int, offset: int) -> FoundDocuments:
    """A page of documents, newest first; with `q`, those holding all its words, each with a
    snippet of its text around them."""
    terms = state.reader.search_terms(q or "")
    docs, total = state.reader.documents_page(terms, limit, offset)
    texts = state.reader.document_texts([d.id for d in docs]) if terms else {}
    snippets = {d.id: snippet(texts.get(d.id, ""), terms) for d in docs} if terms else {}
    return FoundDocuments(terms, docs, total, snippets)


def document_detail(
    state: WebState, document_id: int
) -> tuple[StoredDocument, list[AnalysedClaim]]:
    """One document and the claims read from it; 404 when there is none."""
    stored = state.reader.document(document_id)
    if stored is None:
        raise HTTPException(404, f"no document {document_id}")
    return stored, state.reader.document_claims(document_id)


@router.get("/documents", response_model=models.DocumentPage, responses=ERRORS)
def list_documents(
    state: State,
    q: Annotated[
        str | None,
        Query(max_length=200, pattern=NO_NUL, description="Words that must all occur (full text)."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> dict[str, Any]:
    """Documents, newest published first; with `q`, those holding every word of it in their
    title or text (full-text search, stemmed: "killed" finds "kill")."""
    found = documents_found(state, q, limit, offset)
    items = []
    for d in found.docs:
        item = asdict(d)
        item["snippet"] = (
            "".join(t for t, _ in found.snippets.get(d.id, [])) if found.terms else None
        )
        items.append(item)
    return {
        "items": items,
        "total": found.total,
        "limit": limit,
        "offset": offset,
        "terms": found.terms,
    }


def document_claim_json(a: AnalysedClaim) -> dict[str, Any]:
    d = a.record.claim.to_dict()
    d.pop("doc_id")
    d["id"] = a.claim_id
    d["entry"] = a.entry
    return d


@router.get("/documents/{document_id}", response_model=models.DocumentDetail, responses=NOT_FOUND)
def get_document(state: State, document_id: Id) -> dict[str, Any]:
    """One document: its metadata, its full text, and every claim read from it with the
    offsets of its evidence in the text."""
    stored, claims = document_detail(state, document_id)
    doc = stored.record.document
    return {
        "id": stored.id,
        "doc_id": doc.id,
        "title": doc.title,
        "url": doc.url,
        "published": doc.published,
        "outlet": doc.outlet,
        "language": doc.language,
        "source": doc.source,
        "hash": doc.hash,
        "near_dup_group": stored.record.near_dup_group,
        "text": doc.text,
        "claims": [document_claim_json(a) for a in claims],
    }


# -- analyses ----------------------------------------------------------------------------------


def figure_claims(entry: Entry) -> int:
    return entry.first.claim_id


def comparisons(
    state: WebState, metric: str, subject: str, since: date | None, until: date | None
) -> list[PeriodComparison]:
    return run_compare(state.reader, metric, subject, since, until, lexicon=state.lexicon)


@router.get("/compare", response_model=models.ComparePage, responses=ERRORS)
def compare(
    state: State,
    metric: Annotated[str, Query(min_length=1, max_length=200, pattern=NO_NUL)],
    subject: Annotated[str, Query(min_length=1, max_length=200, pattern=NO_NUL)],
    since: Day = None,
    until: Day = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> dict[str, Any]:
    """`claimledger compare`: for one metric and subject, every period's figures, claimant by
    claimant (own side, opposing side, third party …), with the spread between them."""
    periods = comparisons(state, metric, subject, since, until)
    items = []
    for p in periods[offset : offset + limit]:
        d = p.to_dict()
        for fd, f in zip(d["figures"], p.figures, strict=True):
            fd["claim"] = figure_claims(f.entry)
        items.append(d)
    first = periods[0] if periods else None
    return {
        "metric": first.metric if first else metric,
        "subject": first.subject if first else subject,
        "items": items,
        "total": len(periods),
        "limit": limit,
        "offset": offset,
    }


def _check(state: WebState) -> list[Finding]:
    return check(state.reader, lexicon=state.lexicon)


def findings(state: WebState) -> list[Finding]:
    return state.cached("checks", lambda: _check(state))


def findings_soon(state: WebState, wait: float = OVERVIEW_WAIT) -> list[Finding] | None:
    """The findings if they are ready within `wait` seconds (a large ledger takes a while the
    first time), else None."""
    return state.soon("checks", lambda: _check(state), wait)


def chosen_findings(
    state: WebState, kind: str | None, severity: str | None
) -> tuple[list[Finding], list[Finding]]:
    """The findings of `kind` and `severity` (None: any), and all the findings."""
    found = findings(state)
    chosen = [
        f
        for f in found
        if (not kind or f.kind == kind) and (not severity or f.severity == severity)
    ]
    return chosen, found


def finding_json(f: Finding) -> dict[str, Any]:
    d = f.to_dict()
    for ed, a in zip(d["evidence"], f.evidence, strict=True):
        ed["claim"] = a.claim_id
        ed["document"] = a.document
    return d


def severity_counts(found: list[Finding]) -> dict[str, int]:
    return {s: sum(1 for f in found if f.severity == s) for s in SEVERITIES}


@router.get("/checks", response_model=models.CheckPage, responses=ERRORS)
def checks(
    state: State,
    kind: Kind | None = None,
    severity: Severity | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> dict[str, Any]:
    """`claimledger check`: every inconsistency, most severe first, each with its claims."""
    chosen, found = chosen_findings(state, kind, severity)
    return {
        "items": [finding_json(f) for f in chosen[offset : offset + limit]],
        "total": len(chosen),
        "limit": limit,
        "offset": offset,
        "counts": severity_counts(found),
    }


def reference_sources(state: WebState) -> list[str]:
    return list(mapping(state.lexicon))


def reference_lines(state: WebState, source: str | None, status: str | None) -> list[ReferenceLine]:
    """The reference check of `source` (None: every loaded one), the lines of `status` (None:
    any). An unknown source is an AnalysisError."""
    known = reference_sources(state)
    if source and source not in known:
        raise AnalysisError(f"unknown reference {source!r} (known: {', '.join(known)})")
    lines = state.cached(
        f"reference:{source or ''}",
        lambda: run_reference_check(state.reader, source or None, lexicon=state.lexicon),
    )
    return [r for r in lines if not status or r.status == status]


@router.get("/reference-check", response_model=models.ReferencePage, responses=ERRORS)
def reference_check(
    state: State,
    source: Annotated[
        str | None, Query(max_length=64, pattern=NO_NUL, description="ua-mod, oryx")
    ] = None,
    status: Status | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> dict[str, Any]:
    """`claimledger reference check`: every entry a loaded reference series covers, against
    the reference's value on the claimed date."""
    chosen = reference_lines(state, source, status)
    items = []
    for r in chosen[offset : offset + limit]:
        d = r.to_dict()
        d["claim"] = r.entry.first.claim_id
        items.append(d)
    loaded = sorted(state.reader.loaded_references())
    return {
        "items": items,
        "total": len(chosen),
        "limit": limit,
        "offset": offset,
        "loaded": loaded,
    }


@router.get("/claimants", response_model=models.ClaimantPage, responses=ERRORS)
def claimants(
    state: State,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> dict[str, Any]:
    """Who makes claims: each claimant with its affiliation, most claims first (name null: the
    outlets' own statements)."""
    rows = state.reader.claimant_counts(limit, offset)
    return {"items": [asdict(r) for r in rows], "limit": limit, "offset": offset}


def metric_list(state: WebState) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for r in state.reader.metric_counts():
        m = out.setdefault(
            r.metric,
            {"metric": r.metric, "label": metric_label(r.metric), "claims": 0, "subjects": {}},
        )
        m["claims"] += r.claims
        m["subjects"][r.subject or ""] = r.claims
    return sorted(out.values(), key=lambda m: _metric_order(state, m["metric"]))


def _metric_order(state: WebState, metric: str) -> tuple[int, str]:
    known = list(state.lexicon.metrics)
    return (known.index(metric) if metric in known else len(known), metric)


@router.get("/metrics", response_model=list[models.MetricOut], responses=ERRORS)
def metrics(state: State) -> list[dict[str, Any]]:
    """The metrics with claims in the ledger, each with its claims per subject."""
    return metric_list(state)


@router.get(
    "/timeline",
    response_model=None,
    responses={200: {"model": models.Timeline, "description": "The timeline."}, **ERRORS},
)
def timeline_api(
    state: State,
    metric: Annotated[str, Query(min_length=1, max_length=200, pattern=NO_NUL)],
    subject: Annotated[str, Query(min_length=1, max_length=200, pattern=NO_NUL)],
    since: Day = None,
    until: Day = None,
) -> Response:
    """One metric for one subject over time: one series per claimant, each point a ledger
    entry (copies count once) with its bounds, running totals and figures for a period told
    apart, and the loaded reference series (ua-mod, Oryx) for the same dates."""
    # Thousands of points: serialised directly (its shape is models.Timeline, which the
    # schema publishes and the tests check), not validated again field by field.
    data = timeline_data(state, metric, subject, since, until)
    return Response(json.dumps(data, separators=(",", ":")), media_type="application/json")


def timeline_data(
    state: WebState, metric: str, subject: str, since: date | None, until: date | None
) -> dict[str, Any]:
    return timeline(state.reader, metric, subject, since, until, lexicon=state.lexicon).to_dict()


@dataclass(frozen=True)
class OverviewData:
    counts: dict[str, int]
    findings: list[Finding] | None  # None: still being computed
    latest: list[AnalysedClaim]


def overview_data(state: WebState) -> OverviewData:
    return OverviewData(
        state.reader.overview_counts(), findings_soon(state), state.reader.latest_claims(10)
    )


def overview_json(state: WebState) -> dict[str, Any]:
    o = overview_data(state)
    return {
        "ledger": state.ledger_label,
        "counts": o.counts,
        "findings": severity_counts(o.findings) if o.findings is not None else None,
        "latest": [claim_json(a) for a in o.latest],
    }


@router.get("/overview", response_model=models.Overview, responses=ERRORS)
def overview(state: State) -> dict[str, Any]:
    """Counts of the ledger, open inconsistencies per severity, the latest claims."""
    return overview_json(state)
