"""Turning ledger data into what templates show: plain values and lists of text segments.

Nothing here produces HTML. Document text is cut into segments (text, and which claims'
evidence covers it); the templates escape every segment (Jinja2 autoescape) and wrap it in the
elements that highlight and link it. So a document holding `<script>` shows `<script>`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from urllib.parse import urlsplit

from claimledger import present
from claimledger.model import Claim


@dataclass
class Segment:
    text: str
    claims: tuple[int, ...] = ()  # claims whose evidence covers it
    focus: bool = False  # covered by the claim the page is about
    starts: tuple[int, ...] = ()  # claims whose evidence begins here (anchors)
    ends: list[tuple[int, int]] = field(default_factory=list)  # (claim, number) ending here


def evidence_segments(
    text: str,
    spans: Sequence[tuple[int, int, int]],
    focus: int | None = None,
    numbers: dict[int, int] | None = None,
) -> list[Segment]:
    """Cut `text` at the bounds of every (start, end, claim) span. Offsets outside the text are
    clamped; empty spans mark nothing. `numbers` gives each claim the number its reference
    mark shows (default: its position in `spans`, from 1)."""
    n = len(text)
    numbers = numbers or {cid: i + 1 for i, (_, _, cid) in enumerate(spans)}
    clean = []
    for s, e, cid in spans:
        s, e = max(0, min(s, n)), max(0, min(e, n))
        if s < e:
            clean.append((s, e, cid))
    cuts = sorted({0, n, *(s for s, _, _ in clean), *(e for _, e, _ in clean)})
    starting: dict[int, list[int]] = {}
    ending: dict[int, list[int]] = {}
    for s, e, cid in clean:
        starting.setdefault(s, []).append(cid)
        ending.setdefault(e, []).append(cid)
    active: dict[int, int] = {}  # claim → times active (a claim may repeat)
    out: list[Segment] = []
    for a, b in pairwise(cuts):
        for cid in ending.get(a, []):
            active[cid] -= 1
            if not active[cid]:
                del active[cid]
        for cid in starting.get(a, []):
            active[cid] = active.get(cid, 0) + 1
        seg = Segment(
            text[a:b],
            tuple(sorted(active)),
            focus is not None and focus in active,
            tuple(starting.get(a, [])),
        )
        seg.ends = [(cid, numbers.get(cid, 0)) for cid in ending.get(b, [])]
        out.append(seg)
    if not out:
        out.append(Segment(text))
    return out


def snippet(text: str, terms: Iterable[str], width: int = 220) -> list[tuple[str, bool]]:
    """A window of `text` around the first word starting with a search term, as (text,
    is_match) pieces; the start of the text when no term is found."""
    words = [re.escape(t) for t in terms if t]
    if not words:
        return [(_clip(text[:width]), False)]
    pattern = re.compile(r"\b(?:" + "|".join(words) + r")\w*", re.IGNORECASE)
    first = pattern.search(text)
    if first is None:
        return [(_clip(text[:width]), False)]
    start = max(0, first.start() - width // 3)
    window = text[start : start + width]
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for m in pattern.finditer(window):
        if m.start() > pos:
            pieces.append((window[pos : m.start()], False))
        pieces.append((m.group(0), True))
        pos = m.end()
    if pos < len(window):
        pieces.append((window[pos:], False))
    if start > 0:
        pieces.insert(0, ("… ", False))
    if start + width < len(text):
        pieces.append((" …", False))
    return pieces


def _clip(s: str) -> str:
    return " ".join(s.split())


def safe_href(url: str | None) -> str | None:
    """The URL if a browser may follow it (http or https with a host), else None: a
    document's `javascript:` or `data:` URL is shown as text, never as a link."""
    if not url or any(c.isspace() or ord(c) < 32 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


# The cells the templates show come from claimledger.present, as the terminal's do.


def value(c: Claim) -> str:
    """ "about 800 per quarter mile", "at least 226"."""
    return present.value_words(c.value, c.rate)


def figure(x: float | None) -> str:
    return present.figure(x)


def metric_label(metric: str) -> str:
    return present.metric_words(metric)


def period(c: Claim) -> str:
    return present.period_text(c.period)
