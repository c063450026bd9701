"""`claimledger verify | backup`: a ledger's integrity, and a consistent copy of it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from claimledger.cli._app import app
from claimledger.cli._common import DbOption, user_errors
from claimledger.cli.output import err_console, say
from claimledger.ledger import Ledger


@app.command()
def verify(db: DbOption = None) -> None:
    """Check the ledger's integrity: foreign keys, content hashes against the stored texts,
    evidence offsets inside their documents, every claim row decodable, documents stored
    whole. Each problem is one line on stdout; exit status 1 when there is any."""
    with user_errors(), Ledger.open(db, create=False) as ledger:
        problems, checked = ledger.verify()
        name = ledger.name
    for p in problems:
        say(f"problem: {p}")
    summary = f"{checked.documents:,} documents and {checked.claims:,} claims checked"
    if problems:
        err_console.print(f"{escape(name)}: {len(problems)} problems; {summary}")
        raise typer.Exit(1)
    say(f"{name}: ok; {summary}")


@app.command()
def backup(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The file to write the copy to.", show_default=False),
    ],
    db: DbOption = None,
    overwrite: Annotated[bool, typer.Option(help="Replace OUTPUT if it exists.")] = False,
) -> None:
    """Copy a SQLite ledger into one file with SQLite's online backup API: consistent even
    while other processes write to it. (PostgreSQL: pg_dump; see docs/reliability.md.)"""
    with user_errors(), Ledger.open(db, create=False) as ledger:
        result = ledger.backup(output, overwrite=overwrite)
    say(
        f"{result.path}: {result.documents:,} documents, {result.claims:,} claims "
        f"({result.bytes / 1e6:.1f} MB)"
    )
