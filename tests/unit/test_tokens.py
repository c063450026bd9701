"""The tokenizer's shortcuts give what its token grammar gives (they exist for speed only)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.extraction.tokens import Token, _grammar_tokens, tokenize

_CHUNK = re.compile(r"\S+")


def _fields(t: Token) -> tuple[object, ...]:
    return (t.text, t.start, t.end, t.norm, t.kind, t.poss, t.is_cap, t.is_upper)


def _by_grammar(text: str, offset: int) -> list[tuple[object, ...]]:
    out: list[Token] = []
    for m in _CHUNK.finditer(text):
        _grammar_tokens(m.group(), m.start() + offset, out.append)
    return [_fields(t) for t in out]


_WORDS = st.sampled_from(
    [
        "said,", "Kyiv.", "1,100", "12,345.6", "162,560", "29", "—", "-", "’s", "Russia’s",
        "U.S.", "74-year-old", "155mm", "F-16", "(+620)", "İstanbul", "ſtate", "KYIV", "don't",
        "anti-aircraft", "4th", "“We", "lost.”", "x", "½", "²", "٣", "a.m.", "e.g.", "...", "’",
        "'", "Ǆ", "–",
    ]
)  # fmt: skip
_SPACES = st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", " \n "])


@given(
    st.lists(st.one_of(_WORDS, st.text(min_size=1, max_size=8)), min_size=0, max_size=20),
    st.lists(_SPACES, min_size=20, max_size=20),
    st.integers(min_value=0, max_value=5000),
)
@settings(max_examples=400, deadline=None)
def test_tokenize_shortcuts_agree_with_the_grammar(
    words: list[str], spaces: list[str], offset: int
) -> None:
    text = "".join(w + s for w, s in zip(words, spaces, strict=False))
    assert [_fields(t) for t in tokenize(text, offset)] == _by_grammar(text, offset)


def test_common_shapes() -> None:
    toks = tokenize("Officials said, 1,100 were killed.", 10)
    assert [(t.text, t.start, t.kind) for t in toks] == [
        ("Officials", 10, "word"),
        ("said", 20, "word"),
        (",", 24, "punct"),
        ("1,100", 26, "num"),
        ("were", 32, "word"),
        ("killed", 37, "word"),
        (".", 43, "punct"),
    ]
    assert toks[0].is_cap and not toks[0].is_upper and toks[0].norm == "officials"
