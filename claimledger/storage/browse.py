"""The SQL of browsing a ledger (claimledger serve): pages of claims and documents, one claim and
the other claims of its entry, a document with its claims, document search, counts per
claimant, metric and subject, a metric's claims for a timeline.

Reads only. Every query is parameterised and bounded: pages by LIMIT (claims by the claim's row
id, so a page costs the same however deep), lists by their natural size (metrics, subjects) or
a LIMIT. Claims come back as `AnalysedClaim`s: the claim and its document, its row id, entry and
near-duplicate group, and the entry's counts (`documents`, `independent`), computed for the
page's entries only.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date
from typing import Any, NamedTuple

from sqlalchemy import (
    Connection,
    Date,
    Select,
    distinct,
    func,
    literal,
    literal_column,
    select,
    text,
)

from claimledger.storage import search
from claimledger.storage.codec import row_claim, row_document
from claimledger.storage.entries import AnalysedClaim
from claimledger.storage.queries import claims_select
from claimledger.storage.records import ClaimFilter, ClaimRecord, DocumentRecord
from claimledger.storage.schema import (
    claimants,
    claims,
    documents,
    entries,
    entry_claims,
    outlets,
    reference_series,
)

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """A document without its text: what a list or a search result shows."""

    id: int  # the row id (document ids given by sources may repeat)
    doc_id: str
    title: str | None
    url: str | None
    published: date | None
    outlet: str | None
    language: str | None
    near_dup_group: int | None
    chars: int
    claims: int


@dataclass(frozen=True, slots=True)
class StoredDocument:
    id: int
    record: DocumentRecord


@dataclass(frozen=True, slots=True)
class ClaimantCount:
    name: str | None  # None: the outlet's own statements
    affiliation: str | None
    claims: int
    documents: int


@dataclass(frozen=True, slots=True)
class MetricCount:
    metric: str
    subject: str | None
    claims: int


# -- claims ------------------------------------------------------------------------------------


def _with_ids(stmt: Select[Any]) -> Select[Any]:
    return stmt.outerjoin(entry_claims, entry_claims.c.claim_id == claims.c.id).add_columns(
        claims.c.id.label("claim_id"),
        documents.c.id.label("document_pk"),
        documents.c.near_dup_group,
        entry_claims.c.entry_id,
    )


def _analysed(conn: Connection, stmt: Select[Any]) -> list[AnalysedClaim]:
    rows = list(conn.execute(stmt).mappings())
    stats = entry_counts(conn, {int(r["entry_id"]) for r in rows if r["entry_id"] is not None})
    out = []
    for row in rows:
        entry = row["entry_id"]
        docs, independent = stats.get(int(entry), (1, 1)) if entry is not None else (1, 1)
        out.append(_claim(row, docs, independent))
    return out


def _claim(row: Any, docs: int, independent: int) -> AnalysedClaim:
    entry = row["entry_id"]
    return AnalysedClaim(
        record=ClaimRecord(
            claim=row_claim(row),
            url=row["url"],
            title=row["title"],
            published=row["published"],
            outlet=row["outlet"],
            document_hash=row["document_hash"],
        ),
        claim_id=int(row["claim_id"]),
        document=int(row["document_pk"]),
        near_dup_group=row["near_dup_group"],
        entry=None if entry is None else int(entry),
        documents=docs,
        independent=independent,
    )


def entry_counts(conn: Connection, entry_ids: Collection[int]) -> dict[int, tuple[int, int]]:
    """entry id → (documents, independent reports) for the entries given."""
    out: dict[int, tuple[int, int]] = {}
    ids = sorted(entry_ids)
    for i in range(0, len(ids), _CHUNK):
        stmt = (
            select(
                entry_claims.c.entry_id,
                func.count(distinct(claims.c.document_id)),
                func.count(distinct(func.coalesce(documents.c.near_dup_group, documents.c.id))),
            )
            .select_from(
                entry_claims.join(claims, claims.c.id == entry_claims.c.claim_id).join(
                    documents, documents.c.id == claims.c.document_id
                )
            )
            .where(entry_claims.c.entry_id.in_(ids[i : i + _CHUNK]))
            .group_by(entry_claims.c.entry_id)
        )
        for entry, docs, independent in conn.execute(stmt):
            out[int(entry)] = (int(docs), int(independent))
    return out


def claims_page(
    conn: Connection,
    f: ClaimFilter,
    limit: int,
    after: int | None = None,
    newest_first: bool = False,
) -> list[AnalysedClaim]:
    """Up to `limit` claims that `f` selects, by row id (the order they were stored in, which
    is document order), starting after the claim `after`; `newest_first` reverses the order.
    The page's ids are found first (the filters' joins only), then its rows read whole: a
    filter matching many claims does not make every match read in full."""
    order = claims.c.id.desc() if newest_first else claims.c.id
    ids_stmt = claims_select(f).order_by(None).with_only_columns(claims.c.id).order_by(order)
    if after is not None:
        ids_stmt = ids_stmt.where(claims.c.id < after if newest_first else claims.c.id > after)
    ids = [int(i) for i in conn.execute(ids_stmt.limit(limit)).scalars()]
    if not ids:
        return []
    stmt = (
        _with_ids(claims_select(ClaimFilter()))
        .where(claims.c.id.in_(ids))
        .order_by(None)
        .order_by(order)
    )
    return _analysed(conn, stmt)


def count_claims(conn: Connection, f: ClaimFilter) -> int:
    inner = claims_select(f).order_by(None).with_only_columns(claims.c.id).subquery()
    return int(conn.execute(select(func.count()).select_from(inner)).scalar_one())


def claim_by_id(conn: Connection, claim_id: int) -> AnalysedClaim | None:
    stmt = _with_ids(claims_select(ClaimFilter())).where(claims.c.id == claim_id)
    found = _analysed(conn, stmt)
    return found[0] if found else None


def entry_members(conn: Connection, entry_id: int, limit: int) -> list[AnalysedClaim]:
    """The claims of one entry, by document: at most `limit`."""
    stmt = (
        _with_ids(claims_select(ClaimFilter()))
        .where(entry_claims.c.entry_id == entry_id)
        .limit(limit)
    )
    return _analysed(conn, stmt)


def document_claims(conn: Connection, document_id: int) -> list[AnalysedClaim]:
    """The claims read from one document (by row id), in extraction order."""
    stmt = _with_ids(claims_select(ClaimFilter())).where(documents.c.id == document_id)
    return _analysed(conn, stmt)


def latest_claims(conn: Connection, n: int) -> list[AnalysedClaim]:
    """Claims of the `n` most recently published documents (latest first), at most `n`."""
    newest = (
        select(documents.c.id)
        .order_by(documents.c.published.desc().nulls_last(), documents.c.id.desc())
        .limit(n)
    )
    stmt = (
        _with_ids(claims_select(ClaimFilter()))
        .where(documents.c.id.in_(newest))
        .order_by(None)
        .order_by(documents.c.published.desc().nulls_last(), claims.c.id.desc())
        .limit(n)
    )
    return _analysed(conn, stmt)


class TimelineRow(NamedTuple):
    """What a timeline needs of a claim, and no more (no evidence, no document). A named
    tuple: a timeline reads thousands of them."""

    claim_id: int
    document: int  # the document's row id
    entry: int | None
    claimant: str | None
    affiliation: str | None
    low: float | None
    high: float | None
    qualifier: str
    rate_unit: str | None
    start: date | None
    end: date | None
    cumulative: bool
    location: str | None
    group: str | None
    subset: str | None
    published: date | None  # only for a claim without a period (it places the claim)

    @property
    def day(self) -> date | None:
        """Where a timeline draws the claim: its period's end, else its start, else (no
        period) its document's publication date."""
        return self.end or self.start or self.published

    def latest_key(self) -> tuple[date, int]:
        """Orders claims by the day they are drawn at, then as stored."""
        return self.day or date.min, self.claim_id


def timeline_rows(
    conn: Connection,
    metric: str,
    subject: str,
    since: date | None,
    until: date | None,
    limit: int,
) -> list[TimelineRow]:
    """The claims of exactly `metric` and `subject` drawn on a day in [since, until] — the
    end of the claim's period, else its start, else (no period) its document's publication
    date — the latest `limit` of them, in stored order. Lean: the columns a timeline draws;
    claims with a period come from the index on (metric, subject, day, id), latest first,
    and the few without one through their documents."""
    queries = timeline_queries(metric, subject, since, until, limit)
    rows = [TimelineRow._make(r) for q in queries for r in conn.execute(q).all()]
    if len(rows) > limit:
        rows.sort(key=TimelineRow.latest_key)
        rows = rows[-limit:]
    rows.sort(key=lambda r: r.claim_id)
    return rows


def timeline_queries(
    metric: str, subject: str, since: date | None, until: date | None, limit: int
) -> tuple[Select[Any], Select[Any]]:
    """The latest `limit` claims with a period (through the timeline index) and without one
    (through their documents) of `timeline_rows`."""
    day = func.coalesce(claims.c.period_end, claims.c.period_start)
    dated = (
        _timeline_select(None)
        .where(claims.c.metric == metric, claims.c.subject == subject, day.is_not(None))
        .order_by(day.desc(), claims.c.id.desc())
        .limit(limit)
    )
    undated = (
        _timeline_select(documents.c.published)
        .join(documents, documents.c.id == claims.c.document_id)
        .where(claims.c.metric == metric, claims.c.subject == subject, day.is_(None))
        .order_by(documents.c.published.desc(), claims.c.id.desc())
        .limit(limit)
    )
    if since:
        dated = dated.where(day >= since)
        undated = undated.where(documents.c.published >= since)
    if until:
        dated = dated.where(day <= until)
        undated = undated.where(documents.c.published <= until)
    return dated, undated


def _timeline_select(published: Any) -> Select[Any]:
    return select(
        claims.c.id,
        claims.c.document_id,
        entry_claims.c.entry_id,
        claimants.c.name,
        claims.c.affiliation,
        claims.c.value_low,
        claims.c.value_high,
        claims.c.qualifier,
        claims.c.rate_unit,
        claims.c.period_start,
        claims.c.period_end,
        claims.c.cumulative,
        claims.c.location,
        claims.c.group,
        claims.c.subset,
        published if published is not None else literal(None, Date),
    ).select_from(
        claims.outerjoin(claimants, claims.c.claimant_id == claimants.c.id).outerjoin(
            entry_claims, entry_claims.c.claim_id == claims.c.id
        )
    )


def document_groups(conn: Connection, document_ids: Collection[int]) -> dict[int, int | None]:
    """document row id → its near-duplicate group (None: not grouped yet)."""
    out: dict[int, int | None] = {}
    ids = sorted(document_ids)
    for i in range(0, len(ids), _CHUNK):
        stmt = select(documents.c.id, documents.c.near_dup_group).where(
            documents.c.id.in_(ids[i : i + _CHUNK])
        )
        out.update({int(d): (None if g is None else int(g)) for d, g in conn.execute(stmt)})
    return out


# -- documents ---------------------------------------------------------------------------------


def _summary_select() -> Select[Any]:
    return select(
        documents.c.id,
        documents.c.doc_id,
        documents.c.title,
        documents.c.url,
        documents.c.published,
        documents.c.language,
        documents.c.near_dup_group,
        func.length(documents.c.text).label("chars"),
        outlets.c.name.label("outlet"),
    ).select_from(documents.outerjoin(outlets, documents.c.outlet_id == outlets.c.id))


def documents_page(
    conn: Connection, terms: Sequence[str], limit: int, offset: int
) -> tuple[list[DocumentSummary], int]:
    """A page of documents, newest published first, and how many there are in all: every
    document, or those holding every one of `terms` (search.search_terms) in their title or
    text — FTS5 on SQLite, the text-search index on PostgreSQL."""
    stmt = _summary_select()
    total_stmt = select(func.count()).select_from(documents)
    if terms:
        if conn.dialect.name == "sqlite":
            matching = text(
                f"SELECT rowid FROM {search.FTS_TABLE} WHERE {search.FTS_TABLE} MATCH :q"
            ).bindparams(q=search.fts5_query(list(terms)))
            cond = documents.c.id.in_(matching.columns(literal_column("rowid")))
        else:
            query = func.plainto_tsquery(
                literal_column(f"'{search.PG_CONFIG}'::regconfig"), " ".join(terms)
            )
            cond = search.pg_vector().op("@@")(query)
        stmt = stmt.where(cond)
        total_stmt = total_stmt.where(cond)
    stmt = (
        stmt.order_by(documents.c.published.desc().nulls_last(), documents.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    rows = list(conn.execute(stmt).mappings())
    counts = claim_counts(conn, [int(r["id"]) for r in rows])
    found = [_summary(r, counts) for r in rows]
    return found, int(conn.execute(total_stmt).scalar_one())


def claim_counts(conn: Connection, document_ids: Collection[int]) -> dict[int, int]:
    """document row id → its number of claims."""
    out: dict[int, int] = {}
    ids = sorted(document_ids)
    for i in range(0, len(ids), _CHUNK):
        stmt = (
            select(claims.c.document_id, func.count())
            .where(claims.c.document_id.in_(ids[i : i + _CHUNK]))
            .group_by(claims.c.document_id)
        )
        out.update({int(d): int(n) for d, n in conn.execute(stmt)})
    return out


def document_texts(conn: Connection, document_ids: Collection[int]) -> dict[int, str]:
    """document row id → its text."""
    out: dict[int, str] = {}
    ids = sorted(document_ids)
    for i in range(0, len(ids), _CHUNK):
        stmt = select(documents.c.id, documents.c.text).where(
            documents.c.id.in_(ids[i : i + _CHUNK])
        )
        out.update({int(d): t for d, t in conn.execute(stmt)})
    return out


def document_by_id(conn: Connection, document_id: int) -> StoredDocument | None:
    stmt = (
        select(documents, outlets.c.name.label("outlet"))
        .select_from(documents.outerjoin(outlets, documents.c.outlet_id == outlets.c.id))
        .where(documents.c.id == document_id)
    )
    row = conn.execute(stmt).mappings().first()
    if row is None:
        return None
    t = row["ingested_at"]
    return StoredDocument(
        int(row["id"]),
        DocumentRecord(
            document=row_document(row),
            ingested_at=t if t.tzinfo else t.replace(tzinfo=UTC),
            run_id=row["run_id"],
            near_dup_group=row["near_dup_group"],
        ),
    )


def document_summaries(conn: Connection, document_ids: Collection[int]) -> list[DocumentSummary]:
    """The documents given (by row id), in row order."""
    out: list[DocumentSummary] = []
    ids = sorted(document_ids)
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        rows = conn.execute(
            _summary_select().where(documents.c.id.in_(chunk)).order_by(documents.c.id)
        ).mappings()
        counts = claim_counts(conn, chunk)
        out.extend(_summary(r, counts) for r in rows)
    return out


# -- counts ------------------------------------------------------------------------------------


def claimant_counts(conn: Connection, limit: int, offset: int = 0) -> list[ClaimantCount]:
    """Claimants with their affiliations, most claims first."""
    n = func.count(claims.c.id)
    stmt = (
        select(
            claimants.c.name,
            claims.c.affiliation,
            n,
            func.count(distinct(claims.c.document_id)),
        )
        .select_from(claims.outerjoin(claimants, claims.c.claimant_id == claimants.c.id))
        .group_by(claimants.c.name, claims.c.affiliation)
        .order_by(n.desc(), claimants.c.name, claims.c.affiliation)
        .limit(limit)
        .offset(offset)
    )
    return [ClaimantCount(r[0], r[1], int(r[2]), int(r[3])) for r in conn.execute(stmt)]


def location_counts(conn: Connection, limit: int) -> list[tuple[str, int]]:
    """The places claims are located in, most claims first."""
    n = func.count()
    stmt = (
        select(claims.c.location, n)
        .where(claims.c.location.is_not(None))
        .group_by(claims.c.location)
        .order_by(n.desc(), claims.c.location)
        .limit(limit)
    )
    return [(str(r[0]), int(r[1])) for r in conn.execute(stmt)]


def metric_counts(conn: Connection) -> list[MetricCount]:
    """Claims per metric and subject, by metric then most claims first."""
    n = func.count()
    stmt = (
        select(claims.c.metric, claims.c.subject, n)
        .group_by(claims.c.metric, claims.c.subject)
        .order_by(claims.c.metric, n.desc(), claims.c.subject)
    )
    return [MetricCount(r[0], r[1], int(r[2])) for r in conn.execute(stmt)]


def overview_counts(conn: Connection) -> dict[str, int]:
    """Rows of the ledger: documents, claims, entries, claimants, outlets, reference series,
    and `unanalysed` claims (in no entry yet: the analysis has not caught up)."""
    out = {}
    for name, table in (
        ("documents", documents),
        ("claims", claims),
        ("entries", entries),
        ("claimants", claimants),
        ("outlets", outlets),
        ("reference_series", reference_series),
    ):
        out[name] = int(conn.execute(select(func.count()).select_from(table)).scalar_one())
    linked = int(conn.execute(select(func.count()).select_from(entry_claims)).scalar_one())
    out["unanalysed"] = max(0, out["claims"] - linked)
    return out


def loaded_references(conn: Connection) -> list[str]:
    """The reference data sets loaded (ua-mod, oryx)."""
    stmt = select(reference_series.c.source).distinct().order_by(reference_series.c.source)
    return [str(s) for s in conn.execute(stmt).scalars()]


def ledger_stamp(conn: Connection) -> tuple[Any, ...]:
    """Changes whenever documents, claims, entries or reference series are added or replaced:
    a key for results computed from the whole ledger."""
    return tuple(
        conn.execute(
            select(
                select(func.max(documents.c.id)).scalar_subquery(),
                select(func.max(claims.c.id)).scalar_subquery(),
                select(func.count()).select_from(entry_claims).scalar_subquery(),
                select(func.max(documents.c.near_dup_group)).scalar_subquery(),
                select(func.max(reference_series.c.id)).scalar_subquery(),
                select(func.count()).select_from(reference_series).scalar_subquery(),
            )
        ).one()
    )


def _summary(r: Any, counts: dict[int, int]) -> DocumentSummary:
    """A document row of `_summary_select` with its number of claims."""
    return DocumentSummary(
        id=int(r["id"]),
        doc_id=r["doc_id"],
        title=r["title"],
        url=r["url"],
        published=r["published"],
        outlet=r["outlet"],
        language=r["language"],
        near_dup_group=r["near_dup_group"],
        chars=int(r["chars"] or 0),
        claims=counts.get(int(r["id"]), 0),
    )
