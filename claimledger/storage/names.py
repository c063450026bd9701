"""The names a ledger holds: its claims' metrics and subjects and its claimants (what a filter
that matches nothing is checked against, to suggest the name meant)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, select

from claimledger.storage.schema import claimants, claims


@dataclass(frozen=True, slots=True)
class LedgerNames:
    metrics: tuple[str, ...]
    subjects: tuple[str, ...]
    claimants: tuple[str, ...]


def ledger_names(conn: Connection) -> LedgerNames:
    def column(stmt: Select[Any]) -> tuple[str, ...]:
        return tuple(sorted(str(x) for x in conn.execute(stmt).scalars() if x))

    return LedgerNames(
        column(select(claims.c.metric).distinct()),
        column(select(claims.c.subject).distinct()),
        column(select(claimants.c.name)),
    )
