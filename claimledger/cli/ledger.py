"""`claimledger ingest | claims | export`: the ledger commands, thin over `claimledger.ledger`."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import StrEnum
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
from claimledger.cli.engine_options import (
    EngineOption,
    PartitionOption,
    SchedulerOption,
    WorkersOption,
)
from claimledger.cli.output import console, csv_rows, err_console, say, write_jsonl
from claimledger.cli.read_options import AllowPrivateOption
from claimledger.engines import DEFAULT_PARTITION, EngineKind
from claimledger.errors import ClaimledgerError, SourceError
from claimledger.export import CLAIM_COLUMNS, CLAIM_DOC_COLUMNS, claim_row, write_csv
from claimledger.extraction.pipeline import DEFAULT_MAX_CHARS, DEFAULT_TIME_LIMIT, Extractor
from claimledger.ledger import IngestProgress, IngestReport, Ledger
from claimledger.lexicon import load_lexicon
from claimledger.model import Claim
from claimledger.sources import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_EXPANSION,
    FetchLimits,
    JsonlFields,
    ReadOptions,
)
from claimledger.storage import ClaimFilter, ClaimRecord
from claimledger.storage.reader import AnalysedClaim

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="The ledger: a SQLite file, or a SQLAlchemy URL such as "
        "postgresql+psycopg://user@host/db. Default: $CLAIMLEDGER_DB, else ./claimledger.db.",
        show_default=False,
    ),
]
DateFormats = ["%Y-%m-%d"]
LexiconOption = Annotated[
    list[Path] | None,
    typer.Option(
        help="A folder of lexicon TOML files extending the built-in ones. Default: the "
        "folders of $CLAIMLEDGER_LEXICON, else those the ledger recorded at ingest.",
        show_default=False,
    ),
]


def lexicon_dirs(lexicon: list[Path] | None) -> tuple[Path, ...] | None:
    """--lexicon's folders; None when not given ($CLAIMLEDGER_LEXICON, else the ledger's)."""
    return tuple(lexicon) if lexicon else None


class ClaimFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


@contextmanager
def _user_errors() -> Iterator[None]:
    """A user's mistake (bad --db, unwritable output …) is one line on stderr, exit 1."""
    try:
        yield
    except ClaimledgerError as exc:
        err_console.print(f"claimledger: {escape(str(exc))}")
        raise typer.Exit(1) from None


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
        datetime | None,
        typer.Option(
            formats=DateFormats, help="Publication date for documents whose source gives none."
        ),
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
    lexicon: Annotated[
        list[Path] | None,
        typer.Option(
            help="A folder of lexicon TOML files extending the built-in ones (recorded in the "
            "ledger: its analyses use them)."
        ),
    ] = None,
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
    with _user_errors():
        extractor = Extractor(
            load_lexicon(lexicon_dirs(lexicon)),
            max_chars=max_chars,
            time_limit=time_limit,
        )
    with _user_errors(), Ledger.open(db) as ledger, _ProgressView() as view:
        ledger.record_lexicon(lexicon_dirs(lexicon))
        try:
            report = ledger.ingest(
                inputs,
                engine=engine,
                workers=workers,
                scheduler=scheduler,
                partition_size=partition_size,
                published=published.date() if published else None,
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
    since: Annotated[
        datetime | None,
        typer.Option(formats=DateFormats, help="Claims whose period ends on or after."),
    ] = None,
    until: Annotated[
        datetime | None,
        typer.Option(formats=DateFormats, help="Claims whose period starts on or before."),
    ] = None,
    doc: Annotated[str | None, typer.Option(help="Document id.")] = None,
    format: Annotated[ClaimFormat, typer.Option("--format", "-f")] = ClaimFormat.table,
    entries: Annotated[
        bool,
        typer.Option(
            "--entries",
            help="One row per ledger entry (the same claim in several documents) instead of "
            "one per claim; jsonl adds the evidence of every document.",
        ),
    ] = False,
) -> None:
    """List the ledger's claims; jsonl is the claims.md form plus the document's url, title
    and published date, then the claim's ledger entry, its documents and its independent
    reports (distinct near-duplicate groups)."""
    f = ClaimFilter(
        metric,
        subject,
        claimant,
        affiliation,
        location,
        since.date() if since else None,
        until.date() if until else None,
        doc,
    )
    columns = CLAIM_COLUMNS + CLAIM_DOC_COLUMNS + ENTRY_COLUMNS
    with _user_errors(), Ledger.open(db, create=False) as ledger:
        if entries:
            found = ledger.entries(f)
            if format is ClaimFormat.jsonl:
                write_jsonl(e.to_dict() for e in found)
            elif format is ClaimFormat.csv:
                rows = (_row(e.first) for e in found)
                write_csv(sys.stdout, columns, csv_rows(rows))
            else:
                console().print(_entry_table(found))
            return
        records = ledger.analysed(f)
        if format is ClaimFormat.jsonl:
            write_jsonl(a.record.to_dict() | _entry_fields(a) for a in records)
        elif format is ClaimFormat.csv:
            write_csv(sys.stdout, columns, csv_rows(map(_row, records)))
        else:
            console().print(_table(records))


# Appended to a claim's fields by `claims` (jsonl, csv): its ledger entry and the entry's counts.
ENTRY_COLUMNS = ("entry", "documents", "independent")


def _entry_fields(a: AnalysedClaim) -> dict[str, object]:
    return {"entry": a.entry, "documents": a.documents, "independent": a.independent}


def _row(a: AnalysedClaim) -> dict[str, object]:
    return claim_row(a.record) | _doc_fields(a.record) | _entry_fields(a)


def _subject_text(c: Claim) -> str:
    """Whose losses, and which part of them a sub-count counts: "Ukraine (children)"."""
    subject = c.subject or ""
    return f"{subject} ({c.subset})" if c.subset else subject


def _doc_fields(rec: ClaimRecord) -> dict[str, object]:
    return {"url": rec.url, "title": rec.title, "published": rec.published}


def _table(records: Iterator[AnalysedClaim]) -> Table:
    table = Table(show_lines=False)
    for name in ("doc", "metric", "subject", "value", "claimant", "period", "location", "docs"):
        table.add_column(name, overflow="fold")
    n = 0
    for a in records:
        c = a.record.claim
        table.add_row(
            escape(c.doc_id),
            c.metric,
            escape(_subject_text(c)),
            escape(_value_text(c)),
            escape(_who(c)),
            _period_text(c.period.start, c.period.end, c.period.cumulative),
            escape(c.location or ""),
            _docs_text(a.documents, a.independent),
        )
        n += 1
    table.caption = f"{n} claims"
    return table


def _entry_table(found: Iterator[Entry]) -> Table:
    table = Table(show_lines=False)
    for name in ("entry", "metric", "subject", "value", "claimant", "period", "docs", "first"):
        table.add_column(name, overflow="fold")
    n = 0
    for e in found:
        c = e.claim
        table.add_row(
            str(e.id),
            c.metric,
            escape(_subject_text(c)),
            escape(_value_text(c)),
            escape(_who(c)),
            _period_text(c.period.start, c.period.end, c.period.cumulative),
            _docs_text(e.documents, e.independent),
            escape(c.doc_id),
        )
        n += 1
    table.caption = f"{n} entries (docs: documents / independent reports)"
    return table


def _who(c: Claim) -> str:
    who = c.claimant.name or "(the outlet)"
    if c.claimant.affiliation:
        who += f" [{c.claimant.affiliation}]"
    return who


def _docs_text(documents: int, independent: int) -> str:
    """ "6/2": six documents, two independent reports."""
    return f"{documents}/{independent}" if documents else ""


_QUALIFIER_SIGNS = {
    "approx": "~",
    "more_than": ">",
    "at_least": "≥",
    "less_than": "<",
    "at_most": "≤",
}


def _value_text(c: Claim) -> str:
    low, high, q = c.value.low, c.value.high, c.value.qualifier
    if low is not None and high is not None and low != high:
        text = f"{_num(low)}–{_num(high)}"
    else:
        bound = low if low is not None else high
        text = _num(bound) if bound is not None else "?"
    sign = _QUALIFIER_SIGNS.get(q)
    if sign:
        text = f"{sign}{text}"
    if c.rate:
        text += f" per {_num(c.rate.per)} {c.rate.unit}"
    return text


def _num(x: float) -> str:
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.4f}".rstrip("0").rstrip(".")


def _period_text(start: date | None, end: date | None, cumulative: bool) -> str:
    text = f"{start or '…'} – {end or '…'}" if start != end else str(start or "")
    return f"{text} (total)" if cumulative else text


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
    with _user_errors(), Ledger.open(db, create=False) as ledger:
        result = ledger.export(output, format.value)
    say(
        f"{result.documents} documents → {result.documents_path}, "
        f"{result.claims} claims → {result.claims_path}"
    )
