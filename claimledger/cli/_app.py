"""The Typer app the command modules register on. A module of its own so that they import it
from here, not from the package that imports them (which would be an import cycle)."""

from __future__ import annotations

from typing import Annotated

import typer

from claimledger.cli._common import OneLineErrors, version_callback

app = typer.Typer(
    name="claimledger",
    help="Turn news text into a ledger of attributed casualty and loss claims.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=OneLineErrors,
)


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """Turn news text into a ledger of attributed casualty and loss claims."""
