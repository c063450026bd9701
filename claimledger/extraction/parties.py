"""Whose losses (or whose advance) a figure counts, and — for people — which group.

The subject, in order of evidence:
1. a party in the counted phrase ("Ukrainian servicemen", "Hamas … fighters", "Palestinians"),
   or "of its soldiers" (the claimant's own side);
2. the clause before the figure: the side that lost ("Russia has lost", "Russia's losses",
   "Ukrainian casualties"), "the enemy" (the claimant's opponent), or the side that did the
   harm ("Ukrainian forces destroyed …", "Hamas fighters …, killing …") whose opponent it is —
   an agent with no party ("its units", "air defences") is the claimant's side; for an advance,
   the side that advanced;
3. for civilians and disasters, the state of the place;
4. the figure it depends on, the figure before it in the sentence or paragraph, the claimant's
   previous figure;
5. the claimant's opponent in the document's conflict.
Proxies map to their party and the surface name is kept ("Wagner" → Russia).
"""

from __future__ import annotations

from claimledger.extraction.segment import Sentence
from claimledger.extraction.state import Candidate, Parse
from claimledger.extraction.tokens import PhraseIndex, Token
from claimledger.lexicon import Lexicon

_LOCATIVE = frozenset(
    {
        "in",
        "near",
        "around",
        "at",
        "across",
        "of",
        "from",
        "and",
        "southern",
        "northern",
        "eastern",
        "western",
        ",",
    }
)
_IN_PLACE = frozenset({"in", "near", "around", "at", "across", "inside", "throughout"})
_COMPOUND_SUFFIXES = (
    "-made",
    "-supplied",
    "-built",
    "-provided",
    "-donated",
    "-designed",
    "-produced",
    # "the Russian-occupied left bank": who holds a place, not whose people it counts
    "-occupied",
    "-held",
    "-controlled",
)
_SUFFER = (
    "lost",
    "lose",
    "losing",
    "losses",
    "loss",
    "suffered",
    "suffer",
    "suffering",
    "casualties",
    "casualty",
)


class _Words:
    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.party: PhraseIndex[tuple[str, str]] = lex.indexes["party"]
        self.casualty = lex.indexes["casualty"]
        self.loss: PhraseIndex[bool] = PhraseIndex()
        self.loss.add_all(lex.taxonomy["equipment"]["loss_words"], True)
        self.advance: PhraseIndex[bool] = PhraseIndex()
        self.advance.add_all(lex.taxonomy["distance"]["advance_words"], True)
        self.forces: PhraseIndex[bool] = PhraseIndex()
        self.forces.add_all(lex.forces, True)
        self.barriers = lex.words["clauses.barriers"]
        self.clause_edges = self.barriers | {";"}  # a norm is its token's text in lower case
        # Casualty nouns say what is counted, not who did it: never the verb of an agent.
        self.nouns = lex.words["people.casualty_nouns"] - {"losses", "casualties", "casualty"}
        self.unspecified = lex.words["people.unspecified"]
        self.disaster_causes = lex.words["people.disaster_causes"]
        # Set tests before `match` in per-token loops (a match needs its first word).
        self.party_first = frozenset(self.party.first_words)
        # Words the verb before a figure can start with (`_clause_party`), whatever its kind.
        self.verb_first = frozenset(
            {
                *self.advance.first_words,
                *_SUFFER,
                *self.loss.first_words,
                *self.casualty.first_words,
            }
        )


def _party_at(
    w: _Words, toks: list[Token], k: int, end: int | None = None
) -> tuple[int, tuple[str, str]] | None:
    if toks[k].norm.endswith(_COMPOUND_SUFFIXES):
        return None  # "US-made Bradley": where it was made, not whose it is
    m = w.party.match(toks, k, end)
    if m and k + m[0] < len(toks):
        nxt = toks[k + m[0]]
        if nxt.is_cap and nxt.norm in w.lex.names_of_things:
            return None  # "the Saudi Hospital": a name
    return m


def _np_party(w: _Words, c: Candidate) -> tuple[str, str] | None:
    toks = c.sent.tokens
    a, b = c.np
    party_first = w.party_first
    for k in range(a, b):
        if toks[k].norm in party_first:
            m = _party_at(w, toks, k, b)
            if m:
                return m[1]
    return None


def _side_word(parse: Parse, c: Candidate) -> tuple[str, str] | None:
    """ "400 army soldiers", "100 members of the government forces": a noun that names a side
    in this war only (conflicts.toml side_words)."""
    if parse.conflict is None or not parse.conflict.side_words:
        return None
    toks = c.sent.tokens
    a, b = c.np
    if b < len(toks) and toks[b].norm == "of":
        b = min(len(toks), b + 5)
    text = f" {' '.join(t.norm for t in toks[a:b])} "
    for phrase, party in parse.conflict.side_words:
        if f" {phrase} " in text:
            return party, phrase
    return None


_CLAUSE_WINDOW = 80


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


def _excluded(c: Candidate, k: int) -> bool:
    """Inside an attribution of this sentence ("according to Israeli government tallies")."""
    for cue in (c.cue,):
        if cue and cue.sentence == c.sent.index and cue.span[0] <= k < cue.span[1]:
            return True
    return False


def _parties_between(
    w: _Words, c: Candidate, lo: int, hi: int
) -> list[tuple[int, tuple[str, str]]]:
    toks = c.sent.tokens
    party_first = w.party_first
    out = []
    k = lo
    while k < hi:
        if toks[k].norm not in party_first or _excluded(c, k):
            k += 1
            continue
        m = _party_at(w, toks, k, hi)
        if m:
            out.append((k, m[1]))
            k += m[0]
        else:
            k += 1
    return out


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
        if t in _SUFFER:
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
            if verb_kind != "harm" or p[0] == 0 or toks[p[0] - 1].norm not in _IN_PLACE
        ]
        # A set test first (the sentence's words hold every norm): "enemy" is rare.
        enemy = "enemy" in c.sent.words and any(toks[k].norm == "enemy" for k in range(lo, verb_at))
        if verb_kind in ("suffer", "advance"):
            if enemy and conflict and speaker_side:
                return conflict.opposite(speaker_side), None
            if before:
                return before[-1][1][0], before[-1][1][1]
            if verb_kind == "advance":
                return None, None
        else:
            sides = {conflict.side_of(p[1][0]) for p in before} if conflict else set()
            if len(sides - {None}) > 1:
                return None, None  # "fighting between the army and the RSF … killed": no one agent
            if before:
                agent = before[-1][1][0]
                people = c.kind == "personnel" and c.people in ("civilian", "ambiguous", "mixed")
                opp = (
                    conflict.opposite(agent, parse.lex.parties if people else None)
                    if conflict
                    else None
                )
                if opp:
                    return opp, None
            elif conflict and speaker_side and not _passive_agent(w, c):
                return conflict.opposite(speaker_side), None
    if verb_at < 0 and c.kind == "personnel":
        # "Russian forces had 120 soldiers killed": the clause's side is the one that lost them
        # (a party as subject, not in a place: "the toll in southern Turkey and Syria").
        before = [
            p
            for p in _parties_between(w, c, lo, c.i0)
            if p[0] == 0 or toks[p[0] - 1].norm not in _LOCATIVE
        ]
        if before:
            return before[-1][1][0], before[-1][1][1]
    # "907 cruise missiles shot down by Ukrainian air defenses"
    by = _passive_agent(w, c)
    if by and conflict:
        return conflict.opposite(by), None
    if (
        "enemy" in c.sent.words
        and any(toks[k].norm == "enemy" for k in range(lo, c.i0))
        and conflict
        and speaker_side
    ):
        return conflict.opposite(speaker_side), None
    return None, None


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
    for c in alive:
        c.group = _group(w, parse, c, alive) if c.kind == "personnel" else None


def _subject(
    w: _Words, parse: Parse, c: Candidate, done: list[Candidate]
) -> tuple[str | None, str | None]:
    if c.relation in ("increment", "earlier") and c.parent:
        return c.parent.subject, c.parent.subject_surface
    if c.combined:
        return None, None
    found = _np_party(w, c) or _side_word(parse, c)
    if found:
        return found
    if c.possessor and c.speaker and c.speaker.affiliation:
        return c.speaker.affiliation, None
    # A framed count's clause describes the count ("killed when a Russian drone struck"): the
    # parties there did the harm or are where it happened, none is whose the count is.
    subject, surface = (None, None) if c.framed else _clause_party(w, parse, c, done)
    if subject is None and c.kind == "territory" and c.relation is None:
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
    if c.relation in ("subcount", "derived", "coordinated") and c.parent and c.parent.subject:
        return c.parent.subject, c.parent.subject_surface
    if c.combined:
        return None, None
    own = _own_side(w, parse, c)
    if own:
        return own, None
    if (
        c.kind == "personnel"
        and c.metric != "personnel.captured"
        and c.people in ("civilian", "ambiguous", "mixed", None)
        and c.location_country
    ):
        return c.location_country, None
    if c.parent is not None and c.parent.subject:
        return c.parent.subject, c.parent.subject_surface
    civilians = c.people == "civilian" or (c.people == "ambiguous" and _people_word(c.sent, c))
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
    if c.speaker and parse.conflict:
        same_speaker = [
            x for x in done if x.speaker and x.speaker.name == c.speaker.name and x.subject
        ]
        if same_speaker:
            return same_speaker[-1].subject, same_speaker[-1].subject_surface
        opp = parse.conflict.opposite(c.speaker.affiliation)
        if opp:
            return opp, None
    return None, None


_OWN_SIDE_NOUNS = frozenset({"hostages", "captives", "abductees"})
_MILITARY_NOUNS = frozenset(
    {
        "soldiers",
        "troops",
        "servicemen",
        "servicemembers",
        "personnel",
        "marines",
        "sailors",
        "pilots",
    }
)


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
    if heads & _OWN_SIDE_NOUNS:
        return side
    lo = _clause_start(w, c)
    active = any(
        t.norm not in w.nouns and (w.loss.match(toks, k) or w.casualty.match(toks, k))
        for k, t in enumerate(toks[lo : c.i0], start=lo)
    )
    if heads & _MILITARY_NOUNS and not active and _passive_agent(w, c) is None:
        return side
    return None


def _forces_before(w: _Words, c: Candidate) -> bool:
    """ "Russian forces had suffered 1,100 killed": the losses of an armed force. Not for a
    count of people, whose killers are the forces ("fighting between the army and …")."""
    if _people_word(c.sent, c):
        return False
    toks = c.sent.tokens
    lo = _clause_start(w, c)
    return any(w.forces.match(toks, k) or toks[k].norm == "enemy" for k in range(lo, c.i0))


def _group(w: _Words, parse: Parse, c: Candidate, alive: list[Candidate]) -> str:
    """Military, civilian or unspecified. `alive`: the document's live figures."""
    if (
        c.relation in ("subcount", "derived", "coordinated", "increment", "earlier")
        and c.parent
        and c.parent.group
    ):
        if c.people not in ("military", "civilian"):
            return c.parent.group
    if c.people in ("military", "civilian"):
        return c.people
    if c.people == "mixed" or {t.norm for t in c.sent.tokens[c.np[0] : c.np[1]]} & w.unspecified:
        return "unspecified"
    for x in reversed(alive):
        if x is c or x.sent.index > c.sent.index or (x.sent.index == c.sent.index and x.i0 > c.i0):
            continue
        if x.kind == "personnel" and x.subject == c.subject and x.group:
            if c.people is None or x.group == "military":
                return x.group
            break  # "… 39 civilians. At least 36 people were killed": people, unspecified
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
    disaster = (parse.conflict is not None and parse.conflict.disaster) or any(
        t.norm in w.disaster_causes for t in c.sent.tokens
    )
    if (
        c.people == "ambiguous"
        and _people_word(c.sent, c)
        and (disaster or (party and party.belligerent))
    ):
        return "civilian"
    if c.people is None and party and party.belligerent:
        return "military"
    if disaster:
        return "civilian"
    return "unspecified"


def _people_word(sent: Sentence, c: Candidate) -> bool:
    a, b = c.np
    return any(
        t.norm in ("people", "persons", "residents", "individuals", "victims")
        for t in sent.tokens[a:b]
    )
