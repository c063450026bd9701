"""The command line: parse arguments, call the library, format output — nothing else.

Commands live in one module per area and register themselves on `app`.
"""

from __future__ import annotations

# Registration by import: each module adds its commands to `app`.
import claimledger.cli.extract  # noqa: F401
from claimledger.cli import analysis as _analysis  # noqa: F401
from claimledger.cli import ledger as _ledger  # noqa: F401
from claimledger.cli import load as _load  # noqa: F401
from claimledger.cli import maintenance as _maintenance  # noqa: F401
from claimledger.cli import web as _web  # noqa: F401
from claimledger.cli._app import app

__all__ = ["app", "main"]


def main() -> None:
    app()
