"""A news-crawl WARC.gz of a given size, made from this project's generated text.

    python benchmarks/warcgen.py --mb 100 --output /tmp/news-100.warc.gz [--claims-share 0.1]

Each article of benchmarks/corpus.py becomes an HTML page dressed the way news sites dress
theirs — a head with OpenGraph tags and a style sheet, navigation, the article, a list of
related stories, a footer, a script with page data — archived as one `response` record (warcio,
one gzip member per record, as crawlers write them). Pages of the same development article are
the same text at different URLs (syndicated copies). The file grows until it reaches `--mb`
megabytes on disk. Nothing here comes from published articles.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import MONTHS, _coined, generate

from claimledger.model import Document

RECOMMENDED = 40  # stories in a page's data
SECTIONS = ["World", "Politics", "Business", "Science", "Sport", "Culture", "Weather", "Opinion"]
STYLE = """
body{font-family:Georgia,serif;margin:0;color:#222}header,footer{background:#f4f4f4;padding:1em}
nav a{margin-right:.8em;text-decoration:none;color:#035}article{max-width:42em;margin:2em auto}
article p{line-height:1.6}aside{border-top:1px solid #ccc;margin-top:2em;font-size:.9em}
.byline{color:#666;font-size:.85em}.related li{margin:.3em 0}.ad{display:none}
""".strip()


def page(doc: Document, url: str, rnd: random.Random) -> bytes:
    lines = doc.text.strip().split("\n")
    title = html.escape(doc.title or lines[0])
    body = lines[1:] if not doc.title else lines
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in body if p.strip())
    published = doc.published.isoformat() if doc.published else ""
    nav = " ".join(f'<a href="/{s.lower()}/">{s}</a>' for s in SECTIONS)
    related = "\n".join(
        f'<li><a href="/{rnd.choice(SECTIONS).lower()}/{rnd.randrange(10**7)}">'
        f"{_coined(rnd)} {rnd.choice(['council', 'club', 'firm', 'port'])} "
        f"{rnd.choice(['plans', 'wins', 'opens', 'warns', 'delays'])} "
        f"{rnd.choice(['new season', 'budget', 'line', 'festival', 'deal'])}</a></li>"
        for _ in range(12)
    )
    footer = " | ".join(
        f'<a href="/about/{k}">{k.title()}</a>'
        for k in ("contact", "privacy", "terms", "careers", "advertise", "archive", "newsletters")
    )
    # The page's state as a script, the way many news sites ship it: the article again, and
    # recommended stories with image URLs (hashes, so it compresses as real pages do).
    data = json.dumps(
        {
            "pageId": rnd.randrange(10**12),
            "section": rnd.choice(SECTIONS),
            "article": {"headline": doc.title or lines[0], "body": body, "published": published},
            "tags": [_coined(rnd) for _ in range(5)],
            "recommended": [
                {
                    "id": rnd.randrange(10**9),
                    "title": f"{_coined(rnd)} {rnd.choice(['council', 'club', 'firm'])} "
                    f"{rnd.choice(['plans', 'wins', 'opens', 'warns'])} {_coined(rnd)}",
                    "url": f"/{rnd.choice(SECTIONS).lower()}/{rnd.randrange(10**8)}",
                    "image": f"https://img.example.org/{rnd.getrandbits(160):040x}.jpg",
                }
                for _ in range(RECOMMENDED)
            ],
            "experiment": f"{rnd.choice(MONTHS)[:3].lower()}-{rnd.randrange(10**6):06d}",
        }
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | The Daily Example</title>
<meta property="og:title" content="{title}"><meta property="og:url" content="{url}">
<meta property="article:published_time" content="{published}">
<link rel="canonical" href="{url}"><style>{STYLE}</style></head>
<body><header><div class="brand">The Daily Example</div><nav>{nav}</nav></header>
<div class="ad">Advertisement</div>
<main><article><h1>{title}</h1><div class="byline">By {_coined(rnd)} {_coined(rnd)},
{published}</div>
{paragraphs}
</article>
<aside class="related"><h2>More stories</h2><ul>{related}</ul></aside></main>
<footer>{footer}<p>&copy; The Daily Example</p></footer>
<script type="application/json" id="page-data">{data}</script>
</body></html>
""".encode()


def records(megabytes: float, claims_share: float, seed: int) -> Iterator[tuple[str, bytes]]:
    """(URL, page) pairs, endlessly many: the corpus is asked for far more than will fit."""
    rnd = random.Random(seed)
    for n, doc in enumerate(generate(megabytes * 20, claims_share, seed=seed)):
        url = f"https://news.example.org/{rnd.choice(SECTIONS).lower()}/{n:08d}"
        yield url, page(doc, url, rnd)


def write_warc(path: Path, megabytes: float, claims_share: float = 0.1, seed: int = 7) -> int:
    """Write the archive; returns the number of pages."""
    budget = megabytes * 1e6
    pages = 0
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, body in records(megabytes, claims_share, seed):
            headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(record)
            pages += 1
            if out.tell() >= budget:
                break
    return pages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--mb", type=float, required=True, help="size of the .warc.gz on disk")
    ap.add_argument("--output", type=Path, required=True)
    ap.add_argument("--claims-share", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    pages = write_warc(args.output, args.mb, args.claims_share, args.seed)
    print(f"{pages} pages, {args.output.stat().st_size / 1e6:.1f} MB → {args.output}")


if __name__ == "__main__":
    main()
