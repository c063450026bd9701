"""The SQL of what a ledger records about itself: the user lexicon files its documents were
read with (`lexicon_files`, revision 0011)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import Connection, select

from claimledger.storage.schema import lexicon_files as table


class LexiconFile(NamedTuple):
    name: str  # the file's name in its folder: taxonomy.toml, claimants.toml …
    text: str  # its TOML, whole


def _hash(f: LexiconFile) -> str:
    return hashlib.sha256(f"{f.name}\x00{f.text}".encode()).hexdigest()


def record_lexicon_files(conn: Connection, files: Sequence[LexiconFile]) -> int:
    """Add the files not recorded yet (by name and content); returns how many were added.
    Files are never removed: the claims read with a lexicon stay in the ledger after it."""
    known = set(conn.execute(select(table.c.hash)).scalars())
    now = datetime.now(UTC)
    rows = []
    for f in files:
        h = _hash(f)
        if h not in known:
            known.add(h)
            rows.append({"name": f.name, "hash": h, "text": f.text, "recorded_at": now})
    if rows:
        conn.execute(table.insert(), rows)
    return len(rows)


def lexicon_files(conn: Connection) -> tuple[LexiconFile, ...]:
    rows = conn.execute(select(table.c.name, table.c.text).order_by(table.c.id))
    return tuple(LexiconFile(str(name), str(text)) for name, text in rows)
