"""HTML pages: the article's main text and the page's own metadata, via trafilatura.

trafilatura drops navigation, banners, footers and comments, and reads title, date, canonical
URL and site name from the page's metadata (OpenGraph, JSON-LD, <link rel=canonical> …).
Values the caller already knows (a feed entry's title, the URL a page was fetched from) are
fallbacks: the page's own metadata wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from itertools import islice
from urllib.parse import urlsplit

import trafilatura
from trafilatura.settings import Document as _TrafilaturaDocument
from trafilatura.utils import decode_file

from claimledger.deadline import Overtime, hard_deadline
from claimledger.errors import SourceError
from claimledger.model import Document
from claimledger.sources.dates import parse_date
from claimledger.sources.markup import check_markup
from claimledger.sources.sniff import refuse_binary

# Only the page's declared dates: a date guessed from the body text ("on 12 March") could be
# any date the article mentions, and every relative expression resolves against this one.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
# A news page holds a few thousand elements; a live blog, tens of thousands.
MAX_ELEMENTS = 50_000


def document_from_html(
    data: bytes | str,
    *,
    doc_id: str,
    source: str,
    url: str | None = None,
    published: date | None = None,
    title: str | None = None,
    outlet: str | None = None,
    time_limit: float | None = None,
) -> Document:
    """Build a Document from an HTML page; raise SourceError when it holds no article text,
    or when reading it takes longer than `time_limit` seconds (trafilatura's time grows faster
    than a page's size: a page of 500,000 paragraphs would hold a run for many minutes)."""
    if isinstance(data, bytes):
        # A page in an archive or behind a feed's link may be an image served as text/html.
        refuse_binary(data, source)
    try:
        result, language = _extract(data, source, url, time_limit)
    except SourceError:
        raise
    except Exception as exc:
        # A parser's own failure on one strange page (trafilatura and lxml are large and see
        # every page of a crawl) is that page's error: the archive, feed or folder goes on.
        reason = " ".join(str(exc).split())[:160] or "no message"
        raise SourceError(
            source, f"the page could not be read ({type(exc).__name__}: {reason})"
        ) from exc
    if not isinstance(result, _TrafilaturaDocument) or not result.text or not result.text.strip():
        raise SourceError(source, "no article text found in the page")
    page_url = result.url or url
    # trafilatura falls back to the host name when the page declares no site name; a caller's
    # outlet (a feed's title) says more than that.
    declared_site = result.sitename
    if declared_site and _bare_host(declared_site) in (_bare_host(page_url), _bare_host(url)):
        declared_site = None
    return Document(
        id=doc_id,
        text=result.text,
        published=_timestamp_line(result.text) or parse_date(result.date) or published,
        url=page_url,
        title=result.title or title,
        outlet=declared_site or outlet or hostname(page_url),
        # Like the text reader, a page that does not declare its language is taken as English.
        language=language or "en",
        source=source,
    )


@contextmanager
def time_limited(source: str, what: str, seconds: float | None) -> Iterator[None]:
    """A hard time limit (claimledger.deadline) on reading one input, as a SourceError."""
    try:
        with hard_deadline(seconds):
            yield
    except Overtime:
        raise SourceError(source, f"{what} took longer than {seconds:g} s") from None


def _extract(
    data: bytes | str, source: str, url: str | None, time_limit: float | None
) -> tuple[object, str | None]:
    """trafilatura's reading of a page and its declared language, within the time limit and
    the element bound."""
    with time_limited(source, "reading the page", time_limit):
        # The text the parser will see (trafilatura decodes bytes the same way), bounded
        # before lxml spends uninterruptible time and memory on it.
        html = decode_file(data)
        check_markup(html, source)
        tree = trafilatura.load_html(html)
        if tree is None:
            raise SourceError(source, "not an HTML page (cannot be parsed)")
        if any(True for _ in islice(tree.iter(), MAX_ELEMENTS, None)):
            # trafilatura's time grows faster than the tree (5 s for 50,000 elements), and
            # much of it is in lxml calls a time limit cannot interrupt.
            raise SourceError(
                source, f"page too large to read (more than {MAX_ELEMENTS:,} HTML elements)"
            )
        language = _language(tree.get("lang"))
        result = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_PARAMS,
        )
    return result, language


# An official page's own timestamp on a line of its own under the title, "2022-06-01 06:00:00 |
# ID: 67667": the day it was published. The metadata of such pages is often the crawl's or a
# later update's, and trafilatura may take a date from a "latest news" sidebar.
_TIMESTAMP_LINE = re.compile(
    r"(\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:\|[^\n]{0,40})?)?"
)
_TIMESTAMP_LINES = 3  # the title, perhaps a subtitle, the timestamp


def _timestamp_line(text: str) -> date | None:
    """The date of a timestamp line among the first lines of the page's text, or None."""
    for line in text.lstrip().split("\n", _TIMESTAMP_LINES)[:_TIMESTAMP_LINES]:
        m = _TIMESTAMP_LINE.fullmatch(line.strip())
        if m:
            return parse_date(m[1])
    return None


def html_to_text(fragment: str, source: str) -> str:
    """All the text of an HTML fragment (a feed entry's summary), without main-text pruning;
    SourceError for markup over the bounds (claimledger.sources.markup)."""
    check_markup(fragment, source)
    # trafilatura takes a bare fragment (no <html>, one block or plain text) for no HTML page
    # and gives "": every summary-only entry was "feed entry has no text".
    return (trafilatura.html2txt(f"<html><body>{fragment}</body></html>") or "").strip()


def hostname(url: str | None) -> str | None:
    """The host of a URL without "www.", or None (no URL, or one that cannot be parsed: a
    page's own URL is untrusted text, "http://[x/" included)."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    return host.removeprefix("www.") or None


def _bare_host(name: str | None) -> str | None:
    """ "www.Example.org:8080" and "https://example.org/x" → "example.org"; None for a URL
    that cannot be parsed."""
    if not name:
        return None
    try:
        netloc = urlsplit(name).netloc if "://" in name else name
    except ValueError:
        return None
    return netloc.lower().split(":")[0].removeprefix("www.") or None


def _language(lang: str | None) -> str | None:
    """The primary subtag of an HTML lang attribute: "en-GB" → "en"."""
    if not lang:
        return None
    primary = lang.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None
