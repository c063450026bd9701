"""claimledger.present: one way to show a value, a period, a claimant and a row, whichever face
shows it (issue #13, deliverable 3)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.model import Claim, Claimant, Evidence, Period, Rate, Value
from claimledger.present import (
    CELL_COLUMNS,
    CLAIM_COLUMNS,
    claim_cells,
    claimant_text,
    period_text,
    subject_text,
    value_text,
    value_words,
)
from claimledger.web import render

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
runner = CliRunner()


@pytest.mark.parametrize(
    ("value", "cell", "words"),
    [
        (Value(226, None, "at_least"), "≥ 226", "at least 226"),
        (Value(1100, None, "more_than"), "> 1,100", "more than 1,100"),
        (Value(None, 500, "at_most"), "≤ 500", "up to 500"),
        (Value(None, 10, "less_than"), "< 10", "fewer than 10"),
        (Value(800, 800, "approx"), "~800", "about 800"),
        (Value(20000, 30000, "range"), "20,000–30,000", "20,000–30,000"),
        (Value(239, 239, "exact"), "239", "239"),
        (Value(2.5, 2.5, "exact"), "2.5", "2.5"),
    ],
)
def test_values_as_cells_and_as_words(value: Value, cell: str, words: str) -> None:
    assert value_text(value) == cell
    assert value_words(value) == words


def test_a_rate_follows_its_value_in_words() -> None:
    v = Value(800, 800, "approx")
    assert value_text(v, Rate(0.25, "mile")) == "~800 per quarter mile"
    assert value_words(v, Rate(1, "day")) == "about 800 per day"
    assert value_words(v, Rate(3, "day")) == "about 800 per 3 days"


@pytest.mark.parametrize(
    ("period", "text"),
    [
        (Period(date(2023, 3, 12), date(2023, 3, 12), False), "2023-03-12"),
        (Period(date(2023, 3, 1), date(2023, 3, 12), False), "2023-03-01 – 2023-03-12"),
        (Period(None, date(2023, 3, 12), False), "… – 2023-03-12"),
        (Period(date(2022, 2, 24), date(2023, 3, 12), True), "total as of 2023-03-12"),
        (Period(None, None, False), "undated"),
    ],
)
def test_periods(period: Period, text: str) -> None:
    assert period_text(period) == text


def test_claimants_with_and_without_a_name() -> None:
    assert claimant_text(Claimant("MSF", "independent")) == "MSF (independent)"
    assert claimant_text(Claimant("Ian Stubbs", None)) == "Ian Stubbs"
    # A claim no one is named for is the outlet's own statement, the same wherever shown.
    assert claimant_text(Claimant(None, "Ukraine")) == "the outlet (Ukraine)"
    assert claimant_text(Claimant(None, None)) == "the outlet"


def _claim(**changes: object) -> Claim:
    base = Claim(
        doc_id="d",
        metric="personnel.killed",
        subject="Ukraine",
        value=Value(6, 6, "exact"),
        rate=None,
        claimant=Claimant(None, None),
        period=Period(date(2023, 3, 12), date(2023, 3, 12), False),
        location=None,
        group="civilian",
        evidence=Evidence(0, 1, "x"),
        subset="children",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_the_web_cells_come_from_the_same_module() -> None:
    c = _claim(value=Value(226, None, "at_least"), rate=Rate(0.25, "mile"))
    assert render.value(c) == value_words(c.value, c.rate) == "at least 226 per quarter mile"
    assert render.period(c) == period_text(c.period) == "2023-03-12"
    assert subject_text(c) == "Ukraine (children)"
    assert list(claim_cells(c)) == list(CELL_COLUMNS)


@pytest.fixture(scope="module")
def examples_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("present") / "examples.db"
    done = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db)])
    assert done.exit_code == 0, done.output
    return db


def test_extract_and_claims_write_the_same_csv_columns(examples_ledger: Path) -> None:
    """The Must show of issue #13: `extract examples/ -f csv` and `claims -f csv` after
    ingesting the examples have identical headers, the README's claim columns."""
    extracted = runner.invoke(app, ["extract", str(EXAMPLES), "--format", "csv"])
    listed = runner.invoke(app, ["claims", "--db", str(examples_ledger), "--format", "csv"])
    assert extracted.exit_code == listed.exit_code == 0, extracted.output + listed.output
    header = extracted.stdout.splitlines()[0]
    assert header == listed.stdout.splitlines()[0] == ",".join(CLAIM_COLUMNS)
    # The same claims, cell for cell, but for what only a ledger knows.
    ledger_only = ("entry", "documents", "independent")

    def rows(text: str) -> Counter[tuple[str, ...]]:
        return Counter(
            tuple(v for k, v in row.items() if k not in ledger_only)
            for row in csv.DictReader(io.StringIO(text))
        )

    assert rows(extracted.stdout) == rows(listed.stdout)
    assert all(r["entry"] for r in csv.DictReader(io.StringIO(listed.stdout)))


def test_the_readme_documents_the_claim_columns() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `(\w+)` \|", readme.split("## CSV and Parquet columns")[1], re.M)
    assert tuple(documented[: len(CLAIM_COLUMNS)]) == CLAIM_COLUMNS


def _table_rows(text: str) -> list[tuple[str, ...]]:
    """The rows of a wide table: one line each, cells parted by two spaces or more."""
    lines = text.splitlines()
    body = lines[2:-1]  # header, rule … caption
    return [tuple(re.split(r"\s{2,}", line.strip())) for line in body if line.strip()]


def test_the_same_claim_renders_identically_in_both_tables(examples_ledger: Path) -> None:
    wide = {"COLUMNS": "400"}
    extracted = runner.invoke(app, ["extract", str(EXAMPLES)], env=wide)
    listed = runner.invoke(app, ["claims", "--db", str(examples_ledger)], env=wide)
    assert extracted.exit_code == listed.exit_code == 0
    mine = _table_rows(extracted.stdout)
    theirs = _table_rows(listed.stdout)
    assert len(mine) == len(theirs) > 10
    # `claims` adds one column: how many documents and independent reports carry the claim.
    assert all(re.fullmatch(r"\d+/\d+", row[-1]) for row in theirs)
    assert Counter(mine) == Counter(row[:-1] for row in theirs)
    jsonl = runner.invoke(app, ["extract", str(EXAMPLES), "--format", "jsonl"])
    claims = [Claim.from_dict(json.loads(line)) for line in jsonl.stdout.splitlines()]
    signs = {claim_cells(c)["value"] for c in claims}
    assert any(s.startswith("≥ ") for s in signs), signs  # "≥ 226", never "≥226"
    shown = Counter(tuple(v for v in claim_cells(c).values() if v) for c in claims)
    assert shown == Counter(mine)
