"""Property-based tests (hypothesis) of every reader and of the extractor on hostile input:
whatever the bytes, a reader yields Documents a database can store or reports one-line
`SourceError`s naming the input — it never raises anything else; the extractor returns claims
whose evidence lies inside the text and whose values are finite numbers.

Also the regressions found by this work (each was a traceback or a crash before).
"""

from __future__ import annotations

import gzip
import io
import json
import math
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from claimledger.errors import SourceError
from claimledger.extraction.pipeline import ExtractionLimit, Extractor
from claimledger.ledger import Ledger
from claimledger.lexicon import load_lexicon
from claimledger.model import Document
from claimledger.sources import FetchLimits, ReadOptions, clean_document, iter_documents
from claimledger.sources.dates import parse_date
from claimledger.sources.feed import iter_feed
from claimledger.sources.html import document_from_html
from claimledger.sources.http import Fetcher
from claimledger.sources.jsonl import iter_jsonl
from claimledger.sources.text import decode_text, document_from_text
from claimledger.sources.warc import iter_warc
from tests.support.newsfixtures import ARTICLES, warc_gz

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "fuzz"))
from targets import check_claim, check_document

EXTRACTOR = Extractor(load_lexicon(), time_limit=None)
FAST = settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])


def _storable(s: str | None) -> bool:
    if s is None:
        return True
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in s


def _collect(errors: list[SourceError]) -> Any:
    def on_error(err: SourceError) -> None:
        assert isinstance(err, SourceError)
        assert "\n" not in str(err), f"an error of more than one line: {str(err)[:200]!r}"
        assert err.source and err.reason
        errors.append(err)

    return on_error


# -- strategies ------------------------------------------------------------------------------------

WORDS = (
    "said killed wounded injured dead captured missing soldiers civilians troops people tanks "
    "drones artillery systems cruise missiles shot down destroyed more than at least about "
    "up to between and or killed-or-wounded per day a quarter mile km since May last year "
    "on day of the war in the past 24 hours by Thursday February 31 March 99999 hundred "
    "thousand million dozen Russia's defence ministry Ukraine's General Staff the governor "
    "told reporters according to Bakhmut Kharkiv Avdiivka officials estimated a total of"
).split()
number = st.one_of(
    st.integers(0, 10**7).map(str),
    st.integers(0, 10**9).map(lambda n: f"{n:,}"),
    st.integers(1, 400).map(lambda n: "9" * n),
    st.sampled_from(["1e400", "0.5", "1.5", "-3", "10,000,000,000,000", "2023-03-12", "½"]),
)
token = st.one_of(
    st.sampled_from(WORDS),
    number,
    st.sampled_from([".", ",", ";", ":", '"', "“", "”", "(", ")", "-", "–", "\n", "\n\n", "'s"]),
    st.text(max_size=4),
)
news_text = st.lists(token, max_size=80).map(" ".join)
any_date = st.one_of(st.none(), st.dates(), st.dates(date(2014, 1, 1), date(2026, 12, 31)))

json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**60), 10**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["2023-02-31", "99999-01-01", "0000-00-00", "1e400", "\ud800", "a\x00b"]),
)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
record = st.fixed_dictionaries(
    {},
    optional={
        "id": json_scalar,
        "text": st.one_of(news_text, json_scalar),
        "title": json_scalar,
        "date": json_scalar,
        "url": json_scalar,
        "source": st.one_of(json_scalar, st.fixed_dictionaries({"name": json_scalar})),
        "language": json_scalar,
        "extra": json_value,
    },
)


def _json_line(r: dict[str, Any]) -> bytes:
    return json.dumps(r, allow_nan=True).encode()


jsonl_line = st.one_of(
    record.map(_json_line),
    json_value.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=60),
    st.integers(1, 6000).map(lambda n: b'{"id": ' + b"9" * n + b', "text": "x"}'),
    st.integers(1, 3000).map(lambda n: b"[" * n + b"]" * n),
)

# -- the extractor -----------------------------------------------------------------------------


@FAST
@given(text=news_text, published=any_date)
def test_extractor_on_any_news_like_text(text: str, published: date | None) -> None:
    doc = Document("doc", text, published=published)
    try:
        claims = EXTRACTOR.extract(doc)
    except ExtractionLimit:
        return
    for c in claims:
        check_claim(c, doc)


@FAST
@given(text=st.text(max_size=300), published=any_date)
def test_extractor_on_any_unicode(text: str, published: date | None) -> None:
    doc = Document("doc", text, published=published)
    for c in EXTRACTOR.extract(doc):
        check_claim(c, doc)


# -- readers -----------------------------------------------------------------------------------


@FAST
@given(data=st.binary(max_size=400))
def test_text_reader_on_any_bytes(data: bytes) -> None:
    try:
        text, _ = decode_text(data, "x.txt")
        doc = document_from_text(text, "x", "x.txt")
    except SourceError as err:
        assert err.source == "x.txt" and "\n" not in str(err)
        return
    assert doc.text.strip()
    check_document(doc)


@FAST
@given(lines=st.lists(jsonl_line, max_size=6), gz=st.booleans(), cut=st.integers(0, 200))
def test_jsonl_reader_on_hostile_records(lines: list[bytes], gz: bool, cut: int) -> None:
    data = b"\n".join(lines) + b"\n"
    if gz:
        data = gzip.compress(data)
        data = data[: len(data) - cut] if cut < len(data) else data  # perhaps cut short
    errors: list[SourceError] = []
    stream: Any = io.BytesIO(data)
    if gz:
        stream = gzip.GzipFile(fileobj=stream)
    docs = list(iter_jsonl(stream, "d.jsonl", "d", on_error=_collect(errors)))
    for d in docs:
        check_document(d)
        assert d.source and d.source.startswith("d.jsonl:")
    assert all(e.source.startswith("d.jsonl") for e in errors)


@FAST
@given(value=st.one_of(json_scalar, st.datetimes(), st.dates(), st.integers()))
def test_dates_from_any_value(value: object) -> None:
    result = parse_date(value)
    assert result is None or isinstance(result, date)


html_piece = st.one_of(
    st.sampled_from(
        [
            "<html>",
            "<body>",
            "</body>",
            "<p>",
            "</p>",
            "<div>",
            "</div>",
            "<article>",
            "<script>",
            "</script>",
            "<!--",
            "-->",
            "<![CDATA[",
            '<meta property="article:published_time" content="99999-02-31">',
            '<meta property="og:title" content="\x00">',
            '<link rel="canonical" href="http://[::1">',
            "<html lang='xx-yy-zz'>",
            "&#0;",
            "&#xD800;",
            "&bogus;",
            "<?xml version='1.0' encoding='utf-16'?>",
        ]
    ),
    news_text,
)


@FAST
@given(pieces=st.lists(html_piece, max_size=40), junk=st.binary(max_size=40))
def test_html_reader_on_tag_soup(pieces: list[str], junk: bytes) -> None:
    data = "".join(pieces).encode("utf-8", "surrogatepass") + junk
    try:
        doc = document_from_html(data, doc_id="p", source="p.html")
    except SourceError as err:
        assert err.source == "p.html" and "\n" not in str(err)
        return
    check_document(doc)


WARC = warc_gz(ARTICLES)
WARC_PLAIN = gzip.decompress(WARC)


@FAST
@given(
    base=st.sampled_from([WARC, WARC_PLAIN]),
    cut=st.integers(0, len(WARC_PLAIN)),
    flips=st.lists(st.tuples(st.integers(0, len(WARC_PLAIN)), st.integers(0, 255)), max_size=4),
    insert=st.binary(max_size=30),
)
def test_warc_reader_on_damaged_archives(
    base: bytes, cut: int, flips: list[tuple[int, int]], insert: bytes
) -> None:
    data = bytearray(base[:cut] if cut else base)
    for at, value in flips:
        if at < len(data):
            data[at] = value
    if insert and data:
        at = flips[0][0] % len(data) if flips else len(data) // 2
        data[at:at] = insert
    errors: list[SourceError] = []
    for doc in iter_warc(io.BytesIO(bytes(data)), "c.warc", on_error=_collect(errors)):
        check_document(doc)


feed_piece = st.one_of(
    st.sampled_from(
        [
            '<?xml version="1.0"?>',
            '<rss version="2.0">',
            "</rss>",
            "<channel>",
            "</channel>",
            "<item>",
            "</item>",
            "<title>",
            "</title>",
            "<link>urn:not-fetched</link>",
            "<guid>g</guid>",
            "<pubDate>Mon, 31 Feb 99999 25:61:00 +9999</pubDate>",
            "<description>",
            "</description>",
            "<content:encoded><![CDATA[<p>",
            "</p>]]></content:encoded>",
            '<feed xmlns="http://www.w3.org/2005/Atom">',
            "<entry>",
            "</entry>",
            "&amp;",
            "&undefined;",
        ]
    ),
    news_text.map(lambda t: t.replace("<", " ").replace("&", " ")),
)


@FAST
@given(pieces=st.lists(feed_piece, max_size=40))
def test_feed_reader_on_feed_soup(pieces: list[str]) -> None:
    errors: list[SourceError] = []
    with Fetcher() as fetcher:
        data = "".join(pieces).encode()
        for doc in iter_feed(data, "f.rss", fetcher=fetcher, on_error=_collect(errors)):
            check_document(doc)


SUFFIXES = ["", ".txt", ".html", ".warc", ".warc.gz", ".jsonl", ".jsonl.gz", ".rss", ".xml", ".gz"]


@settings(deadline=None, max_examples=80, suppress_health_check=list(HealthCheck))
@example(data=b'{"id": "n", "text": "\\u0000 \\u0000"}\n', suffix=".jsonl")  # was stored empty
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.sampled_from([WARC, WARC_PLAIN, gzip.compress(b"{}\n" * 50), b"\xff\xfe" + b"a\x00"]),
        st.lists(jsonl_line, max_size=4).map(lambda ls: b"\n".join(ls)),
        st.lists(html_piece, max_size=20).map(lambda p: "".join(p).encode("utf-8", "replace")),
    ),
    suffix=st.sampled_from(SUFFIXES),
)
def test_any_file_through_the_dispatcher(
    data: bytes, suffix: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("in") / f"input{suffix}"
    path.write_bytes(data)
    errors: list[SourceError] = []
    for doc in iter_documents(
        [path], on_error=_collect(errors), options=ReadOptions(max_file_bytes=10_000)
    ):
        check_document(doc)
        for value in (doc.id, doc.text, doc.title, doc.url, doc.outlet, doc.source):
            assert _storable(value), f"a document a database cannot store: {value!r}"[:300]
    for err in errors:
        assert err.source.startswith(str(path)), err


@FAST
@given(
    text=st.text(min_size=1, max_size=60),
    title=st.one_of(st.none(), st.text(max_size=20)),
)
def test_clean_document_makes_any_string_storable(text: str, title: str | None) -> None:
    assume(text.strip("\x00"))
    doc = clean_document(Document("id\x00", text, title=title, source="s\udcff"))
    for value in (doc.id, doc.text, doc.title, doc.source):
        assert _storable(value)
    assert doc.hash == Document("x", doc.text).hash


# -- end to end: hostile JSONL records into a real ledger ----------------------------------


@settings(
    deadline=None,
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=st.lists(jsonl_line, min_size=1, max_size=8))
def test_hostile_records_into_a_ledger(
    lines: list[bytes], ledger_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Whatever the records hold (NUL, lone surrogates, huge numbers, odd types), ingest
    stores what it can read, reports the rest, and the ledger stays whole."""
    path = tmp_path_factory.mktemp("jsonl") / "records.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    errors: list[SourceError] = []
    with Ledger.open(ledger_url) as led:
        led.ingest([path], on_error=_collect(errors))
        problems, _ = led.verify()
    assert problems == []


# -- regressions: inputs that crashed or misbehaved before -----------------------------------------


@pytest.mark.parametrize(
    ("text", "published"),
    [
        # OverflowError: date value out of range (periods, "day N" anchor on a year-1 date)
        (
            "On day 99999999 of the war, the ministry said 12 soldiers were killed in the "
            "past 24 hours.",
            date(1, 1, 1),
        ),
        # OverflowError: Python int too large to convert to C int (timedelta of the days)
        ("The ministry said 12 soldiers were killed in the past 99999999999 days.", None),
        ("The ministry said 12 soldiers were killed in the past 99999999999 days.", date.max),
        ("Officials said 12 soldiers were killed since 1 January 99999.", date(9999, 12, 31)),
        ("By Thursday a total of 500 soldiers were killed, officials said.", date.min),
    ],
)
def test_extractor_regressions_dates_outside_the_calendar(
    text: str, published: date | None
) -> None:
    doc = Document("d", text, published=published)
    for c in Extractor(load_lexicon()).extract(doc):
        check_claim(c, doc)


def test_extractor_regression_a_figure_of_ten_thousand_digits_is_no_claim() -> None:
    text = "Officials said " + "9" * 10_000 + " soldiers were killed, and 5 were wounded."
    claims = Extractor(load_lexicon()).extract(Document("d", text, published=date(2023, 3, 13)))
    assert [(c.metric, c.value.low) for c in claims] == [("personnel.wounded", 5)]
    assert all(math.isfinite(c.value.low or 0) for c in claims)


def test_extractor_refuses_an_oversized_text_before_its_prefilter() -> None:
    with pytest.raises(ExtractionLimit, match="text too long to extract"):
        Extractor(load_lexicon(), max_chars=1000).extract(Document("d", "no figures here " * 100))


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b'{"id": ' + b"9" * 10_000 + b', "text": "x"}', "invalid JSON (Exceeds the limit"),
        (b"[" * 5000 + b"]" * 5000, "invalid JSON (nested too deeply)"),
    ],
)
def test_jsonl_regressions_values_json_refuses(line: bytes, reason: str) -> None:
    errors: list[SourceError] = []
    assert list(iter_jsonl([line], "r.jsonl", "r", on_error=errors.append)) == []
    assert [e.source for e in errors] == ["r.jsonl:1"]
    assert errors[0].reason.startswith(reason)


@pytest.mark.parametrize("value", [10**400, -(10**400), float("inf"), float("nan"), "1" * 13])
def test_date_regressions_huge_numbers(value: object) -> None:
    assert parse_date(value) is None or isinstance(parse_date(value), date)


def test_dates_far_out() -> None:
    assert parse_date(datetime(9999, 12, 31)) == date(9999, 12, 31)
    assert parse_date("Mon, 31 Dec 99999 23:00:00 +0000") is None


@settings(
    deadline=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=st.one_of(
        st.binary(max_size=300),
        st.sampled_from([WARC, gzip.compress(b'{"text": "a"}\n'), b"<rss><channel><item>"]),
        st.lists(html_piece, max_size=15).map(lambda p: "".join(p).encode("utf-8", "replace")),
    ),
    content_type=st.sampled_from(
        ["text/html", "application/rss+xml", "application/octet-stream", "", "text/html; x"]
    ),
    status=st.sampled_from([200, 200, 200, 404, 500]),
)
def test_any_http_response_through_the_dispatcher(
    body: bytes, content_type: str, status: int, web: Any
) -> None:
    from conftest import Route

    web.routes["/page"] = Route(body, content_type, status)
    errors: list[SourceError] = []
    local = ReadOptions(fetch=FetchLimits(allow_private_addresses=True))  # a loopback server
    for doc in iter_documents([web.url("/page")], on_error=_collect(errors), options=local):
        check_document(doc)
        assert _storable(doc.text) and _storable(doc.source)


@FAST
@given(data=st.one_of(st.binary(max_size=200), st.sampled_from([WARC, WARC_PLAIN])))
def test_any_standard_input_through_the_dispatcher(data: bytes) -> None:
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(data))
    try:
        errors: list[SourceError] = []
        options = ReadOptions(max_file_bytes=5000)
        for doc in iter_documents(["-"], on_error=_collect(errors), options=options):
            check_document(doc)
        if len(data) > 5000:
            assert [str(e) for e in errors] == ["<stdin>: standard input larger than 5,000 bytes"]
    finally:
        sys.stdin = saved
