"""`claimledger extract`: the claims.md JSON form, CSV and table output, bad inputs reported one
line each with honest exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import LocalWeb, Route
from typer.testing import CliRunner, Result

from claimledger.cli import app
from claimledger.present import CLAIM_COLUMNS

ARTICLE = (
    "date 2023-03-13 Home World Europe\n"
    "Fighting continued in the east on Monday.\n"
    "Serhiy Cherevatyi, spokesman for Ukraine's Eastern Military Command, said 239 Russian "
    "soldiers were killed and another 293 injured around Bakhmut on 12 March.\n"
    "Russia lost 14 tanks in the past 24 hours, the General Staff of the Armed Forces of "
    "Ukraine said.\n"
)
BODY = ARTICLE.split("\n", 1)[1]
FIELDS = {
    "doc_id",
    "metric",
    "subject",
    "value",
    "rate",
    "claimant",
    "period",
    "location",
    "group",
    "subset",
    "evidence",
}

runner = CliRunner()


def run(*args: str | Path) -> Result:
    return runner.invoke(app, ["extract", *(str(a) for a in args)])


def article(tmp_path: Path, name: str = "bakhmut-2023-03-13.txt", text: str = ARTICLE) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_jsonl_has_exactly_the_claims_md_fields(tmp_path: Path) -> None:
    result = run(article(tmp_path), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 3
    for row in rows:
        assert set(row) == FIELDS
        assert set(row["value"]) == {"low", "high", "qualifier"}
        assert set(row["claimant"]) == {"name", "affiliation"}
        assert set(row["period"]) == {"start", "end", "cumulative"}
        assert set(row["evidence"]) == {"start", "end", "text"}
    killed, wounded, tanks = rows
    assert killed == {
        "doc_id": "bakhmut-2023-03-13",
        "metric": "personnel.killed",
        "subject": "Russia",
        "value": {"low": 239, "high": 239, "qualifier": "exact"},
        "rate": None,
        "claimant": {"name": "Serhiy Cherevatyi", "affiliation": "Ukraine"},
        "period": {"start": "2023-03-12", "end": "2023-03-12", "cumulative": False},
        "location": "Bakhmut",
        "group": "military",
        "subset": None,
        "evidence": killed["evidence"],
    }
    assert (wounded["metric"], wounded["value"]["low"]) == ("personnel.wounded", 293)
    assert tanks["metric"] == "equipment.tanks"
    assert tanks["claimant"] == {"name": "Ukrainian General Staff", "affiliation": "Ukraine"}
    assert tanks["period"] == {"start": "2023-03-12", "end": "2023-03-13", "cumulative": False}
    assert tanks["group"] is None
    # integral values print as integers
    assert '"low": 239,' in result.stdout.splitlines()[0]


def test_evidence_offsets_index_the_document_text(tmp_path: Path) -> None:
    result = run(article(tmp_path), "--format", "jsonl")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    for row in rows:
        ev = row["evidence"]
        assert BODY[ev["start"] : ev["end"]] == ev["text"]
    assert "239 Russian soldiers were killed" in rows[0]["evidence"]["text"]
    assert rows[2]["evidence"]["text"].startswith("Russia lost 14 tanks")


def test_csv_has_a_header_and_one_row_per_claim(tmp_path: Path) -> None:
    result = run(article(tmp_path), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 3
    # The README's claim columns, as `claims` and `export` write them (issue #13).
    assert result.stdout.splitlines()[0] == ",".join(CLAIM_COLUMNS)
    first = rows[0]
    assert first["doc_id"] == "bakhmut-2023-03-13"
    assert (first["metric"], first["value_low"], first["value_high"]) == (
        "personnel.killed",
        "239",
        "239",
    )
    assert (first["claimant_name"], first["claimant_affiliation"]) == (
        "Serhiy Cherevatyi",
        "Ukraine",
    )
    assert first["document_hash"] and first["published"] == "2023-03-13"
    assert (first["entry"], first["documents"], first["independent"]) == ("", "", "")
    assert (first["period_start"], first["period_end"]) == ("2023-03-12", "2023-03-12")
    assert first["location"] == "Bakhmut"
    assert [r["metric"] for r in rows] == [
        "personnel.killed",
        "personnel.wounded",
        "equipment.tanks",
    ]


def test_table_renders(tmp_path: Path) -> None:
    result = run(article(tmp_path, name="short.txt"), "--format", "table")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for word in ("metric", "subject", "claimant", "Russia", "Bakhmut", "239", "293", "14"):
        assert word in out, word


def test_published_option_for_files_without_a_date_line(tmp_path: Path) -> None:
    path = article(tmp_path, text=BODY)
    result = run(path, "--format", "jsonl", "--published", "2023-03-13")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[2]["period"] == {"start": "2023-03-12", "end": "2023-03-13", "cumulative": False}


def test_bad_published_option_is_a_usage_error(tmp_path: Path) -> None:
    result = run(article(tmp_path), "--published", "13/03/2023")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_folder_with_bad_files_reports_each_and_outputs_the_good_one(tmp_path: Path) -> None:
    article(tmp_path, name="good.txt")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02\x03binary")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run(tmp_path, "--format", "jsonl")
    assert result.exit_code == 0
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 2
    assert all(line.startswith("error: ") for line in errors)
    assert any(str(tmp_path / "blob.txt") in line and "binary" in line for line in errors)
    assert any(str(tmp_path / "empty.txt") in line and "empty" in line for line in errors)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 3
    assert {r["doc_id"] for r in rows} == {"good"}


def test_only_bad_inputs_exit_1(tmp_path: Path) -> None:
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02\x03binary")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run(tmp_path / "blob.txt", tmp_path / "empty.txt", "--format", "jsonl")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len([line for line in result.stderr.splitlines() if line.startswith("error: ")]) == 2


def test_missing_path_is_a_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    result = run(missing, "--format", "jsonl")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {missing}: no such file or folder"
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_lexicon_folder_is_a_one_line_error(tmp_path: Path) -> None:
    lexicon = tmp_path / "lexicon"
    lexicon.mkdir()
    (lexicon / "weapons.toml").write_text("x = 1\n", encoding="utf-8")
    result = run(article(tmp_path), "--lexicon", lexicon)
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("claimledger: ") and "weapons.toml" in line


# Strings from inputs are untrusted: a file name, a JSONL id or a feed GUID may hold newlines,
# terminal escape sequences and bidi overrides. Printed, they are escaped (one error stays one
# line, the terminal gets no command); in JSON lines they parse back to the same string.
FORGED_ID = "evil\x1b]0;owned\x07\x1b[2J\u202eid\nerror: forged"
FORGED_SHOWN = "evil\\x1b]0;owned\\x07\\x1b[2J\\u202eid\\nerror: forged"


def hostile_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "feed.jsonl"
    record = {"id": FORGED_ID, "text": BODY, "published": "2023-03-13"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def test_a_file_name_with_a_newline_and_escapes_is_one_escaped_error_line(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "nope\nerror: forged\x1b]0;owned\x07\x1b[2J\u202e.txt"
    result = run(missing, "--format", "jsonl")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line == (
        f"error: {tmp_path}/nope\\nerror: forged\\x1b]0;owned\\x07\\x1b[2J\\u202e.txt: "
        "no such file or folder"
    )


def test_markup_in_a_file_name_is_text(tmp_path: Path) -> None:
    missing = tmp_path / "[/red][bold]x.txt"
    result = run(missing)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {missing}: no such file or folder"


def test_a_hostile_doc_id_is_escaped_in_the_table_and_exact_in_json(tmp_path: Path) -> None:
    source = hostile_jsonl(tmp_path)
    table = runner.invoke(app, ["extract", str(source)], env={"COLUMNS": "400"})
    assert table.exit_code == 0, table.output
    assert FORGED_SHOWN in table.stdout
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in table.stdout
    assert not any(line.startswith("error: forged") for line in table.stdout.splitlines())
    as_json = run(source, "--format", "jsonl")
    assert "\u202e" not in as_json.stdout and "\x1b" not in as_json.stdout
    assert {json.loads(line)["doc_id"] for line in as_json.stdout.splitlines()} == {FORGED_ID}


def test_a_url_on_a_private_address_needs_allow_private_addresses(web: LocalWeb) -> None:
    page = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in BODY.splitlines())
    web.routes["/story"] = Route((page + "</article></body></html>").encode())
    url = web.url("/story")
    refused = run(url, "--format", "jsonl")
    assert refused.exit_code == 1 and refused.stdout == ""
    assert refused.stderr.strip() == (
        f"error: {url}: refused: 127.0.0.1 is not a public address (--allow-private-addresses"
        " fetches it)"
    )
    allowed = run(url, "--format", "jsonl", "--allow-private-addresses")
    assert allowed.exit_code == 0, allowed.output
    assert len(allowed.stdout.splitlines()) == 3
