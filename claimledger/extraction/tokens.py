"""Tokens with character offsets and their normalised forms.

Everything the extractor reads is a token list: lexicon phrases are tokenised the same way, so
"Russia's defence ministry" in a data file matches "Russia’s Defence Ministry" in an article
(phrase matching over the norms: claimledger.extraction.matching).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

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


# Equality by identity, as for any object (two tokens of the same text are two tokens).
@dataclass(slots=True, eq=False, repr=False)
class Token:
    """A token and where it is. Slots, not a named tuple: the stages read token attributes
    millions of times, and a slot attribute is read about twice as fast."""

    text: str
    start: int
    end: int
    norm: str  # lower case, typographic apostrophes plain, possessive 's removed
    kind: str  # "num" | "word" | "punct"
    poss: bool = False
    is_cap: bool = False  # starts with a capital
    is_upper: bool = False  # all letters capitals ("US", "AFAD")

    def number(self) -> float:
        return float(self.text.replace(",", ""))

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end}, {self.kind})"


# A figure with thousands separators and nothing after it: the grammar's "num" takes it all
# (the "numword" branch before it needs a letter or a dash after the first digits).
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_KINDS = {"abbr": "word", "numword": "word", "num": "num", "word": "word", "punct": "punct"}


# Chunk endings split off without the token grammar: "said," → said ,  (none is a word
# character, so the grammar would end the word before it too).
_TRAILING = frozenset(',.;:)!?"”')


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of `text`, offsets shifted by `offset`.

    Whitespace-separated chunks of the common shapes become tokens at once: letters only
    (most of them), letters and one closing mark ("said,"), digits only. Only the others go
    through the token grammar above; each shortcut gives what the grammar would.
    """
    out: list[Token] = []
    append = out.append
    chunks = text.split()  # str.split: cheaper than a regex's match objects
    # With one whitespace character between chunks and none around them (nearly every
    # sentence), each chunk starts one past the end of the one before: no find() needed.
    spaced = sum(map(len, chunks)) + len(chunks) - 1 == len(text)
    find = text.find
    new = object.__new__
    end = offset - 1
    for chunk in chunks:
        start = end + 1 if spaced else find(chunk, end + 1 - offset) + offset
        end = start + len(chunk)
        if chunk.isalpha():
            word, mark = chunk, ""
        elif chunk[-1] in _TRAILING and chunk[:-1].isalpha():
            word, mark = chunk[:-1], chunk[-1]  # a word and a closing mark: "said,"
        elif chunk.isdecimal():  # what \d+ matches: a "num"
            append(Token(chunk, start, end, chunk, "num"))
            continue
        elif len(chunk) == 1 and not chunk.isalnum():
            # A lone mark ("—", "-"): what \S matches when no other branch can (they all need
            # a word character). Its norm and case tests as in _grammar_tokens.
            cap = chunk.isupper()
            norm = "'" if chunk == "’" else chunk.lower()
            append(Token(chunk, start, end, norm, "punct", False, cap, cap))
            continue
        elif _GROUPED.fullmatch(chunk):  # "1,100": a "num" alone
            append(Token(chunk, start, end, chunk, "num"))
            continue
        else:
            _grammar_tokens(chunk, start, append)
            continue
        # Most tokens are words: made by object.__new__ and slot stores, a third cheaper than
        # a call to Token.__init__.
        t = new(Token)
        t.text = word
        t.start = start
        t.end = stop = start + len(word)
        t.kind = "word"
        t.poss = False
        if word.islower():
            # No capital, and lower() would return the same text (islower() holds only if no
            # character has a different lower case).
            t.norm = word
            t.is_cap = t.is_upper = False
        else:
            t.norm = word.lower()
            t.is_cap = cap = word[0].isupper()
            t.is_upper = cap and word.isupper()
        append(t)
        if mark:
            t = new(Token)
            t.text = t.norm = mark  # none of _TRAILING has a case
            t.start = stop
            t.end = end
            t.kind = "punct"
            t.poss = t.is_cap = t.is_upper = False
            append(t)
    return out


def _grammar_tokens(chunk: str, base: int, append: Callable[[Token], object]) -> None:
    """Tokens of one whitespace-free chunk by the token grammar, starting at offset `base`."""
    for m in _TOKEN.finditer(chunk):
        s = m.group()
        kind = _KINDS[m.lastgroup or "punct"]
        norm = s.lower()
        if "’" in norm:
            norm = norm.replace("’", "'")
        poss = False
        if (
            kind == "word"
            and len(s) > 2
            and norm[-1] in "s'"
            and (norm.endswith("'s") or norm.endswith("s'"))
        ):
            poss = True
            norm = norm[:-2] if norm.endswith("'s") else norm[:-1]
        cap = s[0].isupper()
        start = m.start() + base
        append(Token(s, start, start + len(s), norm, kind, poss, cap, cap and s.isupper()))


@lru_cache(maxsize=65536)
def norms(phrase: str) -> tuple[str, ...]:
    return tuple(t.norm for t in tokenize(phrase))
