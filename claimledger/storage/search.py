"""Full-text search over documents: FTS5 on SQLite, a GIN text-search index on PostgreSQL.

Revision 0006 creates what each backend needs; the database keeps it up to date itself, so the
code that writes documents does not change:

- SQLite: `documents_fts`, an FTS5 table over `documents` (title, text) with the `documents`
  rows as its external content (rowid = documents.id), kept in step by three triggers
  (`documents_fts_ai`, `_ad`, `_au`). Porter stemming: "killed" finds "kill", "kills".
  A later migration that rebuilds `documents` on SQLite (Alembic batch mode copies the table,
  which drops its triggers) must call `create_sqlite_triggers` again; a test checks they exist.
- PostgreSQL: `ix_documents_search`, a GIN index on the English text-search vector of the
  title and the first 100,000 characters of the text (a tsvector cannot exceed 1 MB; news
  articles are far shorter). Queries use `PG_VECTOR`, the index's exact expression.

A search is a list of words (`search_terms`), all of which must occur: never raw query syntax
from a user, so no input can make the query fail or cost more than a few indexed terms.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, literal_column, text

FTS_TABLE = "documents_fts"
PG_INDEX = "ix_documents_search"
PG_CONFIG = "english"
PG_CHARS = 100_000
PG_VECTOR = (
    f"to_tsvector('{PG_CONFIG}'::regconfig, "
    f"left(coalesce(documents.title, '') || ' ' || documents.text, {PG_CHARS}))"
)
_PG_INDEX_DDL = (
    f"CREATE INDEX {PG_INDEX} ON documents USING gin "
    f"(to_tsvector('{PG_CONFIG}'::regconfig, left(coalesce(title, '') || ' ' || text, "
    f"{PG_CHARS})))"
)

MAX_TERMS = 8
MAX_TERM_CHARS = 40
_WORD = re.compile(r"\w+", re.UNICODE)


def search_terms(query: str) -> list[str]:
    """The words of a query, lower-cased and de-duplicated in order: at most MAX_TERMS of at
    most MAX_TERM_CHARS characters each (longer words are cut). Punctuation and operators are
    not syntax here: `"kill* OR -x"` is the words kill, or, x."""
    out: list[str] = []
    for w in _WORD.findall(query.lower()):
        w = w[:MAX_TERM_CHARS]
        if w not in out:
            out.append(w)
        if len(out) == MAX_TERMS:
            break
    return out


def fts5_query(terms: list[str]) -> str:
    """An FTS5 MATCH string requiring every term, each a quoted string (never an operator)."""
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def pg_vector() -> Any:
    """The indexed text-search vector of a `documents` row (PostgreSQL)."""
    return literal_column(PG_VECTOR)


def create(conn: Connection) -> None:
    """Create the search structures for the connection's backend and index every document."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, text, content='documents', "
            "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
        )
        create_sqlite_triggers(conn)
        conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    else:
        conn.execute(text(_PG_INDEX_DDL))


def drop(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for suffix in ("ai", "ad", "au"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{suffix}")
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    else:
        conn.execute(text(f"DROP INDEX IF EXISTS {PG_INDEX}"))


def create_sqlite_triggers(conn: Connection) -> None:
    """The triggers that keep `documents_fts` in step with `documents` (SQLite)."""
    t = FTS_TABLE
    conn.exec_driver_sql(
        f"CREATE TRIGGER IF NOT EXISTS {t}_ai AFTER INSERT ON documents BEGIN "
        f"INSERT INTO {t}(rowid, title, text) VALUES (new.id, new.title, new.text); END"
    )
    conn.exec_driver_sql(
        f"CREATE TRIGGER IF NOT EXISTS {t}_ad AFTER DELETE ON documents BEGIN "
        f"INSERT INTO {t}({t}, rowid, title, text) VALUES ('delete', old.id, old.title, "
        "old.text); END"
    )
    conn.exec_driver_sql(
        f"CREATE TRIGGER IF NOT EXISTS {t}_au AFTER UPDATE OF title, text ON documents BEGIN "
        f"INSERT INTO {t}({t}, rowid, title, text) VALUES ('delete', old.id, old.title, "
        f"old.text); INSERT INTO {t}(rowid, title, text) VALUES (new.id, new.title, new.text); "
        "END"
    )


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """For Alembic's schema comparison: the search structures are not in `schema.metadata`
    (a virtual table and an expression index), so they are left out of it."""
    if type_ == "table" and name is not None and name.startswith(FTS_TABLE):
        return False
    return not (type_ == "index" and name == PG_INDEX)
