"""Ingest with the real extractor, on SQLite and PostgreSQL: every format in, idempotent,
claims as `extract` gives them, interruptions and bad inputs survived."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from conftest import LocalWeb, Route

from claimledger import extract
from claimledger.errors import SourceError
from claimledger.ledger import IngestProgress, Ledger
from claimledger.model import Claim, Document
from claimledger.sources import FetchLimits, ReadOptions, iter_documents
from tests.support.newsfixtures import ARTICLES, html_page, jsonl_dump, rss_feed, warc_gz

# The local test server is on loopback: a run fetches there only when allowed.
LOCAL = ReadOptions(fetch=FetchLimits(allow_private_addresses=True))


def extracted(inputs: Sequence[str | Path]) -> dict[str, tuple[Document, list[Claim]]]:
    """What the extractor gives for each readable document, by content hash; of documents
    with the same text, the first (the one a ledger keeps)."""
    out: dict[str, tuple[Document, list[Claim]]] = {}
    for d in iter_documents(inputs, on_error=lambda e: None, options=LOCAL):
        if d.hash not in out:
            out[d.hash] = (d, extract(d))
    return out


def stored(ledger: Ledger) -> dict[str, list[Claim]]:
    out: dict[str, list[Claim]] = {d.hash: [] for d in ledger.documents()}
    for rec in ledger.claims():
        out[rec.document_hash].append(rec.claim)
    return out


def test_dev_corpus_twice_adds_nothing_the_second_time(ledger_url: str, shared: Path) -> None:
    corpus = shared / "corpus" / "dev"
    with Ledger.open(ledger_url) as ledger:
        first = ledger.ingest([corpus])
        second = ledger.ingest([corpus])
        files = sorted(corpus.glob("*.txt"))
        expected = [c for f in files for c in extract(next(iter_documents([f])))]
        got = ledger.claims()
    assert first.counts.documents_new == len(files)
    assert first.counts.claims_added == len(expected) > 0
    assert (second.counts.documents_new, second.counts.claims_added) == (0, 0)
    assert second.counts.documents_present == len(files)
    assert [r.claim.to_dict() for r in got] == [c.to_dict() for c in expected]
    assert [r.claim.subject_surface for r in got] == [c.subject_surface for c in expected]


def test_every_source_format_is_ingested_with_its_metadata(
    ledger_url: str, tmp_path: Path, web: LocalWeb
) -> None:
    river, _, drone = ARTICLES
    (tmp_path / "page.html").write_text(html_page(river))
    (tmp_path / "crawl.warc.gz").write_bytes(warc_gz(ARTICLES))
    (tmp_path / "dump.jsonl").write_bytes(jsonl_dump(ARTICLES))
    links = {a.slug: web.url(f"/story/{a.slug}") for a in ARTICLES}
    for a in ARTICLES:
        web.routes[f"/story/{a.slug}"] = Route(html_page(a).encode())
    web.routes["/feed"] = Route(rss_feed(ARTICLES, link_for=links, full=set()), "text/xml")
    inputs = [
        str(tmp_path / "page.html"),
        str(tmp_path / "crawl.warc.gz"),
        str(tmp_path / "dump.jsonl"),
        web.url("/feed"),
        web.url(f"/story/{drone.slug}"),
    ]
    expected = extracted(inputs)
    with Ledger.open(ledger_url) as ledger:
        report = ledger.ingest(inputs, options=LOCAL)
        docs = {d.hash: d for d in ledger.documents()}
        claims = stored(ledger)
    assert report.errors == ()
    # A page's text is the same whichever way it came (file, WARC, feed, URL): stored once.
    assert report.counts.documents_new == len(expected) == 6
    assert report.counts.documents_present == 11 - 6
    assert docs == {h: d for h, (d, _) in expected.items()}
    assert claims == {h: c for h, (_, c) in expected.items()}
    assert report.counts.claims_added == sum(len(c) for c in claims.values()) > 0
    page = next(d for d in docs.values() if d.id == "page")
    assert (page.title, page.url, page.published, page.outlet) == (
        river.title,
        river.url,
        date.fromisoformat(river.published),
        river.site,
    )
    records = {d.id: d for d in docs.values()}
    for a in ARTICLES:
        rec = records[f"rec-{a.slug}"]  # from the JSONL dump: its own fields
        assert (rec.title, rec.url, rec.published) == (
            a.title,
            a.url,
            date.fromisoformat(a.published),
        )


def test_interrupted_run_keeps_whole_documents_and_a_rerun_completes(
    ledger_url: str, shared: Path
) -> None:
    corpus = shared / "corpus" / "dev"
    expected = extracted([corpus])

    def interrupt_after_7(p: IngestProgress) -> None:
        if p.documents == 7:
            raise KeyboardInterrupt

    with Ledger.open(ledger_url) as ledger:
        with pytest.raises(KeyboardInterrupt):
            ledger.ingest([corpus], progress=interrupt_after_7, batch_size=3)
        partial = stored(ledger)
        [run] = ledger.runs()
        # Two whole batches were committed; the one being filled was lost.
        assert len(partial) == 6
        assert all(partial[h] == expected[h][1] for h in partial)
        assert run.status == "interrupted" and run.counts.documents_new == 6
        report = ledger.ingest([corpus], batch_size=3)
        assert report.counts.documents_new == len(expected) - 6
        assert report.counts.documents_present == 6
        assert stored(ledger) == {h: c for h, (_, c) in expected.items()}


def test_bad_files_are_named_once_and_nothing_stored_is_lost(
    ledger_url: str, tmp_path: Path, shared: Path
) -> None:
    before = tmp_path / "before"
    shutil.copytree(shared / "corpus" / "dev", before)
    bad = tmp_path / "mixed"
    bad.mkdir()
    (bad / "scan.pdf").write_bytes(b"%PDF-1.4\n\x00\x01\x02\xff" * 200)
    (bad / "empty.txt").write_bytes(b"")
    data = warc_gz(ARTICLES)
    (bad / "cut.warc.gz").write_bytes(data[: len(data) // 2])
    (bad / "latin1.txt").write_bytes(
        "date 2023-02-10\nThe mayor of Kharkiv said 6 civilians were killed in a strike on a "
        "caf\xe9 near the central market.\n".encode("latin-1")
    )
    (bad / "good.html").write_text(html_page(ARTICLES[2]))
    errors: list[SourceError] = []
    with Ledger.open(ledger_url) as ledger:
        ledger.ingest([before])
        kept = stored(ledger)
        report = ledger.ingest([bad], on_error=errors.append)
        after = stored(ledger)
        latin = ledger.documents(doc_id="latin1")
    assert sorted(Path(e.source.split(" [")[0]).name for e in errors) == [
        "cut.warc.gz",
        "empty.txt",
        "scan.pdf",
    ]
    assert list(report.errors) == errors
    assert all(after[h] == c for h, c in kept.items())  # nothing lost
    new = set(after) - set(kept)
    # latin1.txt, good.html and the complete page at the start of the cut archive
    assert report.counts.documents_new == len(new) == 3
    assert report.counts.documents_failed == 3
    assert latin[0].text.startswith("The mayor") and "café" in latin[0].text
    assert latin[0].published == date(2023, 2, 10)


def test_a_document_the_extractor_fails_on_is_reported_and_skipped(
    ledger_url: str, tmp_path: Path
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for a in ARTICLES:
        (pages / f"{a.slug}.html").write_text(html_page(a))

    def fails_on_winter(doc: Document) -> list[Claim]:
        if doc.id == "winter-toll":
            raise RuntimeError("cannot parse\nthis one")
        return extract(doc)

    with Ledger.open(ledger_url) as ledger:
        report = ledger.ingest([pages], extractor=fails_on_winter)
        ids = {d.id for d in ledger.documents()}
    assert ids == {"river-crossing", "drone-night"}
    [err] = report.errors
    assert err.source.endswith("winter-toll.html")
    assert err.reason == "extraction failed (cannot parse this one)"
    assert report.read_anything


def test_nothing_readable(ledger_url: str, tmp_path: Path) -> None:
    with Ledger.open(ledger_url) as ledger:
        report = ledger.ingest([tmp_path / "missing.txt"])
    assert not report.read_anything
    assert [str(e) for e in report.errors] == [
        f"{tmp_path / 'missing.txt'}: no such file or folder"
    ]


def test_a_record_over_a_column_bound_is_refused_alone(ledger_url: str, tmp_path: Path) -> None:
    """A JSONL `language` of 100 characters overflowed VARCHAR(35) on PostgreSQL and aborted
    the run (0 of 10 records stored; SQLite stored all 10). Now the reader refuses that record,
    one line, and cuts an id or outlet too long for an index; the others are stored."""
    import json

    records = [
        {"id": f"r{n}", "text": f"The mayor said {n + 2} people were killed in the town."}
        for n in range(10)
    ]
    records[4]["language"] = "x" * 100
    records[6]["id"] = "long-" + "i" * 5000
    records[6]["outlet"] = "The " + "Very " * 1000 + "Long Gazette"
    records[7]["language"] = "en-GB"
    path = tmp_path / "dump.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    with Ledger.open(ledger_url) as ledger:
        report = ledger.ingest([path])
        docs = {d.id[:6]: d for d in ledger.documents()}
    assert [str(e) for e in report.errors] == [
        f"{path}:5: language is not a language tag (100 characters, at most 35:"
        " 'xxxxxxxxxxxxxxxxxxxx'…)"
    ]
    assert report.counts.documents_new == len(docs) == 9
    assert "r4" not in docs
    long = docs["long-i"]
    assert len(long.id) == 500 and long.id.endswith("…")
    assert long.outlet is not None and len(long.outlet) == 200
    assert docs["r7"].language == "en-GB"
