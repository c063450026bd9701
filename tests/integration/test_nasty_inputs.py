"""Hostile and broken input through the real `claimledger ingest`, on SQLite and PostgreSQL:
each file gives a one-line error naming it (or is read), never a traceback, never a hang,
and nothing stored before is lost.

Small files are kept in tests/data/nasty/ (binary data, NUL bytes, invalid UTF-8, mixed
encodings, a JSONL line that is not JSON, a number of 10,000 digits, 31 February, year 99999,
truncated WARC records …). Big ones are made at test time, never committed: a 200 MB single
line (as text and as a JSONL record), decompression bombs in .gz (JSONL, WARC, a trailing
member of inflated zeros, a bare .gz), a million nested <div>s. For those the peak memory of
the ingest process is measured (wait4) and must stay under 1 GB.
"""

from __future__ import annotations

import os
import re
import zlib
from datetime import date
from pathlib import Path

import pytest

from claimledger.ledger import Ledger
from tests.support.ledgerprobe import run_cli, snapshot
from tests.support.newsfixtures import ARTICLES, html_page, warc_gz

NASTY = Path(__file__).parents[1] / "data" / "nasty"
MEMORY_LIMIT_MB = 1024

# Input (file, or file:LINE for a JSONL record) → the reason its one error line must give.
ERRORS = {
    "binary.bin": "binary file (NUL bytes), not text",
    "binary-no-nul.txt": "not UTF-8 or Windows-1252 text (bad byte at offset",
    "nul-bytes.txt": "binary file (NUL bytes), not text",
    "invalid-utf8.txt": "not UTF-8 or Windows-1252 text (bad byte at offset 31)",
    "not-json.jsonl:2": "invalid JSON (Expecting value at column 1)",
    "numbers-and-dates.jsonl:1": "invalid JSON (Exceeds the limit (4300 digits) for integer",
    "deep-json.jsonl:1": "invalid JSON (nested too deeply)",
    "february-31.txt": "invalid date on the first line: 2023-02-31",
    "truncated.warc.gz": "truncated archive (the response record of",
    "truncated-header.warc": "damaged or truncated archive (a record header that cannot be",
    "wrong-length.warc": "truncated archive (the response record of",
    "not-a-warc.warc": "not a WARC file (it does not start with a WARC record)",
    "broken.rss entry 1": "feed entry has no text and no link to fetch",
    "empty.html": "empty file",
    "garbage.html": "not an HTML page (cannot be parsed)",
    # made at test time
    # refused before lxml builds a tree of them (claimledger.sources.markup)
    "deep.html": "page too large to read (more than 100,000 tags)",
    "many-paragraphs.html": "page too large to read (more than 100,000 tags)",
}
# Inputs that are read: document id → what must hold of the stored document.
READ = {
    "nul-late": lambda d: "\x00" not in d.text and "killed in the strike" in d.text,
    "mixed-encoding": lambda d: "café owner in Zürich" in d.text and "near the café" in d.text,
    "utf16": lambda d: d.published == date(2023, 3, 13) and "Kharkiv" in d.text,
    "rec-1": lambda d: d.published == date(2023, 3, 13),
    "rec-2": lambda d: d.source.endswith("not-json.jsonl:3"),
    # 1e400, 2023-02-31, 99999-01-01, a 401-digit integer, NaN: no date, no error
    **{f"rec-{i}": (lambda d: d.published is None) for i in range(3, 8)},
    "big-number": lambda d: d.published == date(2023, 3, 13),
    "year-99999": lambda d: d.published is None and d.text.startswith("date 99999-01-01"),
    "lone-surrogate": lambda d: "\ufffd" in d.text and d.title == "\ufffd",
    "nul-escape": lambda d: "\x00" not in d.text and "killed in Odesa" in d.text,
    "name-\ufffd": lambda d: "\ufffd" in (d.source or ""),
}

ERROR_LINE = re.compile(r"error: (?P<source>.+?): (?P<reason>.+)")


def _good_pages(folder: Path) -> Path:
    folder.mkdir()
    for a in ARTICLES:
        (folder / f"{a.slug}.html").write_text(html_page(a))
    return folder


def _made_at_test_time(folder: Path) -> Path:
    """Small generated inputs: too big or too odd to commit."""
    folder.mkdir()
    depth = 1_000_000
    (folder / "deep.html").write_text(
        "<html><body>" + "<div>" * depth + "<p>The mayor said 4 people were killed.</p>"
        "" + "</div>" * depth + "</body></html>"
    )
    # 100,000 paragraphs (8 MB): trafilatura would take minutes.
    paragraph = "<p>The ministry said 12 soldiers were killed near the river on Tuesday.</p>\n"
    (folder / "many-paragraphs.html").write_text(
        f"<html><body><article>{paragraph * 100_000}</article></body></html>"
    )
    # A file name that is not UTF-8 (bytes on a POSIX file system).
    path = Path(os.fsdecode(os.fsencode(folder) + b"/name-\xff.txt"))
    path.write_text("date 2023-03-13\nThe governor said 9 civilians were killed in Kharkiv.\n")
    return folder


def _errors(stderr: str) -> dict[str, str]:
    """Each stderr line is an error naming its input, or a progress line; → source: reason."""
    found: dict[str, str] = {}
    for line in stderr.splitlines():
        if line.startswith("ingest"):
            continue
        m = ERROR_LINE.fullmatch(line)
        assert m, f"a stderr line that is not a one-line error: {line[:300]!r}"
        source = m["source"]
        key = next((k for k in ERRORS if source.endswith(f"/{k}")), None)
        if key is None:  # a WARC page: "archive [url]"
            key = next((k for k in ERRORS if source.split(" [")[0].endswith(f"/{k}")), None)
        assert key is not None, f"an unexpected error: {line[:300]!r}"
        assert key not in found, f"{key} reported twice"
        found[key] = m["reason"]
    return found


def test_every_nasty_file_gives_its_one_line_error_or_is_read(
    ledger_url: str, tmp_path: Path
) -> None:
    url = ledger_url
    good = _good_pages(tmp_path / "good")
    first = run_cli(["ingest", "--db", url, str(good)])
    assert first.returncode == 0, first.stderr
    before = snapshot(url)
    assert len(before) == len(ARTICLES)

    generated = _made_at_test_time(tmp_path / "generated")
    done = run_cli(["ingest", "--db", url, str(NASTY), str(generated)], timeout=300)
    assert "Traceback" not in done.stderr
    assert done.returncode == 0, done.stderr  # something was read
    found = _errors(done.stderr)
    for key, reason in ERRORS.items():
        assert key in found, f"{key}: no error reported"
        assert found[key].startswith(reason), f"{key}: {found[key]!r}"

    after = snapshot(url)
    assert {h: v for h, v in after.items() if h in before} == before  # nothing lost
    with Ledger.open(url, create=False) as led:
        docs = {d.id: d for d in led.documents()}
        claims = led.claims()
    for doc_id, holds in READ.items():
        assert doc_id in docs, f"{doc_id} was not stored"
        assert holds(docs[doc_id]), f"{doc_id}: {docs[doc_id]!r}"[:500]
    # The 10,000-digit figure is no claim; the 5 wounded next to it is.
    big = [c.claim for c in claims if c.claim.doc_id == "big-number"]
    assert [(c.metric, c.value.low) for c in big] == [("personnel.wounded", 5)]
    verify = run_cli(["verify", "--db", url])
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_time_limits_end_slow_pages_and_slow_extractions(tmp_path: Path) -> None:
    """A page just under the element cap (seconds for trafilatura) and one sentence of
    thousands of clauses (a minute for the extractor) end at --time-limit, one line each."""
    paragraph = "<p>The ministry said 12 soldiers were killed near the river on Tuesday.</p>\n"
    (tmp_path / "slow-page.html").write_text(
        f"<html><body><article>{paragraph * 49_000}</article></body></html>"
    )
    (tmp_path / "long-sentence.txt").write_text(
        "date 2023-03-13\n" + "Officials said 12 soldiers were killed and " * 4000 + "more.\n"
    )
    (tmp_path / "fine.txt").write_text("date 2023-03-13\nThe mayor said 4 people were hurt.\n")
    db = str(tmp_path / "ledger.db")
    done = run_cli(["ingest", "--db", db, "--time-limit", "1", str(tmp_path)], timeout=120)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert sorted(done.stderr.splitlines()) == [
        f"error: {tmp_path / 'long-sentence.txt'}: extraction took longer than 1 s",
        f"error: {tmp_path / 'slow-page.html'}: reading the page took longer than 1 s",
    ]
    assert "1 documents new" in done.stdout
    assert done.seconds < 60


def test_an_attribute_bomb_stops_within_the_time_limit_in_bounded_memory(tmp_path: Path) -> None:
    """One <p> with 100,000 attributes: lxml's parse is quadratic in C code (42 s of CPU, and
    trafilatura parsed it twice); it is refused at once, one line, and the next file stored."""
    attributes = " ".join(f'data-x{i}="{i}"' for i in range(100_000))
    (tmp_path / "attribute-bomb.html").write_text(
        f"<html><body><p {attributes}>The mayor said 4 people were killed.</p></body></html>"
    )
    (tmp_path / "fine.txt").write_text("date 2023-03-13\nThe mayor said 4 people were hurt.\n")
    db = str(tmp_path / "ledger.db")
    idle = run_cli(["ingest", "--db", db, str(tmp_path / "missing.txt")], timeout=120)
    limit = 2.0
    done = run_cli(["ingest", "--db", db, "--time-limit", f"{limit:g}", str(tmp_path)], timeout=120)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        f"error: {tmp_path / 'attribute-bomb.html'}: page refused: a tag with more than 500"
        " attributes"
    ]
    assert "1 documents new" in done.stdout
    spent = done.cpu_seconds - idle.cpu_seconds  # less what starting the command costs
    print(f"\nattribute bomb: {spent:.2f} s CPU past start-up, peak {done.own_peak_mb:.0f} MB")
    assert spent < 2 * limit
    assert 0 < done.own_peak_mb < 500


# -- big inputs, made at test time: bounded memory -----------------------------------------------


def _zeros_member(n: int, fill: bytes = b"\0") -> bytes:
    """One gzip member inflating to n bytes of `fill`."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = (fill * (1 << 20))[: 1 << 20]
    return b"".join(c.compress(chunk) for _ in range(n >> 20)) + c.flush()


@pytest.fixture(scope="module")
def big_inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    sentence = b"The ministry said 12 soldiers were killed near the river. "
    repeats = 200_000_000 // len(sentence) + 1
    with (folder / "line200.txt").open("wb") as f:
        f.write(b"date 2023-03-13\n")
        for _ in range(100):
            f.write(sentence * (repeats // 100 + 1))
        f.write(b"\n")
    with (folder / "line200.jsonl").open("wb") as f:
        f.write(b'{"id": "huge", "text": "')
        for _ in range(100):
            f.write(sentence * (repeats // 100 + 1))
        f.write(b'"}\n{"id": "after", "text": "The governor said 3 people were hurt."}\n')
    zeros = _zeros_member(100 << 20)  # 100 MB of zeros in ~100 KB; 50 copies: 5 GB
    (folder / "bomb.jsonl.gz").write_bytes(zeros * 50)
    (folder / "bomb.gz").write_bytes(zeros * 50)
    (folder / "lines-bomb.jsonl.gz").write_bytes(_zeros_member(100 << 20, b"x\n") * 20)
    header = (
        b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:0000-1>\r\n"
        b"WARC-Target-URI: http://bomb.example/\r\nContent-Type: text/html\r\n"
        b"Content-Length: %d\r\n\r\n" % (50 * (100 << 20))
    )
    (folder / "bomb.warc.gz").write_bytes(_gz(header) + zeros * 50)
    # A good archive followed by a gzip member of 3 GB of zeros where the next record belongs.
    (folder / "trailing-bomb.warc.gz").write_bytes(warc_gz(ARTICLES[:1]) + zeros * 30)
    return folder


def _gz(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


RAISED = ["--max-bytes", "300000000"]  # the reader takes the 200 MB line; the extractor not
BIG = {
    "line200.txt": ([], "file too large (200,"),
    "line200.txt ": (RAISED, "text too long to extract (200,"),
    "line200.jsonl:1": ([], "record too large (200,"),
    "line200.jsonl:1 ": (RAISED, "text too long to extract (200,"),
    "bomb.jsonl.gz": ([], "decompression bomb refused"),
    "bomb.gz": ([], "gzip-compressed data, not text"),
    "lines-bomb.jsonl.gz": ([], "not a JSONL file (no record in its first 100 lines"),
    "bomb.warc.gz": ([], "decompression bomb refused (a record declares 5,242,880,000 bytes"),
    "trailing-bomb.warc.gz": ([], "damaged archive (a line of more than 4,194,304 bytes"),
}


@pytest.mark.parametrize("case", sorted(BIG))
def test_big_and_bomb_inputs_are_refused_in_bounded_memory(
    case: str, big_inputs: Path, tmp_path: Path
) -> None:
    args, reason = BIG[case]
    name = case.strip()
    path = big_inputs / name.split(":")[0]
    db = str(tmp_path / "ledger.db")
    done = run_cli(["ingest", "--db", db, *args, str(path)], timeout=120)
    assert "Traceback" not in done.stderr
    source = f"{path}{name[len(path.name) :]}"  # the file, or file:LINE
    errors = [line for line in done.stderr.splitlines() if not line.startswith("ingest")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {source}: {reason}"), errors
    print(f"\n{name} {' '.join(args)}: peak RSS {done.max_rss_mb:.0f} MB, {done.seconds:.1f} s")
    assert done.max_rss_mb < MEMORY_LIMIT_MB
    assert done.seconds < 60
    if name == "line200.jsonl:1":  # the record after the huge one is still read
        assert "1 documents new" in done.stdout
