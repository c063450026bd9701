"""What a figure counts: a metric of the taxonomy, or nothing (then it is not a claim).

The grammar, in order:
1. the counted noun phrase after the figure ("239 | Russian soldiers", "3,504 | tanks"): its head
   decides between equipment, people, casualties and distances; unknown heads ("42 cities",
   "16 attacks") are not claims;
2. for people, the casualty word that says what happened: a predicate after the phrase ("… were
   killed"), a casualty noun as head ("30,000 casualties"), or a governing verb before it
   ("killed more than 220 …", "had lost 2,100 …");
3. for equipment, a loss word in reach ("destroyed", "shot down", "lost"), otherwise a tank is a
   delivery, not a loss; for distances, an advance word ("advanced 7 km");
4. relations between figures: sub-counts ("including 560 children"), coordinated counts sharing a
   predicate ("302 boys and 234 girls were killed"), the outlet's derivations ("that figure
   amounts to 800 per quarter mile") and daily increments ("3,765 (+4)").
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from claimledger.extraction.matching import PhraseIndex
from claimledger.extraction.segment import Sentence
from claimledger.extraction.state import PART_RELATIONS, Candidate, Parse
from claimledger.extraction.tokens import Token
from claimledger.lexicon import Lexicon


class _Grammar:
    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        ix = lex.indexes
        self.equipment: PhraseIndex[str] = ix["equipment"]
        self.casualty: PhraseIndex[str] = ix["casualty"]
        self.party_first = ix["party"].first_words
        self.people: PhraseIndex[str] = ix["people"]
        self.units: PhraseIndex[float] = ix["distance_unit"]
        self.rates = ix["rate"]
        self.metrics = lex.metrics
        self.generic = lex.equipment.generic_heads
        self.casualty_nouns = lex.people.casualty_nouns
        self.compass = lex.locative.of_heads
        self.non_claim = lex.equipment.non_claim_heads
        self.count_units = lex.equipment.count_units
        self.loss: PhraseIndex[bool] = PhraseIndex()
        self.loss.add_all(lex.equipment.loss_words.written, True)
        self.advance: PhraseIndex[bool] = PhraseIndex()
        self.advance.add_all(lex.distance.advance_words.written, True)
        self.area = lex.distance.area_words
        self.breakers = (
            lex.phrase.prepositions
            | lex.phrase.verbs
            | lex.phrase.conjunctions
            | lex.phrase.pronouns
            | lex.phrase.time_words
            | lex.counting.np_breakers
        )
        self.adverbs: PhraseIndex[bool] = PhraseIndex()
        self.adverbs.add_all(lex.phrase.adverbs.written, True)
        self.aux = lex.phrase.auxiliaries | lex.qualifiers.hedges
        # The auxiliaries that are finite verbs ("were", "have"): a figure they follow is the
        # subject of its own clause.
        self.finite = lex.phrase.auxiliaries & lex.phrase.verbs
        self.prepositions = lex.phrase.prepositions
        self.barriers = lex.clauses.barriers
        self.partitive: PhraseIndex[bool] = PhraseIndex()
        self.partitive.add_all(lex.phrase.partitive.written, True)
        self.containers = lex.phrase.containers
        self.np_modifiers = lex.phrase.np_modifiers
        self.label_marks = lex.numbers.label_marks
        self.list_joins = lex.numbers.list_joins
        self.change_marks = lex.numbers.change_marks
        self.count_nouns: PhraseIndex[bool] = PhraseIndex()
        self.count_nouns.add_all(lex.phrase.count_nouns.written, True)
        self.count_verbs: PhraseIndex[bool] = PhraseIndex()
        self.count_verbs.add_all(lex.phrase.count_verbs.written, True)
        self.subcount: PhraseIndex[bool] = PhraseIndex()
        self.subcount.add_all(lex.clauses.subcount_markers.written, True)
        self.derivation: PhraseIndex[bool] = PhraseIndex()
        self.derivation.add_all(lex.clauses.derivation_markers.written, True)
        self.partial: PhraseIndex[bool] = PhraseIndex()
        self.partial.add_all(lex.counting.partial_markers.written, True)
        self.lose_verbs = lex.people.lose_verbs
        self.record_nouns = lex.phrase.record_nouns
        self.mixed: PhraseIndex[bool] = PhraseIndex()
        self.mixed.add_all(lex.people.mixed_markers.written, True)
        words = lex.counting
        self.clause_stops = words.clause_stops
        self.np_joins = words.np_joins
        self.possessives = words.possessive_determiners
        self.unskipped = words.unskipped_prepositions
        self.lookback_stops = words.lookback_stops
        self.quote_marks = words.quote_marks
        self.frame_determiners = words.frame_determiners
        self.object_openers = words.object_openers
        self.figure_anaphors = words.figure_anaphors
        self.relative_time = words.relative_time_words
        self.rate_stops = words.rate_stops
        self.strong_stops = words.strong_stops
        self.count_determiners = words.count_determiners
        self.conjunctive_joins = words.conjunctive_joins
        self.frame_openers = words.frame_openers
        self.change_adverbs = words.change_adverbs

        # First words of loss/casualty phrases and of adverbs: a set test before a lookup.
        self.verb_first = frozenset(self.loss.first_words) | frozenset(self.casualty.first_words)
        self.adverb_first = frozenset(self.adverbs.first_words)

    def metric_kind(self, metric: str) -> str:
        return self.metrics[metric].kind


def classify(parse: Parse) -> None:
    g = parse.lex.tables(_Grammar)
    by_sentence: dict[int, list[Candidate]] = {}
    for c in parse.candidates:
        by_sentence.setdefault(c.sent.index, []).append(c)
    previous: Candidate | None = None
    # Whether each sentence names a loss or casualty: every line of a tally asks it of the
    # same introduction (a per-document table, built as asked).
    intro_loss: dict[int, bool] = {}
    for index in sorted(by_sentence):  # sentences with figures, in reading order
        cands = [c for c in by_sentence[index] if c.increment_of is None]
        starts = {c.i0 for c in cands} | {c.num for c in cands}
        for c in cands:
            _classify_one(g, parse, c, starts)
        _share_predicates(g, cands)
        for c in cands:
            if c.alive:
                _relations(g, c, previous, cands)
            if c.alive and c.metric is None and c.relation in ("subcount", "derived") and c.parent:
                # "including 560 children"; "that figure amounts to about 800 per quarter mile";
                # "66 drones, including 21 over the Bryansk region" (a bare part: the whole's kind)
                bare = c.np[0] == c.np[1]
                if (
                    c.parent.alive
                    and c.parent.metric
                    and (bare or c.parent.kind in (c.kind, "personnel"))
                ):
                    c.metric, c.kind = c.parent.metric, c.parent.kind
            if c.alive and (c.np[0] == c.np[1] or c.framed):
                _earlier_value(g, c, cands)
            if c.alive and c.metric is None and c.np[0] == c.np[1]:
                _elided_noun(g, c, cands)
            if c.alive and c.kind == "personnel" and _bare_or_others(c):
                _elided_people(g, c, cands)
            if c.alive and c.metric is None:
                _frame_metric(g, c)
            if c.alive and c.metric is None and c.kind == "personnel" and c.sent.is_list_item:
                # "personnel — 162,560 (+620)" under "… combat losses were:": personnel losses
                # (what the claimant's own counts mean may say more: see parties).
                if _list_intro_has(g, parse, c.sent, intro_loss):
                    c.metric, c.default_metric = "personnel.killed_or_wounded", True
            if c.alive and c.metric is None:
                c.drop("no casualty or loss word for this count")
            if (
                c.alive
                and c.kind == "equipment"
                and not _has_loss_context(g, parse, c, starts, intro_loss)
            ):
                c.drop("equipment without a loss word (a delivery or a count of stock)")
            if c.alive and c.weak and c.kind != "equipment" and not _one_victim(g, c, cands):
                c.drop("'a'/'an' counts only a lost piece of equipment or a person")
            if c.alive:
                previous = c
        if "respectively" in parse.sentences[index].words:
            _respectively(g, cands)
    _lost_beside_wounded(g, parse)
    for c in parse.candidates:
        if c.increment_of is not None:
            total = c.increment_of
            if total.alive and total.metric:
                c.metric, c.kind, c.people = total.metric, total.kind, total.people
                c.relation, c.parent = "increment", total
            else:
                c.drop("increment of a figure that is not a claim")


_LOSE_WINDOW = 4  # tokens before a figure: "we have lost 137", "lost nearly 40 of our"
_WOUNDED_SENTENCES = 2  # how far after "lost N" a separate count of the wounded may come


def _lost_beside_wounded(g: _Grammar, parse: Parse) -> None:
    """ "We have lost 137 of our people today. … 316 are wounded": people a side says it lost
    are its dead when the passage gives the wounded as a count of their own (losses, killed or
    wounded, would hold them). Sub-counts read from the loss follow it ("10 of them are
    officers")."""
    alive = parse.alive()
    for n, c in enumerate(alive):
        if (
            c.kind != "personnel"
            or c.metric != "personnel.killed_or_wounded"
            or c.default_metric
            or c.sent.words.isdisjoint(g.lose_verbs)
        ):
            continue
        toks = c.sent.tokens
        lo = max(0, c.i0 - _LOSE_WINDOW)
        if not any(toks[k].norm in g.lose_verbs for k in range(lo, c.i0)):
            continue
        last = c.sent.index + _WOUNDED_SENTENCES
        wounded = any(
            x.metric == "personnel.wounded" and x.sent.para == c.sent.para
            for x in alive[n + 1 :]
            if x.sent.index <= last
        )
        if not wounded:
            continue
        c.metric = "personnel.killed"
        for x in alive[n + 1 :]:
            if x.parent is c and x.metric == "personnel.killed_or_wounded":
                x.metric = "personnel.killed"


# ---- the counted noun phrase ------------------------------------------------------------------
def _noun_phrase(g: _Grammar, sent: Sentence, j: int, starts: set[int]) -> tuple[int, int, bool]:
    """The noun phrase after a figure: (start, end, possessor). Skips "of them"/"of its",
    "of the 35" and a bracketed increment; coordinated nouns join when they are of a kind the
    taxonomy knows ("fighters, attack aircraft, bombers and transport aircraft")."""
    toks = sent.tokens
    n = len(toks)
    possessor = False
    if j + 3 < n and toks[j].text == "(" and toks[j + 1].norm in g.change_marks:
        # "(+4)", "(plus nine)", "(plus twenty-five)": the daily change, not the noun
        close = next((x for x in range(j + 2, min(n, j + 7)) if toks[x].text == ")"), None)
        if close is not None:
            j = close + 1
    m = g.partitive.match(toks, j)
    if m:
        possessor = toks[j + 1].norm in g.possessives
        j += m[0]
    elif j + 1 < n and toks[j].norm == "of":
        # "five of the 31 Abrams tanks", "seven of eight drones", "21 of the cruise missiles":
        # the part is counted in the noun of the whole.
        the = toks[j + 1].norm == "the"
        k = j + 1 + the
        if k < n and (toks[k].kind == "num" or k in starts):
            j = k + 1
        elif the and k < n and toks[k].kind == "word":
            j = k
    if j < n and toks[j].norm in g.np_modifiers:
        j += 1  # "three more died", "five other people"
    start = k = j
    while k < n and k - start < 10:
        t = toks[k]
        if k in starts or t.kind == "num":
            break
        if t.text == "(":
            close = next((x for x in range(k + 1, min(n, k + 6)) if toks[x].text == ")"), None)
            if close is None:
                break
            k = close + 1
            continue
        if t.norm in g.np_joins:
            end = _coordinated(g, toks, k + 1, starts, _head_class(g, toks, start, k)[0])
            if end is None:
                break
            k = end
            continue
        norm = t.norm
        if (
            t.kind == "punct"
            or norm in g.breakers
            or (norm in g.adverb_first and g.adverbs.match(toks, k))
        ):
            break
        if k > start and norm in g.compass and k + 1 < n and toks[k + 1].norm == "of":
            break  # "35 combat vehicles east of the city"
        if (
            k > start
            and t.is_cap
            and norm in g.party_first
            and not toks[k - 1].is_cap
            and _head_class(g, toks, start, k)[0] in ("equipment", "people")
        ):
            break  # "the 39 drones Russia launched": a clause about the noun
        if k > start and norm.endswith("ed") and _participle_series(g, toks, k) is not None:
            break  # "300 civilians tortured, executed or otherwise killed": the predicate
        verbish = norm in g.verb_first and (g.loss.match(toks, k) or g.casualty.match(toks, k))
        if k > start and verbish:
            if not _is_term_at(g, toks, k):
                break
        if k == start and verbish and norm not in g.casualty_nouns:
            # "109 destroyed Russian armored vehicles" (a participle before its noun) versus
            # "1,100 killed in recent days" (a bare figure and its predicate).
            nxt = toks[k + 1] if k + 1 < n else None
            if nxt is None or nxt.kind != "word" or nxt.norm in g.breakers:
                break
        k += 1
    return start, k, possessor


def _is_term_at(g: _Grammar, toks: list[Token], k: int) -> bool:
    """A taxonomy noun starts here even though its first word is also a verb ("special
    equipment", "fighting vehicles")."""
    return bool(g.equipment.match(toks, k) or g.people.match(toks, k))


def _coordinated(
    g: _Grammar, toks: list[Token], k: int, starts: set[int], kind: str | None
) -> int | None:
    """End of a coordinated noun segment starting at k that names a taxonomy term, or None. A
    person does not join equipment (`kind`, of the noun before it): "16 drones, the air force
    commander" is an apposition, not a count of drones and commanders."""
    n = len(toks)
    e = k
    while e < n and e - k < 6:
        t = toks[e]
        if e in starts or t.kind != "word" or t.norm in g.list_joins:
            break
        if t.norm in g.breakers and not _is_term_at(g, toks, e):
            break
        e += 1
    if e == k:
        return None
    seg = toks[k:e]
    if g.equipment.find_all(seg):  # "305 fighters, attack aircraft, bombers …"
        return e
    if kind != "equipment" and any(g.people.match(seg, x) for x in range(len(seg))):
        return e
    return None


def _head_class(
    g: _Grammar, toks: list[Token], a: int, b: int
) -> tuple[str | None, str | None, str | None]:
    """(kind, metric, people-group) named by the noun phrase toks[a:b]."""
    if a >= b:
        return None, None, None
    head = b - 1
    eq = g.equipment.find_all(toks, a, b)
    covering = [m for m in eq if m[1] == b]
    if covering:
        return "equipment", covering[-1][2], None
    if toks[head].norm in g.generic and eq:
        return "equipment", eq[-1][2], None
    ppl = [m for m in g.people.find_all(toks, a, b) if m[1] == b]
    if ppl:
        group = ppl[-1][2]
        if any(t.norm == "civilian" for t in toks[a:b]):
            group = "civilian"
        return "people", None, group
    cas = [m for m in g.casualty.find_all(toks, a, b) if m[1] == b]
    if cas:
        civilian = "civilian" if any(t.norm == "civilian" for t in toks[a:b]) else None
        return "people", cas[-1][2], civilian
    if g.units.match(toks, a):
        return "distance", None, None
    return "other", None, None


# ---- predicates and governing verbs ----------------------------------------------------------
def _predicate(g: _Grammar, sent: Sentence, k: int, starts: set[int]) -> tuple[str | None, int]:
    """A casualty word predicated of the phrase ending at k ("were killed", "killed or
    wounded"), skipping auxiliaries, adverbs and one short prepositional phrase."""
    toks = sent.tokens
    n = len(toks)
    pp_skipped = False
    while k < n:
        t = toks[k]
        if t.text == "," and (g.subcount.match(toks, k + 1) or g.partial.match(toks, k + 1)):
            # "18 civilians, including six children, died": skip the aside.
            close = next((x for x in range(k + 1, min(n, k + 12)) if toks[x].text == ","), None)
            if close is None:
                return None, k
            k = close + 1
            continue
        m = g.casualty.match(toks, k)
        if m:
            return m[1], k + m[0]
        if t.kind == "word" and t.norm.endswith("ed"):
            e = _participle_series(g, toks, k)
            if e is not None:
                k = e  # "tortured, executed or otherwise killed": the casualty word ends it
                continue
        sm = g.subcount.match(toks, k) if t.norm in g.subcount.first_words else None
        if sm:
            # "eight civilians including two children were killed" (no commas): skip the part.
            e = k + sm[0]
            while e < n and e - k <= 8 and toks[e].kind in ("word", "num"):
                if toks[e].norm in g.aux or g.casualty.match(toks, e):
                    break
                e += 1
            if e < n and e - k <= 8 and (toks[e].norm in g.aux or g.casualty.match(toks, e)):
                k = e
                continue
            return None, k
        if t.norm in g.aux:
            k += 1
            continue
        am = g.adverbs.match(toks, k)
        if am:
            k += am[0]
            continue
        if not pp_skipped and t.norm in g.prepositions and t.norm not in g.unskipped:
            e = k + 1
            while e < n and e - k <= 4 and toks[e].kind == "word" and e not in starts:
                if g.casualty.match(toks, e) or toks[e].norm in g.aux:
                    break
                e += 1
            # (a phrase of at least one word: "after seizing a village" is no place or time)
            if e < n and 1 < e - k <= 4 and (g.casualty.match(toks, e) or toks[e].norm in g.aux):
                pp_skipped = True
                k = e
                continue
        return None, k
    return None, k


_ROLL_REACH = 7  # "names [are now on the list] of": how far after the noun its "of" may come


def _roll_of(g: _Grammar, c: Candidate, b: int) -> tuple[str | None, str | None, str | None]:
    """ "144 names on the list of children killed": a count of a roll's entries counts the
    people the roll is of, when a casualty word says what befell them ("other" otherwise)."""
    toks = c.sent.tokens
    n = len(toks)
    # Within the clause: up to the first mark after the noun.
    edge = next((k for k in range(b, min(n, b + _ROLL_REACH)) if toks[k].kind != "word"), n)
    of = next((k for k in range(b, min(edge, b + _ROLL_REACH)) if toks[k].norm == "of"), None)
    if of is None:
        return "other", None, None
    s = of + 1
    while s < n and toks[s].norm == "the":
        s += 1
    x = s
    while x < n and x - s < 5 and toks[x].kind == "word" and not g.casualty.match(toks, x):
        x += 1
    cm = g.casualty.match(toks, x) if x < n else None
    kind, metric, group = _head_class(g, toks, s, x) if x > s else ("people", None, None)
    if cm is None and metric is None:
        return "other", None, None
    if kind != "people":
        return "other", None, None
    c.np = (s, x)
    return "people", metric or (cm[1] if cm else None), group


_SERIES_REACH = 8  # tokens of a series of participles: "tortured, raped, executed or killed"


def _participle_series(g: _Grammar, toks: list[Token], k: int) -> int | None:
    """Where the casualty word is that ends a series of participles starting at k ("tortured,
    executed or otherwise killed"), joined by commas and "and"/"or", with adverbs; or None."""
    n = len(toks)
    joined = False
    e = k + 1
    while e < n and e - k <= _SERIES_REACH:
        t = toks[e]
        if joined and g.casualty.match(toks, e):
            return e
        if t.norm in g.list_joins:
            joined = True
            e += 1
            continue
        if t.kind == "word" and t.norm.endswith("ed"):
            e += 1
            continue
        am = g.adverbs.match(toks, e) if t.norm in g.adverb_first else None
        if am and joined:
            e += am[0]
            continue
        return None
    return None


def _lookback(
    g: _Grammar, sent: Sentence, i: int, index: PhraseIndex[object], limit: int = 30
) -> tuple[object | None, int]:
    """The nearest phrase of `index` before token i in the same clause: (payload, position)."""
    toks = sent.tokens
    first = index.first_words
    if sent.words.isdisjoint(first):
        return None, -1  # no phrase of the index anywhere in the sentence: no walk back
    quoted = bool(sent.quotes)
    k = i - 1
    while k >= 0 and i - k <= limit:
        t = toks[k]
        if (t.norm in g.barriers and k not in sent.masked) or t.text in g.lookback_stops:
            # A barrier word that is itself the phrase sought ("after" is not in any index).
            return None, -1
        if quoted and _quote_boundary(sent, k, i) and t.text not in g.quote_marks:
            return None, -1
        if t.norm in first:
            m = index.match(toks, k)
            if m and k + m[0] <= i:
                return m[1], k
        k -= 1
    return None, -1


def _quote_boundary(sent: Sentence, k: int, i: int) -> bool:
    """Whether tokens k and i are on two sides of a quotation. A short quoted fragment
    (“almost 1,000 tanks”) is part of the reporter's own sentence, not a boundary."""
    qk, qi = sent.quote_of(k), sent.quote_of(i)
    if qk == qi:
        return False
    return not any(q is not None and q[1] - q[0] <= 8 for q in (qk, qi))


def _container_before(g: _Grammar, sent: Sentence, c: Candidate) -> bool:
    """ "columns of 30 vehicles", "a population of 10,000": a size, not a loss."""
    toks = sent.tokens
    i = c.i0
    return i >= 2 and toks[i - 1].norm == "of" and toks[i - 2].norm in g.containers


def _classify_one(g: _Grammar, parse: Parse, c: Candidate, starts: set[int]) -> None:
    sent, toks = c.sent, c.sent.tokens
    k = c.i0 - 1 - (c.i0 > 1 and toks[c.i0 - 1].norm == "the")
    if k > 0 and toks[k].norm == "of" and any(x.i1 == k for x in parse.in_sentence(sent.index)):
        c.drop("the whole a part is counted from (the 39 of '35 of the 39 drones')")
        return
    if k > 0 and toks[k].norm == "of" and toks[k - 1].norm == "out":
        # "three are missing out of the 53 who were posted there": the whole, not a count
        c.drop("the whole a part is counted from (the 53 of 'three out of the 53')")
        return
    if _container_before(g, sent, c):
        c.drop("a size (columns of, population of), not a loss")
        return
    a, b, possessor = _noun_phrase(g, sent, c.i1, starts - {c.i0, c.num})
    if sent.is_list_item and b > a and all(t.norm in g.count_units for t in toks[a:b]):
        # "tanks ‒ 732 од", "tanks – 732 units": a word for pieces; the label says of what.
        b = a
    c.np, c.possessor = (a, b), possessor
    if possessor or (c.i1 < len(toks) and toks[c.i1].norm == "of" and a > c.i1):
        c.relation = c.relation or ("subcount" if not possessor else None)
    kind, metric, group = _head_class(g, toks, a, b)
    if kind is None and sent.is_list_item:
        kind, metric, group = _list_label(g, sent, c, b, starts)
    if kind is None:
        pred, _ = _predicate(g, sent, b, starts)
        if pred is not None:
            kind, metric = "people", pred
    if kind is None:
        kind, metric, group = _count_after(g, sent, c)
    if kind is None:
        kind, metric, group = _count_frame(g, sent, c)
    if (
        kind == "other"
        and b > a
        and toks[b - 1].norm in g.generic
        and b + 1 < len(toks)
        and toks[b].norm == "of"
    ):
        # "12 units of special equipment", "30 pieces of artillery": the kind is after "of".
        s = b + 1
        e = s
        while e < len(toks) and toks[e].kind == "word" and toks[e].norm not in g.breakers:
            e += 1
        kind, metric, group = _head_class(g, toks, s, e)
        if kind == "equipment":
            a, b = s, e
            c.np = (a, b)
        else:
            kind = "other"
    if kind == "other" and b > a and toks[b - 1].norm in g.record_nouns:
        kind, metric, group = _roll_of(g, c, b)
    if kind == "other":
        head = toks[b - 1].text if b > a else "?"
        c.drop(f"counted noun {head!r} is not in the taxonomy")
        return
    if kind == "distance":
        _distance(g, c, a)
        return
    if kind == "equipment":
        c.kind, c.metric = "equipment", metric
        return
    # People, or a bare figure: what happened to them.
    c.kind = "personnel"
    c.people = group
    pred, pend = _predicate(g, sent, b, starts)
    if pred is not None and b > a and _agent(g, toks, b, pend, starts):
        # "three gunmen killed five people": the people who did the killing.
        c.drop("the doers of the harm, not its victims")
        return
    if pred is None and b == a:
        # "3,981 were men", "10 of them are officers": a copula and a people noun, no casualty
        # word of its own (after the partitive, if any).
        k = b
        while k < len(toks) and toks[k].norm in g.aux:
            k += 1
        pm = g.people.match(toks, k)
        if pm:
            c.people = pm[1]
    if metric is None:
        metric = pred
    if metric is None and b - a > 1 and toks[a].norm not in g.casualty_nouns:
        # "37 captured troops", "12 wounded soldiers": a participle before the people noun.
        pm = g.casualty.match(toks, a)
        metric = pm[1] if pm and a + pm[0] < b else None
    if metric is None:
        gov, at = _lookback(g, sent, c.i0, g.casualty)  # type: ignore[arg-type]
        metric = gov if isinstance(gov, str) else None
        if metric and b < len(toks) and toks[b].norm in g.finite:
            # A figure with a verb of its own is the subject of its own clause: "… were killed
            # and up to half a million have been displaced" (the killing governs the first
            # figure only; a noun still frames it: "the bodies of 1,500 fighters had been …").
            m = g.casualty.match(toks, at)
            if not (m and " ".join(t.norm for t in toks[at : at + m[0]]) in g.casualty_nouns):
                metric = None
    c.metric = metric
    if c.metric and g.metric_kind(c.metric) != "personnel":
        c.metric = None
    if sent.is_list_item and c.people in (None, "ambiguous"):
        # "personnel — about 195,620 (+620) persons were liquidated": the label says who.
        dash = next((k for k in range(c.i0 - 1, -1, -1) if toks[k].text in g.label_marks), 0)
        label = [m[2] for m in g.people.find_all(toks, 0, dash) if m[2] != "ambiguous"]
        if label:
            c.people = label[0]
    mixed = g.mixed.find_all(toks, b, min(len(toks), b + 8))
    if mixed:
        c.people = "mixed"


def _one_victim(g: _Grammar, c: Candidate, cands: list[Candidate]) -> bool:
    """ "a"/"an" before a person is one victim when the casualty word is its own: the verb right
    before it ("killing a woman") or its predicate ("an insurgent was killed"); not a person
    named in an enumeration ("a father, a mother and a son were killed") or one seen
    somewhere near a casualty word ("a photographer saw a girl …")."""
    if c.people is None:
        return False
    toks = c.sent.tokens
    b = c.np[1]
    for x in cands:
        if x is c or not (x.alive or x.weak):
            continue
        gap = toks[b : x.i0] if x.i0 >= b else toks[x.i1 : c.i0] if x.i1 <= c.i0 else None
        if gap is not None and len(gap) <= 2 and all(t.norm in g.list_joins for t in gap):
            return False
    if _predicate(g, c.sent, b, set())[0] is not None:
        return True
    return any(
        (m := g.casualty.match(toks, k)) is not None and k + m[0] == c.i0
        for k in range(max(0, c.i0 - 3), c.i0)
    )


def _agent(g: _Grammar, toks: list[Token], b: int, end: int, starts: set[int]) -> bool:
    """Whether the casualty word right after a counted noun is the active verb of which the
    count is the subject: an object follows it ("gunmen killed | five people", "a woman")."""
    m = g.casualty.match(toks, b)
    if not m or b + m[0] != end or end >= len(toks) or toks[b].norm in g.casualty_nouns:
        return False
    nxt = toks[end]
    if end in starts or nxt.kind == "num":
        # "10 civilians killed 40 injured" (a headline without commas): a second count with
        # its own participle, not an object.
        return not any(g.casualty.match(toks, k) for k in range(end + 1, min(len(toks), end + 3)))
    return nxt.norm in g.object_openers or g.people.match(toks, end) is not None


def _list_label(
    g: _Grammar, sent: Sentence, c: Candidate, b: int, starts: set[int]
) -> tuple[str | None, str | None, str | None]:
    """ "tanks — 3,765 (+4)": the label before the dash names what the line counts."""
    toks = sent.tokens
    dash = next((k for k in range(c.i0 - 1, -1, -1) if toks[k].text in g.label_marks), None)
    if not dash:
        return None, None, None
    end = dash
    if toks[end - 1].text == ")":  # "UAVs (operational-tactical level) — 7,428"
        end = next((k for k in range(end - 1, -1, -1) if toks[k].text == "("), end)
    kind, metric, group = _head_class(g, toks, 0, end)
    pred, _ = _predicate(g, sent, b, starts)
    if kind == "people" and pred:
        metric = pred
    return kind, metric, group


def _count_frame(
    g: _Grammar, sent: Sentence, c: Candidate
) -> tuple[str | None, str | None, str | None]:
    """A bare figure whose noun came before it: "put the toll … at 1,414", "its count of
    Bradley fighting vehicles … stands at over 50", "the number of prisoners at no fewer than
    800"."""
    toks = sent.tokens
    _, k = _lookback(g, sent, c.i0, g.count_nouns, limit=25)  # type: ignore[arg-type]
    if k < 0:
        k = _count_subject(g, sent, c.i0)
    if k < 0:
        return None, None, None
    m = g.count_nouns.match(toks, k)
    assert m is not None
    e = k + m[0]
    if e < len(toks) and toks[e].norm == "of":
        # The noun phrase after "of", up to a breaker.
        s = e + 1
        while s < c.i0 and toks[s].norm in g.frame_determiners:
            s += 1
        x = s
        while x < c.i0 and toks[x].kind == "word" and toks[x].norm not in g.prepositions:
            if (
                x > s
                and (g.loss.match(toks, x) or g.casualty.match(toks, x))
                and not _is_term_at(g, toks, x)
            ):
                break
            x += 1
        kind, metric, group = _head_class(g, toks, s, x)
        if kind == "people" and metric is None and x < c.i0:
            # "the number of people killed when …": the participle says what is counted.
            cm = g.casualty.match(toks, x)
            metric = cm[1] if cm and isinstance(cm[1], str) else None
        if kind in ("equipment", "people"):
            c.np, c.framed = (s, x), True
            return kind, metric, group
    # "the toll", "casualties", "losses" themselves say what is counted.
    cm = g.casualty.match(toks, k)
    if cm:
        return "people", cm[1], None
    return None, None, None


def _count_after(
    g: _Grammar, sent: Sentence, c: Candidate
) -> tuple[str | None, str | None, str | None]:
    """ "brought to 49 the number killed", "took to 89 the number of civilians killed": the
    count noun after the figure (a fronted object) says what it counts."""
    toks = sent.tokens
    k = c.i1
    if k + 1 >= len(toks) or toks[k].norm != "the":
        return None, None, None
    m = g.count_nouns.match(toks, k + 1)
    if m is None:
        return None, None, None
    e = k + 1 + m[0]
    s = e + 1 if e < len(toks) and toks[e].norm == "of" else e
    x = s
    while x < len(toks) and x - s < 5 and toks[x].kind == "word" and not g.casualty.match(toks, x):
        x += 1
    cm = g.casualty.match(toks, x) if x < len(toks) else None
    if cm is None:
        return None, None, None
    kind, _, group = _head_class(g, toks, s, x)
    if s < x and kind != "people":
        return None, None, None
    c.np = (s, x)
    return "people", cm[1], group


def _count_subject(g: _Grammar, sent: Sentence, i: int) -> int:
    """ "The number of people killed when a drone struck … rose to 12": after a verb that states
    a new value, the count noun that is the sentence's subject, over the clauses describing it
    (whose "when", "since" and "after" stop an ordinary look-back). Its position, or -1."""
    toks = sent.tokens
    if not any(
        (m := g.count_verbs.match(toks, k)) and k + m[0] == i for k in range(max(0, i - 3), i)
    ):
        return -1
    for k in range(max(0, i - 45), i):
        t = toks[k]
        if t.text in g.strong_stops or (t.text == "," and k + 1 < i and toks[k + 1].norm in g.aux):
            return -1
        if t.norm in g.count_nouns.first_words and (
            k == 0 or toks[k - 1].norm in g.count_determiners
        ):
            m = g.count_nouns.match(toks, k)
            if m and not g.casualty.match(toks, k + m[0]):
                return k
    return -1


def _distance(g: _Grammar, c: Candidate, a: int) -> None:
    toks = c.sent.tokens
    if (c.i0 > 0 and toks[c.i0 - 1].norm in g.area) or (a > 0 and toks[a - 1].norm in g.area):
        c.drop("an area, not an advance")
        return
    if a < len(toks) and toks[a].norm in g.area:
        c.drop("an area, not an advance")
        return
    adv, _ = _lookback(g, c.sent, c.i0, g.advance)  # type: ignore[arg-type]
    if adv is None:
        c.drop("a distance that is not an advance")
        return
    um = g.units.match(toks, a)
    assert um is not None
    factor = um[1]
    c.kind, c.metric = "territory", "territory.advance_km"
    c.low = None if c.low is None else round(c.low * factor, 6)
    c.high = None if c.high is None else round(c.high * factor, 6)
    c.np = (a, a + um[0])


# ---- relations between figures ----------------------------------------------------------------
def _share_predicates(g: _Grammar, cands: list[Candidate]) -> None:
    """ "302 boys and 234 girls were killed": a count without a casualty word takes the one of
    the count it is coordinated with; from the last back, so a list takes its predicate whole
    ("two boys, three girls and four women were killed")."""
    for x, y in reversed(list(itertools.pairwise(cands))):
        if (
            x.alive
            and y.alive
            and x.kind == y.kind == "personnel"
            and x.metric is None
            and y.metric
        ):
            between = x.sent.tokens[x.np[1] : y.i0]
            if between and all(t.norm in g.list_joins for t in between):
                x.metric, x.relation = y.metric, x.relation or "coordinated"


def _respectively(g: _Grammar, cands: list[Candidate]) -> None:
    """ "The number of the injured and the missing stood at 374,176 and 18,379 respectively":
    a list of figures before "respectively" counts, in order, the list of casualty words
    before it (as many words as figures, or the words say nothing of which is which)."""
    alive = [c for c in cands if c.alive and c.kind == "personnel"]
    if len(alive) < 2:
        return
    toks = alive[0].sent.tokens
    end = next(
        (k for k, c in enumerate(alive) if c.i1 < len(toks) and toks[c.i1].norm == "respectively"),
        None,
    )
    if end is None:
        return
    run = [alive[end]]
    for x in reversed(alive[:end]):
        between = toks[x.i1 : run[0].i0]
        if not between or not all(t.norm in g.conjunctive_joins for t in between):
            break
        run.insert(0, x)
    if len(run) < 2:
        return
    words = g.casualty.find_all(toks, 0, run[0].i0)
    if len(words) != len(run):
        return
    for x, (_, _, metric) in zip(run, words, strict=True):
        if g.metric_kind(metric) == "personnel":
            x.metric = metric


def _frame_metric(g: _Grammar, c: Candidate) -> None:
    """ "Of the adults killed …, 3,981 were men": a count of people inside a sentence whose
    casualty word came earlier takes that word."""
    if c.kind != "personnel" or c.people is None:
        return
    toks = c.sent.tokens
    # Only inside a frame that opens the sentence ("Of the adults killed …, 3,981 were men";
    # "Among the children killed, …") or for a marked sub-count ("a further 24 children").
    framed = toks and toks[0].norm in g.frame_openers and any(t.text == "," for t in toks[: c.i0])
    if not framed and c.relation != "subcount":
        return
    for k in range(c.i0 - 1, -1, -1):
        if toks[k].text == ";":
            return
        m = g.casualty.match(toks, k)
        if m and g.metric_kind(m[1]) == "personnel":
            c.metric = m[1]
            c.relation = c.relation or "subcount"
            return


def _has_loss_context(
    g: _Grammar, parse: Parse, c: Candidate, starts: set[int], intro_loss: dict[int, bool]
) -> bool:
    toks = c.sent.tokens
    a, b = c.np
    loss_first = g.loss.first_words
    if any(toks[k].norm in loss_first and g.loss.match(toks, k) for k in range(a, b)):
        return True
    # After the phrase, within the clause: "… had been sunk", "lost or abandoned".
    for k in range(b, min(len(toks), b + 12)):
        if toks[k].text in g.clause_stops or (k in starts and k != c.i0):
            break
        m = g.loss.match(toks, k)
        if m:
            after = toks[k + m[0]] if k + m[0] < len(toks) else None
            if (
                k == b
                and after is not None
                and (after.norm in g.object_openers or after.kind == "num")
            ):
                break  # "a Russian drone struck a nine-storey building": what it did, not a loss
            return True
    gov, _ = _lookback(g, c.sent, c.i0, g.loss, limit=200)  # type: ignore[arg-type]
    if gov is not None:
        return True
    # "… tanks lost or abandoned since …, including 15 Leopard 2s": a part of a lost whole.
    if _subcount_marker(g, c) and any(
        x.alive and x.kind == "equipment" and x.i0 < c.i0 for x in parse.in_sentence(c.sent.index)
    ):
        return True
    if c.sent.is_list_item:
        return _list_intro_has(g, parse, c.sent, intro_loss)
    return False


def list_intro(parse: Parse, sent: Sentence) -> list[Sentence]:
    """The sentences that introduce the list a tally line belongs to: the paragraph before the
    list, and the one before that ("… heaviest losses …" / "Its morning update … read:")."""
    # Walked back from the line (paragraph numbers only grow): a long tally does not rescan
    # the whole article for each of its lines.
    out: list[Sentence] = []
    paras: set[int] = set()
    sentences = parse.sentences
    for x in range(sent.index - 1, -1, -1):  # no copy of the sentences before it
        s = sentences[x]
        if s.is_list_item:
            continue
        if s.para not in paras:
            if len(paras) == 2:
                break
            paras.add(s.para)
        out.append(s)
    out.reverse()
    return out


def _list_intro_has(g: _Grammar, parse: Parse, sent: Sentence, intro_loss: dict[int, bool]) -> bool:
    """A line of a tally ("tanks — 3,765") inherits the loss context of the text that
    introduced the list ("The totals of enemy combat losses … were:")."""
    for prev in list_intro(parse, sent):
        has = intro_loss.get(prev.index)
        if has is None:
            words = prev.words
            has = intro_loss[prev.index] = bool(
                g.loss.find_all(prev.tokens, words=words)
                or g.casualty.find_all(prev.tokens, words=words)
            )
        if has:
            return True
    return False


def derivation_at(lex: Lexicon, toks: list[Token], k: int) -> bool:
    """Whether a derivation phrase at token k ("amounts to", "works out at") is the outlet's
    arithmetic on a figure named before — "that figure amounts to", "which works out at" — and
    not a plain verb of quantity ("Russian losses amounted to 900 soldiers")."""
    anaphors = lex.tables(_Grammar).figure_anaphors
    return any(t.norm in anaphors for t in toks[max(0, k - 4) : k])


def _subcount_marker(g: _Grammar, c: Candidate) -> bool:
    toks = c.sent.tokens
    first = g.subcount.first_words
    for start in range(max(0, c.i0 - 3), c.i0 + 1):
        if toks[start].norm not in first:
            continue
        m = g.subcount.match(toks, start)
        if m and start + m[0] >= c.i0 - 1 and start + m[0] <= c.i1:
            return True
    return False


def _elided_noun(g: _Grammar, c: Candidate, cands: list[Candidate]) -> None:
    """ "21 over the Bryansk region and 17 over the Kursk region": a bare figure after "and"
    counts what the figure before it counts, as its sibling."""
    toks = c.sent.tokens
    if c.i0 == 0 or toks[c.i0 - 1].norm not in g.conjunctive_joins:
        return
    before = [x for x in cands if x.alive and x.i1 <= c.i0 and x.metric]
    if not before:
        return
    x = before[-1]
    between = toks[x.i1 : c.i0 - 1]
    if any(
        t.norm in g.verb_first and (g.loss.match(toks, k) or g.casualty.match(toks, k))
        for k, t in enumerate(between, start=x.i1)
    ) or any(t.text in g.strong_stops or t.norm in g.barriers for t in between):
        return
    c.metric, c.kind, c.people = x.metric, x.kind, x.people
    if x.relation == "subcount" and x.parent is not None:
        c.relation, c.parent = "subcount", x.parent
    else:
        c.relation, c.parent = "coordinated", x


def _bare_or_others(c: Candidate) -> bool:
    """A count with no people noun of its own ("and 40 injured") or "others" ("and 11 others
    wounded"), which count more of the people just named."""
    a, b = c.np
    return (c.people is None and a == b) or (b == a + 1 and c.sent.tokens[a].norm == "others")


def _elided_people(g: _Grammar, c: Candidate, cands: list[Candidate]) -> None:
    """ "Ten civilians have been killed and around 40 injured", "… and 11 others wounded": a
    bare figure after "and" counts the people the figure before it counts."""
    toks = c.sent.tokens
    if c.i0 == 0 or toks[c.i0 - 1].norm not in g.list_joins:
        return
    before = [x for x in cands if x.alive and x.i1 < c.i0 and x.kind == "personnel"]
    if not before or before[-1].people not in ("military", "civilian"):
        return
    x = before[-1]
    between = toks[x.np[1] : c.i0 - 1]
    if any(t.text in g.strong_stops or t.norm in g.barriers for t in between):
        return
    c.people = x.people


def _earlier_value(g: _Grammar, c: Candidate, cands: list[Candidate]) -> None:
    """ "the toll had risen to 29, up from 17 on Sunday": the figure after "up/down from" is
    the same count's earlier value."""
    toks = c.sent.tokens
    k = c.i0 + (toks[c.i0].norm == "from")  # the figure's span may hold "from"
    if not (k >= 2 and toks[k - 1].norm == "from" and toks[k - 2].norm in g.change_adverbs):
        return
    before = [x for x in cands if x.alive and x.i1 <= k - 2 and x.metric]
    if before:
        x = before[-1]
        c.metric, c.kind, c.people = x.metric, x.kind, x.people
        c.relation, c.parent = "earlier", x


def _relations(
    g: _Grammar, c: Candidate, previous: Candidate | None, same: Iterable[Candidate]
) -> None:
    """Sub-counts and the outlet's derivations point at the figure they depend on."""
    toks = c.sent.tokens
    # "including 560 children", "among them three Leopards", "a further 24 children"
    if _subcount_marker(g, c):
        c.relation = "subcount"
    # "that figure amounts to about 800 …", "which works out at roughly 600 dead a day"
    derivation_first = g.derivation.first_words
    for k in range(c.i0 - 1, max(-1, c.i0 - 8), -1):
        if toks[k].norm not in derivation_first:
            continue
        m = g.derivation.match(toks, k)
        if m and k + m[0] <= c.i0 and derivation_at(g.lex, toks, k):
            c.relation = "derived"
            break
    if c.relation in PART_RELATIONS:
        before = [x for x in same if x.alive and x is not c and x.i0 < c.i0]
        # A sub-count belongs to the count of its own kind before it (tanks among tanks).
        earlier = [x for x in before if x.kind == c.kind] or before
        c.parent = earlier[-1] if earlier else previous
    # Rates: "per quarter mile", "a day", "for every kilometre gained".
    stop = next((x.i0 for x in same if x.i0 > c.i0), len(toks))
    rate_first = g.rates.first_words
    for k in range(c.np[1], min(stop, c.np[1] + 7)):
        if toks[k].text in g.rate_stops or (toks[k].norm in g.barriers and toks[k].norm != "for"):
            break
        rm = g.rates.match(toks, k) if toks[k].norm in rate_first else None
        if rm and (k + rm[0] >= len(toks) or toks[k + rm[0]].norm not in g.relative_time):
            c.rate = rm[1]
            break
