"""Reading options `extract` and `ingest` share."""

from __future__ import annotations

from typing import Annotated

import typer

AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private-addresses",
        help="Fetch URLs (given, linked from feeds, or redirected to) on loopback, private "
        "networks and link-local addresses; by default only public addresses are fetched.",
    ),
]
