"""HTML pages: the article's main text and the page's own metadata, via trafilatura.

trafilatura drops navigation, banners, footers and comments, and reads title, date, canonical
URL and site name from the page's metadata (OpenGraph, JSON-LD, <link rel=canonical> …).
Values the caller already knows (a feed entry's title, the URL a page was fetched from) are
fallbacks: the page's own metadata wins.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import trafilatura
from trafilatura.settings import Document as _TrafilaturaDocument

from claimledger.errors import SourceError
from claimledger.model import Document
from claimledger.sources.dates import parse_date

# Only the page's declared dates: a date guessed from the body text ("on 12 March") could be
# any date the article mentions, and every relative expression resolves against this one.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def document_from_html(
    data: bytes | str,
    *,
    doc_id: str,
    source: str,
    url: str | None = None,
    published: date | None = None,
    title: str | None = None,
    outlet: str | None = None,
) -> Document:
    """Build a Document from an HTML page; raise SourceError when it holds no article text."""
    tree = trafilatura.load_html(data)
    if tree is None:
        raise SourceError(source, "not an HTML page (cannot be parsed)")
    language = _language(tree.get("lang"))
    result = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=_DATE_PARAMS,
    )
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
        published=parse_date(result.date) or published,
        url=page_url,
        title=result.title or title,
        outlet=declared_site or outlet or hostname(page_url),
        # Like the text reader, a page that does not declare its language is taken as English.
        language=language or "en",
        source=source,
    )


def html_to_text(fragment: str) -> str:
    """All the text of an HTML fragment (a feed entry's summary), without main-text pruning."""
    return (trafilatura.html2txt(fragment) or "").strip()


def hostname(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _bare_host(name: str | None) -> str | None:
    """ "www.Example.org:8080" and "https://example.org/x" → "example.org"."""
    if not name:
        return None
    netloc = urlsplit(name).netloc if "://" in name else name
    return netloc.lower().split(":")[0].removeprefix("www.") or None


def _language(lang: str | None) -> str | None:
    """The primary subtag of an HTML lang attribute: "en-GB" → "en"."""
    if not lang:
        return None
    primary = lang.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None
