"""`claimledger ingest | claims | export`: thin commands, one-line errors, honest exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LocalWeb, Route
from rich.console import Console
from typer.testing import CliRunner, Result

import claimledger.cli.ledger as cli_ledger
from claimledger.cli import app

runner = CliRunner()


def run(*args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args])


def test_ingest_twice_then_claims_jsonl_equals_extract(ledger_url: str, shared: Path) -> None:
    corpus = shared / "corpus" / "dev"
    first = run("ingest", corpus, "--db", ledger_url)
    assert first.exit_code == 0, first.output
    assert "15 documents new, 0 already present, 0 failed" in first.stdout
    second = run("ingest", corpus, "--db", ledger_url)
    assert second.exit_code == 0
    assert "0 documents new, 15 already present, 0 failed; 0 claims added" in second.stdout

    listed = run("claims", "--db", ledger_url, "--format", "jsonl")
    extracted = run("extract", corpus, "--format", "jsonl")
    assert listed.exit_code == 0 and extracted.exit_code == 0
    ours = [json.loads(line) for line in listed.stdout.splitlines()]
    theirs = [json.loads(line) for line in extracted.stdout.splitlines()]
    assert len(ours) == len(theirs) > 0
    extra = ["url", "title", "published", "entry", "documents", "independent"]
    assert [{k: d[k] for k in d if k not in extra} for d in ours] == theirs
    # The claims.md fields first, exactly; then the document's, then the ledger entry's.
    assert all(list(d)[: -len(extra)] == list(t) for d, t in zip(ours, theirs, strict=True))
    assert all(list(d)[-len(extra) :] == extra for d in ours)
    assert all(d["documents"] == d["independent"] == 1 for d in ours)  # no copies in dev
    bakhmut = [d for d in ours if d["doc_id"] == "bakhmut-2023-03-13"]
    assert bakhmut and all(d["published"] == "2023-03-13" for d in bakhmut)


def test_claims_filters_and_formats(ledger_url: str, shared: Path) -> None:
    assert run("ingest", shared / "corpus" / "dev", "--db", ledger_url).exit_code == 0
    everything = run("claims", "--db", ledger_url, "-f", "jsonl").stdout.splitlines()
    killed = [json.loads(x) for x in everything if '"metric": "personnel.killed"' in x]
    result = run("claims", "--db", ledger_url, "-f", "jsonl", "--metric", "personnel.killed")
    assert [json.loads(x) for x in result.stdout.splitlines()] == killed
    as_csv = run("claims", "--db", ledger_url, "-f", "csv", "--metric", "personnel.killed")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["doc_id"] for r in rows] == [d["doc_id"] for d in killed]
    assert [r["evidence_text"] for r in rows] == [d["evidence"]["text"] for d in killed]
    assert rows[0]["published"] == killed[0]["published"]
    since = run("claims", "--db", ledger_url, "-f", "jsonl", "--since", "2024-01-01")
    for d in map(json.loads, since.stdout.splitlines()):
        assert (d["period"]["end"] or d["period"]["start"] or d["published"]) >= "2024-01-01"
    table = run("claims", "--db", ledger_url, "--doc", "bakhmut-2023-03-13")
    assert table.exit_code == 0 and "claims" in table.stdout and "Bakhmut" in table.stdout
    bad_date = run("claims", "--db", ledger_url, "--since", "March")
    assert bad_date.exit_code == 2


def test_claims_show_the_subset_of_a_sub_count(tmp_path: Path) -> None:
    article = tmp_path / "kherson.txt"
    article.write_text(
        "date 2023-03-13\n\nThe regional governor said 18 civilians, including six children, "
        "were killed in the shelling of Kherson on Saturday.\n",
        encoding="utf-8",
    )
    db = tmp_path / "l.db"
    assert run("ingest", article, "--db", db).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(run("claims", "--db", db, "-f", "csv").stdout)))
    assert [(r["value_low"], r["subset"]) for r in rows] == [("18", ""), ("6", "children")]
    lines = run("claims", "--db", db, "-f", "jsonl").stdout.splitlines()
    assert [json.loads(x)["subset"] for x in lines] == [None, "children"]
    table = runner.invoke(app, ["claims", "--db", str(db)], env={"COLUMNS": "200"})
    assert "Ukraine (children)" in table.stdout


def test_export_command(tmp_path: Path, shared: Path) -> None:
    db = tmp_path / "l.db"
    assert run("ingest", shared / "corpus" / "dev", "--db", db).exit_code == 0
    result = run("export", "--db", db, "--format", "parquet", "--output", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "claims.parquet").is_file()
    assert "15 documents" in result.stdout
    bad = run("export", "--db", db, "--format", "csv", "--output", db)
    assert bad.exit_code == 1
    assert bad.stderr.strip() == f"claimledger: {db}: exists and is not a folder"


def test_ingest_reports_bad_inputs_in_one_line_each(tmp_path: Path, shared: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text((shared / "seeds" / "000_3e06b5849fb51a24.txt").read_text())
    (folder / "empty.txt").write_text("")
    result = run("ingest", folder, tmp_path / "missing", "--db", tmp_path / "l.db")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"error: {folder / 'empty.txt'}: empty file",
        f"error: {tmp_path / 'missing'}: no such file or folder",
    ]
    assert "1 documents new, 0 already present, 2 failed" in result.stdout


def test_exit_status_is_nonzero_only_when_nothing_was_read(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = run("ingest", tmp_path / "empty.txt", "--db", tmp_path / "l.db")
    assert result.exit_code == 1
    assert "0 documents new, 0 already present, 1 failed" in result.stdout


def test_default_db_is_claimledger_db_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text("date 2023-01-01\nNo figures here.\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMLEDGER_DB", raising=False)
    assert run("ingest", "a.txt").exit_code == 0
    assert (tmp_path / "claimledger.db").is_file()
    monkeypatch.setenv("CLAIMLEDGER_DB", str(tmp_path / "env.db"))
    assert run("ingest", "a.txt").exit_code == 0
    assert (tmp_path / "env.db").is_file()


@pytest.mark.parametrize(
    ("db", "message"),
    [
        ("{tmp}/no/such/dir/l.db", "folder '{tmp}/no/such/dir' does not exist"),
        ("{tmp}/notes.txt", "file is not a database"),
        ("mysql://u@h/db", "unsupported database 'mysql'"),
        ("postgresql+psycopg://u:pw@127.0.0.1:9/x", "connection"),
    ],
)
def test_bad_db_is_one_line_without_traceback(tmp_path: Path, db: str, message: str) -> None:
    (tmp_path / "notes.txt").write_text("shopping list\n" * 300)
    proc = subprocess.run(
        [sys.executable, "-m", "claimledger", "claims", "--db", db.format(tmp=tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    [line] = proc.stderr.splitlines()
    assert line.startswith("claimledger: ") and message.format(tmp=tmp_path) in line
    assert "pw" not in line


def test_reading_a_ledger_that_is_not_there_creates_nothing(tmp_path: Path) -> None:
    result = run("claims", "--db", tmp_path / "typo.db")
    assert result.exit_code == 1
    assert result.stderr.startswith("claimledger: sqlite+pysqlite:///")
    assert "no ledger here yet" in result.stderr
    assert not (tmp_path / "typo.db").exists()


def test_bad_field_mapping_is_a_usage_error(tmp_path: Path) -> None:
    result = run("ingest", tmp_path, "--field", "colour=red", "--db", tmp_path / "l.db")
    assert result.exit_code == 2
    assert "bad field mapping" in result.output


def test_progress_plain_lines_off_a_terminal(
    tmp_path: Path, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_ledger._ProgressView, "PLAIN_EVERY", 0.0)
    result = run("ingest", shared / "corpus" / "dev", "--db", tmp_path / "l.db")
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("ingest")]
    assert len(lines) >= 10
    assert lines[-1].startswith("ingest (100%): 15 docs: 15 new, 0 present, 0 failed; ")


def test_progress_bar_on_a_terminal(
    tmp_path: Path, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120)
    monkeypatch.setattr(cli_ledger, "err_console", console)
    result = run("ingest", shared / "corpus" / "dev", "--db", tmp_path / "l.db")
    assert result.exit_code == 0
    drawn = screen.getvalue()
    assert "━" in drawn and "100%" in drawn and "15 docs: 15 new" in drawn


def test_hostile_strings_reach_the_terminal_escaped(tmp_path: Path) -> None:
    """A doc_id (JSONL id, feed GUID) with ESC sequences, a bidi override and a newline, and a
    file name with a newline: `claims -f table` and the error lines show them escaped."""
    forged = "evil\x1b]0;owned\x07\x1b[2J\u202eid\nerror: forged"
    body = (
        "Serhiy Cherevatyi, spokesman for Ukraine's Eastern Military Command, said 239 Russian "
        "soldiers were killed around Bakhmut on 12 March."
    )
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": forged, "text": body, "published": "2023-03-13"}) + "\n")
    db = tmp_path / "l.db"
    ingested = run("ingest", feed, tmp_path / "gone\nerror: forged\x1b[2J", "--db", db)
    assert ingested.exit_code == 0
    assert ingested.stderr.splitlines() == [
        f"error: {tmp_path}/gone\\nerror: forged\\x1b[2J: no such file or folder"
    ]
    table = runner.invoke(app, ["claims", "--db", str(db)], env={"COLUMNS": "400"})
    assert "evil\\x1b]0;owned\\x07\\x1b[2J\\u202eid\\nerror: forged" in table.stdout
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in table.stdout
    entries = runner.invoke(app, ["claims", "--entries", "--db", str(db)], env={"COLUMNS": "400"})
    assert "\x1b" not in entries.stdout and "\\x1b]0;owned" in entries.stdout
    # Off a terminal, CSV and JSON lines carry the string itself.
    rows = list(csv.DictReader(io.StringIO(run("claims", "--db", db, "-f", "csv").stdout)))
    assert [r["doc_id"] for r in rows] == [forged]
    lines = run("claims", "--db", db, "-f", "jsonl").stdout.splitlines()
    assert "\u202e" not in lines[0] and json.loads(lines[0])["doc_id"] == forged


def test_ingest_fetches_a_private_address_only_when_allowed(tmp_path: Path, web: LocalWeb) -> None:
    page = "<html><body><article><p>The mayor said 4 people were killed in the town on Monday."
    web.routes["/story"] = Route((page + "</p></article></body></html>").encode())
    db = tmp_path / "l.db"
    url = web.url("/story")
    refused = run("ingest", "--db", db, url)
    assert refused.exit_code == 1 and web.hits == []
    assert refused.stderr.strip().splitlines()[0] == (
        f"error: {url}: refused: 127.0.0.1 is not a public address (--allow-private-addresses"
        " fetches it)"
    )
    allowed = run("ingest", "--db", db, "--allow-private-addresses", url)
    assert allowed.exit_code == 0, allowed.output
    assert "1 documents new" in allowed.stdout and web.hits == ["/story"]
