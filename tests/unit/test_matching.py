"""The matching shortcuts give what their plain forms give (they exist for speed only)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.extraction.matching import (
    GatedScan,
    KeyGate,
    PhraseGate,
    PhraseIndex,
    find_at_marks,
    folded,
    letter_first,
    lower_twin,
    twin_matches,
    words_of,
)
from claimledger.extraction.tokens import Token, norms, tokenize

# Few words, some only in capitals ("US" is a name, "us" a pronoun), so phrases overlap, nest
# and share first words often.
_VOCAB = ["the", "us", "US", "Us", "defence", "ministry", "Ministry", "of", "UN", "said", ","]
_PHRASES = st.lists(
    st.lists(st.sampled_from(_VOCAB), min_size=1, max_size=3).map(" ".join),
    min_size=1,
    max_size=8,
)
_TEXTS = st.lists(st.sampled_from(_VOCAB), min_size=0, max_size=14).map(" ".join)


def _index(phrases: list[str]) -> PhraseIndex[int]:
    index: PhraseIndex[int] = PhraseIndex()
    for k, p in enumerate(phrases):
        index.add(p, k)
    return index


def _plain_match(
    phrases: list[str], toks: list[Token], i: int, limit: int
) -> tuple[int, int] | None:
    """The longest phrase at toks[i] ending by `limit`, by trying every phrase: its norms, and
    the exact text of its short all-capital words; of equals, the one added first."""
    best: tuple[int, int] | None = None
    for k, p in enumerate(phrases):
        ptoks = tokenize(p)
        n = len(ptoks)
        if not ptoks or i + n > limit:
            continue
        if any(
            toks[i + j].norm != t.norm
            or (t.is_upper and len(t.text) <= 4 and t.kind == "word" and toks[i + j].text != t.text)
            for j, t in enumerate(ptoks)
        ):
            continue
        if best is None or n > best[0]:
            best = (n, k)
    return best


@given(_PHRASES, _TEXTS, st.data())
@settings(max_examples=300, deadline=None)
def test_phrase_index_match_is_the_longest_phrase(
    phrases: list[str], text: str, data: st.DataObject
) -> None:
    index = _index(phrases)
    toks = tokenize(text)
    end = data.draw(st.integers(min_value=0, max_value=len(toks) + 1))
    limit = min(end, len(toks))
    for i in range(len(toks) + 1):
        got = index.match(toks, i, end)
        want = _plain_match(phrases, toks, i, limit) if i < limit else None
        # Phrases with the same words are one entry: the first added gives the payload.
        if want is not None:
            first = next(k for k, p in enumerate(phrases) if _same(p, phrases[want[1]]))
            want = (want[0], first)
        assert got == want


def _same(a: str, b: str) -> bool:
    ta, tb = tokenize(a), tokenize(b)
    return norms(a) == norms(b) and [
        t.text if t.is_upper and len(t.text) <= 4 else None for t in ta
    ] == [t.text if t.is_upper and len(t.text) <= 4 else None for t in tb]


@given(_PHRASES, _TEXTS, st.data())
@settings(max_examples=300, deadline=None)
def test_find_all_is_match_tried_left_to_right(
    phrases: list[str], text: str, data: st.DataObject
) -> None:
    """find_all inlines match's trie walk: the same as calling match at each position, going
    past each phrase found."""
    index = _index(phrases)
    toks = tokenize(text)
    start = data.draw(st.integers(min_value=0, max_value=len(toks)))
    end = data.draw(st.integers(min_value=start, max_value=len(toks) + 1))
    plain, i = [], start
    while i < min(end, len(toks)):
        m = index.match(toks, i, end)
        if m:
            plain.append((i, i + m[0], m[1]))
            i += m[0]
        else:
            i += 1
    assert index.find_all(toks, start, end) == plain
    words = frozenset(t.norm for t in toks)
    assert index.find_all(toks, start, end, words=words) == plain
    assert index.absent_from(words) == (not any(t.norm in index for t in toks))


@given(_PHRASES, _TEXTS, st.data())
@settings(max_examples=300, deadline=None)
def test_gated_scan_and_marks_find_what_the_index_finds(
    phrases: list[str], text: str, data: st.DataObject
) -> None:
    index = _index(phrases)
    scan = GatedScan(index)
    toks = tokenize(text)
    for i in range(len(toks)):
        assert scan.match(toks, i) == index.match(toks, i)
    # Marks: every position a phrase can start at, and any others.
    extra = data.draw(st.sets(st.integers(min_value=0, max_value=max(0, len(toks) - 1))))
    marks = sorted({k for k, t in enumerate(toks) if t.norm in index} | (extra if toks else set()))
    words = frozenset(t.norm for t in toks)
    assert find_at_marks(scan, toks, marks, words) == index.find_all(toks)


_GATE_WORDS = st.sampled_from(
    ["gunned", "down", "killed", "tank", "tanks", "shot", "dead", "x-ray", "x", "ray"]
)


@given(
    st.lists(st.lists(_GATE_WORDS, min_size=1, max_size=3).map(" ".join), min_size=1),
    st.sets(_GATE_WORDS),
)
@settings(max_examples=300, deadline=None)
def test_phrase_gate_is_all_the_words_of_a_phrase(phrases: list[str], words: set[str]) -> None:
    """Keyed by a head (any of its words), a phrase still needs all its words: the plain form
    tests every phrase's words against the sentence's."""
    gate = PhraseGate(phrases, lambda p: p.split()[-1])
    plain = any(set(p.split()) <= words for p in phrases)  # "x-ray" is one word of a phrase
    assert gate.any_in(words) == plain


def test_words_of_splits_hyphenated_words() -> None:
    assert words_of("A pro-Russian gunman was shot.") == {
        "a", "pro-russian", "pro", "russian", "gunman", "was", "shot",
    }  # fmt: skip


@given(
    st.lists(
        st.tuples(st.frozensets(st.sampled_from("abcdef"), max_size=3), st.booleans()),
        min_size=1,
        max_size=8,
    ),
    st.frozensets(st.sampled_from("abcdefgh")),
    st.booleans(),
)
def test_key_gate_opens_the_rules_a_plain_test_opens(
    gates: list[tuple[frozenset[str], bool]], words: frozenset[str], digit: bool
) -> None:
    plain = {i for i, (keys, d) in enumerate(gates) if (d and digit) or not keys.isdisjoint(words)}
    assert KeyGate(gates).opened(words, digit) == plain


_SOURCES = [
    r"\bin\s+all\b|\bso\s+far\b|\brunning\s+(?:total|count)\b",
    r"\b(?:in|during|over)\s+the\s+(?:day|night)\b",
    r"\b(?:that|which)\s+began\b",
    r"\b(?:\d+|a|an|one)\s+days?\b",  # starts with no letter: left as it is
]
_TEXT = st.text(alphabet="abdefghilnorstuwy 0123,.-’ÉSINA", max_size=60)


@given(st.sampled_from(_SOURCES), _TEXT)
@settings(max_examples=400, deadline=None)
def test_letter_first_matches_where_the_source_matches(source: str, text: str) -> None:
    """ "\\bw" moved after its first letter tests the same position one character later."""
    plain = [m.span() for m in re.finditer(source, text)]
    assert [m.span() for m in re.finditer(letter_first(source), text)] == plain


_MONTH = "(?-i:May|June)"


@given(
    st.sampled_from([*_SOURCES, rf"\b(?:in|on)\s+{_MONTH}\b", rf"\bby\s+{_MONTH}|\bthe\s+day\b"]),
    st.lists(st.sampled_from(["in", "IN", "May", "may", "June", "on", "the", "Day", "by", "É"])),
)
@settings(max_examples=400, deadline=None)
def test_twin_matches_are_the_pattern_matches(source: str, words: list[str]) -> None:
    pat = re.compile(source, re.I)
    text = " ".join(words)
    twin = lower_twin(pat, (_MONTH,))
    got = [(m.span(), m.group()) for m in twin_matches(pat, twin, text, folded(text))]
    assert got == [(m.span(), m.group()) for m in pat.finditer(text)]
