"""`claimledger load`: a Parquet dataset (from `extract --output`) into a ledger. Thin: parse,
call claimledger.engines.dataset, print what came back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from claimledger.cli._app import app
from claimledger.cli._common import DbOption, user_errors
from claimledger.cli.output import err_console, say
from claimledger.errors import SourceError
from claimledger.ledger import Ledger


@app.command()
def load(
    folder: Annotated[
        Path,
        typer.Argument(
            help="A dataset folder written by `extract --output` (or by `export --format "
            "parquet`).",
            show_default=False,
        ),
    ],
    db: DbOption = None,
) -> None:
    """Store a Parquet dataset's documents and claims in the ledger (idempotent)."""
    from claimledger.engines.dataset import load as load_dataset

    def error(err: SourceError) -> None:
        err_console.print(f"error: {escape(str(err))}")

    with user_errors(), Ledger.open(db) as ledger:
        try:
            report = load_dataset(ledger, folder, on_error=error)
        except KeyboardInterrupt:
            err_console.print("interrupted: committed batches are kept; run again to complete")
            raise typer.Exit(130) from None
    c = report.counts
    say(
        f"{ledger.name}: {c.documents_new} documents new, {c.documents_present} already present, "
        f"{c.documents_failed} failed; {c.claims_added} claims added ({report.seconds:.1f} s)"
    )
    if not report.read_anything:
        raise typer.Exit(1)
