"""The HTML pages: parse the query, call the same functions as the API (claimledger.web.api's
functions over the state, which read through the ledger's reader), render a template.

Pages read their query leniently (a malformed date is reported on the page, not as a JSON
validation error). Tables are server-rendered, so every page reads without JavaScript; the
timeline's chart is drawn by /static/timeline.js from data in a JSON script block.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from claimledger.analysis.checks import KINDS, SEVERITIES
from claimledger.analysis.errors import AnalysisError
from claimledger.web import api
from claimledger.web.render import evidence_segments
from claimledger.web.state import WebState

router = APIRouter(include_in_schema=False)

CLAIMS_PER_PAGE = 50
DOCUMENTS_PER_PAGE = 20


def templates(request: Request) -> Jinja2Templates:
    t: Jinja2Templates = request.app.state.templates
    return t


def state_of(request: Request) -> WebState:
    s: WebState = request.app.state.web
    return s


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    state = state_of(request)
    ctx = {"ledger": state.ledger_label, "nav": name.removesuffix(".html"), **context}
    return templates(request).TemplateResponse(request, name, ctx, status_code=status)


class BadQuery(Exception):
    pass


def _text(request: Request, key: str) -> str | None:
    value = request.query_params.get(key, "").strip()
    if len(value) > state_of(request).limits.text_param:
        raise BadQuery(f"{key} is too long")
    if "\x00" in value:
        raise BadQuery(f"{key} holds a NUL character")
    return value or None


def _date(request: Request, key: str) -> date | None:
    value = _text(request, key)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadQuery(f"{key}: {value!r} is not a date (YYYY-MM-DD)") from None


def _int(request: Request, key: str, default: int, low: int, high: int) -> int:
    value = _text(request, key)
    if value is None:
        return default
    try:
        n = int(value)
    except ValueError:
        raise BadQuery(f"{key}: {value!r} is not a number") from None
    if not low <= n <= high:
        raise BadQuery(f"{key} must be between {low} and {high}")
    return n


def _subjects(metrics: list[dict[str, Any]], metric: str | None) -> list[tuple[str, int]]:
    """Subjects with claims: those of `metric` first (with their counts), then the others."""
    counts: dict[str, int] = {}
    for m in metrics:
        for s, n in m["subjects"].items():
            if s and (metric is None or m["metric"] == metric):
                counts[s] = counts.get(s, 0) + n
    others = {s for m in metrics for s in m["subjects"] if s and s not in counts}
    return sorted(counts.items(), key=lambda x: (-x[1], x[0])) + [(s, 0) for s in sorted(others)]


def _default_pair(metrics: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    best: tuple[int, str, str] | None = None
    for m in metrics:
        for s, n in m["subjects"].items():
            if s and (best is None or n > best[0]):
                best = (n, m["metric"], s)
    return (best[1], best[2]) if best else (None, None)


# -- pages -------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    o = api.overview_data(state_of(request))
    found = o.findings or []
    return page(
        request,
        "overview.html",
        {
            "counts": o.counts,
            "computing": o.findings is None,
            "severities": api.severity_counts(found),
            "top": found[:8],
            "findings_total": len(found),
            "latest": o.latest,
        },
    )


def _series_query(
    request: Request, metrics: list[dict[str, Any]]
) -> tuple[str | None, str | None, date | None, date | None]:
    """Metric, subject, since and until of a timeline or compare page; with neither metric
    nor subject given, the pair the ledger has most claims on. Raises BadQuery."""
    metric, subject = _text(request, "metric"), _text(request, "subject")
    since, until = _date(request, "since"), _date(request, "until")
    if metric is None and subject is None:
        metric, subject = _default_pair(metrics)
    return metric, subject, since, until


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request) -> HTMLResponse:
    state = state_of(request)
    metrics = api.metric_list(state)
    try:
        metric, subject, since, until = _series_query(request, metrics)
    except BadQuery as exc:
        return _bad(request, str(exc))
    data = None
    error = None
    if metric and subject:
        try:
            data = api.timeline_data(state, metric, subject, since, until)
        except AnalysisError as exc:
            error = str(exc)
    elif metric or subject:
        error = "choose both a metric and a subject"
    return page(
        request,
        "timeline.html",
        {
            "metrics": metrics,
            "subjects": _subjects(metrics, metric),
            "metric": metric,
            "subject": subject,
            "since": since,
            "until": until,
            "data": data,
            "points_total": sum(len(s["points"]) for s in data["series"]) if data else 0,
            "error": error,
        },
        status=400 if error else 200,
    )


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request) -> HTMLResponse:
    state = state_of(request)
    metrics = api.metric_list(state)
    try:
        metric, subject, since, until = _series_query(request, metrics)
    except BadQuery as exc:
        return _bad(request, str(exc))
    periods = None
    error = None
    if metric and subject:
        try:
            periods = api.comparisons(state, metric, subject, since, until)
        except AnalysisError as exc:
            error = str(exc)
    shown = periods[: state.limits.list_page] if periods is not None else None
    return page(
        request,
        "compare.html",
        {
            "metrics": metrics,
            "subjects": _subjects(metrics, metric),
            "metric": metric,
            "subject": subject,
            "since": since,
            "until": until,
            "periods": shown,
            "total": len(periods) if periods is not None else 0,
            "error": error,
        },
        status=400 if error else 200,
    )


@router.get("/checks", response_class=HTMLResponse)
def checks_page(request: Request) -> HTMLResponse:
    state = state_of(request)
    try:
        kind, severity = _text(request, "kind"), _text(request, "severity")
    except BadQuery as exc:
        return _bad(request, str(exc))
    chosen, found = api.chosen_findings(state, kind, severity)
    return page(
        request,
        "checks.html",
        {
            "findings": chosen[: state.limits.list_page],
            "total": len(chosen),
            "counts": api.severity_counts(found),
            "kinds": KINDS,
            "severities": SEVERITIES,
            "kind": kind,
            "severity": severity,
        },
    )


@router.get("/reference", response_class=HTMLResponse)
def reference_page(request: Request) -> HTMLResponse:
    state = state_of(request)
    try:
        source, status = _text(request, "source"), _text(request, "status")
    except BadQuery as exc:
        return _bad(request, str(exc))
    try:
        chosen = api.reference_lines(state, source, status)
    except AnalysisError as exc:
        return _bad(request, str(exc))
    return page(
        request,
        "reference.html",
        {
            "lines": chosen[: state.limits.list_page],
            "total": len(chosen),
            "loaded": state.reader.loaded_references(),
            "sources": api.reference_sources(state),
            "source": source,
            "status": status,
        },
    )


CLAIM_FILTERS = ("metric", "subject", "claimant", "affiliation", "location", "doc")


@router.get("/claims", response_class=HTMLResponse)
def claims_page(request: Request) -> HTMLResponse:
    state = state_of(request)
    try:
        values = {k: _text(request, k) for k in CLAIM_FILTERS}
        since, until = _date(request, "since"), _date(request, "until")
        after = _int(request, "after", 0, 0, api.MAX_ID) or None
    except BadQuery as exc:
        return _bad(request, str(exc))
    q = api.ClaimQuery(
        values["metric"],
        values["subject"],
        values["claimant"],
        values["affiliation"],
        values["location"],
        since,
        until,
        values["doc"],
    )
    rows, total = api.claim_rows(state, q, CLAIMS_PER_PAGE, after)
    params = {k: v for k, v in values.items() if v}
    if since:
        params["since"] = since.isoformat()
    if until:
        params["until"] = until.isoformat()
    nxt = {**params, "after": str(rows[-1].claim_id)} if len(rows) == CLAIMS_PER_PAGE else None
    return page(
        request,
        "claims.html",
        {
            "rows": rows,
            "total": total,
            "filters": values,
            "since": since,
            "until": until,
            "next": nxt,
            "first": params if after else None,
            **_claim_options(state, values["metric"]),
        },
    )


CLAIMANT_OPTIONS = 500  # the claimants (places) with most claims; a rarer one is still a URL filter


def _claim_options(state: WebState, metric: str | None) -> dict[str, list[tuple[str, str]]]:
    """The values the claims page's dropdowns offer: those the ledger has, with counts."""
    metrics = api.metric_list(state)
    who = state.reader.claimant_counts(CLAIMANT_OPTIONS)
    names: dict[str, int] = {}
    sides: dict[str, int] = {}
    for r in who:
        if r.name:
            names[r.name] = names.get(r.name, 0) + r.claims
        if r.affiliation:
            sides[r.affiliation] = sides.get(r.affiliation, 0) + r.claims
    return {
        "metric_options": [(m["metric"], f"{m['metric']} ({m['claims']})") for m in metrics],
        "subject_options": [(s, f"{s} ({n})" if n else s) for s, n in _subjects(metrics, metric)],
        "claimant_options": [(n, f"{n} ({k})") for n, k in sorted(names.items())],
        "affiliation_options": [(a, f"{a} ({k})") for a, k in sorted(sides.items())],
        "location_options": [
            (place, f"{place} ({k})")
            for place, k in sorted(state.reader.location_counts(CLAIMANT_OPTIONS))
        ],
    }


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, claim_id: int) -> HTMLResponse:
    state = state_of(request)
    if not 1 <= claim_id <= api.MAX_ID:
        raise HTTPException(404, f"no claim {claim_id}")
    a, members = api.claim_detail(state, claim_id)
    entry = api.entry_json(a, members)
    return page(request, "claim.html", {"a": a, "c": a.record.claim, "entry": entry})


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request) -> HTMLResponse:
    state = state_of(request)
    try:
        q = _text(request, "q")
        offset = _int(request, "offset", 0, 0, state.limits.max_offset)
    except BadQuery as exc:
        return _bad(request, str(exc))
    found = api.documents_found(state, q, DOCUMENTS_PER_PAGE, offset)
    return page(
        request,
        "documents.html",
        {
            "q": q or "",
            "terms": found.terms,
            "docs": found.docs,
            "snippets": found.snippets,
            "total": found.total,
            "offset": offset,
            "per_page": DOCUMENTS_PER_PAGE,
        },
    )


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, document_id: int) -> HTMLResponse:
    state = state_of(request)
    if not 1 <= document_id <= api.MAX_ID:
        raise HTTPException(404, f"no document {document_id}")
    try:
        focus = _int(request, "claim", 0, 0, api.MAX_ID) or None
    except BadQuery as exc:
        return _bad(request, str(exc))
    stored, claims = api.document_detail(state, document_id)
    numbers = {a.claim_id: i + 1 for i, a in enumerate(claims)}
    spans = [
        (a.record.claim.evidence.start, a.record.claim.evidence.end, a.claim_id) for a in claims
    ]
    doc = stored.record.document
    return page(
        request,
        "document.html",
        {
            "doc_pk": stored.id,
            "doc": doc,
            "near_dup_group": stored.record.near_dup_group,
            "segments": evidence_segments(doc.text, spans, focus, numbers),
            "claims": claims,
            "numbers": numbers,
            "focus": focus,
        },
    )


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    endpoints = []
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        (p["name"], p.get("in", ""), p.get("required", False))
                        for p in op.get("parameters", [])
                    ],
                }
            )
    return page(request, "api.html", {"endpoints": endpoints})


@router.get("/favicon.ico")
def favicon() -> Response:
    return RedirectResponse("/static/favicon.svg", status_code=308)


def _bad(request: Request, message: str) -> HTMLResponse:
    return page(request, "error.html", {"status": 400, "message": message}, status=400)
