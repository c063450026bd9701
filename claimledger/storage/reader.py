"""`LedgerReader`: every read of a ledger, in one place — what the CLI, the API, the pages, the
analyses and `Ledger` all read through.

It lives in claimledger.storage because it is where SQL is issued: the query modules
(browse, queries, the read half of entries and references, search's term parser, meta) are
imported here and nowhere else above storage, so the faces and the analyses know one reading
interface, never a query module. It reads only: it never brings the analysis up to date and
never writes (`Ledger` does both), so it works the same over a store opened read-only
(claimledger serve) and over one opened for writing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import date
from functools import partial
from typing import Any

from claimledger.model import Document
from claimledger.storage import browse, meta, names, queries, references, search
from claimledger.storage import entries as entry_sql
from claimledger.storage.browse import (
    ClaimantCount,
    DocumentSummary,
    MetricCount,
    StoredDocument,
    TimelineRow,
)
from claimledger.storage.entries import AnalysedClaim
from claimledger.storage.meta import LexiconFile
from claimledger.storage.names import LedgerNames
from claimledger.storage.records import ClaimFilter, ClaimRecord, DocumentRecord, IngestRun
from claimledger.storage.references import Point, SeriesInfo
from claimledger.storage.store import Store

__all__ = [
    "AnalysedClaim",
    "ClaimantCount",
    "DocumentSummary",
    "LedgerReader",
    "LexiconFile",
    "MetricCount",
    "Point",
    "SeriesInfo",
    "StoredDocument",
    "TimelineRow",
]


class LedgerReader:
    """Read-only access to one opened ledger (a `Store`)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def name(self) -> str:
        """The ledger's URL, without any password."""
        return self.store.name

    # -- claims and documents, streamed ----------------------------------------------------

    def claims(self, f: ClaimFilter | None = None) -> Iterator[ClaimRecord]:
        """The claims `f` selects, in document order, with their documents' metadata."""
        return self.store.stream(lambda conn: queries.iter_claims(conn, f or ClaimFilter()))

    def documents(self, doc_id: str | None = None) -> Iterator[DocumentRecord]:
        return self.store.stream(lambda conn: queries.iter_documents(conn, doc_id))

    def runs(self) -> list[IngestRun]:
        return self.store.read(queries.runs)

    def table_counts(self) -> dict[str, int]:
        """Rows per table: documents, claims, claimants, outlets."""
        return self.store.read(queries.table_counts)

    def analysed(self, f: ClaimFilter | None = None) -> Iterator[AnalysedClaim]:
        """The claims `f` selects, in document order, each with its entry and the entry's
        counts, as the analysis stands."""
        return self.store.stream(lambda conn: entry_sql.iter_analysed(conn, f or ClaimFilter()))

    def entry_claims(self, f: ClaimFilter | None = None) -> Iterator[AnalysedClaim]:
        """Every claim of each entry with a claim that `f` selects, entry by entry (oldest
        first), each entry's claims in document order."""
        return self.store.stream(lambda conn: entry_sql.iter_entry_claims(conn, f or ClaimFilter()))

    def documents_by_pk(self, ids: Collection[int]) -> dict[int, Document]:
        """Documents by row id."""
        if not ids:
            return {}
        return self.store.read(lambda conn: entry_sql.documents_by_pk(conn, ids))

    # -- pages (bounded) -------------------------------------------------------------------

    def claims_page(
        self, f: ClaimFilter, limit: int, after: int | None = None, newest_first: bool = False
    ) -> list[AnalysedClaim]:
        return self.store.read(lambda c: browse.claims_page(c, f, limit, after, newest_first))

    def count_claims(self, f: ClaimFilter) -> int:
        return self.store.read(lambda c: browse.count_claims(c, f))

    def claim(self, claim_id: int) -> AnalysedClaim | None:
        return self.store.read(lambda c: browse.claim_by_id(c, claim_id))

    def entry_members(self, entry_id: int, limit: int) -> list[AnalysedClaim]:
        return self.store.read(lambda c: browse.entry_members(c, entry_id, limit))

    def latest_claims(self, n: int) -> list[AnalysedClaim]:
        return self.store.read(lambda c: browse.latest_claims(c, n))

    def document(self, document_id: int) -> StoredDocument | None:
        return self.store.read(lambda c: browse.document_by_id(c, document_id))

    def document_claims(self, document_id: int) -> list[AnalysedClaim]:
        return self.store.read(lambda c: browse.document_claims(c, document_id))

    @staticmethod
    def search_terms(query: str) -> list[str]:
        """The words of a search box as the full-text search matches them."""
        return search.search_terms(query)

    def documents_page(
        self, terms: Sequence[str], limit: int, offset: int
    ) -> tuple[list[DocumentSummary], int]:
        return self.store.read(lambda c: browse.documents_page(c, terms, limit, offset))

    def document_texts(self, document_ids: Collection[int]) -> dict[int, str]:
        if not document_ids:
            return {}
        return self.store.read(lambda c: browse.document_texts(c, document_ids))

    def document_groups(self, document_ids: Collection[int]) -> dict[int, int | None]:
        if not document_ids:
            return {}
        return self.store.read(lambda c: browse.document_groups(c, document_ids))

    def claimant_counts(self, limit: int, offset: int = 0) -> list[ClaimantCount]:
        return self.store.read(lambda c: browse.claimant_counts(c, limit, offset))

    def location_counts(self, limit: int) -> list[tuple[str, int]]:
        """The places claims are located in, with their claims, most first."""
        return self.store.read(lambda c: browse.location_counts(c, limit))

    def metric_counts(self) -> list[MetricCount]:
        return self.store.read(browse.metric_counts)

    def overview_counts(self) -> dict[str, int]:
        return self.store.read(browse.overview_counts)

    def timeline_rows(
        self, metric: str, subject: str, since: date | None, until: date | None, limit: int
    ) -> list[TimelineRow]:
        return self.store.read(
            lambda c: browse.timeline_rows(c, metric, subject, since, until, limit)
        )

    def stamp(self) -> tuple[Any, ...]:
        """Changes whenever documents, claims, entries or reference series change."""
        return self.store.read(browse.ledger_stamp)

    # -- reference series --------------------------------------------------------------------

    def loaded_references(self) -> list[str]:
        return self.store.read(browse.loaded_references)

    def series(self, source: str | None = None) -> list[SeriesInfo]:
        return self.store.read(lambda conn: references.list_series(conn, source))

    def series_values(self, ids: Collection[int]) -> dict[int, list[Point]]:
        return self.store.read(partial(references.series_values, ids=ids))

    # -- the ledger's own settings -----------------------------------------------------------

    def lexicon_files(self) -> tuple[LexiconFile, ...]:
        """The user lexicon files recorded at ingest (`--lexicon`), in the order recorded."""
        return self.store.read(meta.lexicon_files)

    def names(self) -> LedgerNames:
        """The metrics, subjects and claimant names the ledger holds (for suggestions)."""
        return self.store.read(names.ledger_names)
