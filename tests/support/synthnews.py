"""A synthetic news corpus for the reliability tests: thousands of short articles built from
templates written for this project (no published text is copied), in several source formats.

Every article is different (a serial bulletin number in its closing line keeps the texts
unique), so a ledger of the corpus holds exactly one document per article whatever order and
however many processes read it. `build_corpus(root, n)` writes:

    root/txt/NN/*.txt      plain-text articles with a `date` first line (most of them)
    root/jsonl/part-K.jsonl JSONL records, several files
    root/html/*.html       a few HTML pages (trafilatura is the slowest reader)

and, when the shared FA-KES dump is present, its records are added as one more JSONL input.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from pathlib import Path

SPEAKERS = (
    "Ukraine's General Staff said",
    "Russia's defence ministry said",
    "The regional governor said",
    "A spokesman for the Eastern Military Command said",
    "The State Emergency Service said",
    "Local officials said",
    "The mayor told reporters",
    "According to the health ministry,",
    "Ukraine's air force said",
    "A military analyst estimated that",
)
FIGURES = (
    "{n} soldiers were killed",
    "{n} civilians were killed and {m} were wounded",
    "{n} people were injured",
    "more than {n} troops were killed or wounded",
    "about {n} soldiers had been captured",
    "{n} tanks and {m} armoured vehicles were destroyed",
    "{n} drones were shot down",
    "at least {n} people were killed",
    "{n} artillery systems were destroyed",
    "up to {n} fighters were killed",
)
PLACES = (
    "near Bakhmut",
    "in Kharkiv",
    "around Avdiivka",
    "in the Zaporizhzhia region",
    "near Kherson",
    "in Odesa",
    "in the Donetsk region",
    "near Kupiansk",
    "",
)
WHEN = (
    "in the past 24 hours",
    "on Tuesday",
    "over the weekend",
    "since the start of the month",
    "last week",
    "",
)
FILLER = (
    "Residents described a night of heavy shelling and long queues for water.",
    "The figures could not be independently verified.",
    "Schools in the district were closed until further notice.",
    "Repair crews worked through the night to restore power to the area.",
    "The claims came as both sides reported heavy fighting along the front.",
    "Aid groups said the roads into the town were damaged.",
    "Officials urged residents to stay in shelters during the alerts.",
)
TITLES = (
    "Fighting continues in the east",
    "Officials report new losses",
    "A hard night for the city",
    "Air defences busy again",
    "Counting the cost of the offensive",
)
OUTLETS = ("Harbour Post", "Valley Courier", "Northern Ledger", "Test Wire", "River Herald")
# Words for a paragraph of local detail that differs from article to article, so that the
# articles are not near-duplicates of each other (the analysis groups those).
DETAIL_WORDS = tuple(
    """market bridge river station school hospital bakery tram depot factory orchard harbour
    square library garage warehouse chapel stadium clinic village railway tower canal meadow
    neighbours volunteers drivers teachers nurses farmers engineers students pensioners crews
    repaired cleared crossed guarded painted counted loaded carried opened closed visited
    quiet crowded narrow muddy frozen dusty windy bright early late northern southern old new
    blue green grey amber morning evening winter spring summer autumn bread water blankets
    candles generators cables windows doors roofs boards sandbags buses trucks bicycles""".split()
)


@dataclass(frozen=True)
class Article:
    key: str
    title: str
    published: date
    outlet: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def _sentence(rng: random.Random) -> str:
    figure = rng.choice(FIGURES).format(n=rng.randint(2, 1500), m=rng.randint(2, 400))
    parts = [rng.choice(SPEAKERS), figure, rng.choice(PLACES), rng.choice(WHEN)]
    return " ".join(p for p in parts if p) + "."


def articles(n: int, seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    out = []
    start = date(2023, 1, 1)
    for i in range(n):
        paragraphs = [_sentence(rng) for _ in range(rng.randint(1, 3))]
        paragraphs.insert(rng.randint(0, len(paragraphs)), rng.choice(FILLER))
        detail = " ".join(rng.choice(DETAIL_WORDS) for _ in range(rng.randint(25, 45)))
        paragraphs.append(f"Witnesses spoke of the {detail}.")
        paragraphs.append(f"This is bulletin {i} of the test series.")
        out.append(
            Article(
                key=f"a{i:05d}",
                title=rng.choice(TITLES),
                published=start + timedelta(days=rng.randint(0, 700)),
                outlet=rng.choice(OUTLETS),
                paragraphs=tuple(paragraphs),
            )
        )
    return out


def html_page(a: Article) -> str:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in a.paragraphs)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(a.title)}</title>"
        f'<meta property="og:title" content="{escape(a.title)}">'
        f'<meta property="og:site_name" content="{escape(a.outlet)}">'
        f'<meta property="article:published_time" content="{a.published}T08:00:00+00:00">'
        f"</head><body><nav><a href='/'>Home</a></nav><main><article>"
        f"<h1>{escape(a.title)}</h1>\n{body}\n</article></main>"
        "<footer><p>Copyright the test outlets.</p></footer></body></html>"
    )


def build_corpus(
    root: Path, n: int, *, html: int = 30, jsonl_files: int = 4, shared: Path | None = None
) -> list[Path]:
    """Write `n` articles under `root` (see the module docstring); return the input paths, in
    the order an ingest should be given them (folders and files)."""
    arts = articles(n)
    n_jsonl = n // 4
    html_arts, rest = arts[:html], arts[html:]
    jsonl_arts, txt_arts = rest[:n_jsonl], rest[n_jsonl:]
    (root / "html").mkdir(parents=True, exist_ok=True)
    for a in html_arts:
        (root / "html" / f"{a.key}.html").write_text(html_page(a), encoding="utf-8")
    (root / "jsonl").mkdir(exist_ok=True)
    per_file = max(1, -(-len(jsonl_arts) // jsonl_files))
    for k in range(0, len(jsonl_arts), per_file):
        lines = [
            json.dumps(
                {
                    "id": a.key,
                    "title": a.title,
                    "text": a.text,
                    "date": a.published.isoformat(),
                    "outlet": a.outlet,
                    "url": f"https://news.example/{a.key}",
                }
            )
            for a in jsonl_arts[k : k + per_file]
        ]
        (root / "jsonl" / f"part-{k // per_file}.jsonl").write_text("\n".join(lines) + "\n")
    for i, a in enumerate(txt_arts):
        folder = root / "txt" / f"{i // 200:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{a.key}.txt").write_text(
            f"date {a.published.isoformat()}\n{a.title}\n\n{a.text}\n", encoding="utf-8"
        )
    inputs = [root / "html", root / "jsonl", *sorted((root / "txt").iterdir())]
    fakes = (shared / "data" / "news" / "fa-kes" / "fakes.jsonl") if shared else None
    if fakes is not None and fakes.is_file():
        inputs.append(fakes)
    return inputs
