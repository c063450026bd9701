"""Export: documents and claims as CSV, JSONL and Parquet that pandas and DuckDB read back."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from claimledger import extract
from claimledger.engines.dataset import load
from claimledger.export import CLAIM_COLUMNS, DOCUMENT_COLUMNS, ExportError, claim_row
from claimledger.ledger import Ledger
from claimledger.model import Claim as ClaimModel
from claimledger.model import Claimant, Document, Evidence, Period, Value
from claimledger.present import entry_fields


@pytest.fixture
def ledger(ledger_url: str, shared: Path) -> Iterator[Ledger]:
    with Ledger.open(ledger_url) as led:
        led.ingest([shared / "corpus" / "dev"])
        yield led


def read(path: Path) -> pd.DataFrame:
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if path.suffix == ".csv":
        return pd.read_csv(path, keep_default_na=False, na_values=[""])
    return pd.read_json(path, lines=True, dtype=False)


def plain(v: Any) -> Any:
    """A cell as a comparable Python value: NaN/NaT/None → None, dates → ISO strings."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
        return None
    if hasattr(v, "isoformat"):
        return v.isoformat()[:10]
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    return v


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_reads_back_in_pandas(ledger: Ledger, tmp_path: Path, fmt: str) -> None:
    result = ledger.export(tmp_path / "out", fmt)
    assert result.documents_path == tmp_path / "out" / f"documents.{fmt}"
    assert result.claims_path == tmp_path / "out" / f"claims.{fmt}"
    docs, claims = read(result.documents_path), read(result.claims_path)
    assert tuple(docs.columns) == DOCUMENT_COLUMNS
    assert tuple(claims.columns) == CLAIM_COLUMNS
    stored_docs = ledger.documents()
    assert result.documents == len(docs) == len(stored_docs)
    assert list(docs["hash"]) == [d.hash for d in stored_docs]
    assert list(docs["text"]) == [d.text for d in stored_docs]
    assert [plain(v) for v in docs["published"]] == [
        d.published.isoformat() if d.published else None for d in stored_docs
    ]
    # Every claim with its ledger entry, in the order `claims` lists them.
    expected = [
        claim_row(a.record, entry_fields(a.entry, a.documents, a.independent))
        for a in ledger.analysed()
    ]
    assert [row["doc_id"] for row in expected] == [r.claim.doc_id for r in ledger.claims()]
    assert all(row["entry"] is not None for row in expected)
    assert result.claims == len(claims) == len(expected) > 0
    for column in CLAIM_COLUMNS:
        want = [plain(row[column]) for row in expected]
        got = [plain(v) for v in claims[column]]
        if column in ("value_low", "value_high", "rate_per"):
            got = [None if g is None else float(g) for g in got]
        assert got == want, column


def test_parquet_types_and_duckdb_join(ledger: Ledger, tmp_path: Path) -> None:
    out = tmp_path / "pq"
    ledger.export(out, "parquet")
    claims = pd.read_parquet(out / "claims.parquet")
    assert str(claims["value_low"].dtype) == "float64"
    assert str(claims["cumulative"].dtype) == "bool"
    con = duckdb.connect()
    rows = con.execute(
        f"""
        SELECT d.doc_id, count(*) AS n
        FROM '{out / "claims.parquet"}' c JOIN '{out / "documents.parquet"}' d
          ON c.document_hash = d.hash
        GROUP BY d.doc_id ORDER BY d.doc_id
        """
    ).fetchall()
    per_doc: dict[str, int] = {}
    for r in ledger.claims():
        per_doc[r.claim.doc_id] = per_doc.get(r.claim.doc_id, 0) + 1
    assert rows == sorted(per_doc.items())
    typ = con.execute(f"DESCRIBE SELECT published FROM '{out / 'documents.parquet'}'").fetchone()
    assert typ is not None and typ[1] == "DATE"


def test_parquet_figures_are_integers_unless_one_is_fractional(tmp_path: Path) -> None:
    """Counts stay int64 in Parquet (they were float64, "226.0"); a fractional figure (a
    distance) makes the column float64 so that nothing is rounded."""
    doc = Document("toll", TOLL, date(2023, 3, 13))
    with Ledger.open(tmp_path / "counts.db") as led:
        led.add([(doc, extract(doc))])
        led.export(tmp_path / "counts", "parquet")
    con = duckdb.connect()
    types = dict(
        con.execute(
            f"DESCRIBE SELECT * FROM '{tmp_path / 'counts' / 'claims.parquet'}'"
        ).fetchall()[i][:2]
        for i in range(len(CLAIM_COLUMNS))
    )
    assert types["value_low"] == types["value_high"] == "BIGINT"
    assert types["entry"] == types["documents"] == types["independent"] == "BIGINT"
    assert pd.read_parquet(tmp_path / "counts" / "claims.parquet")["value_low"].tolist() == [
        18,
        6,
    ]
    advance = ClaimModel(
        doc_id="toll",
        metric="territory.advance_km",
        subject="Russia",
        value=Value(2.5, 2.5, "exact"),
        rate=None,
        claimant=Claimant(None, None),
        period=Period(date(2023, 3, 13), date(2023, 3, 13), False),
        location=None,
        group=None,
        evidence=Evidence(0, 10, TOLL[:10]),
    )
    with Ledger.open(tmp_path / "km.db") as led:
        led.add([(doc, [advance])])
        led.export(tmp_path / "km", "parquet")
    km = pd.read_parquet(tmp_path / "km" / "claims.parquet")
    assert km["value_low"].tolist() == [2.5] and str(km["value_low"].dtype) == "float64"


def test_export_over_existing_files_and_bad_outputs(ledger: Ledger, tmp_path: Path) -> None:
    out = tmp_path / "again"
    first = ledger.export(out, "csv")
    second = ledger.export(out, "csv")
    assert first == second and sorted(p.name for p in out.iterdir()) == [
        "claims.csv",
        "documents.csv",
    ]
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(ExportError, match="not a folder"):
        ledger.export(tmp_path / "a-file", "csv")
    with pytest.raises(ExportError, match="unknown export format"):
        ledger.export(out, "xlsx")


# -- Sub-counts (claims.md `subset`) ------------------------------------------------------------

TOLL = "The governor said 18 civilians, including six children, were killed in Kherson."


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_has_a_subset_column_and_load_keeps_it(
    ledger_url: str, tmp_path: Path, fmt: str
) -> None:
    doc = Document("toll", TOLL, date(2023, 3, 13))
    with Ledger.open(ledger_url) as led:
        led.add([(doc, extract(doc))])
        stored = [r.claim for r in led.claims()]
        assert [c.subset for c in stored] == [None, "children"]
        led.export(tmp_path / "out", fmt)
    assert CLAIM_COLUMNS.index("subset") == CLAIM_COLUMNS.index("group") + 1
    rows = read(tmp_path / "out" / f"claims.{fmt}")
    assert [plain(v) for v in rows["subset"]] == [None, "children"]
    if fmt == "parquet":  # an export folder loads into another ledger as it was
        with Ledger.open(tmp_path / "copy.db") as copy:
            load(copy, tmp_path / "out")
            assert [r.claim for r in copy.claims()] == stored


def test_a_dataset_written_before_subsets_loads_as_whole_counts(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    doc = Document("toll", TOLL, date(2023, 3, 13))
    with Ledger.open(tmp_path / "a.db") as led:
        led.add([(doc, extract(doc))])
        led.export(tmp_path / "out", "parquet")
    path = tmp_path / "out" / "claims.parquet"
    pq.write_table(pq.read_table(path).drop_columns(["subset"]), path)
    with Ledger.open(tmp_path / "b.db") as copy:
        load(copy, tmp_path / "out")
        assert [(r.claim.value.low, r.claim.subset) for r in copy.claims()] == [
            (18, None),
            (6, None),
        ]
