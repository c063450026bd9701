"""`claimledger extract` and `claimledger eval`: claims from files, and their score."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from enum import StrEnum
from itertools import chain
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from claimledger.cli._app import app
from claimledger.cli._common import (
    NOTHING_DONE,
    USAGE,
    LexiconOption,
    cell_columns,
    date_option,
    fail,
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
from claimledger.cli.output import console, csv_rows, err_console, json_line, say
from claimledger.cli.read_options import AllowPrivateOption
from claimledger.engines import (
    DEFAULT_PARTITION,
    EngineKind,
    Failure,
    Outcome,
    extract_documents,
    open_engine,
)
from claimledger.errors import ClaimledgerError, SourceError
from claimledger.evaluate import ATTRIBUTES, Score, read_gold, score
from claimledger.export import write_csv
from claimledger.extraction.pipeline import DEFAULT_TIME_LIMIT, Extractor
from claimledger.lexicon import load_lexicon
from claimledger.model import Claim, Document
from claimledger.present import (
    CELL_COLUMNS,
    CLAIM_COLUMNS,
    claim_cells,
    claim_row,
    document_record,
    value_text,
)
from claimledger.sources import FetchLimits, ReadOptions, iter_documents


class Format(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


def report_error(e: SourceError | ClaimledgerError) -> None:
    err_console.print(f"[red]error:[/red] {escape(str(e))}")


def read_and_extract(
    paths: list[str],
    published: date | None,
    lexicon: list[Path] | None,
    options: ReadOptions | None = None,
) -> tuple[list[tuple[Document, list[Claim]]], int]:
    """Documents with their claims; reports each unreadable input and counts them."""
    failures = 0

    def on_error(e: SourceError) -> None:
        nonlocal failures
        failures += 1
        report_error(e)

    with user_errors(USAGE):
        extractor = Extractor(load_lexicon(lexicon_dirs(lexicon)))
    extracted = [
        (doc, extractor.extract(doc))
        for doc in iter_documents(paths, published=published, on_error=on_error, options=options)
    ]
    return extracted, failures


_TABLE = cell_columns(*CELL_COLUMNS)


def print_claims(
    extracted: Iterable[tuple[Document, list[Claim]]],
    fmt: Format,
    nothing_read: Callable[[], bool] = lambda: False,
) -> None:
    """Claims as `claims` prints them: the claim's JSON form (jsonl), the README's claim
    columns (csv, the ledger's columns empty), the same table cells. When `nothing_read` once
    the inputs are exhausted, stops with exit status 1 and prints nothing (the errors said
    why)."""
    extracted = iter(extracted)
    first = next(extracted, None)
    if first is None and nothing_read():
        raise typer.Exit(NOTHING_DONE)
    extracted = chain([first] if first else [], extracted)
    if fmt is Format.jsonl:
        for _, claims in extracted:
            for c in claims:
                sys.stdout.write(json_line(c.to_dict()))
    elif fmt is Format.csv:
        rows = (claim_row(document_record(doc, c)) for doc, claims in extracted for c in claims)
        write_csv(sys.stdout, CLAIM_COLUMNS, csv_rows(rows))
    else:
        out = console()
        cells = [claim_cells(c) for _, claims in extracted for c in claims]
        out.print(fitted_table(_TABLE, cells, out.width, caption=f"{len(cells)} claims"))


@app.command()
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH...",
            help="Text files or folders (- for standard input).",
            show_default=False,
        ),
    ],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    published: Annotated[
        date | None, date_option("Publication date for files without a date line.")
    ] = None,
    lexicon: LexiconOption = None,
    engine: EngineOption = EngineKind.local,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    partition_size: PartitionOption = DEFAULT_PARTITION,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write documents and claims to a Parquet dataset in this folder (for "
            "`claimledger load`, DuckDB, pandas) instead of printing the claims.",
            show_default=False,
        ),
    ] = None,
    allow_private_addresses: AllowPrivateOption = False,
) -> None:
    """Extract every attributed claim from news text."""
    if scheduler and engine is not EngineKind.dask:
        fail("--scheduler needs --engine dask", USAGE)
    # Reading a page is held to the extractor's own default limit, as `ingest` holds it.
    options = ReadOptions(
        fetch=FetchLimits(allow_private_addresses=allow_private_addresses),
        time_limit=DEFAULT_TIME_LIMIT,
    )
    if engine is EngineKind.local and output is None:
        extracted, failures = read_and_extract(paths, published, lexicon, options)
        print_claims(extracted, format, lambda: failures > 0)
        return
    with user_errors(USAGE):
        extractor = Extractor(load_lexicon(lexicon_dirs(lexicon)))
    run = _Streamed(paths, published, options)
    try:
        with open_engine(engine, extractor, workers=workers, scheduler=scheduler) as pool:
            results = extract_documents(run.documents(), pool, partition_size)
            if output is None:
                print_claims(
                    run.extracted(results), format, lambda: not run.read and run.failures > 0
                )
            else:
                from claimledger.engines.dataset import DatasetWriter

                with DatasetWriter(output) as out:
                    for doc, claims in run.extracted(results):
                        out.add(doc, claims)
                say(f"{out.documents} documents, {out.claims} claims → {output}")
    except ClaimledgerError as e:
        fail(str(e))
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    if not run.read and run.failures:
        raise typer.Exit(NOTHING_DONE)


class _Streamed:
    """Documents read lazily and their outcomes, counting what was read and what failed."""

    def __init__(self, paths: list[str], published: date | None, options: ReadOptions) -> None:
        self.paths, self.published, self.options = paths, published, options
        self.read = self.failures = 0

    def failed(self, e: SourceError) -> None:
        self.failures += 1
        report_error(e)

    def documents(self) -> Iterator[Document]:
        for doc in iter_documents(
            self.paths, published=self.published, on_error=self.failed, options=self.options
        ):
            self.read += 1
            yield doc

    def extracted(
        self, results: Iterable[tuple[Document, Outcome]]
    ) -> Iterator[tuple[Document, list[Claim]]]:
        for doc, outcome in results:
            if isinstance(outcome, Failure):
                self.failed(SourceError(doc.source or doc.id, outcome.reason))
            else:
                yield doc, outcome


def _print_score(s: Score, show: bool) -> None:
    out = console()
    out.print(
        f"documents scored: {len(s.documents)}"
        + (f"  (not in gold: {escape(', '.join(s.unscored))})" if s.unscored else "")
    )
    out.print(
        f"precision {s.precision:.4f}   recall {s.recall:.4f}   F1 {s.f1:.4f}"
        f"   (tp {s.tp}, fp {s.fp}, fn {s.fn})"
    )
    table = Table("attribute", "accuracy", "correct", header_style="bold")
    for a in ATTRIBUTES:
        table.add_row(a, f"{s.accuracy(a):.4f}", f"{s.attribute_hits[a]}/{s.attribute_totals[a]}")
    out.print(table)
    if not show:
        return
    for title, items in (("missed", s.missed), ("spurious", s.spurious)):
        if items:
            out.print()
            out.print(f"[bold]{title} ({len(items)})[/bold]")
            for c in items:
                out.print(
                    f"  {c.doc_id}  {c.metric} {c.subject} {value_text(c.value, c.rate)}"
                    f" — {c.evidence.text[:100]}",
                    markup=False,
                )
    if s.mismatches:
        out.print()
        out.print(f"[bold]attribute mismatches ({len(s.mismatches)})[/bold]")
        for m in s.mismatches:
            c = m.claim
            out.print(
                f"  {c.doc_id}  {c.metric} {value_text(c.value, c.rate)}  {m.attribute}:"
                f" gold {m.gold!r} ≠ {m.predicted!r}",
                markup=False,
            )


@app.command("eval")
def eval_command(
    gold: Annotated[
        Path,
        typer.Argument(
            metavar="GOLD.jsonl",
            help="Gold claims: one claim per line, in the JSON form `extract --format jsonl` "
            "prints (README: The claim).",
            show_default=False,
        ),
    ],
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH...", help="The documents the gold file annotates.", show_default=False
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the score as JSON.")] = False,
    show: Annotated[
        bool, typer.Option("--show", help="List missed and spurious claims and mismatches.")
    ] = False,
    published: Annotated[
        date | None, date_option("Publication date for files without a date line.")
    ] = None,
    lexicon: LexiconOption = None,
) -> None:
    """Score extraction against annotated claims: precision, recall, F1 and attribute accuracy."""
    with user_errors(USAGE):
        gold_claims = read_gold(gold)
    extracted, _failures = read_and_extract(paths, published, lexicon)
    if not extracted:
        raise typer.Exit(NOTHING_DONE)
    claims = [c for _, found in extracted for c in found]
    docs = [d.id for d, _ in extracted]
    result = score(gold_claims, claims, docs, load_lexicon(lexicon_dirs(lexicon)))
    if as_json:
        d = result.to_dict()
        if not show:
            for k in ("missed", "spurious", "mismatches"):
                d.pop(k)
        sys.stdout.write(json_line(d, indent=2))
    else:
        _print_score(result, show)
