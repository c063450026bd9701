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


_WORD = re.compile(r"\w+")
# Suffixes a search's stemmer (Porter on SQLite, Snowball on PostgreSQL) takes off, so that a
# word's other forms are marked too: "killed" finds "kill", "kills", "killing".
_SUFFIXES = (("ies", "i"), ("ied", "i"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


def word_stem(word: str) -> str:
    """A light English stem: what the forms of one word share ("killed", "kills" → "kill";
    "drone", "drones" → "dron"; "casualty", "casualties" → "casualti")."""
    w = word.lower()
    for suffix, repl in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + repl
            break
    if len(w) > 3 and w.endswith("y"):
        w = w[:-1] + "i"
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz" and w[-1].isalpha():
        w = w[:-1]  # "stopped" → "stopp" → "stop"
    return w


def snippet(text: str, terms: Iterable[str], width: int = 220) -> list[tuple[str, bool]]:
    """A window of whole words of `text` around the first word that is a form of a search
    term, as (text, is_match) pieces with every form of every term marked; the start of the
    text when no term is in it (a match in the title alone)."""
    stems = {word_stem(t) for t in terms if t}
    matches = [m for m in _WORD.finditer(text) if word_stem(m.group(0)) in stems]
    if not matches:
        return [(_clip(_whole_words(text, 0, width)), False)] if text else [("", False)]
    first = matches[0]
    start = max(0, first.start() - width // 3)
    if start > 0:  # begin at a word's start: after the first space from here, or at the match
        space = re.compile(r"\s").search(text, start - 1, first.start())
        start = space.end() if space else first.start()
    end = max(start + width, first.end())
    while end < len(text) and not text[end].isspace():
        end += 1  # finish the word the window ends in
    pieces: list[tuple[str, bool]] = []
    pos = start
    for m in matches:
        if m.start() < start or m.end() > end:
            continue
        if m.start() > pos:
            pieces.append((text[pos : m.start()], False))
        pieces.append((m.group(0), True))
        pos = m.end()
    if pos < end:
        pieces.append((text[pos:end], False))
    if start > 0:
        pieces.insert(0, ("… ", False))
    if end < len(text):
        pieces.append((" …", False))
    return pieces


def _whole_words(text: str, start: int, width: int) -> str:
    """text[start:start + width], shortened to the last whole word when it ends inside one."""
    end = start + width
    if end >= len(text) or text[end].isspace():
        return text[start:end]
    cut = text.rfind(" ", start, end)
    return text[start:cut] + " …" if cut > start else text[start:end]


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
