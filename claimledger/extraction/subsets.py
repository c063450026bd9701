"""Sub-counts: which figures count only part of a population, and which part (claims.md, `subset`).

A count of people is marked with the word that narrows its population:
1. a part of a larger figure of the same sentence or the one before, introduced by a marker
   ("18 civilians, including six children"; "among them 12 women") or followed by a partitive
   ("55 were injured, three of them children"; "10 of whom were officers"; "Four of them were
   officers." after "23 people were killed."): the counted noun of the part, whatever it is
   ("including 88 Australians"), unless it only names the whole again ("including 12 people");
2. a count of a noun that by itself narrows a population ("16 children died", "one nurse";
   "Of the 40 dead, 12 were children"), even when no total is given: it is never a rival of a
   count of everyone;
3. a part of a count of equipment that names a weapon model ("30 tanks, including 12 Leopard
   2s" → Leopard 2).

The markers and the narrowing nouns are data (grammar.toml [subsets]). Analyses compare only
claims with the same subset, so a toll and the children within it are never read as rivals.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimledger.extraction.matching import PhraseIndex
from claimledger.extraction.state import Candidate, Parse
from claimledger.extraction.tokens import Token
from claimledger.lexicon import Lexicon

# How far before a figure its marker may start ("among those who died were 12").
_MARKER_REACH = 6
# How far after a partitive the copula may come ("10 of those killed were officers").
_COPULA_REACH = 3


class _Tables:
    def __init__(self, lex: Lexicon) -> None:
        sub = lex.subsets
        self.markers: PhraseIndex[bool] = PhraseIndex()
        self.markers.add_all(sub.markers, True)
        self.partitives: PhraseIndex[bool] = PhraseIndex()
        self.partitives.add_all(sub.partitives, True)
        self.nouns = sub.nouns
        self.generic = sub.generic | lex.people.casualty_nouns
        self.people: PhraseIndex[str] = lex.indexes["people"]
        self.copulas = lex.phrase.auxiliaries
        self.models: PhraseIndex[str] = PhraseIndex()
        for metric in lex.metrics.values():
            names = set(metric.models)
            for name in metric.models:
                # A plural names the model its singular names ("T-72s", "Leopards").
                one = name[:-1] if name.endswith("s") and name[:-1] in names else name
                self.models.add(name, one)
        self.stops = lex.clauses.barriers | lex.phrase.conjunctions | lex.phrase.prepositions
        self.and_or = sub.coordinators


def mark_subsets(parse: Parse) -> None:
    t = parse.lex.tables(_Tables)
    earlier: list[Candidate] = []  # alive counts of people, in reading order
    equipment: list[Candidate] = []  # alive counts of equipment, in reading order
    parts: set[int] = set()  # the counts marked as parts of a larger one
    for c in parse.candidates:
        if c.dropped is not None:
            continue
        if c.kind == "equipment":
            # "lost 30 tanks, including 12 Leopard 2s": the model narrows the whole.
            whole = _whole(t, c, equipment)
            if whole is not None and whole.metric == c.metric:
                c.subset = _model(t, c)
            equipment.append(c)
            continue
        if c.kind != "personnel":
            continue
        whole = _whole(t, c, earlier)
        if whole is not None:
            noun = _counted_noun(t, c.sent.tokens, c.np)
            if noun is None or noun[0] in t.generic:  # "nine of the dead were children"
                noun = _predicate_noun(t, c)
            if noun is not None and noun[0] not in t.generic and noun[0] != _head(t, whole):
                c.subset = noun[1]
        if c.subset is None:
            # "16 children died"; "Of the 40 dead, 12 were children" (the noun after a copula)
            noun = _counted_noun(t, c.sent.tokens, c.np)
            if noun is None and c.np[0] == c.np[1]:
                noun = _predicate_noun(t, c)
            if noun is not None and noun[0] in t.nouns:
                c.subset = noun[1]
            elif noun is None and whole is None and earlier:
                c.subset = _elided(c, earlier[-1], parts)
        if whole is not None and c.subset is not None:
            parts.add(id(c))
        earlier.append(c)


def _elided(c: Candidate, before: Candidate, parts: set[int]) -> str | None:
    """ "220 children were killed and 406 were injured": a bare figure coordinated after a
    count of a narrowed population counts that population. Not after a part ("18 civilians,
    including six children, were killed and 40 were injured": the 40 are the civilians')."""
    toks = c.sent.tokens
    if (
        before.subset is None
        or id(before) in parts
        or before.sent is not c.sent
        or c.i0 == 0
        or toks[c.i0 - 1].norm != "and"
    ):
        return None
    # Nothing but the predicate of the first figure between the two ("were killed and").
    between = toks[before.np[1] : c.i0 - 1]
    if any(x.kind != "word" for x in between) or len(between) > 4:
        return None
    return before.subset


def _whole(t: _Tables, c: Candidate, earlier: list[Candidate]) -> Candidate | None:
    """The larger figure `c` is a marked part of: in its sentence or the one before."""
    if not (_marker_before(t, c) or _partitive_after(t, c.sent.tokens, c.i1)):
        return None
    whole = c.parent
    if whole is None or whole.kind != c.kind:
        # The nearest count of its kind before it (the metrics stage links most sub-counts; a
        # marker of its own such as "among the dead" it does not know).
        whole = earlier[-1] if earlier else None
    if whole is None or whole is c or not 0 <= c.sent.index - whole.sent.index <= 1:
        return None
    if whole.sent is c.sent and whole.i0 > c.i0:
        return None
    if whole.low is not None and c.low is not None and c.low >= whole.value:
        return None  # not a part: "12 killed, including 12 …" restates the whole
    return whole


def _model(t: _Tables, c: Candidate) -> str | None:
    """The weapon model the counted phrase names, singular ("Leopard 2s" → Leopard 2)."""
    a, b = c.np
    found = t.models.find_all(c.sent.tokens, a, b) if b > a else []
    return found[0][2] if found else None


def _marker_before(t: _Tables, c: Candidate) -> bool:
    toks = c.sent.tokens
    first = t.markers.first_words
    for k in range(max(0, c.i0 - _MARKER_REACH), c.i0):
        if toks[k].norm in first:
            m = t.markers.match(toks, k)
            # The marker ends at the figure, or one comma before it ("of them, 10 were …").
            if m and (k + m[0] == c.i0 or (k + m[0] == c.i0 - 1 and toks[c.i0 - 1].text == ",")):
                return True
    return False


def _partitive_after(t: _Tables, toks: Sequence[Token], k: int) -> int:
    """The length of a partitive at token k ("of them", "of whom"), else 0."""
    if k < len(toks) and toks[k].norm in t.partitives.first_words:
        m = t.partitives.match(toks, k)
        if m:
            return m[0]
    return 0


def _counted_noun(t: _Tables, toks: Sequence[Token], np: tuple[int, int]) -> tuple[str, str] | None:
    """The head of the counted phrase and the subset it names: ("nurse", "nurses"),
    ("australians", "Australians"); coordinated narrowing nouns name one subset together
    ("30 women and children")."""
    a, b = np
    if b <= a or toks[b - 1].kind != "word":
        return None
    two = " ".join(x.norm for x in toks[b - 2 : b]) if b - a >= 2 else ""
    key = two if two in t.nouns else toks[b - 1].norm
    subset = t.nouns.get(key)
    if subset is None:
        head = toks[b - 1]
        return key, head.text if head.is_cap and not head.is_upper else head.norm
    # The phrase may hold the pair ("26 | women and children") or stop before its "and".
    if b - a >= 3 and toks[b - 2].norm in t.and_or:
        first = t.nouns.get(toks[b - 3].norm)
        if first is not None and first != subset:
            subset = f"{first} {toks[b - 2].norm} {subset}"
    elif b + 1 < len(toks) and toks[b].norm in t.and_or:
        other = t.nouns.get(toks[b + 1].norm)
        if other is not None and other != subset:
            subset = f"{subset} {toks[b].norm} {other}"
    return key, subset


def _head(t: _Tables, c: Candidate) -> str | None:
    noun = _counted_noun(t, c.sent.tokens, c.np)
    return noun[0] if noun else None


def _predicate_noun(t: _Tables, c: Candidate) -> tuple[str, str] | None:
    """ "10 of them were officers", "of them, 5 were children": the people noun after the
    copula names the part."""
    toks = c.sent.tokens
    k = c.i1 + _partitive_after(t, toks, c.i1)
    end = min(len(toks), k + _COPULA_REACH + 1)
    while k < end and toks[k].norm not in t.copulas:
        if toks[k].kind != "word":
            return None
        k += 1
    if k == end:
        return None
    while k < len(toks) and toks[k].norm in t.copulas:
        k += 1
    a = k
    while k < len(toks) and toks[k].kind == "word" and toks[k].norm not in t.stops:
        if toks[k].norm in t.and_or and k > a:
            break
        k += 1
    noun = _counted_noun(t, toks, (a, k))
    if noun is None:
        return None
    # Only a noun of people: "10 of them were killed" names no part.
    if noun[0] in t.nouns or t.people.match(toks, k - 1):
        return noun
    return None
