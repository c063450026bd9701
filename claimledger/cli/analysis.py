"""`claimledger compare | check | reference load|check|list`: thin over claimledger.analysis.

Parsing arguments and formatting results only; the analyses are the library's.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from claimledger.analysis.errors import AnalysisError
from claimledger.cli._app import app
from claimledger.cli._common import (
    NOTHING_DONE,
    USAGE,
    Column,
    DbOption,
    LexiconOption,
    date_option,
    fail,
    fitted_table,
    lexicon_dirs,
)
from claimledger.cli.output import TerminalConsole, console, csv_rows, say, write_jsonl
from claimledger.errors import ClaimledgerError
from claimledger.export import write_csv
from claimledger.model import Period
from claimledger.present import (
    claimant_text,
    docs_text,
    per_text,
    period_text,
    value_text,
    value_words,
)


class TableFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class CheckFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


@contextmanager
def _errors() -> Iterator[None]:
    """One line on stderr: exit 2 for a name the analysis does not know (metric, subject,
    reference), 1 for anything else a user can cause (unreadable file, bad ledger)."""
    try:
        yield
    except AnalysisError as exc:
        fail(str(exc), USAGE)
    except ClaimledgerError as exc:
        fail(str(exc), NOTHING_DONE)


def _jsonl(rows: Iterable[dict[str, Any]]) -> None:
    write_jsonl(rows)


def _out() -> TerminalConsole:
    return console()


# -- compare ---------------------------------------------------------------------------------


@app.command()
def compare(
    metric: Annotated[str, typer.Option(help="Metric id, e.g. personnel.killed.")],
    subject: Annotated[str, typer.Option(help="Whose losses, e.g. Russia.")],
    since: Annotated[date | None, date_option("Periods ending on or after this day.")] = None,
    until: Annotated[date | None, date_option("Periods starting on or before this day.")] = None,
    db: DbOption = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
    lexicon: LexiconOption = None,
) -> None:
    """Each claimant's figures for one metric and subject, period by period: ranges and
    qualifiers, own or opposing side, and the spread between the highest and the lowest."""
    from claimledger.ledger import Ledger

    with _errors(), Ledger.open(db, create=False) as ledger:
        periods = ledger.compare(
            metric,
            subject,
            since,
            until,
            lexicon=ledger.lexicon(lexicon_dirs(lexicon)),
        )
    if format is TableFormat.jsonl:
        _jsonl(p.to_dict() for p in periods)
        return
    if format is TableFormat.csv:
        rows = []
        for p in periods:
            d = p.to_dict()
            for f in d["figures"]:
                rows.append(
                    {
                        "metric": p.metric,
                        "subject": p.subject,
                        "period_start": d["period"]["start"],
                        "period_end": d["period"]["end"],
                        "cumulative": p.cumulative,
                        "rate_per": p.rate.per if p.rate else None,
                        "rate_unit": p.rate.unit if p.rate else None,
                        "subset": p.subset,
                        "claimant_name": f["claimant"]["name"],
                        "claimant_affiliation": f["claimant"]["affiliation"],
                        "side": f["side"],
                        "value_low": f["value"]["low"],
                        "value_high": f["value"]["high"],
                        "qualifier": f["value"]["qualifier"],
                        "location": f["location"],
                        "entry": f["entry"],
                        "documents": f["documents"],
                        "independent": f["independent"],
                        "doc_id": f["doc_id"],
                        "highest": d["highest"],
                        "lowest": d["lowest"],
                        "spread": d["spread"],
                    }
                )
        columns = list(rows[0]) if rows else ["metric", "subject", "period_start", "period_end"]
        write_csv(sys.stdout, columns, csv_rows(rows))
        return
    out = _out()
    if not periods:
        out.print(f"no {escape(metric)} claims about {escape(subject)}")
        return
    for p in periods:
        d = p.to_dict()
        when = period_text(Period(p.start, p.end, p.cumulative))
        rate = f", {per_text(p.rate)}" if p.rate else ""
        spread = ""
        if d["spread"] is not None and len(p.figures) > 1:
            spread = f": spread {d['spread']:,} ({d['lowest']:,} – {d['highest']:,})"
        # The heading on a line of its own: a table title would wrap inside the numbers.
        of = f"{p.subject} ({p.subset})" if p.subset else p.subject
        out.print(escape(f"{p.metric} of {of}, {when}{rate}{spread}"), soft_wrap=True)
        rows = [
            {
                "claimant": claimant_text(f.claim.claimant),
                "side": f.side,
                "value": value_text(f.claim.value, f.claim.rate),
                "place": f.claim.location or "",
                "docs": docs_text(f.entry.documents, f.entry.independent),
                "doc": f.claim.doc_id,
            }
            for f in p.figures
        ]
        out.print(fitted_table(_COMPARE_TABLE, rows, out.width))


# Figures and counts stay whole; names wrap at word boundaries.
_COMPARE_TABLE = [
    Column("claimant"),
    Column("side", whole=True),
    Column("value", figures=True),
    Column("place"),
    Column("docs", whole=True, justify="right"),
    Column("doc"),
]


# -- check -------------------------------------------------------------------------------------


@app.command()
def check(
    db: DbOption = None,
    format: Annotated[CheckFormat, typer.Option("--format", "-f")] = CheckFormat.table,
    lexicon: LexiconOption = None,
) -> None:
    """Every inconsistency in the ledger: its kind, severity, a one-sentence explanation with
    the numbers, and the evidence. Exit status 0 whether or not there are any."""
    from claimledger.ledger import Ledger

    with _errors(), Ledger.open(db, create=False) as ledger:
        findings = ledger.check(ledger.lexicon(lexicon_dirs(lexicon)))
    if format is CheckFormat.jsonl:
        _jsonl(f.to_dict() for f in findings)
        return
    console = _out()
    for f in findings:
        console.print(escape(f"[{f.severity}] {f.kind}: {f.explanation}"), soft_wrap=True)
        # Each sentence of evidence once, however many of its claims the finding involves.
        sentences: dict[tuple[str, int], list[str]] = {}
        texts: dict[tuple[str, int], str] = {}
        for a in f.evidence:
            c = a.record.claim
            key = (c.doc_id, c.evidence.start)
            sentences.setdefault(key, []).append(value_words(c.value))
            texts[key] = " ".join(c.evidence.text.split())
        for (doc_id, start), values in sentences.items():
            text = texts[(doc_id, start)]
            if len(text) > 160:
                text = text[:157] + "…"
            figures = ", ".join(values) if len(values) <= 3 else f"{len(values)} figures"
            console.print(escape(f"    {doc_id} @{start} ({figures}): {text}"), soft_wrap=True)
    console.print(f"{len(findings)} inconsistenc{'y' if len(findings) == 1 else 'ies'}")


# -- reference ---------------------------------------------------------------------------------

reference_app = typer.Typer(
    help="Reference series (Ukrainian MoD daily losses, Oryx): load, list, check claims.",
    no_args_is_help=True,
)
app.add_typer(reference_app, name="reference")


@reference_app.command("load")
def reference_load(
    source: Annotated[str, typer.Argument(help="Which data set: ua-mod or oryx.")],
    path: Annotated[Path, typer.Argument(help="Its folder, or one of its files.")],
    db: DbOption = None,
    lexicon: LexiconOption = None,
) -> None:
    """Read a reference data set into the ledger (replacing an earlier load of it)."""
    from claimledger.ledger import Ledger

    with _errors(), Ledger.open(db) as ledger:
        r = ledger.load_reference(source, path, ledger.lexicon(lexicon_dirs(lexicon)))
    say(
        f"{r.source}: {r.series} series, {r.values:,} daily values, {r.first} – {r.last} "
        f"(from {r.path})"
    )


@reference_app.command("list")
def reference_list(db: DbOption = None) -> None:
    """The reference series loaded in the ledger."""
    from claimledger.ledger import Ledger

    with _errors(), Ledger.open(db, create=False) as ledger:
        series = ledger.reader.series()
    rows = [
        {
            "source": s.source,
            "subject": s.subject,
            "column": s.name,
            "values": f"{s.values:,}",
            "first": str(s.first),
            "last": str(s.last),
        }
        for s in series
    ]
    out = _out()
    out.print(fitted_table(_SERIES_TABLE, rows, out.width, caption=f"{len(series)} series"))


_SERIES_TABLE = [
    Column("source"),
    Column("subject"),
    Column("column"),
    Column("values", whole=True, justify="right"),
    Column("first", whole=True),
    Column("last", whole=True),
]


_MARK = {"matches": "✓", "differs": "✗", "no value": "–"}


@reference_app.command("check")
def reference_check(
    db: DbOption = None,
    source: Annotated[str | None, typer.Option(help="Only this data set (ua-mod, oryx).")] = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
    lexicon: LexiconOption = None,
) -> None:
    """Line every claim a loaded reference covers up with it: the reference's value on the
    claimed date, the difference, and the dates on which it reports exactly that total."""
    from claimledger.ledger import Ledger

    with _errors(), Ledger.open(db, create=False) as ledger:
        lines = ledger.reference_check(source, ledger.lexicon(lexicon_dirs(lexicon)))
        if not lines and not ledger.reader.series(source):
            fail(
                f"no {source or 'reference'} series loaded "
                "(claimledger reference load ua-mod|oryx PATH)",
                NOTHING_DONE,
            )
    if format is TableFormat.jsonl:
        _jsonl(line.to_dict() for line in lines)
        return
    if format is TableFormat.csv:
        rows = []
        for line in lines:
            d = line.to_dict()
            rows.append(
                {
                    "source": d["source"],
                    "entry": d["entry"],
                    "doc_id": d["doc_id"],
                    "metric": d["metric"],
                    "subject": d["subject"],
                    "claimant_name": d["claimant"]["name"],
                    "value_low": d["value"]["low"],
                    "value_high": d["value"]["high"],
                    "qualifier": d["value"]["qualifier"],
                    "kind": d["kind"],
                    "on": d["on"],
                    "start": d["start"],
                    "reference": d["reference"],
                    "difference": d["difference"],
                    "status": d["status"],
                    "last_date": d["last"]["date"] if d["last"] else None,
                    "last_value": d["last"]["value"] if d["last"] else None,
                    "same_value": ";".join(a if a == b else f"{a}/{b}" for a, b in d["same_value"]),
                }
            )
        write_csv(sys.stdout, list(rows[0]) if rows else ["source", "entry"], csv_rows(rows))
        return
    console = _out()
    for line in lines:
        console.print(f"{_MARK[line.status]} {escape(line.summary())}", soft_wrap=True)
    counts = {s: sum(1 for x in lines if x.status == s) for s in _MARK}
    console.print(
        f"{len(lines)} claims checked: {counts['matches']} match, {counts['differs']} differ, "
        f"{counts['no value']} without a reference value"
    )
