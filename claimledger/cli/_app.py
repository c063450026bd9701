"""The Typer app the command modules register on. A module of its own so that they import it
from here, not from the package that imports them (which would be an import cycle)."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="claimledger",
    help="Turn news text into a ledger of attributed casualty and loss claims.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
