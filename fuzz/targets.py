"""Fuzz targets: the extractor, the HTML reader and the WARC reader, each fed arbitrary bytes.

A target returns quietly for any input the code under test handles — a result, or a
`SourceError` naming the input — and raises (a crash, for the fuzzer) on anything else: an
unexpected exception, or a result that breaks an invariant (evidence outside the text, a value
that is not a finite number, a document without text). Plain Python, importable without
atheris: tests/unit/test_fuzz.py replays the crash corpus through these same functions.
"""

from __future__ import annotations

import io
import math
from datetime import date, timedelta

from claimledger.errors import SourceError
from claimledger.extraction.pipeline import ExtractionLimit, Extractor
from claimledger.lexicon import load_lexicon
from claimledger.model import GROUPS, QUALIFIERS, RATE_UNITS, Claim, Document
from claimledger.sources.html import document_from_html
from claimledger.sources.warc import iter_warc

# Small limits: a fuzz input is at most a few kilobytes, and a slow one should show as slow.
_EXTRACTOR = Extractor(load_lexicon(), time_limit=None)
_ORDINALS = date.max.toordinal() - date.min.toordinal()


def published_of(head: bytes) -> date | None:
    """A publication date from three bytes: none, a date of the news era, or any date at all
    (year 1 and year 9999 included)."""
    if len(head) < 3 or head[0] % 4 == 0:
        return None
    n = int.from_bytes(head, "big")
    if head[0] % 4 == 1:
        return date.min + timedelta(days=n % _ORDINALS)
    return date(2015, 1, 1) + timedelta(days=n % 5000)


def extractor(data: bytes) -> None:
    text = data[3:].decode("utf-8", "replace")
    doc = Document("fuzz", text, published=published_of(data[:3]))
    try:
        claims = _EXTRACTOR.extract(doc)
    except ExtractionLimit:
        return
    for c in claims:
        check_claim(c, doc)


def check_claim(c: Claim, doc: Document) -> None:
    ev = c.evidence
    assert 0 <= ev.start <= ev.end <= len(doc.text), (ev.start, ev.end, len(doc.text))
    assert doc.text[ev.start : ev.end] == ev.text, "evidence text is not the text at its offsets"
    assert c.doc_id == doc.id
    assert c.metric, "no metric"
    assert c.value.qualifier in QUALIFIERS, c.value.qualifier
    for v in (c.value.low, c.value.high):
        assert v is None or math.isfinite(v), f"value {v!r} is not finite"
    assert c.value.low is not None or c.value.high is not None, "a value without bounds"
    if c.rate is not None:
        assert c.rate.unit in RATE_UNITS and math.isfinite(c.rate.per), c.rate
    assert c.group is None or c.group in GROUPS, c.group
    for d in (c.period.start, c.period.end):
        assert d is None or isinstance(d, date)


def check_document(doc: Document) -> None:
    assert isinstance(doc.text, str) and doc.text.strip(), "a document without text"
    assert doc.published is None or isinstance(doc.published, date)
    assert isinstance(doc.id, str)


def html(data: bytes) -> None:
    try:
        doc = document_from_html(data, doc_id="fuzz", source="fuzz.html")
    except SourceError:
        return
    check_document(doc)


def warc(data: bytes) -> None:
    errors: list[SourceError] = []
    for doc in iter_warc(io.BytesIO(data), "fuzz.warc", on_error=errors.append):
        check_document(doc)
    for err in errors:
        assert isinstance(err, SourceError)
        assert "\n" not in str(err), "an error message of more than one line"


TARGETS = {"extractor": extractor, "html": html, "warc": warc}
