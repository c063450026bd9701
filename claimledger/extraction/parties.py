"""Whose losses (or whose advance) a figure counts, and — for people — which group.

The subject, in order of evidence:
1. a party in the counted phrase or its of/from complement ("Ukrainian servicemen", "Hamas …
   fighters", "militants of the Islamic State"), a noun that names a side in this war ("army
   soldiers"), a generic fighter noun ("terrorists") read as the armed group the text is about,
   or "of its soldiers" (the claimant's own side); a part of a whole takes the whole's side;
2. "inflicted losses … on X": X; else the clause before the figure: the side that lost
   ("Russia has lost", "his fighters were losing"), "the enemy" (the claimant's opponent), or
   the side that did the harm ("Ukrainian forces destroyed …") whose opponent it is — an agent
   with no party ("its units", "air defences") is the claimant's side; for an advance, the side
   that advanced. In a civil war (Syria, Sudan) a toll of people is the state's whoever killed
   them; a party before an attack noun ("a Russian missile strike") attacked, it did not lose;
3. for civilians and disasters, the state of the place, or outside any war the state the
   sentence (then the text) names;
4. the figure it depends on, the figure before it in the sentence or paragraph, the claimant's
   previous figure;
5. the claimant's opponent in the document's conflict (of several armed groups on that side, the
   one the text names nearest).
Proxies map to their party and the surface name is kept ("Wagner" → Russia).
"""

from __future__ import annotations

from collections.abc import Callable

from claimledger.extraction.matching import PhraseIndex
from claimledger.extraction.segment import Sentence
from claimledger.extraction.state import (
    NOT_MILITARY,
    PART_RELATIONS,
    VALUE_RELATIONS,
    Candidate,
    Parse,
)
from claimledger.extraction.tokens import Token
from claimledger.lexicon import Conflict, Lexicon


class _Words:
    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.party: PhraseIndex[tuple[str, str]] = lex.indexes["party"]
        self.casualty = lex.indexes["casualty"]
        self.loss: PhraseIndex[bool] = PhraseIndex()
        self.loss.add_all(lex.equipment.loss_words.written, True)
        self.advance: PhraseIndex[bool] = PhraseIndex()
        self.advance.add_all(lex.distance.advance_words.written, True)
        self.forces: PhraseIndex[bool] = PhraseIndex()
        self.forces.add_all(lex.sides.forces.written, True)
        self.barriers = lex.clauses.barriers
        self.clause_edges = self.barriers | {";"}  # a norm is its token's text in lower case
        # Casualty nouns say what is counted, not who did it: never the verb of an agent.
        self.nouns = lex.people.casualty_nouns - lex.people.loss_nouns
        self.suffer = lex.people.suffer_words
        self.captive_nouns = lex.people.captive_nouns
        self.soldier_nouns = lex.people.soldier_nouns
        self.plain_nouns = lex.people.plain_nouns
        words = lex.subjects
        self.place_markers = words.place_markers
        self.in_place = words.where_prepositions
        self.complement = words.complement_prepositions
        # (a tuple for str.endswith; sorted, so the same lexicon reads the same way every run)
        self.compound_suffixes = tuple(sorted(words.compound_suffixes))
        self.unspecified = lex.people.unspecified
        self.attacks = lex.sides.attacks
        self.possessives = lex.sides.possessives
        self.inflict = lex.sides.inflict
        self.pronouns = lex.sides.pronouns
        self.enemy = lex.sides.enemy
        self.sites = lex.sites.civilian
        self.disaster_causes = lex.people.disaster_causes | lex.disasters.causes
        # "a quake hit Pakistan", "floods ravaged Bangladesh": the state a disaster struck is
        # where its toll is, as much as one named after "in".
        self.where_before = self.in_place | lex.locative.strike_verbs
        self.places = lex.indexes["place"]
        self.place_first = frozenset(self.places.first_words)
        self.state_nouns = lex.people.state_nouns
        self.several = lex.people.several
        # Set tests before `match` in per-token loops (a match needs its first word).
        self.party_first = frozenset(self.party.first_words)
        # Words the verb before a figure can start with (`_clause_party`), whatever its kind.
        self.verb_first = frozenset(
            {
                *self.advance.first_words,
                *self.suffer,
                *self.loss.first_words,
                *self.casualty.first_words,
            }
        )


def _party_at(
    w: _Words, toks: list[Token], k: int, end: int | None = None
) -> tuple[int, tuple[str, str]] | None:
    if toks[k].norm.endswith(w.compound_suffixes):
        return None  # "US-made Bradley": where it was made, not whose it is
    m = w.party.match(toks, k, end)
    if m and k + m[0] < len(toks):
        nxt = toks[k + m[0]]
        if nxt.is_cap and nxt.norm in w.lex.sides.names_of_things:
            return None  # "the Saudi Hospital": a name
        if nxt.norm in w.lex.locative.town_heads:
            return None  # "the rebel stronghold of …": who holds a place, as "-held"
    return m


def _np_party(w: _Words, c: Candidate, end: int | None = None) -> tuple[str, str] | None:
    toks = c.sent.tokens
    a, b = c.np[0], c.np[1] if end is None else end
    party_first = w.party_first
    for k in range(a, b):
        if toks[k].norm in party_first:
            m = _party_at(w, toks, k, b)
            if m:
                return m[1]
    return None


def _counted_party(w: _Words, parse: Parse, c: Candidate) -> tuple[str, str] | None:
    """The party the counted phrase names: "Russian soldiers", "members of the army",
    "militants of the Islamic State", "terrorists" (the armed group the text is about)."""
    found = _np_party(w, c)
    side = _side_word(w, parse, c)
    conflict = parse.conflict
    if found and side and conflict and conflict.civil_war and conflict.theatre:
        # "Syrian rebels" in Syria's civil war: the nationality is both sides'; the noun decides.
        theatre = parse.lex.place(conflict.theatre)
        if theatre and found[0] == theatre.country:
            return side
    if found or side:
        return found or side
    tail = _of_tail(w, c)
    if tail > c.np[1]:
        found = _np_party(w, c, tail)
        if found:
            return found
    return _group_word(w, parse, c)


def _of_tail(w: _Words, c: Candidate) -> int:
    """The end of the counted phrase with its "of"/"from" complement ("100 members of the
    government forces", "35 jihadists from the Islamic State group")."""
    toks = c.sent.tokens
    b = c.np[1]
    if b < len(toks) and toks[b].norm in w.complement:
        return min(len(toks), b + 5)
    return b


def _side_word(
    w: _Words, parse: Parse, c: Candidate, words: tuple[tuple[str, str], ...] | None = None
) -> tuple[str, str] | None:
    """ "400 army soldiers", "100 members of the government forces": a noun that names a side
    in this war only (conflicts.toml side_words)."""
    if parse.conflict is None:
        return None
    words = parse.conflict.side_words if words is None else words
    if not words:
        return None
    toks = c.sent.tokens
    text = f" {' '.join(t.norm for t in toks[c.np[0] : _of_tail(w, c)])} "
    for phrase, party in words:
        if f" {phrase} " in text:
            return party, phrase
    return None


def _group_word(w: _Words, parse: Parse, c: Candidate) -> tuple[str, str] | None:
    """ "some 120 terrorists were killed": fighters of one of a side's armed groups, the one the
    text is about (`_in_context`), else the conflict's default for the word (conflicts.toml
    group_words)."""
    found = _side_word(w, parse, c, parse.conflict.group_words if parse.conflict else ())
    if found is None:
        return None
    return _in_context(w, parse, c, found[0]) or found[0], found[1]


def _in_context(w: _Words, parse: Parse, c: Candidate, party: str | None) -> str | None:
    """Of a side with several armed groups (Syria's opposition and the Islamic State), the one
    the text names last before the figure (its sentence first, then up to
    `_CONTEXT_SENTENCES` before), else the first it names after it (its sentence, then the next
    few), else `party`."""
    conflict = parse.conflict
    side = conflict.side_of(party) if conflict else None
    if conflict is None or side is None or not _armed(parse, party):
        return party
    # Armed groups only: a side's people (Palestinians beside Hamas) are not one of its groups.
    members = frozenset(p for p in conflict.sides[side] if _armed(parse, p))
    if len(members) < 2:
        return party
    sent = c.sent
    before = [p for _, p in _mentions(w, sent, 0, c.i0) if p[0] in members]
    if before:
        return before[-1][0]
    lo = max(0, sent.index - _CONTEXT_SENTENCES)
    for earlier in reversed(parse.sentences[lo : sent.index]):
        named = [p for _, p in _mentions(w, earlier, 0, len(earlier.tokens)) if p[0] in members]
        if named:
            return named[-1][0]
    after = [p for _, p in _mentions(w, sent, c.i1, len(sent.tokens)) if p[0] in members]
    if after:
        return after[0][0]
    for later in parse.sentences[sent.index + 1 : sent.index + 1 + _LATER_SENTENCES]:
        named = [p for _, p in _mentions(w, later, 0, len(later.tokens)) if p[0] in members]
        if named:
            return named[0][0]
    return party


def _armed(parse: Parse, name: str | None) -> bool:
    party = parse.lex.party(name)
    return party is not None and party.belligerent


_CONTEXT_SENTENCES = 12
_LATER_SENTENCES = 3


def _mentions(
    w: _Words, sent: Sentence, lo: int, hi: int, skip: Callable[[int], bool] | None = None
) -> list[tuple[int, tuple[str, str]]]:
    """The parties a sentence names between two tokens (a set test before any scan), but none
    starting where `skip` says."""
    if sent.words.isdisjoint(w.party_first):
        return []
    toks = sent.tokens
    out = []
    k = lo
    while k < hi:
        if toks[k].norm not in w.party_first or (skip is not None and skip(k)):
            k += 1
            continue
        m = _party_at(w, toks, k, hi)
        if m:
            out.append((k, m[1]))
            k += m[0]
        else:
            k += 1
    return out


_CLAUSE_WINDOW = 80


def _enemy_counted(w: _Words, parse: Parse, c: Candidate) -> str | None:
    """ "Almost 9,200 invaders were killed", "destroyed two enemy IFVs": what a side's claimant
    counts as the enemy's is the other side's. Only the counted phrase decides here: an enemy
    named as the agent ("the occupiers shelled the town, killing five") did the harm."""
    if c.speaker is None:
        return None
    toks = c.sent.tokens
    named = not c.sent.words.isdisjoint(w.enemy) and any(
        toks[k].norm in w.enemy for k in range(c.np[0], c.np[1])
    )
    # "more than 14 thousand of your soldiers have been killed": a side's speaker who tells
    # the soldiers' side of their dead addresses the enemy.
    addressed = (
        not named
        and c.people == "military"
        and "your" in c.sent.words
        and any(toks[k].norm == "your" for k in range(c.i1, c.np[1]))
    )
    if not named and not addressed:
        return None
    conflict = parse.conflict or _speakers_war(parse, c.speaker.affiliation)
    if conflict is None or conflict.side_of(c.speaker.affiliation) is None:
        return None
    return _in_context(w, parse, c, conflict.opposite(c.speaker.affiliation))


def _speakers_war(parse: Parse, side: str | None) -> Conflict | None:
    """The one war under way at publication that `side` fights: whom a side's speaker means by
    "the enemy" in a text that names no country ("under his command, 50 enemy vehicles were
    destroyed")."""
    if side is None:
        return None
    published = parse.doc.published
    wars = [
        x
        for x in parse.lex.conflicts
        if not x.disaster
        and x.side_of(side) is not None
        and (published is None or x.start <= published)
    ]
    return wars[0] if len(wars) == 1 else None


def _clause_start(w: _Words, c: Candidate) -> int:
    """Where the figure's clause begins: after its attribution, or after a barrier word."""
    # No clause runs longer than this: a run-on "sentence" of thousands of figures stays linear.
    lo = max(0, c.i0 - _CLAUSE_WINDOW)
    if c.cue and c.cue.sentence == c.sent.index and lo < c.cue.span[1] <= c.i0:
        lo = c.cue.span[1]
    edges = w.clause_edges
    if c.sent.words.isdisjoint(edges):
        return lo  # the sentence's words hold every token's norm: no edge anywhere in it
    toks = c.sent.tokens
    for k in range(c.i0 - 1, lo - 1, -1):
        norm = toks[k].norm
        # A barrier inside a time expression ("since it launched … on 4 June") is no clause edge.
        if norm in edges and (norm == ";" or k not in c.sent.masked):
            return k + 1
    return lo


def _inflicted_on(w: _Words, c: Candidate) -> tuple[str, str] | None:
    """ "had inflicted losses of up to 380 servicemen on Ukrainian forces": the party after "on"
    took the losses (a set test first: "inflicted" is rare)."""
    if c.sent.words.isdisjoint(w.inflict):
        return None
    toks = c.sent.tokens
    lo = _clause_start(w, c)
    if not any(toks[k].norm in w.inflict for k in range(lo, c.i0)):
        return None
    for k in range(c.np[1], min(len(toks), c.np[1] + 4)):
        if toks[k].norm == "on":
            for j in range(k + 1, min(len(toks), k + 4)):
                m = _party_at(w, toks, j)
                if m:
                    return m[1]
            return None
    return None


def _forces_referred(w: _Words, parse: Parse, c: Candidate) -> tuple[str, str] | None:
    """The side's forces a pronoun before the figure ("they have moved forward") refers to: the
    last "<party> <forces>" of its paragraph up to the figure."""
    toks = c.sent.tokens
    lo = _clause_start(w, c)
    if c.sent.words.isdisjoint(w.pronouns) or not any(
        toks[k].norm in w.pronouns for k in range(lo, c.i0)
    ):
        return None
    start = c.sent.index
    while start > 0 and parse.sentences[start - 1].para == c.sent.para:
        start -= 1
    start = max(start, c.sent.index - 3)
    for sent in reversed(parse.sentences[start : c.sent.index + 1]):
        stoks = sent.tokens
        hi = c.i0 if sent is c.sent else len(stoks)
        found = [
            (k, p)
            for k, p in _mentions(w, sent, 0, hi)
            if k + 1 < len(stoks) and w.forces.match(stoks, k + 1) is not None
        ]
        if found:
            return found[-1][1]
    return None


def _own_forces(w: _Words, toks: list[Token], lo: int, hi: int) -> bool:
    """ "our troops", "his fighters", "its units" as the subject of a loss: in reported speech
    the possessor is the speaker (a party named would have come first)."""
    return any(
        toks[k].norm in w.possessives and w.forces.match(toks, k + 1, hi) is not None
        for k in range(lo, hi - 1)
    )


def _attacker(w: _Words, toks: list[Token], k: int, end: int) -> bool:
    """ "Thursday's Russian missile strike": the party before an attack noun (within two words)
    attacked; it did not lose the people counted after it."""
    return any(toks[j].norm in w.attacks for j in range(k + 1, min(end, k + 4)))


def _excluded(c: Candidate, k: int) -> bool:
    """Inside an attribution of this sentence ("according to Israeli government tallies")."""
    for cue in (c.cue,):
        if cue and cue.sentence == c.sent.index and cue.span[0] <= k < cue.span[1]:
            return True
    return False


def _parties_between(
    w: _Words, c: Candidate, lo: int, hi: int
) -> list[tuple[int, tuple[str, str]]]:
    """The parties a figure's sentence names between two tokens, outside its attribution."""
    return _mentions(w, c.sent, lo, hi, lambda k: _excluded(c, k))


def _clause_party(
    w: _Words, parse: Parse, c: Candidate, done: list[Candidate]
) -> tuple[str | None, str | None]:
    """(subject, surface) from the clause before the figure, or (None, None)."""
    toks = c.sent.tokens
    lo = _clause_start(w, c)
    speaker_side = c.speaker.affiliation if c.speaker else None
    conflict = parse.conflict
    # The verb nearest before the figure decides how to read the party before it.
    verb_at, verb_kind = -1, ""
    advance_first, loss_first, casualty_first = (
        w.advance.first_words,
        w.loss.first_words,
        w.casualty.first_words,
    )
    verb_first = w.verb_first
    for k in range(c.i0 - 1, lo - 1, -1):
        t = toks[k].norm
        if t not in verb_first:
            continue  # most words: no verb of any kind starts with them
        if c.kind == "territory" and t in advance_first and w.advance.match(toks, k):
            verb_at, verb_kind = k, "advance"
            break
        if t in w.suffer:
            verb_at, verb_kind = k, "suffer"
            break
        if t not in w.nouns and (
            (t in loss_first and w.loss.match(toks, k))
            or (t in casualty_first and w.casualty.match(toks, k))
        ):
            verb_at, verb_kind = k, "harm"
            break
    if verb_at >= 0:
        # "239 Russian soldiers were killed and another 293 injured": the verb is the predicate
        # of the figure before, so this one shares that figure's side.
        prev = [x for x in done if x.sent.index == c.sent.index and x.i1 <= verb_at and x.subject]
        if verb_kind != "advance" and prev and verb_at >= prev[-1].np[1]:
            return prev[-1].subject, prev[-1].subject_surface
        # "The war in Syria killed 4,360 people": a party named as a place is no agent.
        before = [
            p
            for p in _parties_between(w, c, lo, verb_at)
            if verb_kind != "harm" or p[0] == 0 or toks[p[0] - 1].norm not in w.in_place
        ]
        # A set test first (the sentence's words hold every norm): "enemy" is rare.
        enemy = not c.sent.words.isdisjoint(w.enemy) and any(
            toks[k].norm in w.enemy for k in range(lo, verb_at)
        )
        if verb_kind in ("suffer", "advance"):
            if enemy and conflict and speaker_side:
                return _in_context(w, parse, c, conflict.opposite(speaker_side)), None
            if before:
                return before[-1][1][0], before[-1][1][1]
            if (
                verb_kind == "suffer"
                and conflict
                and conflict.side_of(speaker_side) is not None
                and _own_forces(w, toks, lo, verb_at)
            ):
                return speaker_side, None  # "his fighters were losing 40 men a day"
            if verb_kind == "advance":
                return None, None
        else:
            if enemy and conflict and speaker_side and not before:
                # "the occupiers shelled the town, killing five": the enemy did the harm, so
                # the dead are the speaker's side.
                return _in_context(w, parse, c, speaker_side), None
            sides = {conflict.side_of(p[1][0]) for p in before} if conflict else set()
            if len(sides - {None}) > 1:
                return None, None  # "fighting between the army and the RSF … killed": no one agent
            if before:
                agent = before[-1][1][0]
                people = c.kind == "personnel" and c.people in NOT_MILITARY
                if people and conflict and conflict.civil_war:
                    return None, None  # whoever killed them, a civil war's people are its state's
                opp = (
                    conflict.opposite(agent, parse.lex.parties if people else None)
                    if conflict
                    else None
                )
                if opp:
                    return _in_context(w, parse, c, opp), None
            elif conflict and speaker_side and not _passive_agent(w, c) and not _civil(parse, c):
                return _in_context(w, parse, c, conflict.opposite(speaker_side)), None
    if verb_at < 0 and c.kind == "personnel" and not _civil(parse, c):
        # "Russian forces had 120 soldiers killed": the clause's side is the one that lost them
        # (a party as subject, not in a place: "the toll in southern Turkey and Syria").
        # A party before an earlier figure of the sentence is that figure's.
        prev_end = max(
            (x.np[1] for x in done if x.sent.index == c.sent.index and x.np[1] <= c.i0),
            default=lo,
        )
        before = [
            p
            for p in _parties_between(w, c, max(lo, prev_end), c.i0)
            if (p[0] == 0 or toks[p[0] - 1].norm not in w.place_markers)
            and not _attacker(w, toks, p[0], c.i0)
        ]
        if before:
            return before[-1][1][0], before[-1][1][1]
    # "907 cruise missiles shot down by Ukrainian air defenses"
    by = _passive_agent(w, c)
    if by and conflict:
        return _in_context(w, parse, c, conflict.opposite(by)), None
    if (
        not c.sent.words.isdisjoint(w.enemy)
        and any(toks[k].norm in w.enemy for k in range(lo, c.i0))
        and conflict
        and speaker_side
    ):
        return _in_context(w, parse, c, conflict.opposite(speaker_side)), None
    return None, None


def _country_named(w: _Words, parse: Parse, c: Candidate) -> str | None:
    """ "Scorching heat killed 63 people in Pakistan", "a quake hit Pakistan, killing 73,000":
    a toll of people outside any war is of the state its sentence names (the one named as where,
    "in …", when it names several)."""
    if c.kind != "personnel" or c.people == "military" or c.sent.words.isdisjoint(w.party_first):
        return None
    # In a war, only a state named as where ("in …") and no side: a state named otherwise is
    # often where the news comes from ("BEIRUT — Syrian air strikes killed …").
    war = parse.conflict if parse.conflict and not parse.conflict.disaster else None
    toks = c.sent.tokens
    found: dict[str, bool] = {}
    sources: set[str] = set()  # named in the attribution ("Indian officials said"): the last resort
    # "killed 202 people, including 88 Australians": a state in another figure's phrase is its.
    others = [x.np for x in parse.in_sentence(c.sent.index) if x is not c]
    for k, (party, _) in _mentions(w, c.sent, 0, len(toks)):
        p = parse.lex.party(party)
        if p is None or p.belligerent or p.name == "independent":
            continue
        if any(a <= k < b for a, b in others):
            continue
        if war and war.side_of(p.name) is not None:
            return None  # a side of the war is named: the war's rules decide
        if _excluded(c, k):
            sources.add(p.name)
            continue
        in_place = k > 0 and toks[k - 1].norm in w.where_before
        found[p.name] = found.get(p.name, False) or in_place
    where = [name for name, is_where in found.items() if is_where]
    names = where or ([] if war else list(found or sources))
    return names[0] if len(names) == 1 else None


def _across_states(w: _Words, parse: Parse, c: Candidate) -> bool:
    """ "… crashed into coastal communities in 11 Asian and African countries": a toll over
    several states is no one state's. A count of countries ("11 countries", "several
    countries") in the figure's sentence, outside the figure's own phrase."""
    if c.kind != "personnel":
        return False
    if not c.sent.words.isdisjoint(w.place_first):
        # "… crashing into shorelines in Asia and Africa": two regions of no one state
        stateless = {
            name
            for _, _, name in w.places.find_all(c.sent.tokens, words=c.sent.words)
            if parse.lex.places[name].country is None
        }
        if len(stateless) > 1:
            return True
    if c.sent.words.isdisjoint(w.state_nouns):
        return False
    toks = c.sent.tokens
    # The figures of the sentence, dropped ones too ("nine countries" counts nothing the
    # taxonomy knows): a number word is a figure only there.
    ends = {x.i1 for x in parse.candidates if x.sent is c.sent}
    for k, t in enumerate(toks):
        if t.norm not in w.state_nouns or c.np[0] <= k < c.np[1]:
            continue
        for j in range(max(0, k - 4), k):
            if toks[j].kind == "num" or j + 1 in ends or toks[j].norm in w.several:
                return True
    return False


def _state_of_places(w: _Words, parse: Parse, c: Candidate) -> str | None:
    """ "The aircrews, flying out of Muzaffarabad …, since an earthquake left 73,000 people
    dead": outside any war, a toll of people whose sentence names no state is of the state
    every place of the gazetteer it names is in (one state, however named)."""
    if c.kind != "personnel" or c.people == "military":
        return None
    if parse.conflict and not parse.conflict.disaster:
        return None
    if c.sent.words.isdisjoint(w.place_first):
        return None
    states = set()
    for _, _, name in w.places.find_all(c.sent.tokens, words=c.sent.words):
        place = parse.lex.places[name]
        states.add(place.country)
    return states.pop() if len(states) == 1 else None


def _state_of_text(w: _Words, parse: Parse, c: Candidate) -> str | None:
    """ "170 people died in the towns of Bayda, Susa and Shahat", in a report on Libya's floods:
    outside any war, a toll of people whose sentence names no state is of the state the text
    has named most up to it (if one leads)."""
    if c.kind != "personnel" or c.people == "military":
        return None
    if parse.conflict and not parse.conflict.disaster:
        return None
    # (times named as where, "in Libya"; times named): the donor the text names often is not
    # where the victims are.
    counts: dict[str, tuple[int, int]] = {}
    for sent in parse.sentences[: c.sent.index + 1]:
        toks = sent.tokens
        for k, (name, _) in _mentions(w, sent, 0, len(toks)):
            p = parse.lex.party(name)
            if p is not None and not p.belligerent and p.name != "independent":
                where, named = counts.get(p.name, (0, 0))
                where += k > 0 and toks[k - 1].norm in w.in_place
                counts[p.name] = (where, named + 1)
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _partitive(c: Candidate) -> bool:
    """ "nine of them", "seven of eight drones" (not "seven of its commanders")."""
    toks = c.sent.tokens
    return not c.possessor and c.i1 < len(toks) and toks[c.i1].norm == "of"


def _civil(parse: Parse, c: Candidate) -> bool:
    """A civil war's toll of people that names no side ("suicide bombers killed two people",
    "wounding 25"): the theatre's, not the enemy of whoever reports it."""
    return (
        c.kind == "personnel"
        and c.people != "military"
        and parse.conflict is not None
        and parse.conflict.civil_war
    )


def _passive_agent(w: _Words, c: Candidate) -> str | None:
    """The party after "by" when it names who did the harm ("shot down by Ukrainian air
    defenses"), not who launched or made the thing ("drones launched by Russia")."""
    if "by" not in c.sent.words:  # the sentence's words hold every token's norm: no scan
        return None
    toks = c.sent.tokens
    for k in range(c.np[1], min(len(toks), c.np[1] + 8)):
        if toks[k].norm == "by":
            verb = toks[k - 1].norm if k > 0 else ""
            harm = w.loss.match(toks, k - 1) or w.casualty.match(toks, k - 1) or verb == "down"
            if not harm:
                return None
            for j in range(k + 1, min(len(toks), k + 4)):
                m = _party_at(w, toks, j)
                if m:
                    return m[1][0]
            return None
    return None


def assign_subjects(parse: Parse) -> None:
    w = parse.lex.tables(_Words)
    done: list[Candidate] = []
    alive = parse.alive()  # nothing here drops a figure
    for c in alive:
        source = c.increment_of if c.increment_of is not None else c
        if source.default_metric and c.speaker and c.speaker.personnel_metric:
            c.metric = c.speaker.personnel_metric  # what this claimant's tallies count
        c.subject, c.subject_surface = _subject(w, parse, c, done)
        done.append(c)
    # Outside any war, a text that has told of a flood or a quake counts its victims as
    # civilians after that, in sentences that name the cause no more ("3,958 bodies had been
    # recovered"): the first sentence naming a cause (a set test per sentence).
    told = None
    if parse.conflict is None or parse.conflict.disaster:
        told = next(
            (s.index for s in parse.sentences if not s.words.isdisjoint(w.disaster_causes)), None
        )
    for c in alive:
        if c.kind == "personnel":
            c.group = _group(w, parse, c, alive, told is not None and told <= c.sent.index)
        else:
            c.group = None


def _subject(
    w: _Words, parse: Parse, c: Candidate, done: list[Candidate]
) -> tuple[str | None, str | None]:
    if c.relation in VALUE_RELATIONS and c.parent:
        return c.parent.subject, c.parent.subject_surface
    found = _counted_party(w, parse, c)
    if found:
        return found  # "four Hezbollah fighters" near Israel and Lebanon: the phrase says whose
    enemy = _enemy_counted(w, parse, c)
    if enemy:
        return enemy, None
    if c.combined:
        return None, None
    if c.relation == "subcount" and c.parent and c.parent.subject and not _partitive(c):
        # "15 people including five policemen", "49 militants, including seven of its
        # commanders": a part is of its whole's side. Not "it killed nine of them", whose
        # clause names who did it.
        return c.parent.subject, c.parent.subject_surface
    if c.possessor and c.speaker and c.speaker.affiliation:
        return c.speaker.affiliation, None
    # A framed count's clause describes the count ("killed when a Russian drone struck"): the
    # parties there did the harm or are where it happened, none is whose the count is.
    target = _inflicted_on(w, c)
    if target:
        return target
    if _across_states(w, parse, c):
        return None, None  # the state its clause or place names is but one of them
    subject, surface = (None, None) if c.framed else _clause_party(w, parse, c, done)
    if subject is None and c.kind == "territory" and c.relation is None:
        # "Russian forces have advanced … they have moved forward 15 km": "they" are the forces
        # the text has just named.
        named = _forces_referred(w, parse, c)
        if named:
            return named
        # An advance with no side named is the claimant's own side's, if it is a side.
        if (
            c.speaker
            and parse.conflict
            and parse.conflict.side_of(c.speaker.affiliation) is not None
        ):
            return c.speaker.affiliation, None
        same = [x for x in done if x.sent.index == c.sent.index and x.subject]
        if same:
            return same[-1].subject, same[-1].subject_surface
    if subject:
        return subject, surface
    if c.relation in PART_RELATIONS and c.parent and c.parent.subject:
        return c.parent.subject, c.parent.subject_surface
    if c.combined:
        return None, None
    own = _own_side(w, parse, c)
    if own:
        return own, None
    if (
        c.kind == "personnel"
        and c.metric != "personnel.captured"
        and (c.people is None or c.people in NOT_MILITARY)
        and c.location_country
    ):
        return c.location_country, None
    if c.parent is not None and c.parent.subject:
        return c.parent.subject, c.parent.subject_surface
    country = _country_named(w, parse, c) or _state_of_places(w, parse, c)
    if country:
        return country, None
    if _civil(parse, c) and parse.conflict and parse.conflict.theatre:
        theatre = parse.lex.place(parse.conflict.theatre)
        if theatre and theatre.country:
            return theatre.country, None
    civilians = c.people == "civilian" or (c.people == "ambiguous" and _people_word(w, c.sent, c))
    if c.kind == "personnel" and civilians and parse.conflict and parse.conflict.theatre:
        theatre = parse.lex.place(parse.conflict.theatre)
        if theatre and theatre.country:
            return theatre.country, None
    same_sentence = [x for x in done if x.sent.index == c.sent.index and x.subject]
    if same_sentence:
        return same_sentence[-1].subject, same_sentence[-1].subject_surface
    same_para = [x for x in done if x.sent.para == c.sent.para and x.subject]
    if same_para:
        return same_para[-1].subject, same_para[-1].subject_surface
    state = _state_of_text(w, parse, c)
    if state:
        return state, None
    attacked = _attacked_side(w, parse, c)
    if attacked:
        return attacked, None
    if c.speaker and parse.conflict:
        same_speaker = [
            x for x in done if x.speaker and x.speaker.name == c.speaker.name and x.subject
        ]
        if same_speaker:
            return same_speaker[-1].subject, same_speaker[-1].subject_surface
        opp = parse.conflict.opposite(c.speaker.affiliation)
        if opp:
            return _in_context(w, parse, c, opp), None
    return None, None


_ATTACK_SENTENCES = 5


def _attacked_side(w: _Words, parse: Parse, c: Candidate) -> str | None:
    """ "Russian bombs fell on a hospital in Mariupol. … As of now, there are 17 wounded": a
    count of people naming no side, after a sentence of its paragraph that names an attacker,
    is of the side attacked."""
    found = _attack_before(w, parse, c)
    return found[0] if found else None


def _attack_before(w: _Words, parse: Parse, c: Candidate) -> tuple[str | None, Sentence] | None:
    """The side attacked in the nearest earlier sentence of the count's paragraph that names a
    party, when it names that party as an attacker, and that sentence (a set test per
    sentence)."""
    conflict = parse.conflict
    if c.kind != "personnel" or conflict is None:
        return None
    lo = max(0, c.sent.index - _ATTACK_SENTENCES)
    for sent in reversed(parse.sentences[lo : c.sent.index]):
        if sent.para != c.sent.para:
            return None
        named = _mentions(w, sent, 0, len(sent.tokens))
        if not named:
            continue
        toks = sent.tokens
        for k, (party, _) in reversed(named):
            if _attacker(w, toks, k, len(toks)):
                return conflict.opposite(party, parse.lex.parties if c.people else None), sent
        return None
    return None


def _own_side(w: _Words, parse: Parse, c: Candidate) -> str | None:
    """Counts a claimant gives of its own side's people: hostages it says are held, and
    soldiers it says died with no one named as killing them ("247 soldiers had died")."""
    if c.kind != "personnel" or not c.speaker or not parse.conflict or c.sent.is_list_item:
        return None
    side = c.speaker.affiliation
    if parse.conflict.side_of(side) is None:
        return None
    toks = c.sent.tokens
    heads = {t.norm for t in toks[c.np[0] : c.np[1]]}
    if heads & w.captive_nouns:
        return side
    lo = _clause_start(w, c)
    active = any(
        t.norm not in w.nouns and (w.loss.match(toks, k) or w.casualty.match(toks, k))
        for k, t in enumerate(toks[lo : c.i0], start=lo)
    )
    if heads & w.soldier_nouns and not active and _passive_agent(w, c) is None:
        return side
    return None


def _forces_before(w: _Words, c: Candidate) -> bool:
    """ "Russian forces had suffered 1,100 killed": the losses of an armed force. Not for a
    count of people, whose killers are the forces ("fighting between the army and …")."""
    if _people_word(w, c.sent, c):
        return False
    toks = c.sent.tokens
    lo = _clause_start(w, c)
    return any(w.forces.match(toks, k) or toks[k].norm in w.enemy for k in range(lo, c.i0))


def _group(
    w: _Words, parse: Parse, c: Candidate, alive: list[Candidate], disaster_told: bool = False
) -> str:
    """Military, civilian or unspecified. `alive`: the document's live figures; `disaster_told`:
    outside any war, the text has told of a disaster by this figure."""
    if (
        (c.relation in PART_RELATIONS or c.relation in VALUE_RELATIONS)
        and c.parent
        and c.parent.group
    ):
        if c.people not in ("military", "civilian"):
            return c.parent.group
    if c.people in ("military", "civilian"):
        return c.people
    if c.people == "mixed" or {t.norm for t in c.sent.tokens[c.np[0] : c.np[1]]} & w.unspecified:
        return "unspecified"
    if _enemy_nationals(w, parse, c):
        return "military"
    people = c.people == "ambiguous" and _people_word(w, c.sent, c)
    others = _others_of(parse, c, alive)
    if others is not None:
        return others
    for x in reversed(alive if not people else ()):
        if x is c or x.sent.index > c.sent.index or (x.sent.index == c.sent.index and x.i0 > c.i0):
            continue
        if x.relation == "subcount" and x.parent is not None and x.parent is not c.parent:
            continue  # "… 10 of them are officers. 316 are wounded": a part says nothing after it
        if x.kind == "personnel" and x.subject == c.subject and x.group:
            if c.people is None or x.group == "military":
                return x.group
            break  # "… 39 civilians. At least 36 people were killed": people, unspecified
    if c.people is None and c.subject_surface is None and not c.sent.is_list_item:
        attack = _attack_before(w, parse, c)
        if attack and attack[0] == c.subject and not attack[1].words.isdisjoint(w.sites):
            return "civilian"  # "Russian bombs fell on a maternity hospital … 17 are wounded"
    if _forces_before(w, c):
        return "military"
    party = parse.lex.party(c.subject)
    if (
        party
        and c.subject_surface
        and any(c.subject_surface.lower() == p.lower() for p in party.proxies)
    ):
        return "military"  # "the Wagner Group had lost 300 men": an armed formation
    party = parse.lex.party(c.subject)
    disaster = (
        disaster_told
        or (parse.conflict is not None and parse.conflict.disaster)
        or not c.sent.words.isdisjoint(w.disaster_causes)
    )
    if (
        c.people == "ambiguous"
        and _people_word(w, c.sent, c)
        and (disaster or (party and party.belligerent))
    ):
        return "civilian"
    if c.people is None and party and party.belligerent and not _toll(w, parse, c):
        return "military"
    if disaster:
        return "civilian"
    return "unspecified"


def _others_of(parse: Parse, c: Candidate, alive: list[Candidate]) -> str | None:
    """ "killed at least 15 civilians, while 20 others are injured": "others" are more of the
    people its sentence counted before it, of their group."""
    a, b = c.np
    if b - a != 1 or c.sent.tokens[a].norm != "others":
        return None
    before = [
        x
        for x in alive
        if x.sent is c.sent and x.i0 < c.i0 and x.kind == "personnel" and x.subject == c.subject
    ]
    group = before[-1].group if before else None
    return group if group in ("military", "civilian") else None


def _enemy_nationals(w: _Words, parse: Parse, c: Candidate) -> bool:
    """ "Almost nine thousand Russians were killed", in a Ukrainian official's words: the enemy's
    nationals a side says died in its war are the enemy's soldiers (its own or a neutral's
    count of them says nothing of the kind)."""
    conflict = parse.conflict
    if (
        c.people != "ambiguous"
        or c.subject_surface is None
        or c.speaker is None
        or conflict is None
        or conflict.civil_war
        or _people_word(w, c.sent, c)
    ):
        return False
    party = parse.lex.party(c.subject)
    if party is None or not party.belligerent:
        return False
    if conflict.opposite(c.speaker.affiliation) != c.subject:
        return False
    surface = c.subject_surface.lower()
    return any(t.norm == surface for t in c.sent.tokens[c.np[0] : c.np[1]])


def _toll(w: _Words, parse: Parse, c: Candidate) -> bool:
    """ "The death toll from the missile strike rose to 10": a toll counts whoever died there,
    not a side's soldiers (a side's "losses" are another word) — unless it is the enemy's toll
    in the words of the other side in a war ("the Russian death toll", says Ukraine's
    military): a side counts the enemy soldiers it killed."""
    if "toll" not in c.sent.words:
        return False
    conflict = parse.conflict
    if (
        c.speaker is not None
        and conflict is not None
        and not conflict.civil_war
        and conflict.opposite(c.speaker.affiliation) == c.subject
    ):
        return False
    toks = c.sent.tokens
    return any(toks[k].norm == "toll" for k in range(_clause_start(w, c), c.i0))


def _people_word(w: _Words, sent: Sentence, c: Candidate) -> bool:
    a, b = c.np
    return any(t.norm in w.plain_nouns for t in sent.tokens[a:b])
