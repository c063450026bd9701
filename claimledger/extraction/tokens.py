"""Tokens with character offsets, and phrase matching over their normalised forms.

Everything the extractor reads is a token list: lexicon phrases are tokenised the same way, so
"Russia's defence ministry" in a data file matches "Russia’s Defence Ministry" in an article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

_TOKEN = re.compile(
    r"""
    (?P<abbr>(?:[A-Za-z]\.){2,})                       # U.S.  a.m.  U.N.
   |(?P<numword>\d+(?:-[^\W\d_][\w]*)+|\d+[^\W\d_][\w]*) # 74-year-old  155mm  2s  4th
   |(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)   # 1,100  162,560  1.5  29
   |(?P<word>[^\W\d_][\w]*(?:[-'’][\w]+)*)             # Su-25  anti-aircraft  Russia’s
   |(?P<punct>\S)
    """,
    re.VERBOSE,
)
_POSSESSIVE = re.compile(r"['’]s$|(?<=s)['’]$", re.I)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    norm: str  # lower case, typographic apostrophes plain, possessive 's removed
    kind: str  # "num" | "word" | "punct"
    poss: bool = False

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_upper(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)

    def number(self) -> float:
        return float(self.text.replace(",", ""))


def tokenize(text: str, offset: int = 0) -> list[Token]:
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        s = m.group()
        kind = m.lastgroup or "punct"
        if kind in ("abbr", "numword"):
            kind = "word"
        poss = False
        norm = s.lower().replace("’", "'")
        if kind == "word" and _POSSESSIVE.search(s) and len(s) > 2:
            poss = True
            norm = _POSSESSIVE.sub("", norm)
        out.append(Token(s, m.start() + offset, m.end() + offset, norm, kind, poss))
    return out


def norms(phrase: str) -> tuple[str, ...]:
    return tuple(t.norm for t in tokenize(phrase))


@dataclass(frozen=True, slots=True)
class Phrase(Generic[T]):
    norms: tuple[str, ...]
    # Short all-capital words ("US", "UN", "IS") match only in capitals, so "us" stays a pronoun.
    exact: tuple[str | None, ...]
    payload: T


class PhraseIndex(Generic[T]):
    """Longest-match lookup of multi-token phrases at a token position."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[Phrase[T]]] = {}

    def add(self, phrase: str, payload: T) -> None:
        toks = tokenize(phrase)
        if not toks:
            return
        exact = tuple(
            t.text if t.is_upper and len(t.text) <= 4 and t.kind == "word" else None for t in toks
        )
        p = Phrase(tuple(t.norm for t in toks), exact, payload)
        bucket = self._by_first.setdefault(p.norms[0], [])
        bucket.append(p)
        bucket.sort(key=lambda x: -len(x.norms))

    def add_all(self, phrases: Iterable[str], payload: T) -> None:
        for ph in phrases:
            self.add(ph, payload)

    def __contains__(self, word: str) -> bool:
        return word in self._by_first

    def match(
        self, tokens: Sequence[Token], i: int, end: int | None = None
    ) -> tuple[int, T] | None:
        """Return (length, payload) of the longest phrase starting at tokens[i]."""
        if i >= len(tokens):
            return None
        limit = len(tokens) if end is None else min(end, len(tokens))
        for p in self._by_first.get(tokens[i].norm, ()):
            n = len(p.norms)
            if i + n > limit:
                continue
            ok = True
            for k in range(n):
                t = tokens[i + k]
                if t.norm != p.norms[k] or (p.exact[k] is not None and t.text != p.exact[k]):
                    ok = False
                    break
            if ok:
                return n, p.payload
        return None

    def find_all(
        self, tokens: Sequence[Token], start: int = 0, end: int | None = None
    ) -> list[tuple[int, int, T]]:
        """Non-overlapping longest matches left to right: (start, end, payload)."""
        out: list[tuple[int, int, T]] = []
        stop = len(tokens) if end is None else min(end, len(tokens))
        i = start
        while i < stop:
            m = self.match(tokens, i, stop)
            if m:
                out.append((i, i + m[0], m[1]))
                i += m[0]
            else:
                i += 1
        return out
