"""Claimants side by side for one metric and subject (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger import extract
from claimledger.analysis.compare import (
    compare_entries,
    conflict_of,
    resolve_subject,
    side,
)
from claimledger.analysis.entries import Entry
from claimledger.analysis.errors import AnalysisError
from claimledger.cli import app
from claimledger.ledger import Ledger
from claimledger.lexicon import load_lexicon
from claimledger.model import Claim, Document
from tests.support.analysishelp import analysed, claim

FEB17 = date(2023, 2, 17)
WAR = date(2022, 2, 24)
TOTAL = {"start": WAR, "end": FEB17, "cumulative": True}
KILLED = "personnel.killed"

UK = {"claimant": "UK Ministry of Defence", "affiliation": "United Kingdom"}
GS = {"claimant": "Ukrainian General Staff", "affiliation": "Ukraine"}
RU = {"claimant": "Russian Ministry of Defence", "affiliation": "Russia"}


def _doc(doc_id: str, words: str) -> Document:
    # Distinct texts (or one copy) so that near-duplicate grouping is what the test says.
    return Document(doc_id, words, FEB17)


def _ledger_items() -> list[tuple[Document, list[Claim]]]:
    gs_text = (
        "Kyiv's general staff put Russian losses at about 140,000 soldiers since the invasion "
        "began, in its regular morning update published on its social media channels today."
    )
    return [
        (
            _doc("uk", "British defence intelligence estimated Russian dead at 40,000 to "
                 "60,000 in its latest assessment of the war's human toll so far."),
            [claim(KILLED, 40_000, 60_000, doc="uk", **UK, **TOTAL)],  # type: ignore[arg-type]
        ),
        (_doc("gs", gs_text),
         [claim(KILLED, 140_000, qualifier="approx", doc="gs", **GS, **TOTAL)]),  # type: ignore[arg-type]
        (_doc("gs-copy", "Reprinted: " + gs_text),
         [claim(KILLED, 140_000, qualifier="approx", doc="gs-copy", **GS, **TOTAL)]),  # type: ignore[arg-type]
        (
            _doc("ru", "Moscow's defence ministry gave a rare figure for its own dead, saying "
                 "more than 6,000 servicemen had died, far below every outside estimate."),
            [claim(KILLED, 6_000, qualifier="more_than", doc="ru", **RU, **TOTAL)],  # type: ignore[arg-type]
        ),
        (
            _doc("day", "On 16 February alone, the general staff said, 790 Russian soldiers "
                 "were killed along the front, the highest daily figure it has reported."),
            [claim(KILLED, 790, doc="day", start=date(2023, 2, 16), end=date(2023, 2, 16),
                   **GS)],  # type: ignore[arg-type]
        ),
        (
            _doc("ua", "Ukrainian losses remain a closely guarded secret in Kyiv, though a "
                 "US estimate put them near 100,000 killed and wounded in the war."),
            [claim(KILLED, 13_000, doc="ua", subject="Ukraine", **UK, **TOTAL)],  # type: ignore[arg-type]
        ),
    ]  # fmt: skip


def test_compare_puts_claimants_side_by_side(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        ledger.add(_ledger_items())
        periods = ledger.compare(KILLED, "russia")
        assert [(p.start, p.end, p.cumulative) for p in periods] == [
            (date(2023, 2, 16), date(2023, 2, 16), False),
            (WAR, FEB17, True),
        ]
        day, total = periods
        assert [(f.claim.claimant.name, f.side) for f in day.figures] == [
            ("Ukrainian General Staff", "opposing")
        ]
        assert (day.highest, day.lowest, day.spread) == (790, 790, 0)
        assert [
            (f.claim.claimant.name, f.side, f.entry.documents, f.entry.independent)
            for f in total.figures
        ] == [
            ("Russian Ministry of Defence", "own", 1, 1),
            ("Ukrainian General Staff", "opposing", 2, 1),  # a copy is no confirmation
            ("UK Ministry of Defence", "third party", 1, 1),
        ]
        assert (total.highest, total.lowest, total.spread) == (140_000, 6_000, 134_000)
        d = total.to_dict()
        assert d["figures"][0]["value"] == {"low": 6000, "high": None, "qualifier": "more_than"}
        assert d["figures"][2]["value"] == {"low": 40000, "high": 60000, "qualifier": "range"}
        assert (d["spread"], d["ratio"]) == (134_000, pytest.approx(23.3333, abs=1e-4))
        # A date range keeps the periods that overlap it.
        only_day = ledger.compare(
            KILLED, "Russia", since=date(2023, 2, 16), until=date(2023, 2, 16)
        )
        assert [p.cumulative for p in only_day] == [False, True]
        later = ledger.compare(KILLED, "Russia", since=date(2023, 2, 17))
        assert [p.cumulative for p in later] == [True]
        # A proxy's name means its party.
        assert [len(p.figures) for p in ledger.compare(KILLED, "Wagner")] == [1, 3]
        [ua] = ledger.compare(KILLED, "Ukraine")
        assert [f.side for f in ua.figures] == ["third party"]


def test_unknown_names_are_errors(tmp_path: Path) -> None:
    lex = load_lexicon()
    with pytest.raises(AnalysisError, match=r"unknown subject 'Narnia' \(known: "):
        resolve_subject("Narnia", lex)
    with (
        Ledger.open(tmp_path / "l.db") as ledger,
        pytest.raises(
            AnalysisError, match=r"unknown metric 'personnel.kiled' \(did you mean personnel.killed"
        ),
    ):
        ledger.compare("personnel.kiled", "Russia")


def test_sides_follow_the_conflict_registry() -> None:
    lex = load_lexicon()
    gaza = conflict_of("Palestinians", lex, date(2023, 12, 20))
    assert gaza is not None and gaza.id == "israel-hamas-2023"
    ministry = claim(KILLED, 19_667, subject="Palestinians", claimant="Gaza Health Ministry",
                     affiliation="Hamas")  # fmt: skip
    idf = claim(KILLED, 7_000, subject="Hamas", claimant="Israel Defense Forces",
                affiliation="Israel")  # fmt: skip
    outlet = claim(KILLED, 10, claimant=None, affiliation=None)
    assert side(ministry, "Palestinians", gaza) == "own"
    assert side(idf, "Hamas", gaza) == "opposing"
    assert side(outlet, "Russia", None) == "unattributed"


def test_compare_command(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        ledger.add(_ledger_items())
    runner = CliRunner()
    args = ["compare", "--db", ledger_url, "--metric", KILLED, "--subject", "Russia"]
    table = runner.invoke(app, args)
    assert table.exit_code == 0, table.output
    assert "spread 134,000 (6,000 – 140,000)" in table.stdout
    # The table's value cells are the claims table's (claimledger.present): "> 6,000".
    assert "> 6,000" in table.stdout and "40,000–60,000" in table.stdout
    lines = runner.invoke(app, [*args, "-f", "jsonl"]).stdout.splitlines()
    assert [json.loads(x)["spread"] for x in lines] == [0, 134_000]
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, [*args, "-f", "csv"]).stdout)))
    assert [(r["claimant_name"], r["side"], r["spread"]) for r in rows] == [
        ("Ukrainian General Staff", "opposing", "0"),
        ("Russian Ministry of Defence", "own", "134000"),
        ("Ukrainian General Staff", "opposing", "134000"),
        ("UK Ministry of Defence", "third party", "134000"),
    ]
    bad = runner.invoke(
        app, ["compare", "--db", ledger_url, "--metric", "tanks", "--subject", "Russia"]
    )
    assert bad.exit_code == 2
    assert bad.stderr.strip().splitlines() == [
        "claimledger: unknown metric 'tanks' (did you mean equipment.tanks?)"
    ]


# -- Sub-counts (claims.md `subset`) ------------------------------------------------------------

KHERSON = date(2023, 3, 11)
TOLL = (
    "The regional governor said 18 civilians, including six children, were killed in the "
    "shelling of Kherson on Saturday."
)


def test_a_toll_and_its_children_are_not_rivals(ledger_url: str) -> None:
    doc = Document("kherson", TOLL, date(2023, 3, 13))
    found = extract(doc)
    assert [(c.value.low, c.subset) for c in found] == [(18, None), (6, "children")]
    with Ledger.open(ledger_url) as ledger:
        ledger.add([(doc, found)])
        periods = ledger.compare(KILLED, "Ukraine")
    assert [(p.start, p.subset, len(p.figures), p.spread) for p in periods] == [
        (KHERSON, None, 1, 0),
        (KHERSON, "children", 1, 0),
    ]
    assert [p.to_dict()["subset"] for p in periods] == [None, "children"]
    runner = CliRunner()
    args = ["compare", "--db", ledger_url, "--metric", KILLED, "--subject", "Ukraine"]
    table = runner.invoke(app, args)
    assert table.exit_code == 0, table.output
    assert "spread 12" not in table.stdout
    assert "of Ukraine (children), 2023-03-11" in table.stdout
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, [*args, "-f", "csv"]).stdout)))
    assert [(r["subset"], r["value_low"], r["spread"]) for r in rows] == [
        ("", "18", "0"),
        ("children", "6", "0"),
    ]


def test_claimants_compared_within_a_subset() -> None:
    day = {"start": KHERSON, "end": KHERSON}
    entries = [
        _entry(1, claim(KILLED, 7, subject="Ukraine", subset="children", **GS, **day)),  # type: ignore[arg-type]
        _entry(2, claim(KILLED, 5, subject="Ukraine", subset="children", **RU, **day)),  # type: ignore[arg-type]
        _entry(3, claim(KILLED, 40, subject="Ukraine", **RU, **day)),  # type: ignore[arg-type]
    ]  # fmt: skip
    whole, children = compare_entries(entries, KILLED, "Ukraine", load_lexicon())
    assert (whole.subset, [f.claim.value.low for f in whole.figures]) == (None, [40])
    assert (children.subset, children.spread) == ("children", 2)


def _entry(n: int, c: Claim) -> Entry:
    return Entry(n, (analysed(c, document=n, entry=n),), 1, 1)
