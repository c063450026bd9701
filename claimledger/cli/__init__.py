"""The command line: parse arguments, call the library, format output — nothing else.

Commands live in one module per area and register themselves on `app`.
"""

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


# Registration by import: each module adds its commands to `app`.
import claimledger.cli.extract  # noqa: E402,F401
from claimledger.cli import analysis as _analysis  # noqa: E402,F401
from claimledger.cli import ledger as _ledger  # noqa: E402,F401
from claimledger.cli import load as _load  # noqa: E402,F401
from claimledger.cli import maintenance as _maintenance  # noqa: E402,F401
from claimledger.cli import web as _web  # noqa: E402,F401


def main() -> None:
    app()
