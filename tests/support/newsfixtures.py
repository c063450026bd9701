"""Test inputs in every source format, built from short articles written for these tests.

The articles are invented (no published text is copied); each carries a few attributed
figures so that the extractor has something to find.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from html import escape

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    published: str  # ISO date
    site: str
    paragraphs: tuple[str, ...]

    @property
    def url(self) -> str:
        return f"https://{self.site.lower().replace(' ', '')}.example/news/{self.slug}"


ARTICLES = (
    Article(
        "river-crossing",
        "Fighting flares at the river crossing",
        "2023-06-14",
        "Harbour Post",
        (
            "Ukraine's General Staff said on Wednesday that its forces had destroyed 7 Russian "
            "tanks and 12 armoured vehicles near Kherson in the past 24 hours.",
            "Russia's defence ministry said its troops had killed more than 150 Ukrainian "
            "soldiers in the same area, a figure that could not be verified.",
            "Residents who stayed behind described a night of heavy shelling and said the "
            "water supply had been cut for the third time this month.",
        ),
    ),
    Article(
        "winter-toll",
        "Officials count the cost of a hard winter",
        "2023-02-02",
        "Valley Courier",
        (
            "The regional governor said 9 civilians were killed and 23 were wounded in "
            "strikes on Kharkiv over the weekend.",
            "Emergency crews worked through the night to clear debris from two apartment "
            "blocks, and schools in the district were closed until further notice.",
            "Ukrainian officials said Russian forces had lost about 1,200 soldiers in a week "
            "of assaults on the eastern front.",
        ),
    ),
    Article(
        "drone-night",
        "Air defences busy on a long night",
        "2024-01-09",
        "Northern Ledger",
        (
            "Ukraine's air force said it had shot down 21 of 28 drones launched overnight, "
            "and that 3 cruise missiles were intercepted over the south.",
            "A local official said at least 4 people were injured by falling debris in "
            "Odesa, where several houses were damaged.",
            "Power was restored to most homes by morning, the energy company said.",
        ),
    ),
)


def html_page(a: Article, *, with_metadata: bool = True) -> str:
    """A news page with navigation and footer around the article, metadata in its head."""
    meta = ""
    if with_metadata:
        meta = (
            f'<meta property="og:title" content="{escape(a.title)}">\n'
            f'<meta property="og:site_name" content="{escape(a.site)}">\n'
            f'<meta property="article:published_time" content="{a.published}T07:15:00+02:00">\n'
            f'<link rel="canonical" href="{a.url}">\n'
        )
    body = "\n".join(f"<p>{escape(p)}</p>" for p in a.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>{escape(a.title)} | {escape(a.site)}</title>
{meta}</head>
<body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
</header>
<main><article><h1>{escape(a.title)}</h1>
{body}
</article></main>
<footer><p>Sign up for our newsletter. Copyright {escape(a.site)}.</p></footer>
</body></html>
"""


def warc_gz(articles: tuple[Article, ...]) -> bytes:
    """A gzipped WARC as a crawler writes it: request, response and metadata per page."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for a in articles:
        request = writer.create_warc_record(
            a.url,
            "request",
            payload=io.BytesIO(f"GET /news/{a.slug} HTTP/1.1\r\nHost: x\r\n\r\n".encode()),
        )
        writer.write_record(request)
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        response = writer.create_warc_record(
            a.url,
            "response",
            payload=io.BytesIO(html_page(a).encode()),
            http_headers=headers,
        )
        writer.write_record(response)
        metadata = writer.create_warc_record(
            a.url,
            "metadata",
            payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
            warc_content_type="application/warc-fields",
        )
        writer.write_record(metadata)
    return buf.getvalue()


def jsonl_dump(articles: tuple[Article, ...], *, names: dict[str, str] | None = None) -> bytes:
    """One record per article, with field names as a dump would have them."""
    n = {"id": "id", "text": "text", "date": "date", "url": "url", "title": "title"}
    n.update(names or {})
    lines = [
        json.dumps(
            {
                n["id"]: f"rec-{a.slug}",
                n["title"]: a.title,
                n["text"]: "\n\n".join(a.paragraphs),
                n["date"]: a.published,
                n["url"]: a.url,
                "source": a.site,
            }
        )
        for a in articles
    ]
    return ("\n".join(lines) + "\n").encode()


def rss_feed(articles: tuple[Article, ...], *, link_for: dict[str, str], full: set[str]) -> bytes:
    """An RSS 2.0 feed: entries whose slug is in `full` carry their text (content:encoded),
    the others only a one-line summary and a link (`link_for[slug]`) to the page."""
    items = []
    for a in articles:
        content = ""
        if a.slug in full:
            html = "".join(f"<p>{escape(p)}</p>" for p in a.paragraphs)
            content = f"<content:encoded><![CDATA[{html}]]></content:encoded>"
        items.append(
            f"<item><title>{escape(a.title)}</title><link>{link_for[a.slug]}</link>"
            f"<guid isPermaLink='false'>guid-{a.slug}</guid>"
            f"<pubDate>{_rfc822(a.published)}</pubDate>"
            f"<description>{escape(a.paragraphs[0][:60])}…</description>{content}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Test Wire</title><link>https://wire.example/</link>"
        "<description>Test feed</description>" + "".join(items) + "</channel></rss>"
    ).encode()


def _rfc822(iso: str) -> str:
    from datetime import date

    d = date.fromisoformat(iso)
    return d.strftime("%a, %d %b %Y 23:30:00 -0500")
