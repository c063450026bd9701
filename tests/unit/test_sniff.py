"""Inputs are read by their bytes, not their names (issue #13): a PNG, PDF, ZIP, gzip … named
.txt, .html, .jsonl or nothing is refused in one line saying what it is, nothing of it is
stored, and the run goes on; a .warc.gz or .jsonl.gz is gzip on purpose and read."""

from __future__ import annotations

import gzip
import io
import re
import sys
from pathlib import Path

import pytest
from conftest import REPO, LocalWeb, Route
from typer.testing import CliRunner, Result

from claimledger.cli import app
from claimledger.errors import SourceError
from claimledger.ledger import Ledger
from claimledger.model import Document
from claimledger.sources import FetchLimits, ReadOptions, iter_documents
from claimledger.sources.sniff import SIGNATURES, Signature, binary_format, identify
from claimledger.sources.text import read_text_file
from tests.support.newsfixtures import ARTICLES, html_page, jsonl_dump, warc_gz

EXAMPLES = REPO / "examples"
PNG = b"\x89PNG\r\n\x1a\n"  # the 8-byte signature alone, once accepted as a text document
# Real-looking starts of files people rename: (bytes, what the error line calls them).
BINARIES = {
    "png": (PNG + b"\x00\x00\x00\rIHDR" + bytes(range(256)), "a PNG image"),
    "pdf": (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" * 20, "a PDF document"),
    "zip": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"report.txt" * 30, "a ZIP archive"),
    "gzip": (gzip.compress(b"Officials said 12 soldiers were killed.\n" * 50), "gzip-compressed"),
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(300), "a JPEG image"),
    "gif": (b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + bytes(100), "a GIF image"),
}
ALL_NAMES = ("x.txt", "x.html", "x.jsonl", "x")


def read(inputs: list[str | Path], **kw: object) -> tuple[list[Document], list[SourceError]]:
    errors: list[SourceError] = []
    docs = list(iter_documents(inputs, on_error=errors.append, **kw))  # type: ignore[arg-type]
    return docs, errors


# Gzip named JSONL is taken as gzipped JSONL (test_gzip_is_read_where_it_is_meant).
CASES = [(k, n) for k in sorted(BINARIES) for n in ALL_NAMES if (k, n) != ("gzip", "x.jsonl")]


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_a_binary_file_is_named_for_what_it_is_whatever_its_name(
    kind: str, name: str, tmp_path: Path
) -> None:
    data, what = BINARIES[kind]
    path = tmp_path / "in" / name
    path.parent.mkdir()
    path.write_bytes(data)
    (tmp_path / "in" / "good.txt").write_text("date 2024-03-01\nThe mayor said 4 were killed.\n")
    docs, errors = read([path.parent])
    assert [d.id for d in docs] == ["good"]  # the run went on
    [err] = errors
    assert err.source == str(path)
    assert err.reason.startswith(what) and err.reason.endswith(", not text")
    assert "\n" not in str(err)


def test_the_bare_png_signature_is_not_a_document(tmp_path: Path) -> None:
    """Eight bytes decode as Windows-1252 ("‰PNG" and a control character): it was stored."""
    path = tmp_path / "x.txt"
    path.write_bytes(PNG)
    with pytest.raises(SourceError) as caught:
        read_text_file(path)
    assert str(caught.value) == f"{path}: a PNG image, not text"


@pytest.mark.parametrize("sig", SIGNATURES, ids=lambda s: f"{s.what}{s.marks[-1][1]!r}")
def test_every_signature_is_named(sig: Signature) -> None:
    head = bytearray(b"\x00" * 600)
    for at, mark in sig.marks:
        head[at : at + len(mark)] = mark
    assert binary_format(bytes(head)) == sig.what
    with pytest.raises(SourceError, match=f"^{re.escape(f'x.txt: {sig.what}, not text')}$"):
        identify(bytes(head), "x.txt", "text")


@pytest.mark.parametrize(
    "start",
    [
        "BMW said 12 workers were hurt.",  # BMP's "BM"
        "ID3 tags aside, 4 people were killed.",  # MP3's "ID3" without its version byte
        "RIFF: 4 soldiers were killed.",
        "PK said 7 people died.",
        "GIF artists said 3 were missing.",
        "Officials said " + "a" * 241 + "mustard gas killed 40.",  # "ustar" where tar has it
    ],
)
def test_text_that_starts_like_a_signature_is_text(start: str) -> None:
    head = start.encode()
    assert binary_format(head) is None
    assert identify(head, "a.txt", "text") == "text"
    assert identify(head, "a", None) == "text"


def test_gzip_is_read_where_it_is_meant(tmp_path: Path) -> None:
    """A .warc.gz and a .jsonl.gz are gzip on purpose, with or without their suffix; gzip
    holding anything else is refused, and gzip holding a PNG says so."""
    (tmp_path / "crawl.warc.gz").write_bytes(warc_gz(ARTICLES))
    (tmp_path / "crawl").write_bytes(warc_gz(ARTICLES))
    (tmp_path / "dump.jsonl.gz").write_bytes(gzip.compress(jsonl_dump(ARTICLES)))
    (tmp_path / "dump").write_bytes(gzip.compress(jsonl_dump(ARTICLES)))
    (tmp_path / "notes.txt.gz").write_bytes(gzip.compress(b"The mayor said 4 were killed.\n"))
    (tmp_path / "shot.txt").write_bytes(gzip.compress(PNG + bytes(100)))
    # Named JSONL, gzip is taken as meant: what it holds is the JSONL reader's to judge.
    (tmp_path / "notes.jsonl").write_bytes(gzip.compress(b"The mayor said 4 were killed.\n"))
    docs, errors = read([tmp_path])
    assert len(docs) == 4 * len(ARTICLES)
    assert sorted(str(e) for e in errors) == [
        f"{tmp_path / 'notes.jsonl'}:1: invalid JSON (Expecting value at column 1)",
        f"{tmp_path / 'notes.txt.gz'}: gzip-compressed data, not text",
        f"{tmp_path / 'shot.txt'}: gzip-compressed data (a PNG image), not text",
    ]


def test_a_png_page_in_an_archive_or_behind_a_url_is_refused(
    tmp_path: Path, web: LocalWeb, monkeypatch: pytest.MonkeyPatch
) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    pages = {"http://a.example/shot": PNG + bytes(64), "http://a.example/ok": None}
    for url, body in pages.items():
        payload = body if body is not None else html_page(ARTICLES[0]).encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url, "response", payload=io.BytesIO(payload), http_headers=headers
            )
        )
    (tmp_path / "crawl.warc.gz").write_bytes(buf.getvalue())
    web.routes["/shot.html"] = Route(PNG + bytes(64), "text/html")
    web.routes["/story"] = Route(html_page(ARTICLES[1]).encode())
    local = ReadOptions(fetch=FetchLimits(allow_private_addresses=True))
    docs, errors = read(
        [tmp_path / "crawl.warc.gz", web.url("/shot.html"), web.url("/story")], options=local
    )
    assert len(docs) == 2
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'crawl.warc.gz'} [http://a.example/shot]: a PNG image, not text",
        f"{web.url('/shot.html')}: a PNG image, not text",
    ]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"%PDF-1.4\n" * 10)))
    docs, errors = read(["-"])
    assert docs == [] and [str(e) for e in errors] == ["<stdin>: a PDF document, not text"]


# -- through the commands: one line, nothing stored, the run goes on ------------------------------

runner = CliRunner()


def cli(*args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args])


def test_cli_ingest_refuses_a_png_named_txt_and_stores_nothing_of_it(tmp_path: Path) -> None:
    """The issue's "Must show": a PNG-headed .txt gets one line naming what it is; nothing is
    stored; the other files are."""
    folder = tmp_path / "examples"
    folder.mkdir()
    for f in sorted(EXAMPLES.glob("*.txt")):
        (folder / f.name).write_bytes(f.read_bytes())
    shot = folder / "x.txt"
    shot.write_bytes(PNG)
    db = tmp_path / "l.db"
    done = cli("ingest", folder, "--db", db)
    assert done.exit_code == 0, done.output
    assert done.stderr.splitlines() == [f"error: {shot}: a PNG image, not text"]
    examples = len(list(EXAMPLES.glob("*.txt")))
    assert f"{examples} documents new, 0 already present, 1 failed" in done.stdout
    with Ledger.open(db, create=False) as ledger:
        ids = sorted(d.id for d in ledger.documents())
        assert ledger.documents(doc_id="x") == []
        assert ledger.claims(doc="x") == []
    assert ids == sorted(f.stem for f in EXAMPLES.glob("*.txt"))

    alone = cli("ingest", shot, "--db", tmp_path / "empty.db")
    assert alone.exit_code == 1  # nothing read
    assert alone.stderr.splitlines() == [f"error: {shot}: a PNG image, not text"]
    with Ledger.open(tmp_path / "empty.db", create=False) as ledger:
        assert ledger.documents() == [] and ledger.claims() == []


def test_cli_extract_refuses_it_alike(tmp_path: Path) -> None:
    shot = tmp_path / "x.txt"
    shot.write_bytes(PNG)
    scan = tmp_path / "report.html"
    scan.write_bytes(BINARIES["pdf"][0])
    done = cli("extract", shot, scan, EXAMPLES, "--format", "jsonl")
    assert done.exit_code == 0
    assert sorted(done.stderr.splitlines()) == sorted(
        [f"error: {shot}: a PNG image, not text", f"error: {scan}: a PDF document, not text"]
    )
    assert '"doc_id": "x"' not in done.stdout and done.stdout.count("\n") > 10
