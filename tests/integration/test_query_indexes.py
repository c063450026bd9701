"""The indexes behind the `claims` filters (revision 0008): there on both databases, and the
ones SQLite's planner takes for a case-blind filter, so a page of a rare place's claims is not
a scan of every claim."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from claimledger.storage import ClaimFilter, Store
from claimledger.storage.browse import _with_ids
from claimledger.storage.queries import claims_select
from claimledger.storage.schema import claims

LOWERED = {f"ix_claims_lower_{c}" for c in ("subject", "location", "affiliation")}


def test_the_lowered_filter_indexes_exist(ledger_url: str) -> None:
    with Store.open(ledger_url) as store, store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            names = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'"))
        else:
            names = conn.execute(
                text("SELECT indexname FROM pg_indexes WHERE tablename = 'claims'")
            )
        assert set(names.scalars()) >= LOWERED


def test_sqlite_reads_a_filtered_page_through_its_index(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path}/l.db") as store, store.engine.connect() as conn:
        for column, f in (
            ("location", ClaimFilter(location="Bakhmut")),
            ("subject", ClaimFilter(subject="russia")),
            ("affiliation", ClaimFilter(affiliation="Ukraine")),
        ):
            page = _with_ids(claims_select(f)).order_by(None).order_by(claims.c.id).limit(100)
            sql = page.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
            plan = " ".join(r[3] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
            assert f"USING INDEX ix_claims_lower_{column}" in plan, plan
            assert "TEMP B-TREE" not in plan, plan  # stored order straight from the index
