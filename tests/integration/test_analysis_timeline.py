"""Timelines (claimledger.analysis.timeline): which claims a date range draws, and which are
kept when there are more than a timeline reads. Both databases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import text

from claimledger import Ledger, Timeline
from claimledger.model import Claim
from claimledger.storage.browse import timeline_queries
from tests.support.analysishelp import claim, document

TEXT = "A report with figures in it, long enough to hold evidence for every claim it makes."


def _ledger_with(url: str, items: list[tuple[str, date | None, list[Claim]]]) -> Ledger:
    ledger = Ledger.open(url)
    ledger.add((document(doc_id, TEXT + doc_id, published), cs) for doc_id, published, cs in items)
    return ledger


def _points(tl: Timeline) -> list[tuple[date, float]]:
    return sorted((p.day, p.y) for s in tl.series for p in s.points)


def test_dates_select_the_day_a_point_is_drawn_at(ledger_url: str) -> None:
    killed = "personnel.killed"
    items = [
        # A running total from the start of the war as of 20 June: drawn on 20 June.
        (
            "total",
            date(2023, 6, 21),
            [
                claim(
                    killed,
                    1000,
                    doc="total",
                    start=date(2022, 2, 24),
                    end=date(2023, 6, 20),
                    cumulative=True,
                ),
            ],
        ),
        # A figure for 1-7 May: drawn on 7 May.
        (
            "week",
            date(2023, 5, 8),
            [
                claim(killed, 70, doc="week", start=date(2023, 5, 1), end=date(2023, 5, 7)),
            ],
        ),
        # No period: drawn at its document's publication date.
        ("undated", date(2023, 5, 15), [claim(killed, 5, doc="undated")]),
        ("later", date(2023, 7, 2), [claim(killed, 9, doc="later", end=date(2023, 7, 1))]),
    ]
    with _ledger_with(ledger_url, items) as ledger:
        may = ledger.timeline(killed, "Russia", date(2023, 5, 1), date(2023, 5, 31))
        # The running total's period overlaps May, but it is drawn in June: not in May's chart.
        assert _points(may) == [(date(2023, 5, 7), 70), (date(2023, 5, 15), 5)]
        assert not may.truncated
        everything = ledger.timeline(killed, "Russia")
        assert [d for d, _ in _points(everything)] == [
            date(2023, 5, 7),
            date(2023, 5, 15),
            date(2023, 6, 20),
            date(2023, 7, 1),
        ]


def test_past_the_limit_the_latest_points_are_drawn(ledger_url: str) -> None:
    killed = "personnel.killed"
    items = [
        (f"d{n}", date(2024, 1, n + 1), [claim(killed, n, doc=f"d{n}", end=date(2024, 1, n))])
        for n in range(1, 11)
    ]
    # Stored oldest first: "the first stored" would be the earliest days, not the latest.
    with _ledger_with(ledger_url, items) as ledger:
        tl = ledger.timeline(killed, "Russia", limit=3)
        assert tl.truncated
        assert _points(tl) == [(date(2024, 1, n), n) for n in (8, 9, 10)]
        tl = ledger.timeline(killed, "Russia", until=date(2024, 1, 5), limit=3)
        assert tl.truncated and _points(tl) == [(date(2024, 1, n), n) for n in (3, 4, 5)]
        assert not ledger.timeline(killed, "Russia", limit=10).truncated


def test_the_timeline_index_exists(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger, ledger.store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            names = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'"))
        else:
            names = conn.execute(
                text("SELECT indexname FROM pg_indexes WHERE tablename = 'claims'")
            )
        assert "ix_claims_timeline_day" in set(names.scalars())


def test_sqlite_reads_a_timeline_range_latest_first_from_its_index(tmp_path: Path) -> None:
    with Ledger.open(tmp_path / "l.db") as ledger, ledger.store.engine.connect() as conn:
        dated, _ = timeline_queries(
            "personnel.killed", "Russia", date(2023, 1, 1), date(2023, 12, 31), 10
        )
        sql = dated.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
        plan = " ".join(r[3] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
        assert "USING INDEX ix_claims_timeline_day" in plan, plan
        assert "TEMP B-TREE" not in plan, plan  # latest first straight from the index


def test_a_claimant_s_sub_counts_are_a_series_of_their_own(ledger_url: str) -> None:
    killed = "personnel.killed"
    day = {"start": date(2023, 3, 11), "end": date(2023, 3, 11)}
    toll = claim(killed, 18, doc="toll", subject="Ukraine", group="civilian", **day)  # type: ignore[arg-type]
    part = claim(
        killed, 6, doc="toll", subject="Ukraine", group="civilian", subset="children", at=40, **day
    )  # type: ignore[arg-type]
    with _ledger_with(ledger_url, [("toll", date(2023, 3, 13), [toll, part])]) as ledger:
        ledger.analyse()
        tl = ledger.timeline(killed, "Ukraine")
    assert [(s.claimant, s.subset, [p.y for p in s.points]) for s in tl.series] == [
        ("Ukrainian General Staff", None, [18]),
        ("Ukrainian General Staff", "children", [6]),
    ]
    assert [s["subset"] for s in tl.to_dict()["series"]] == [None, "children"]
