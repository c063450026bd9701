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
from claimledger.sources.html import document_from_html, hostname, html_to_text, time_limited
from claimledger.sources.http import Fetcher, is_url


def iter_feed(
    data: bytes,
    source: str,
    *,
    fetcher: Fetcher,
    on_error: ErrorHandler,
    published: date | None = None,
    feed_url: str | None = None,
    time_limit: float | None = None,
) -> Iterator[Document]:
    """One Document per entry; `time_limit`: seconds parsing the feed, and reading each
    entry's page, may take."""
    try:
        with time_limited(source, "parsing the feed", time_limit):
            # A stream, not bytes or str: given a string, feedparser would fetch it as a URL.
            parsed = feedparser.parse(io.BytesIO(data))
    except SourceError as err:
        on_error(err)
        return
    except UnicodeError as err:
        # feedparser re-encodes what it decoded; a lone surrogate from a numeric character
        # reference ("&#xD800;") cannot be.
        reason = err.reason if isinstance(err, UnicodeEncodeError) else str(err)
        on_error(SourceError(source, f"not a readable RSS/Atom feed ({reason})"))
        return
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
            yield _entry_document(entry, n, source, fetcher, outlet, published, time_limit)
        except SourceError as err:
            on_error(err)


def _entry_document(
    entry: Any,
    n: int,
    source: str,
    fetcher: Fetcher,
    outlet: str | None,
    published: date | None,
    time_limit: float | None,
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
            return document_from_html(
                html, source=name, url=link, time_limit=time_limit, **fallbacks
            )
        except SourceError as err:
            if "took longer" in err.reason:
                raise
            # trafilatura keeps nothing of a very short body; its whole text is still the entry.
            with time_limited(name, "reading the entry", time_limit):
                return _plain(content, name, link, fallbacks)
    if link and is_url(link):
        page = fetcher.fetch(link)
        return document_from_html(
            page.content, source=link, url=page.url, time_limit=time_limit, **fallbacks
        )
    summary = entry.get("summary") or ""
    if summary.strip():
        with time_limited(name, "reading the entry", time_limit):
            return _plain(summary, name, link, fallbacks)
    raise SourceError(name, "feed entry has no text and no link to fetch")


def _plain(html: str, name: str, link: str | None, fallbacks: dict[str, Any]) -> Document:
    text = html_to_text(html, name)
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
