"""Paragraphs and sentences with offsets into the document text, and the quotations in them.

A paragraph is a line (news text files put one paragraph per line) or a block between blank
lines. Sentences end at . ! ? followed by a capital, a digit or a quote — except after the
abbreviations news writes ("Gen.", "Feb.", "U.S.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import attrgetter

from claimledger.extraction.tokens import Token, tokenize

_ABBREVIATIONS = frozenset(
    ("mr mrs ms dr gen lt col maj sgt capt cpt adm brig rep sen gov prof st no vs jr sr "
     "jan feb mar apr jun jul aug sep sept oct nov dec approx est dept corp inc ltd co").split(" ")
)  # fmt: skip
_END = re.compile(r"[.!?]+[\"”’']*(?=\s+[\"“‘'(]?[A-Z0-9])")
_LINE = re.compile(r"[^\n]+")
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]?")
_OPEN_QUOTES = '“"'
_CLOSE_QUOTES = '”"'
_NORM = attrgetter("norm")


@dataclass(slots=True)
class Sentence:
    index: int
    para: int
    start: int
    end: int
    text: str
    tokens: list[Token]
    # Token index ranges [a, b) that are inside quotation marks.
    quotes: list[tuple[int, int]] = field(default_factory=list)
    # Token indexes the number finder must skip (dates, times, model names …).
    masked: set[int] = field(default_factory=set)
    is_list_item: bool = False
    para_first: bool = False
    body_start: int = 0  # first token after a dateline ("KYIV, Feb 18 - …")
    # The sentence's normalised words, with the parts of hyphenated ones ("mid-May"): the set
    # every stage tests before scanning tokens (a plain attribute: it is read a dozen times
    # per sentence).
    words: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        if "-" not in self.text:  # then no norm holds one
            self.words = frozenset(map(_NORM, self.tokens))
        else:
            norms = set(map(_NORM, self.tokens))
            norms.update(p for n in list(norms) if "-" in n for p in n.split("-"))
            self.words = frozenset(norms)

    def quote_of(self, i: int) -> tuple[int, int] | None:
        for a, b in self.quotes:
            if a <= i < b:
                return a, b
        return None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _LINE.finditer(text):
        if m.group().strip():
            out.append((m.start(), m.end()))
    return out


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    chunk = text[start:end]
    for m in _END.finditer(chunk):
        cut = start + m.end()
        before = text[pos : start + m.start()].rsplit(None, 1)
        last = before[-1].lower().strip('("“') if before else ""
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        if _INITIALS.fullmatch(last):  # u.s  a.m
            continue
        spans.append((pos, cut))
        pos = cut
        while pos < end and text[pos].isspace():
            pos += 1
    if pos < end and text[pos:end].strip():
        spans.append((pos, end))
    return spans


def _quotes(tokens: list[Token], in_quote: bool) -> tuple[list[tuple[int, int]], bool]:
    """Token spans inside double quotes, and whether a quote is still open at the end.

    A closing mark with no opening mark before it (a quote running on from an earlier sentence,
    or a quote whose opening mark the page lost) quotes everything before it.
    """
    out = []
    open_at: int | None = 0 if in_quote else None
    for i, t in enumerate(tokens):
        if t.text == "“" or (t.text == '"' and open_at is None):
            open_at = i + 1
        elif t.text in _CLOSE_QUOTES:
            out.append((open_at if open_at is not None else 0, i))
            open_at = None
    if open_at is not None:
        out.append((open_at, len(tokens)))
    return out, open_at is not None


# "KYIV/MOSCOW, Feb 18 - ", "TEL AVIV, May 20 – ", "ANTAKYA, Turkey, Feb 16 - ": a wire dateline.
_DATELINE = re.compile(
    r"^[A-Z][A-Z/'. -]{1,40}(?:, [A-Z][A-Za-z]+)*, [A-Z][a-z]{2,8}\.? \d{1,2}\s+[-–—]\s+"
)
# A line of a tally: "tanks — 3,765 (+4)", "tanks ‒ 1361 (+3)" (a figure dash, U+2012),
# "• personnel – approx. 512,420 (+1,270) people",
# "- Kupyansk direction: up to 260 servicemen, 2 tanks": an optional bullet, a short label (at
# most five words, none of them a verb: "The hardware losses are striking: 364 tanks" is a
# sentence), a dash or colon, at most three words (a qualifier), a figure. A long dash may touch
# the qualifier after it ("personnel ‒about 29750").
_LIST_ITEM = re.compile(
    r"^\s*(?:[-•*–]\s*)?(?P<label>[^\n—‒:]{1,45}?)(?:\s[-–—‒]\s|\s?[:—–‒]\s|\s[—–‒](?=[^\d\s]))"
    r"\s*(?:[^\d\s]+\s+){0,3}\d"
)
_LABEL_VERBS = frozenset(
    "is are was were has have had includes include included says said reported read reads".split()
)


def _is_list_item(text: str) -> bool:
    m = _LIST_ITEM.match(text)
    if not m:
        return False
    words = m["label"].lower().split()
    return len(words) <= 5 and not any(w in _LABEL_VERBS for w in words)


def _dateline_end(tokens: list[Token], text: str, offset: int) -> int:
    m = _DATELINE.match(text)
    if not m:
        return 0
    end = offset + m.end()
    return next((i for i, t in enumerate(tokens) if t.start >= end), len(tokens))


def segment(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    for p_index, (ps, pe) in enumerate(_paragraphs(text)):
        in_quote = False
        for k, (s, e) in enumerate(_split_sentences(text, ps, pe)):
            stext = text[s:e]
            tokens = tokenize(stext, s)
            if in_quote or '"' in stext or "“" in stext or "”" in stext:
                quotes, in_quote = _quotes(tokens, in_quote)
            else:
                quotes = []
            # Positional arguments, in field order (index, para, start, end, text, tokens,
            # quotes, masked, is_list_item, para_first, body_start): a keyword call costs more,
            # once per sentence.
            first = k == 0
            sentences.append(
                Sentence(
                    len(sentences),
                    p_index,
                    s,
                    e,
                    stext,
                    tokens,
                    quotes,
                    set(),
                    first and len(stext) < 160 and _is_list_item(stext),
                    first,
                    _dateline_end(tokens, stext, s) if first else 0,
                )
            )
    return sentences
