"""RSS and Atom feeds: one Document per entry, via feedparser.

An entry that carries its article (content:encoded, Atom <content>) is read from the feed. An
entry with only a summary is a teaser: its page is fetched and read as HTML. The entry's own
title, date and link are fallbacks for what the page does not declare.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import feedparser

from claimledger.errors import ErrorHandler, SourceError
from claimledger.model import Document
from claimledger.sources.dates import parse_date
from claimledger.sources.html import document_from_html, hostname, html_to_text
from claimledger.sources.http import Fetcher, is_url

_FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf")


def looks_like_feed(head: bytes) -> bool:
    """True when the first bytes open an RSS, Atom or RDF document."""
    start = head[:2048].lower()
    return any(marker in start for marker in _FEED_MARKERS)


def iter_feed(
    data: bytes,
    source: str,
    *,
    fetcher: Fetcher,
    on_error: ErrorHandler,
    published: date | None = None,
    feed_url: str | None = None,
) -> Iterator[Document]:
    # A stream, not bytes or str: given a string, feedparser would fetch it as a URL itself.
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.entries:
        if parsed.bozo:
            reason = " ".join(str(parsed.get("bozo_exception", "")).split())
            on_error(SourceError(source, f"not an RSS/Atom feed ({reason})"))
        else:
            on_error(SourceError(source, "feed has no entries"))
        return
    outlet = parsed.feed.get("title") or hostname(parsed.feed.get("link") or feed_url)
    for n, entry in enumerate(parsed.entries, 1):
        try:
            yield _entry_document(entry, n, source, fetcher, outlet, published)
        except SourceError as err:
            on_error(err)


def _entry_document(
    entry: Any,
    n: int,
    source: str,
    fetcher: Fetcher,
    outlet: str | None,
    published: date | None,
) -> Document:
    link = entry.get("link") or None
    name = link or f"{source} entry {n}"
    fallbacks: dict[str, Any] = {
        "doc_id": entry.get("id") or link or f"{source}#{n}",
        "title": entry.get("title") or None,
        # The date as written (the publisher's day); the parsed struct is converted to UTC.
        "published": parse_date(entry.get("published") or entry.get("updated"))
        or parse_date(entry.get("published_parsed") or entry.get("updated_parsed"))
        or published,
        "outlet": outlet,
    }
    content = "".join(c.get("value", "") for c in entry.get("content", []))
    if content.strip():
        html = f"<html><body><article>{content}</article></body></html>"
        try:
            return document_from_html(html, source=name, url=link, **fallbacks)
        except SourceError:
            # trafilatura keeps nothing of a very short body; its whole text is still the entry.
            return _plain(content, name, link, fallbacks)
    if link and is_url(link):
        page = fetcher.fetch(link)
        return document_from_html(page.content, source=link, url=page.url, **fallbacks)
    summary = entry.get("summary") or ""
    if summary.strip():
        return _plain(summary, name, link, fallbacks)
    raise SourceError(name, "feed entry has no text and no link to fetch")


def _plain(html: str, name: str, link: str | None, fallbacks: dict[str, Any]) -> Document:
    text = html_to_text(html)
    if not text:
        raise SourceError(name, "feed entry has no text")
    return Document(
        id=fallbacks["doc_id"],
        text=text,
        published=fallbacks["published"],
        url=link,
        title=fallbacks["title"],
        outlet=fallbacks["outlet"],
        source=name,
    )
