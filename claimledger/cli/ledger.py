"""`claimledger ingest | claims | export`: the ledger commands, thin over `claimledger.ledger`."""

from __future__ import annotations

import sys
import time
from datetime import date
from enum import StrEnum
from itertools import chain
from pathlib import Path
from types import TracebackType
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from claimledger.analysis.entries import Entry
from claimledger.cli._app import app
from claimledger.cli._common import (
    USAGE,
    Column,
    DbOption,
    LexiconOption,
    SinceOption,
    UntilOption,
    cell_columns,
    date_option,
    fitted_table,
    lexicon_dirs,
    user_errors,
)
from claimledger.cli.engine_options import (
    EngineOption,
    PartitionOption,
    SchedulerOption,
    WorkersOption,
)
from claimledger.cli.output import console, csv_rows, err_console, say, write_jsonl
from claimledger.cli.read_options import AllowPrivateOption
from claimledger.engines import DEFAULT_PARTITION, EngineKind
from claimledger.errors import SourceError
from claimledger.export import write_csv
from claimledger.extraction.pipeline import DEFAULT_MAX_CHARS, DEFAULT_TIME_LIMIT, Extractor
from claimledger.ledger import IngestProgress, IngestReport, Ledger
from claimledger.lexicon import load_lexicon
from claimledger.present import (
    CELL_COLUMNS,
    CLAIM_COLUMNS,
    claim_cells,
    claim_json,
    claim_row,
    docs_text,
    entry_fields,
)
from claimledger.sources import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_EXPANSION,
    FetchLimits,
    JsonlFields,
    ReadOptions,
)
from claimledger.storage import ClaimFilter
from claimledger.storage.reader import AnalysedClaim


class ClaimFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


@app.command()
def ingest(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH|URL...",
            help="Files, folders (read recursively), http(s) URLs of pages or RSS/Atom feeds, "
            "or - for standard input. Formats: text, HTML, WARC(.gz), JSONL(.gz), RSS/Atom.",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    published: Annotated[
        date | None, date_option("Publication date for documents whose source gives none.")
    ] = None,
    field: Annotated[
        list[str] | None,
        typer.Option(
            "--field",
            metavar="FIELD=NAME[,NAME…]",
            help="JSONL field names to use instead of the defaults, e.g. --field text=body "
            f"(FIELD: {', '.join(JsonlFields.names())}). Repeatable.",
        ),
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds allowed per URL fetch.")] = 30.0,
    allow_private_addresses: AllowPrivateOption = False,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Documents per transaction (lost on interruption).")
    ] = 20,
    lexicon: LexiconOption = None,
    max_bytes: Annotated[
        int,
        typer.Option(
            min=1,
            help="Largest input read as one document, in bytes: a text, HTML or feed file, a "
            "page in a WARC archive, a JSONL record, standard input.",
        ),
    ] = DEFAULT_MAX_BYTES,
    max_expansion: Annotated[
        int,
        typer.Option(
            min=1, help="How many times over a gzipped input may inflate (decompression bombs)."
        ),
    ] = DEFAULT_MAX_EXPANSION,
    max_chars: Annotated[
        int, typer.Option(min=1, help="Longest document text extracted, in characters.")
    ] = DEFAULT_MAX_CHARS,
    time_limit: Annotated[
        float,
        typer.Option(
            min=0.001,
            help="CPU seconds reading one HTML page or feed, and extracting one document,"
            " may take.",
        ),
    ] = DEFAULT_TIME_LIMIT,
    engine: EngineOption = EngineKind.local,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    partition_size: PartitionOption = DEFAULT_PARTITION,
) -> None:
    """Read inputs, extract their claims and store them in the ledger (idempotent)."""
    try:
        fields = JsonlFields.parse(field or [])
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--field") from None
    if scheduler and engine is not EngineKind.dask:
        raise typer.BadParameter("needs --engine dask", param_hint="--scheduler")
    options = ReadOptions(
        fields=fields,
        fetch=FetchLimits(timeout=timeout, allow_private_addresses=allow_private_addresses),
        max_file_bytes=max_bytes,
        max_expansion=max_expansion,
        time_limit=time_limit,
    )
    with user_errors(USAGE):  # a bad --lexicon is a usage error, as in extract and eval
        extractor = Extractor(
            load_lexicon(lexicon_dirs(lexicon)),
            max_chars=max_chars,
            time_limit=time_limit,
        )
    with user_errors(), Ledger.open(db) as ledger, _ProgressView() as view:
        ledger.record_lexicon(lexicon_dirs(lexicon))
        try:
            report = ledger.ingest(
                inputs,
                engine=engine,
                workers=workers,
                scheduler=scheduler,
                partition_size=partition_size,
                published=published,
                options=options,
                extractor=extractor,
                on_error=view.error,
                progress=view.update,
                batch_size=batch_size,
            )
        except KeyboardInterrupt:
            view.close()
            err_console.print("interrupted: committed batches are kept; run again to complete")
            raise typer.Exit(130) from None
    _summary(ledger.name, report)
    if not report.read_anything:
        raise typer.Exit(1)


def _summary(name: str, report: IngestReport) -> None:
    c = report.counts
    say(
        f"{name}: {c.documents_new} documents new, {c.documents_present} already present, "
        f"{c.documents_failed} failed; {c.claims_added} claims added ({report.seconds:.1f} s)"
    )


class _ProgressView:
    """A rich progress bar on a terminal; elsewhere (logs, CI) a plain line every few seconds.

    Errors print as they happen, one line each, above the bar.
    """

    PLAIN_EVERY = 5.0  # seconds between plain progress lines

    def __init__(self) -> None:
        self._live = err_console.is_terminal
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._last_line = time.monotonic()

    def __enter__(self) -> _ProgressView:
        if self._live:
            self._progress = Progress(
                SpinnerColumn(),
                BarColumn(bar_width=None),
                TaskProgressColumn(),
                TextColumn("{task.fields[status]}"),
                TimeElapsedColumn(),
                console=err_console,
            )
            self._progress.start()
            self._task = self._progress.add_task("ingest", total=None, status="")
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def error(self, err: SourceError) -> None:
        err_console.print(f"error: {escape(str(err))}")

    def update(self, p: IngestProgress) -> None:
        c = p.counts
        # Short enough that the bar keeps its width on an 80-column terminal.
        status = (
            f"{p.documents} docs: {c.documents_new} new, {c.documents_present} present, "
            f"{c.documents_failed} failed; {c.claims_added} claims"
        )
        if self._progress is not None and self._task is not None:
            self._progress.update(
                self._task,
                total=p.bytes_total or None,
                completed=p.bytes_done,
                status=status,
            )
        elif time.monotonic() - self._last_line >= self.PLAIN_EVERY:
            self._last_line = time.monotonic()
            pct = f" ({100 * p.bytes_done / p.bytes_total:.0f}%)" if p.bytes_total else ""
            err_console.print(f"ingest{pct}: {status}")


@app.command()
def claims(
    db: DbOption = None,
    metric: Annotated[
        str | None, typer.Option(help="Metric id or prefix (personnel matches personnel.*).")
    ] = None,
    subject: Annotated[str | None, typer.Option(help="Whose losses, e.g. Russia.")] = None,
    claimant: Annotated[str | None, typer.Option(help="Part of the claimant's name.")] = None,
    affiliation: Annotated[
        str | None, typer.Option(help="The party the claimant speaks for.")
    ] = None,
    location: Annotated[str | None, typer.Option(help="Place, e.g. Bakhmut.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    doc: Annotated[str | None, typer.Option(help="Document id.")] = None,
    format: Annotated[
        ClaimFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ClaimFormat.table,
    entries: Annotated[
        bool,
        typer.Option(
            "--entries",
            help="One row per ledger entry (the same claim in several documents) instead of "
            "one per claim; jsonl adds the evidence of every document.",
        ),
    ] = False,
) -> None:
    """List the ledger's claims. jsonl: each claim's JSON form (README) plus its document's
    url, title and published date, its ledger entry, the entry's documents and independent
    reports (distinct near-duplicate groups); csv: the README's claim columns."""
    f = ClaimFilter(metric, subject, claimant, affiliation, location, since, until, doc)
    with user_errors(), Ledger.open(db, create=False) as ledger:
        if entries:
            found = ledger.entries(f)
            first_entry = next(found, None)
            if first_entry is None:
                _check_names(ledger, f)
            found = chain([first_entry] if first_entry else [], found)
            if format is ClaimFormat.jsonl:
                write_jsonl(e.to_dict() for e in found)
            elif format is ClaimFormat.csv:
                rows = (_row(e.first) for e in found)
                write_csv(sys.stdout, CLAIM_COLUMNS, csv_rows(rows))
            else:
                out = console()
                out.print(_entry_table(list(found), out.width))
            return
        records = ledger.analysed(f)
        first = next(records, None)
        if first is None:
            _check_names(ledger, f)
        records = chain([first] if first else [], records)
        if format is ClaimFormat.jsonl:
            write_jsonl(claim_json(a.record, _entry(a)) for a in records)
        elif format is ClaimFormat.csv:
            write_csv(sys.stdout, CLAIM_COLUMNS, csv_rows(map(_row, records)))
        else:
            out = console()
            out.print(_table(list(records), out.width))


def _check_names(ledger: Ledger, f: ClaimFilter) -> None:
    """When nothing matched: a name neither the ledger nor its lexicon knows is a usage
    error, with the nearest names they know."""
    with user_errors(USAGE):
        ledger.check_filter_names(f)


def _entry(a: AnalysedClaim) -> dict[str, int | None]:
    return entry_fields(a.entry, a.documents, a.independent)


def _row(a: AnalysedClaim) -> dict[str, object]:
    return claim_row(a.record, _entry(a))


# A claim's cells, then how many documents and independent reports carry it. Counts stay
# whole on one line; the rest wraps at word boundaries.
_CLAIM_TABLE = [
    *cell_columns(*CELL_COLUMNS),
    Column("docs", whole=True, justify="right"),
]
_ENTRY_TABLE = [
    Column("entry", whole=True, justify="right"),
    *cell_columns(*(name for name in CELL_COLUMNS if name != "doc")),
    Column("docs", whole=True, justify="right"),
    Column("first"),
]


def _table(records: list[AnalysedClaim], width: int) -> Table:
    rows = [
        claim_cells(a.record.claim) | {"docs": docs_text(a.documents, a.independent)}
        for a in records
    ]
    return fitted_table(_CLAIM_TABLE, rows, width, caption=f"{len(rows)} claims")


def _entry_table(found: list[Entry], width: int) -> Table:
    rows = [
        claim_cells(e.claim)
        | {
            "entry": str(e.id),
            "docs": docs_text(e.documents, e.independent),
            "first": e.claim.doc_id,
        }
        for e in found
    ]
    caption = f"{len(rows)} entries (docs: documents / independent reports)"
    return fitted_table(_ENTRY_TABLE, rows, width, caption=caption)


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="File format.")],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Folder to write documents.FORMAT and claims.FORMAT into (created if need be).",
        ),
    ],
    db: DbOption = None,
) -> None:
    """Export the ledger's documents and claims as two tables (for pandas, DuckDB …)."""
    with user_errors(), Ledger.open(db, create=False) as ledger:
        result = ledger.export(output, format.value)
    say(
        f"{result.documents} documents → {result.documents_path}, "
        f"{result.claims} claims → {result.claims_path}"
    )
