"""The lexicon travels with the ledger: the user lexicon files ingest read the documents with
(`--lexicon`) are recorded in it, and check, compare, reference and the dashboard analyse the
ledger with them — unless told another lexicon (`--lexicon`, CLAIMLEDGER_LEXICON)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner, Result

from claimledger.cli import app
from claimledger.errors import LexiconError
from claimledger.ledger import Ledger
from claimledger.lexicon import ledger_lexicon, load_lexicon
from claimledger.storage import Store
from claimledger.web.app import create_app

RADARS = "equipment.radars"
TAXONOMY = (
    '[[metric]]\nid = "equipment.radars"\nkind = "equipment"\n'
    'terms = ["radars", "radar stations"]\n'
)
# Two running totals of the same claimant, the later one lower: a `cumulative_falls` finding.
EARLIER = (
    "Ukraine's military said on Friday that Russia has lost 40 radars since the start of the "
    "full-scale invasion.\n"
)
LATER = (
    "Ukraine's military said on Monday that Russia has lost 30 radars since the start of the "
    "full-scale invasion.\n"
)

runner = CliRunner()


def run(*args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


@pytest.fixture(autouse=True)
def no_lexicon_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("CLAIMLEDGER_LEXICON", raising=False)
    load_lexicon.cache_clear()
    yield
    load_lexicon.cache_clear()


def user_lexicon(folder: Path) -> Path:
    folder.mkdir()
    (folder / "taxonomy.toml").write_text(TAXONOMY, encoding="utf-8")
    return folder


@pytest.fixture
def radar_ledger(tmp_path: Path) -> Path:
    """A ledger of two documents whose radar claims were read with a user lexicon, which is
    then deleted: what the analyses find must come from the ledger itself."""
    lex = user_lexicon(tmp_path / "lexicon")
    (tmp_path / "a.txt").write_text(EARLIER, encoding="utf-8")
    (tmp_path / "b.txt").write_text(LATER, encoding="utf-8")
    db = tmp_path / "radars.db"
    for name, published in (("a.txt", "2023-03-10"), ("b.txt", "2023-03-20")):
        r = run("ingest", tmp_path / name, "--db", db, "--published", published, "--lexicon", lex)
        assert r.exit_code == 0, r.output
    (lex / "taxonomy.toml").unlink()
    lex.rmdir()
    return db


def test_a_custom_metric_ingested_with_lexicon_appears_in_check_and_compare(
    radar_ledger: Path, tmp_path: Path
) -> None:
    found = run("check", "--db", radar_ledger, "--format", "jsonl")
    assert found.exit_code == 0, found.output
    findings = [json.loads(line) for line in found.stdout.splitlines()]
    falls = [f for f in findings if f["kind"] == "cumulative_falls"]
    assert len(falls) == 1, findings
    assert {e["metric"] for e in falls[0]["evidence"]} == {RADARS}
    assert "radars" in run("check", "--db", radar_ledger).stdout

    compared = run(
        "compare", "--metric", RADARS, "--subject", "Russia", "--db", radar_ledger, "-f", "jsonl"
    )
    assert compared.exit_code == 0, compared.output
    periods = [json.loads(line) for line in compared.stdout.splitlines()]
    assert [(p["metric"], p["period"]["end"]) for p in periods] == [
        (RADARS, "2023-03-10"),
        (RADARS, "2023-03-20"),
    ]
    assert [[f["value"]["low"] for f in p["figures"]] for p in periods] == [[40], [30]]
    table = run("compare", "--metric", RADARS, "--subject", "Russia", "--db", radar_ledger)
    assert table.exit_code == 0 and "equipment.radars of Russia" in table.stdout

    # An explicit lexicon replaces the recorded one: without the metric, it is unknown.
    empty = tmp_path / "empty"
    empty.mkdir()
    unknown = run(
        "compare", "--metric", RADARS, "--subject", "Russia", "--db", radar_ledger,
        "--lexicon", empty,
    )  # fmt: skip
    assert unknown.exit_code == 2
    assert "unknown metric 'equipment.radars'" in unknown.output


def test_a_custom_metric_ingested_with_lexicon_appears_on_the_dashboard(
    radar_ledger: Path, tmp_path: Path
) -> None:
    store = Store.open_readonly(radar_ledger)
    try:
        with TestClient(create_app(store), base_url="http://127.0.0.1") as c:
            metrics = c.get("/api/metrics").json()
            assert [m["metric"] for m in metrics] == [RADARS]
            compared = c.get("/api/compare", params={"metric": RADARS, "subject": "Russia"})
            assert compared.status_code == 200, compared.text
            assert [p["metric"] for p in compared.json()["items"]] == [RADARS, RADARS]
            tl = c.get("/api/timeline", params={"metric": RADARS, "subject": "Russia"})
            assert tl.status_code == 200, tl.text
            [series] = tl.json()["series"]
            assert [p["y"] for p in series["points"]] == [40, 30]
            checks = c.get("/api/checks").json()
            assert [f["kind"] for f in checks["items"]] == ["cumulative_falls"]
            # The pages: the timeline and compare of the metric, the check naming it.
            page = c.get("/timeline", params={"metric": RADARS, "subject": "Russia"})
            assert page.status_code == 200 and "equipment.radars" in page.text
            page = c.get("/compare", params={"metric": RADARS, "subject": "Russia"})
            assert page.status_code == 200 and "40" in page.text and "30" in page.text
            assert "radars" in c.get("/checks").text
    finally:
        store.close()
    # Served with an explicit lexicon that lacks it, the metric is unknown to the analyses.
    store = Store.open_readonly(radar_ledger)
    try:
        app = create_app(store, lexicon_dirs=())
        with TestClient(app, base_url="http://127.0.0.1") as c:
            r = c.get("/api/compare", params={"metric": RADARS, "subject": "Russia"})
            assert r.status_code == 200  # () means "none given": the recorded lexicon
        empty = tmp_path / "empty"
        empty.mkdir()
        app = create_app(store, lexicon_dirs=(empty,))  # a folder without the metric
        with TestClient(app, base_url="http://127.0.0.1") as c:
            r = c.get("/api/compare", params={"metric": RADARS, "subject": "Russia"})
            assert r.status_code == 404 and "unknown metric" in r.json()["detail"]
    finally:
        store.close()


def test_files_are_recorded_once_and_kept(ledger_url: str, tmp_path: Path) -> None:
    lex = user_lexicon(tmp_path / "lexicon")
    other = tmp_path / "other"
    other.mkdir()
    claimants = (
        '[[claimant]]\nname = "Southern Defence Forces"\naffiliation = "Ukraine"\n'
        'kind = "body"\naliases = ["Ukraine\'s southern command"]\n'
    )
    (other / "claimants.toml").write_text(claimants, encoding="utf-8")
    with Ledger.open(ledger_url) as ledger:
        assert ledger.reader.lexicon_files() == ()
        assert RADARS not in ledger.lexicon().metrics  # nothing recorded: the built-in one
        assert ledger.record_lexicon([lex]) == 1
        assert ledger.record_lexicon([lex]) == 0  # the same file again: recorded once
        assert ledger.record_lexicon([other, lex]) == 1
        assert ledger.record_lexicon([]) == 0  # an ingest without --lexicon removes nothing
        files = ledger.reader.lexicon_files()
        assert [(f.name, f.text) for f in files] == [
            ("taxonomy.toml", TAXONOMY),
            ("claimants.toml", claimants),
        ]
        lexicon = ledger.lexicon()
        assert RADARS in lexicon.metrics
        assert lexicon.claimant_by_alias("Ukraine's southern command") is not None
        assert lexicon is ledger.lexicon()  # built once per recorded set
        # An explicit folder, or the environment's, replaces what was recorded.
        assert RADARS not in ledger.lexicon((other,)).metrics


def test_the_environment_is_recorded_and_replaces_the_recorded_lexicon(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lex = user_lexicon(tmp_path / "lexicon")
    monkeypatch.setenv("CLAIMLEDGER_LEXICON", str(lex))
    with Ledger.open(tmp_path / "l.db") as ledger:
        assert ledger.record_lexicon(None) == 1
        assert RADARS in ledger.lexicon().metrics
        monkeypatch.setenv("CLAIMLEDGER_LEXICON", str(tmp_path))  # a folder without files
        assert RADARS not in ledger.lexicon().metrics
        monkeypatch.delenv("CLAIMLEDGER_LEXICON")
        assert RADARS in ledger.lexicon().metrics


def test_a_recorded_file_that_no_longer_validates_is_one_lexicon_error() -> None:
    with pytest.raises(LexiconError) as err:
        ledger_lexicon([("taxonomy.toml", "[[metric]]\nid = 3\n")])
    assert "taxonomy.toml (recorded in the ledger)" in str(err.value)
    with pytest.raises(LexiconError, match="not valid TOML"):
        ledger_lexicon([("taxonomy.toml", "[[metric")])
    with pytest.raises(LexiconError, match="unknown lexicon file"):
        ledger_lexicon([("notes.toml", "")])
