"""The matching shortcuts the stages call: each gives what a plain form gives, only faster.

The stages read as grammar (which words, which phrases, which patterns); how they are matched
fast lives here, each shortcut next to a note on the plain form it stands for and proven equal
to it by a test:

- `PhraseIndex`: longest-match phrase lookup over token norms, a trie whose walk `find_all`
  inlines (tests/unit/test_matching.py: `find_all` is `match` tried left to right);
- `GatedScan` and `find_at_marks`: a phrase index with set tests before its walk, and a scan
  that tries only the marked positions of a sentence (tests/unit/test_matching.py);
- `PhraseGate`: a sentence's set of words tested for phrases by their heads, then all their
  words (the prefilter's test: looser than the phrase, never stricter; tests/unit/test_prefilter.py
  and tests/unit/test_matching.py);
- `KeyGate`: which of a list of rules a sentence's words open (an inverted index), so a
  sentence tries only those (tests/unit/test_times.py);
- twin regexes (`lower_twin`, `letter_first`, `twin_matches`): case-sensitive twins of
  case-insensitive patterns, run on the lower-cased sentence (tests/unit/test_times.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from claimledger.extraction.tokens import Token, tokenize

T = TypeVar("T")


# ---- phrase indexes -----------------------------------------------------------------------------
@dataclass(slots=True, eq=False, repr=False)
class _Node(Generic[T]):
    """A trie node: the phrases ending here, and the next words."""

    next: dict[str, _Node[T]] = field(default_factory=dict)
    # (exact texts, payload): short all-capital words ("US", "UN", "IS") match only in
    # capitals, so "us" stays a pronoun.
    ends: list[tuple[tuple[str | None, ...], T]] = field(default_factory=list)
    exact: bool = False  # whether any phrase ending here needs exact texts
    # What `match` returns for a phrase ending here when none needs exact texts: (length,
    # payload), made once rather than at every match.
    result: tuple[int, T] | None = None


class PhraseIndex(Generic[T]):
    """Longest-match lookup of multi-token phrases at a token position (a trie over norms)."""

    def __init__(self) -> None:
        self._root: _Node[T] = _Node()
        self._first = self._root.next  # the first words' nodes, read at every call
        self._firsts: frozenset[str] = frozenset()

    def add(self, phrase: str, payload: T) -> None:
        toks = tokenize(phrase)
        if not toks:
            return
        exact = tuple(
            t.text if t.is_upper and len(t.text) <= 4 and t.kind == "word" else None for t in toks
        )
        node = self._root
        self._firsts = self._firsts | {toks[0].norm}
        for t in toks:
            node = node.next.setdefault(t.norm, _Node())
        if not any(e == exact for e, _ in node.ends):
            node.ends.append((exact, payload))
            node.exact = node.exact or any(x is not None for x in exact)
            node.result = None if node.exact else (len(toks), node.ends[0][1])

    def add_all(self, phrases: Iterable[str], payload: T) -> None:
        for ph in phrases:
            self.add(ph, payload)

    def __contains__(self, word: str) -> bool:
        return word in self._root.next

    @property
    def first_words(self) -> dict[str, _Node[T]]:
        """First words of the phrases, for a membership test before calling `match` in loops."""
        return self._root.next

    def match(
        self, tokens: Sequence[Token], i: int, end: int | None = None
    ) -> tuple[int, T] | None:
        """Return (length, payload) of the longest phrase starting at tokens[i]."""
        limit = len(tokens)
        if end is not None and end < limit:
            limit = end
        if i >= limit:
            return None
        node = self._first.get(tokens[i].norm)
        if node is None:  # the common case
            return None
        # The trie walk, as in find_all; phrases needing exact texts are left to _longest.
        if node.exact:
            return _longest(node, tokens, i, limit)
        best = node.result
        k = i + 1
        while k < limit and node.next:
            nxt = node.next.get(tokens[k].norm)
            if nxt is None:
                break
            if nxt.exact:
                return _longest(self._first[tokens[i].norm], tokens, i, limit)
            node = nxt
            k += 1
            if node.result is not None:
                best = node.result
        return best

    def absent_from(self, words: frozenset[str] | set[str]) -> bool:
        """No phrase can start in a text whose words are `words` (a set test, no scan)."""
        return words.isdisjoint(self._firsts)

    def find_all(
        self,
        tokens: Sequence[Token],
        start: int = 0,
        end: int | None = None,
        words: frozenset[str] | None = None,
    ) -> list[tuple[int, int, T]]:
        """Non-overlapping longest matches left to right: (start, end, payload). With `words`
        (the set of the text's norms), a text holding no first word is not scanned at all."""
        out: list[tuple[int, int, T]] = []
        if words is not None and words.isdisjoint(self._firsts):
            return out
        stop = len(tokens) if end is None else min(end, len(tokens))
        first = self._first
        i = start
        while i < stop:
            node = first.get(tokens[i].norm)
            if node is None:  # most tokens start no phrase
                i += 1
                continue
            # `match` inlined: a call per candidate start costs more than the walk itself.
            if node.exact:
                best = _longest(node, tokens, i, stop)
            else:
                best = node.result
                k = i + 1
                while k < stop and node.next:
                    nxt = node.next.get(tokens[k].norm)
                    if nxt is None:
                        break
                    if nxt.exact:
                        best = _longest(first[tokens[i].norm], tokens, i, stop)
                        break
                    node = nxt
                    k += 1
                    if node.result is not None:
                        best = node.result
            if best:
                out.append((i, i + best[0], best[1]))
                i += best[0]
            else:
                i += 1
        return out


def _longest(node: _Node[T], tokens: Sequence[Token], i: int, limit: int) -> tuple[int, T] | None:
    """The longest phrase starting at tokens[i] (whose node is `node`) and ending by `limit`,
    checking the exact texts of the phrases that need them."""
    best: tuple[int, T] | None = None
    k = i + 1
    while True:
        if node.result is not None:
            best = node.result
        elif node.exact:
            for exact, payload in node.ends:
                if all(x is None or tokens[i + j].text == x for j, x in enumerate(exact)):
                    best = (k - i, payload)
                    break
        if k >= limit or not node.next:
            return best
        nxt = node.next.get(tokens[k].norm)
        if nxt is None:
            return best
        node = nxt
        k += 1


class GatedScan(Generic[T]):
    """A phrase index with what `find_at_marks` tests before calling its `match`: the first
    words of its phrases, and for a first word that is no phrase alone the words that can follow
    it ("the" → "kremlin", "observatory", …): most of the places a match is tried fail there.
    Plain form: `index.match`."""

    def __init__(self, index: PhraseIndex[T]) -> None:
        self.index = index
        self.firsts = frozenset(index.first_words)
        self.seconds = {
            word: frozenset(node.next) for word, node in index.first_words.items() if not node.ends
        }

    def match(self, toks: list[Token], i: int) -> tuple[int, T] | None:
        """`index.match(toks, i)`, with the set tests first ("in", "that", "as" start phrases
        of a few cue words, and are common)."""
        norm = toks[i].norm
        if norm not in self.firsts:
            return None
        follow = self.seconds.get(norm)
        if follow is not None and (i + 1 == len(toks) or toks[i + 1].norm not in follow):
            return None
        return self.index.match(toks, i)


def find_at_marks(
    scan: GatedScan[T], toks: list[Token], marks: list[int], words: frozenset[str]
) -> list[tuple[int, int, T]]:
    """`scan.index.find_all(toks)` with the positions to try taken from `marks` (ascending, and
    holding every position whose word is one of the index's first words; `words`: the set of the
    tokens' norms): non-overlapping longest matches, left to right."""
    firsts = words & scan.firsts  # the index's first words in the sentence: a few at most
    out: list[tuple[int, int, T]] = []
    if not firsts:
        return out
    after = 0
    for i in marks:
        if i < after or toks[i].norm not in firsts:
            continue
        m = scan.match(toks, i)
        if m:
            after = i + m[0]
            out.append((i, after, m[1]))
    return out


# ---- word gates ---------------------------------------------------------------------------------
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def words_of(text: str) -> set[str]:
    """The lower-cased words of a text, and the parts of its hyphenated words (the set a
    `PhraseGate` tests)."""
    words = set(_WORD.findall(text.lower()))
    if "-" in text:  # else no word is hyphenated: no pass over the words
        words.update(part for w in list(words) if "-" in w for part in w.split("-"))
    return words


class PhraseGate:
    """Phrases tested against a sentence's set of words: by their head first (a set test), then
    by all their words ("gunned down" needs "gunned" too: "down" alone is in every market
    report). Looser than the phrase itself, never stricter: each word is there whenever the
    phrase is. `head` picks the word a phrase is keyed on (one of its words)."""

    def __init__(self, phrases: Iterable[str], head: Callable[[str], str]) -> None:
        by_head: dict[str, set[frozenset[str]]] = {}
        for p in phrases:
            by_head.setdefault(head(p), set()).add(frozenset(_WORD.findall(p.lower())))
        self.heads = frozenset(by_head)
        self.words = {h: tuple(ws) for h, ws in by_head.items()}

    def any_in(self, words: set[str]) -> bool:
        hits = self.heads.intersection(words)
        return any(p <= words for h in hits for p in self.words[h])


class KeyGate:
    """Which of a list of rules a sentence opens: each rule has words any of which the sentence
    must hold (a looser test than the rule, never a stricter one), and maybe a digit opens it
    too. An inverted index (word → the rules it opens), so a sentence looks up its own few
    words instead of testing every rule. Plain form: every rule whose words meet the sentence's
    (or that a digit opens, when the sentence has one)."""

    def __init__(self, gates: Sequence[tuple[frozenset[str], bool]]) -> None:
        self.by_word: dict[str, set[int]] = {}
        for i, (words, _digit) in enumerate(gates):
            for w in words:
                self.by_word.setdefault(w, set()).add(i)
        self.by_digit = frozenset(i for i, (_words, digit) in enumerate(gates) if digit)
        self.keywords = frozenset(self.by_word)

    def opened(self, words: frozenset[str], digit: bool) -> set[int]:
        """The rules a sentence with these words (and a digit, or not) opens."""
        opened: set[int] = set(self.by_digit) if digit else set()
        opened.update(*map(self.by_word.__getitem__, words & self.keywords))
        return opened


# ---- twin regexes -------------------------------------------------------------------------------
# Case-sensitive twins of case-insensitive patterns, run on the lower-cased sentence: sre matches
# literal branches about twice as fast when it need not fold case. Lower-casing keeps every
# offset and folds case as a case-insensitive pattern does in a sentence whose letters are ASCII
# and whose other characters have no case (typographic quotes and dashes). There a twin of a
# pattern that names no case-sensitive part finds exactly its matches: the twin says where each
# starts, the pattern itself, anchored there, gives the match. A pattern with case-sensitive
# parts (month names in capitals) gets a looser twin naming them in lower case, which matches
# wherever the pattern does and maybe elsewhere: it says whether the pattern can match at all,
# and from where to search.
_UNCASED_MARKS = "\u00a0\u2009\u202f‘’“”–—…•·°€£×"
assert all(c.lower() == c == c.upper() for c in _UNCASED_MARKS)
_NOT_FOLDABLE = re.compile(f"[^\\x00-\\x7f{_UNCASED_MARKS}]")


def folded(text: str) -> str | None:
    """`text` lower-cased where twins may run on it (see above), else None."""
    return text.lower() if not _NOT_FOLDABLE.search(text) else None


def lower_twin(p: re.Pattern[str], cased: Sequence[str] = ()) -> tuple[re.Pattern[str], bool]:
    """The twin of a case-insensitive pattern, and whether it is exact: its `cased` parts
    (case-sensitive groups, written in the pattern as given) in lower case."""
    source = p.pattern
    for part in cased:
        source = source.replace(part, part.lower())
    # Every letter to match is now in lower case: no capitals but group names ("(?P<").
    assert not re.search("[A-Z]", source.replace("(?P<", "")), source
    return re.compile(letter_first(source)), source == p.pattern


def twin_matches(
    pat: re.Pattern[str], twin: tuple[re.Pattern[str], bool], text: str, low: str | None
) -> Iterable[re.Match[str]]:
    """What `pat.finditer(text)` finds, searched with its twin (see `lower_twin`) where `low`
    (the text `folded`) allows it."""
    if low is None:
        return pat.finditer(text)
    scan, exact = twin
    f = scan.search(low)
    if f is None:  # most runs: one search, no iterator
        return ()
    if exact:
        return [m for f in scan.finditer(low, f.start()) if (m := pat.match(text, f.start()))]
    return _loose_twin_matches(pat, scan, text, low, f)


def _loose_twin_matches(
    pat: re.Pattern[str], twin: re.Pattern[str], text: str, low: str, f: re.Match[str] | None
) -> list[re.Match[str]]:
    """What pat.finditer(text) finds, given a looser twin's first match `f` in `low`.

    The pattern can match only where its twin does, so the twin (the cheaper scan) says where
    to try the pattern: the positions finditer would try, in the same order. (No pattern here
    matches the empty string — each names a word — so a match always moves the search on.)
    """
    out = []
    while f is not None:
        m = pat.match(text, f.start())
        if m:
            out.append(m)
            f = twin.search(low, max(m.end(), f.start() + 1))
        else:
            f = twin.search(low, f.start() + 1)
    return out


# A twin scans every sentence its gate opens, and sre tries it at every position: its words all
# start with "\b", and sre can skip ahead only to a known first character (a pattern starting
# with a letter, or with alternatives that all do). "\bw" becomes "w(?<!\w.)": the same test
# made one character later (the character before "w" is no word character, or there is none;
# "." matches "w"), so the twin matches exactly where it did, and sre skips to the w's.
_AFTER_FIRST = r"(?<!\w.)"
_QUANTIFIERS = frozenset("?*+{")  # regex syntax: what may follow an atom


def letter_first(source: str) -> str:
    """`source` with each top-level alternative's leading \\b moved after its first letter,
    when every alternative starts "\\bword" or "\\b(?:word|word…)"; else `source` itself."""
    out = []
    for alt in _alternatives(source):
        if alt.startswith("\\b(?:"):
            close = _group_end(alt, 2)
            inner = [_after_first(a) for a in _alternatives(alt[5:close])]
            if None in inner or alt[close + 1 : close + 2] in _QUANTIFIERS:
                return source
            out.append("(?:" + "|".join(map(str, inner)) + ")" + alt[close + 1 :])
        elif alt.startswith("\\b") and (moved := _after_first(alt[2:])):
            out.append(moved)
        else:
            return source
    # Alternatives opening with many different letters: most positions pass the first-letter
    # test anyway, and the look-behinds cost more than they save (measured).
    if len({a[0] for a in out}) > 6:
        return source
    return "|".join(out)


def _after_first(alt: str) -> str | None:
    """ "word…" as "w(?<!\\w.)ord…", or None when it does not start with one plain letter."""
    if "a" <= alt[:1] <= "z" and alt[1:2] not in _QUANTIFIERS:
        return alt[0] + _AFTER_FIRST + alt[1:]
    return None


def _alternatives(source: str) -> list[str]:
    """`source` split at each "|" outside groups and character classes."""
    parts, depth, start = [], 0, 0
    for k, c in _unescaped(source):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(source[start:k])
            start = k + 1
    parts.append(source[start:])
    return parts


def _group_end(source: str, k: int) -> int:
    """Where the group opening at source[k] closes."""
    depth = 0
    for j, c in _unescaped(source):
        if j < k:
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j
    raise ValueError(source)


def _unescaped(source: str) -> Iterator[tuple[int, str]]:
    """(position, character) of the characters of a pattern that are neither escaped nor in a
    character class: the ones that can open or close a group or split alternatives."""
    escaped = in_class = False
    for k, c in enumerate(source):
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        else:
            yield k, c
