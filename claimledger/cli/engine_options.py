"""Options that choose where extraction runs, shared by `extract` and `ingest`."""

from __future__ import annotations

from typing import Annotated

import typer

from claimledger.engines import EngineKind

EngineOption = Annotated[
    EngineKind,
    typer.Option(
        "--engine",
        help="Where extraction runs: this process (local), local worker processes "
        "(processes), or a Dask cluster (dask: --scheduler's, else a LocalCluster here).",
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        min=1,
        help="Worker processes for --engine processes, or of the LocalCluster --engine dask "
        "starts. Default: one per core.",
        show_default=False,
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        metavar="tcp://HOST:PORT",
        help="The scheduler of a running Dask cluster (with --engine dask); its workers need "
        "claimledger installed.",
        show_default=False,
    ),
]
PartitionOption = Annotated[
    int,
    typer.Option(min=1, help="Documents per task sent to a worker."),
]
