"""`claimledger extract` and `claimledger eval`: claims from files, and their score."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from claimledger.cli._app import app
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
from claimledger.extraction.pipeline import DEFAULT_TIME_LIMIT, Extractor
from claimledger.lexicon import load_lexicon
from claimledger.model import Claim, Document
from claimledger.sources import FetchLimits, ReadOptions, iter_documents


class Format(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def report_error(e: SourceError | ClaimledgerError) -> None:
    err_console.print(f"[red]error:[/red] {escape(str(e))}")


def _lexicon_dirs(lexicon: list[Path] | None) -> tuple[Path, ...] | None:
    return tuple(lexicon) if lexicon else None


def read_and_extract(
    paths: list[str],
    published: date | None,
    lexicon: list[Path] | None,
    options: ReadOptions | None = None,
) -> tuple[list[Document], list[Claim], int]:
    """Documents and their claims; reports each unreadable input and counts them."""
    failures = 0

    def on_error(e: SourceError) -> None:
        nonlocal failures
        failures += 1
        report_error(e)

    try:
        extractor = Extractor(load_lexicon(_lexicon_dirs(lexicon)))
    except ClaimledgerError as e:
        report_error(e)
        raise typer.Exit(2) from None
    docs: list[Document] = []
    claims: list[Claim] = []
    for doc in iter_documents(paths, published=published, on_error=on_error, options=options):
        docs.append(doc)
        claims.extend(extractor.extract(doc))
    return docs, claims, failures


CSV_FIELDS = [
    "doc_id", "metric", "subject", "value_low", "value_high", "qualifier", "rate_per", "rate_unit",
    "claimant", "affiliation", "period_start", "period_end", "cumulative", "location", "group",
    "subset", "evidence_start", "evidence_end", "evidence_text",
]  # fmt: skip


def claim_row(c: Claim) -> dict[str, Any]:
    return {
        "doc_id": c.doc_id,
        "metric": c.metric,
        "subject": c.subject,
        "value_low": c.value.to_dict()["low"],
        "value_high": c.value.to_dict()["high"],
        "qualifier": c.value.qualifier,
        "rate_per": c.rate.to_dict()["per"] if c.rate else None,
        "rate_unit": c.rate.unit if c.rate else None,
        "claimant": c.claimant.name,
        "affiliation": c.claimant.affiliation,
        "period_start": c.period.start.isoformat() if c.period.start else None,
        "period_end": c.period.end.isoformat() if c.period.end else None,
        "cumulative": c.period.cumulative,
        "location": c.location,
        "group": c.group,
        "subset": c.subset,
        "evidence_start": c.evidence.start,
        "evidence_end": c.evidence.end,
        "evidence_text": c.evidence.text,
    }


def _value_text(c: Claim) -> str:
    v = c.value.to_dict()
    q = c.value.qualifier
    if q == "range":
        s = f"{v['low']:,}–{v['high']:,}"
    elif v["low"] is None:
        s = f"≤ {v['high']:,}" if q == "at_most" else f"< {v['high']:,}"
    elif v["high"] is None:
        s = f"> {v['low']:,}" if q == "more_than" else f"≥ {v['low']:,}"
    else:
        s = ("~" if q == "approx" else "") + f"{v['low']:,}"
    if c.rate:
        s += f" per {c.rate.to_dict()['per']} {c.rate.unit}"
    return s


def _period_text(c: Claim) -> str:
    p = c.period
    start = p.start.isoformat() if p.start else "…"
    end = p.end.isoformat() if p.end else "…"
    text = end if p.start == p.end and p.start else f"{start} → {end}"
    return text + (" Σ" if p.cumulative else "")


def print_claims(
    claims: Iterable[Claim], fmt: Format, extra: list[dict[str, Any]] | None = None
) -> None:
    if fmt is Format.jsonl:
        for i, c in enumerate(claims):
            d = c.to_dict()
            if extra:
                d.update(extra[i])
            sys.stdout.write(json_line(d))
    elif fmt is Format.csv:
        fields = CSV_FIELDS + (list(extra[0]) if extra else [])
        w = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        rows = (claim_row(c) | (extra[i] if extra else {}) for i, c in enumerate(claims))
        w.writerows(csv_rows(rows))
    else:
        table = Table(show_lines=False, header_style="bold")
        for col in ("doc", "metric", "subject", "value", "claimant", "period", "location"):
            table.add_column(col, overflow="fold")
        for c in claims:
            who = c.claimant.name or "(outlet)"
            if c.claimant.affiliation:
                who += f" [{c.claimant.affiliation}]"
            table.add_row(
                escape(c.doc_id),
                c.metric,
                escape(c.subject or "?"),
                _value_text(c),
                escape(who),
                _period_text(c),
                escape(c.location or ""),
            )
        console().print(table)


@app.command()
def extract(
    paths: Annotated[
        list[str], typer.Argument(help="Text files or folders (- for standard input).")
    ],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date (YYYY-MM-DD) for files without a date line."),
    ] = None,
    lexicon: Annotated[
        list[Path] | None,
        typer.Option(help="A folder of lexicon TOML files extending the built-in ones."),
    ] = None,
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
        raise typer.BadParameter("needs --engine dask", param_hint="--scheduler")
    # Reading a page is held to the extractor's own default limit, as `ingest` holds it.
    options = ReadOptions(
        fetch=FetchLimits(allow_private_addresses=allow_private_addresses),
        time_limit=DEFAULT_TIME_LIMIT,
    )
    if engine is EngineKind.local and output is None:
        docs, claims, failures = read_and_extract(paths, _date(published), lexicon, options)
        print_claims(claims, format)
        if not docs and failures:
            raise typer.Exit(1)
        return
    try:
        extractor = Extractor(load_lexicon(_lexicon_dirs(lexicon)))
    except ClaimledgerError as e:
        report_error(e)
        raise typer.Exit(2) from None
    run = _Streamed(paths, _date(published), options)
    try:
        with open_engine(engine, extractor, workers=workers, scheduler=scheduler) as pool:
            results = extract_documents(run.documents(), pool, partition_size)
            if output is None:
                print_claims(run.claims(results), format)
            else:
                from claimledger.engines.dataset import DatasetWriter

                with DatasetWriter(output) as out:
                    for doc, claims in run.extracted(results):
                        out.add(doc, claims)
                say(f"{out.documents} documents, {out.claims} claims → {output}")
    except ClaimledgerError as e:
        report_error(e)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    if not run.read and run.failures:
        raise typer.Exit(1)


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

    def claims(self, results: Iterable[tuple[Document, Outcome]]) -> Iterator[Claim]:
        for _, claims in self.extracted(results):
            yield from claims


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
                    f"  {c.doc_id}  {c.metric} {c.subject} {_value_text(c)}"
                    f" — {c.evidence.text[:100]}",
                    markup=False,
                )
    if s.mismatches:
        out.print()
        out.print(f"[bold]attribute mismatches ({len(s.mismatches)})[/bold]")
        for m in s.mismatches:
            c = m.claim
            out.print(
                f"  {c.doc_id}  {c.metric} {_value_text(c)}  {m.attribute}:"
                f" gold {m.gold!r} ≠ {m.predicted!r}",
                markup=False,
            )


@app.command("eval")
def eval_command(
    gold: Annotated[
        Path, typer.Argument(help="Gold claims, one JSON object per line (claims.md form).")
    ],
    paths: Annotated[list[str], typer.Argument(help="The documents the gold file annotates.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the score as JSON.")] = False,
    show: Annotated[
        bool, typer.Option("--show", help="List missed and spurious claims and mismatches.")
    ] = False,
    published: Annotated[
        str | None, typer.Option(help="Publication date for files without one.")
    ] = None,
    lexicon: Annotated[list[Path] | None, typer.Option(help="Extra lexicon folder.")] = None,
) -> None:
    """Score extraction against annotated claims: precision, recall, F1 and attribute accuracy."""
    try:
        gold_claims = read_gold(gold)
    except ClaimledgerError as e:
        report_error(e)
        raise typer.Exit(2) from None
    docs, claims, _failures = read_and_extract(paths, _date(published), lexicon)
    if not docs:
        raise typer.Exit(1)
    result = score(gold_claims, claims, [d.id for d in docs], load_lexicon(_lexicon_dirs(lexicon)))
    if as_json:
        d = result.to_dict()
        if not show:
            for k in ("missed", "spurious", "mismatches"):
                d.pop(k)
        sys.stdout.write(json_line(d, indent=2))
    else:
        _print_score(result, show)
