"""Who claims each figure: reporting cues, their speakers, and what refers back to them.

1. Mentions: claimants the lexicon knows ("Russia's defence ministry"), state institutions
   ("Kyiv's General Staff"), unnamed groups ("a senior US official" → "US officials"), people's
   names (titles stripped), and words that refer back (he, it, the ministry, one official, who).
2. Cues: a reporting verb and its subject ("X said"), an inverted one ("…,” said X"), a
   prepositional one ("according to X"), a report noun with its author ("its count of …"), and
   the outlet's own arithmetic ("that figure amounts to …", no claimant).
3. Each figure takes the cue of its quotation, else the nearest cue before it in its sentence,
   else a trailing one; a figure with none continues the source of its paragraph, or of the
   paragraph before when it opens a paragraph (a list that continues a statement).

Referring words resolve to the most recent salient claimant of the right kind: the subject of a
cue or of a sentence, before any other mention.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from claimledger.extraction.matching import GatedScan, PhraseIndex, find_at_marks
from claimledger.extraction.metrics import derivation_at
from claimledger.extraction.places import is_world_place
from claimledger.extraction.segment import Sentence
from claimledger.extraction.state import REPORT_AUTHOR_MENTIONS, Candidate, Cue, Parse, Speaker
from claimledger.extraction.times import MONTHS
from claimledger.extraction.tokens import Token, tokenize
from claimledger.lexicon import CLAIMANT_KINDS, KnownClaimant, Lexicon, Place


@dataclass(slots=True)
class Mention:
    i0: int
    i1: int
    kind: str  # person | body | group | pronoun | describe | relative
    speaker: Speaker | None = None
    word: str = ""  # the pronoun or description noun
    salient: bool = False
    weak: bool = False  # a party named as a noun: a speaker only as the subject of a cue


class _Words:
    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.verbs = lex.attribution.verbs
        self.weak = lex.attribution.weak_verbs
        self.participles = lex.attribution.participles
        self.quoting = lex.attribution.quoting_verbs
        self.subordinators = lex.attribution.subordinators
        self.titles = lex.attribution.titles
        self.org = lex.attribution.org_words
        a = lex.attribution
        self.strong_said = a.past_speech_verbs
        # For `str.startswith`, which takes a tuple.
        self.particles = tuple(a.name_particles)
        self.name_joiners = a.name_joiners
        self.anonymous_labels = a.anonymous_labels
        self.member_labels = a.member_labels
        self.western_words = a.western_words
        self.clause_joints = a.clause_joints
        self.label_determiners = a.label_determiners
        self.articles = a.indefinite_articles
        self.affiliation_preps = a.affiliation_prepositions
        self.noun_followers = a.noun_followers
        self.membership_preps = a.membership_prepositions
        self.official_nouns = a.official_nouns
        self.office_holders = a.office_holder_nouns
        self.army_nouns = a.army_nouns
        self.finite_markers = a.finite_verb_markers
        self.noun_determiners = a.noun_determiners
        self.noun_preps = a.noun_prepositions
        self.valuing_verbs = a.valuing_verbs
        self.non_subject_pronouns = a.non_subject_pronouns
        self.collective_possessives = a.collective_possessives
        self.perfect = a.perfect_auxiliaries
        self.report_media = a.report_media_nouns
        self.clause_marks = a.clause_marks
        self.clause_breaks = a.clause_breaks
        self.verb_inflections = tuple(a.verb_inflections)  # for `str.endswith`
        # After a weak verb, the end of its clause ("…, the ministry reported."); before an
        # inverted verb, the end of what it reports ("…,” said the ministry); after a verb,
        # where what it says ends before any "that".
        self.verb_ends = a.clause_marks | a.quote_closers
        self.inversion_marks = a.quote_closers | {","}
        self.statement_ends = a.full_stops | a.quote_marks
        self.stop = lex.attribution.stop_caps
        self.p_person = lex.attribution.pronouns_person
        self.p_body = lex.attribution.pronouns_body
        self.p_group = lex.attribution.pronouns_group
        self.determiners = lex.attribution.describe_determiners
        self.person_nouns = lex.attribution.person_nouns
        self.body_nouns = lex.attribution.body_nouns
        self.independent_heads = lex.attribution.independent_body_heads
        self.not_acronyms = lex.attribution.not_acronyms
        self.casualty_nouns = lex.people.casualty_nouns
        self.state_heads = lex.attribution.state_body_heads
        self.local_titles = lex.attribution.local_office_titles
        self.wire_credits = lex.attribution.wire_credits
        self.independent_labels = lex.attribution.independent_labels
        self.state_labels = lex.attribution.state_labels
        self.locative = lex.locative.prepositions
        # Nouns that describe a known claimant ("monitor", "agency"), and the known claimants of
        # the document last asked about (`_named_in_document`).
        self.known_describe = frozenset(d for k in lex.claimants.values() for d in k.describe)
        self.document_claimants: tuple[object, list[KnownClaimant]] = (None, [])
        self.speaker_heads = self.person_nouns | self.body_nouns
        # Words of a title after a body ("Ukraine's air force commander, …").
        self.speaker_titles = self.person_nouns | self.titles
        self.body_heads = self.independent_heads | self.state_heads
        self.fronting = lex.phrase.prepositions | lex.attribution.sentence_adverbs
        self.not_subject_before = lex.phrase.prepositions | lex.phrase.conjunctions - {"but"}
        self.according: PhraseIndex[bool] = PhraseIndex()
        self.according.add_all(lex.attribution.according.written, True)
        self.report: PhraseIndex[bool] = PhraseIndex()
        self.report.add_all(lex.attribution.report_nouns.written, True)
        self.describe: PhraseIndex[str] = PhraseIndex()
        for d in lex.attribution.describe.written:
            self.describe.add(d, d)
        self.war_nouns = lex.attribution.war_nouns
        self.recall: PhraseIndex[bool] = PhraseIndex()
        self.recall.add_all(lex.attribution.recall_phrases.written, True)
        self.recall_month: PhraseIndex[bool] = PhraseIndex()
        self.recall_month.add_all(lex.attribution.recall_month_openers.written, True)
        self.derivation: PhraseIndex[bool] = PhraseIndex()
        self.derivation.add_all(lex.clauses.derivation_markers.written, True)
        # First words of the phrases, for a set test before `match` in per-token loops.
        self.according_scan = GatedScan(self.according)
        self.derivation_scan = GatedScan(self.derivation)
        self.report_first = frozenset(self.report.first_words)
        # Words one of which a sentence needs to hold a cue / a referring word (set tests).
        self.cue_words = frozenset(
            self.verbs
            | self.participles
            | self.quoting
            | set(self.according.first_words)
            | set(self.derivation.first_words)
        )
        self.anchor_words = frozenset(self.cue_words | set(self.report.first_words) | {"who"})
        # Cue words that only start a phrase ("in" of "in the words of", "that" of "that
        # figure amounts to"): an anchor only where the phrase is.
        self.phrase_cue_first = frozenset(
            (set(self.according.first_words) | set(self.derivation.first_words))
            - self.verbs
            - self.participles
            - set(self.report.first_words)
            - {"who"}
        )
        # First words of what a determiner can introduce ("the ministry", "the update").
        self.described = frozenset(self.describe.first_words) | frozenset(self.report.first_words)
        self.p_any = frozenset(self.p_person | self.p_body | self.p_group)
        self.pronouns = self.p_any | {"who"}
        self.referring = self.pronouns | self.determiners
        ix = lex.indexes
        self.claimants: PhraseIndex[str] = ix["claimant"]
        self.institutions: PhraseIndex[str] = ix["institution"]
        self.groups: PhraseIndex[str] = ix["group"]
        self.parties: PhraseIndex[tuple[str, str]] = ix["party"]
        self.places: PhraseIndex[str] = ix["place"]
        self.equipment: PhraseIndex[str] = ix["equipment"]
        self.casualty: PhraseIndex[str] = ix["casualty"]
        self.people: PhraseIndex[str] = ix["people"]
        # The same three for `find_at_marks`, with their tests before `match`.
        self.claimants_scan = GatedScan(self.claimants)
        self.groups_scan = GatedScan(self.groups)
        self.institutions_scan = GatedScan(self.institutions)
        # Words a party or a place can start with: a set test before `match` in per-token loops
        # (a match needs its first word).
        self.party_first = frozenset(self.parties.first_words)
        self.party_or_place_first = self.party_first | frozenset(self.places.first_words)
        # Words that are a party's or a place's name by themselves, whatever follows them (a
        # set test where `match` would only be asked whether there is one).
        self.party_or_place_words = frozenset(
            word
            for index in (self.parties, self.places)
            for word, node in index.first_words.items()
            if node.ends and not node.exact
        )
        # Every word a sentence is tested for before a rule is tried (`_gate_words`).
        self.gated = frozenset(
            self.anchor_words
            | self.referring
            | self.described
            | self.body_heads
            | self.speaker_heads
            | self.articles
            | self.claimants_scan.firsts
            | self.groups_scan.firsts
            | self.institutions_scan.firsts
        )
        # Where a sentence is looked at closely (`_marks`): its gated words, and the words a
        # party's name starts with ("pro-Russian"); capitals are marked too.
        self.marked = self.gated | self.party_first


# ---- speakers -----------------------------------------------------------------------------------
def _known(k: KnownClaimant, sentence: int, token: int) -> Speaker:
    return Speaker(
        k.speaks_for or k.name,
        k.affiliation,
        k.kind,
        sentence,
        token,
        describe=k.describe,
        scope=k.scope,
        surname=k.name.split()[-1] if k.kind == "person" else None,
        personnel_metric=k.personnel_metric,
    )


def _party_near(w: _Words, toks: list[Token], a: int, b: int) -> str | None:
    """The first party named in toks[a:b] (a demonym, a capital, a place with its country)."""
    k = a
    b = min(b, len(toks))
    while k < b:
        if toks[k].norm not in w.party_or_place_first:
            k += 1
            continue
        m = w.parties.match(toks, k, b)
        if m:
            return m[1][0]
        pm = w.places.match(toks, k, b)
        if pm:
            place = w.lex.place(pm[1])
            if place and place.country:
                return place.country
            k += pm[0]
            continue
        k += 1
    return None


def _institution_speaker(
    w: _Words, inst_key: str, party: str, sentence: int, token: int, place: str | None = None
) -> Speaker:
    if place is not None:
        # "In Gaza, the health ministry said": the side's ministry for that place.
        for k in w.lex.claimants.values():
            if k.scope == place and k.affiliation == party and inst_key in _institution_of(w, k):
                return _known(k, sentence, token)
    for k in w.lex.claimants.values():
        if k.institution == inst_key and k.affiliation == party:
            return _known(k, sentence, token)
    inst = w.lex.institutions[inst_key]
    p = w.lex.parties[party]
    return Speaker(f"{p.adjective} {inst.display}", party, "body", sentence, token, inst.describe)


def _institution_of(w: _Words, k: KnownClaimant) -> tuple[str, ...]:
    """The institutions a known body is: its own, or those its describing nouns name."""
    if k.institution is not None:
        return (k.institution,)
    return tuple(
        key
        for key, inst in w.lex.institutions.items()
        if not set(inst.describe).isdisjoint(k.describe) and inst.display.lower() in k.name.lower()
    )


def _person_run(w: _Words, toks: list[Token], i: int) -> int:
    """End of a run of name words starting at toks[i] (capitalised, or a particle)."""
    k = i
    while k < len(toks):
        t = toks[k]
        low = t.norm
        if t.kind != "word":
            break
        if not (t.is_cap or low.startswith(w.particles)):
            break
        if low in w.titles or low in w.org or low in w.stop or low in w.wire_credits:
            break  # "Idleb Meanwhile …": a sentence adverb ends a name
        if low in w.party_or_place_first and (
            low in w.party_or_place_words or w.parties.match(toks, k) or w.places.match(toks, k)
        ):
            break  # a party or place ends a name ("Ukraine", "Bakhmut": most runs end here)
        k += 1
        if t.poss:
            break
    return k


# ---- mentions -----------------------------------------------------------------------------------
def _mentions(
    w: _Words,
    parse: Parse,
    sent: Sentence,
    words: frozenset[str],
    limit: int | None = None,
    marks: list[int] | None = None,
) -> list[Mention]:
    """Mentions in the sentence's first `limit` tokens (all by default); words that refer back
    only in a sentence with a cue word (the only place they are read). `marks`: the sentence's
    `_marks` (at least those before `limit`), when the caller has them."""
    toks = sent.tokens[:limit] if limit is not None else sent.tokens
    n = len(toks)
    if marks is None:
        marks = _marks(w, toks)
    elif marks and marks[-1] >= n:
        marks = [k for k in marks if k < n]
    out: list[Mention] = []
    taken: set[int] = set(range(sent.body_start))  # a dateline names no speaker

    def add(m: Mention) -> None:
        out.append(m)
        taken.update(range(m.i0, m.i1))

    # Where a name can start: a capitalised word, or a word a party's name starts with
    # ("pro-Russian"); every rule below starts at a marked word.
    party_first = w.party_first
    starts = [k for k in marks if toks[k].is_cap or toks[k].norm in party_first]
    caps = [k for k in starts if toks[k].is_cap]
    aliases = []
    for a, b, name in find_at_marks(w.claimants_scan, toks, marks, words):
        known = w.lex.claimants[name]
        if known.kind == "person" and b - a == 1 and not toks[a].is_cap:
            continue
        aliases.append((a, b, known))
    alias_end = {b: (a, known) for a, b, known in aliases} if aliases else {}
    # Names of bodies the lexicon does not know, before the group words inside them ("the Sudan
    # Doctors Network" is not "Sudanese doctors"); such a name holds a body noun.
    if not words.isdisjoint(w.body_heads):
        taken_or_alias = taken | {k for a, b, _ in aliases for k in range(a, b)}
        _named_bodies(w, sent, toks, caps, taken_or_alias, add)
    # Unnamed groups: "US officials", "Russian military bloggers", "a senior US official";
    # a group phrase longer than an alias inside it wins ("Russian military" + "bloggers").
    for a, b, label in find_at_marks(w.groups_scan, toks, marks, words):
        if not taken.isdisjoint(range(a, b)):
            continue
        if aliases and any(
            (a2 < b < b2) or (a2 == b and known.kind == "body" and toks[b - 1].norm in w.body_nouns)
            for a2, b2, known in aliases
        ):
            # "state news agency SANA": the name the label runs into, or stands in apposition
            # to, is the speaker; the label only describes it.
            continue
        if a in alias_end and label in w.member_labels:
            # "An Israel Defense Forces official" speaks for the body.
            a0, known = alias_end[a]
            add(Mention(a0, b, known.kind, _known(known, sent.index, a0)))
            continue
        lo = a
        party = None
        western = False
        for k in range(a - 1, max(-1, a - 4), -1):
            if k in taken:
                break
            pm = w.parties.match(toks, k, a)
            if pm:
                party, lo = pm[1][0], k
                break
            if toks[k].norm in w.western_words:
                western, lo = True, k
                break
            if toks[k].kind != "word" or toks[k].norm in w.clause_joints:
                break
        before = toks[a - 1].norm if a > 0 else ""
        if party and any(
            a2 < b and b2 > lo and (a2 < lo or b2 > b or (a2, b2) == (lo, b))
            for a2, b2, _ in aliases
        ):
            continue  # an alias reaches beyond the group phrase: the alias is the mention
        if party:
            adj = w.lex.parties[party].adjective
            add(Mention(lo, b, "group", Speaker(f"{adj} {label}", party, "group", sent.index, lo)))
        elif western:
            add(Mention(lo, b, "group", Speaker(f"Western {label}", None, "group", sent.index, lo)))
        elif before in w.determiners or before in w.label_determiners:
            add(Mention(a - 1, b, "describe", word=label))
        elif label not in w.anonymous_labels:
            # "Aid workers said", "residents said": an unnamed group keeps its label.
            side = _label_side(w, parse, sent, label)
            add(Mention(a, b, "group", Speaker(label, side, "group", sent.index, a)))
    for a, b, known in aliases:
        if taken.isdisjoint(range(a, b)):
            add(Mention(a, b, known.kind, _known(known, sent.index, a)))
    # State institutions: "Kyiv's General Staff", "the defence ministry of Ukraine".
    inst_matches = find_at_marks(w.institutions_scan, toks, marks, words)
    inst_starts = {a for a, _, _ in inst_matches} if inst_matches else set()
    for a, b, key in inst_matches:
        if not taken.isdisjoint(range(a, b)):
            continue
        if toks[b - 1].poss and b in inst_starts:
            continue  # "the government's health ministry": the ministry is the speaker
        if b < n and w.people.match(toks, b):
            continue  # "government soldiers", "navy sailors": a modifier of people, no speaker
        party = None
        lo = a
        if a > 0:
            pm = None
            for j in range(max(0, a - 3), a):
                m = w.parties.match(toks, j, a)
                if m and j + m[0] == a:
                    pm, lo = m, j
                    break
            if pm:
                party = pm[1][0]
        if party is None and b + 1 < n and toks[b].norm in w.affiliation_preps:
            # "the defence ministry of Ukraine", "the health ministry in Damascus"
            m = w.parties.match(toks, b + 1)
            if m:
                party = m[1][0]
                b = b + 1 + m[0]
            elif toks[b].norm == "in":
                pl = w.places.match(toks, b + 1)
                place = w.lex.places[pl[1]] if pl else None
                if pl and place and place.country:
                    party = place.country
                    b = b + 1 + pl[0]
        if party is None:
            # "the government's health ministry" in a sentence about Syria: the place's state.
            if a > 0 and toks[a - 1].poss and toks[a - 1].norm == "government":
                party = _party_near(w, toks, 0, n)
                lo = a - 1
        if party is not None:
            add(Mention(lo, b, "body", _institution_speaker(w, key, party, sent.index, lo)))
        else:
            add(Mention(a, b, "describe", word=" ".join(t.norm for t in toks[a:b])))
    _acronyms_and_parties(w, sent, toks, starts, taken, add)
    # Unnamed speakers introduced by "a": a head noun and "a"/"an" in the sentence.
    if not words.isdisjoint(w.speaker_heads) and not words.isdisjoint(w.articles):
        _descriptions(w, parse, sent, toks, taken, add)
    # People's names: runs that start at a capitalised word (few words are). A name taken
    # covers its own words, so the scan goes on after it. A party or a place ends a run
    # (`_person_run`), so none starts at one ("Ukraine", "Bakhmut": most capitals).
    for i in caps:
        if i in taken:
            continue
        t = toks[i]
        norm = t.norm
        if (
            t.kind == "word"
            and norm not in w.party_or_place_words
            and norm not in w.titles
            and norm not in w.stop
        ):
            e = _person_run(w, toks, i)
            if e > i and taken.isdisjoint(range(i, e)):
                name = " ".join(
                    x.text.rstrip("’'").removesuffix("’s").removesuffix("'s") for x in toks[i:e]
                )
                sp = _person(w, parse, name, sent, i, e)
                if sp is not None:
                    add(Mention(i, e, "person", sp))
    # Words that refer back name no speaker themselves: they matter only as the subject or author
    # of a cue, so a sentence with no cue word has no use for them.
    if not (words.isdisjoint(w.referring) or words.isdisjoint(w.cue_words)):
        _referring_words(w, toks, words, marks, taken, add)
    out.sort(key=lambda m: m.i0)
    return out


def _marks(w: _Words, toks: list[Token]) -> list[int]:
    """Where the capitalised and the gated words are (and the first words of parties): every
    rule for a mention or a cue starts at one, so one scan of the tokens serves them all."""
    marked = w.marked
    return [k for k, t in enumerate(toks) if t.is_cap or t.norm in marked]


def _referring_words(
    w: _Words,
    toks: list[Token],
    words: frozenset[str],
    marks: list[int],
    taken: set[int],
    add: Callable[[Mention], None],
) -> None:
    """ "he", "they", ", who", "the ministry", "the update". `marks`: see `_marks`."""
    # A determiner refers back only before a description or report noun ("the ministry"): in a
    # sentence with none, the pronouns are all there is to look at (not every "the").
    referring = w.referring if not words.isdisjoint(w.described) else w.pronouns
    for i in [k for k in marks if toks[k].norm in referring]:
        if i in taken:
            continue
        t = toks[i]
        if t.norm in w.p_any:
            add(Mention(i, i + 1, "pronoun", word=t.norm))
        elif t.norm == "who" and i > 0 and toks[i - 1].text == ",":
            add(Mention(i, i + 1, "relative", word="who"))
        elif t.norm in w.determiners and i + 1 < len(toks) and toks[i + 1].norm in w.described:
            dm = w.describe.match(toks, i + 1)
            if dm and taken.isdisjoint(range(i, i + 1 + dm[0])):
                add(Mention(i, i + 1 + dm[0], "describe", word=dm[1]))
                continue
            rm = w.report.match(toks, i + 1)
            if rm and taken.isdisjoint(range(i, i + 1 + rm[0])):
                # "according to the update": the author of the report named before.
                add(Mention(i, i + 1 + rm[0], "describe", word="report"))


def _acronyms_and_parties(
    w: _Words,
    sent: Sentence,
    toks: list[Token],
    starts: list[int],
    taken: set[int],
    add: Callable[[Mention], None],
) -> None:
    """ "the medical charity MSF said": an organisation's acronym; "the RSF said", "Hamas
    said": a party speaking for itself (only as the subject of a cue, see `weak`). `starts`:
    where names can start (at least the capitals and the first words of parties)."""
    full = sent.tokens
    party_first = w.party_first
    after_party = 0
    for k in starts:
        if k < after_party or k in taken:
            continue
        if not (toks[k].is_upper or toks[k].norm in party_first):
            continue
        pm = w.parties.match(toks, k)
        if pm:
            e = k + pm[0]
            nxt = full[e] if e < len(full) else None
            # A party named as a noun, not an adjective ("Russian forces"): it is the head.
            if (
                nxt is None
                or nxt.kind == "punct"
                or nxt.norm in w.verbs
                or nxt.norm in w.noun_followers
            ):
                party = w.lex.parties[pm[1][0]]
                add(
                    Mention(
                        k,
                        e,
                        "body",
                        Speaker(party.name, party.name, "body", sent.index, k),
                        weak=True,
                    )
                )
            after_party = e
            continue
        t = toks[k]
        if t.kind == "word" and t.is_upper and 2 <= len(t.text) <= 6 and t.text.isalpha() and k > 0:
            if t.norm in w.wire_credits and not (k + 1 < len(full) and full[k + 1].norm in w.verbs):
                continue  # "(AFP)": the story's credit, not its source
            if (
                not w.places.match(toks, k)
                and t.norm not in w.titles
                and t.norm not in w.not_acronyms
                and not w.equipment.match(toks, k)
            ):
                add(Mention(k, k + 1, "body", Speaker(t.text, None, "body", sent.index, k)))


def _named_bodies(
    w: _Words,
    sent: Sentence,
    toks: list[Token],
    caps: list[int],
    taken: set[int],
    add: Callable[[Mention], None],
) -> None:
    """ "the Sudan Doctors Network", "the Coordination Headquarters for the Treatment of
    Prisoners of War": a capitalised name with a body noun in it, not in the lexicon, is a
    body named as written. `caps`: where the capitalised words are."""
    heads = w.body_heads
    n = len(toks)
    after = sent.body_start
    for i in caps:
        t = toks[i]
        if (
            i < after
            or i in taken
            or t.kind != "word"
            or (t.norm in w.stop and not w.parties.match(toks, i))
        ):
            continue  # a name may open with its country: "the Syrian Network for Human Rights"
        e = last = i
        while e < n and e not in taken and e - i < 10:
            x = toks[e]
            if x.kind == "word" and x.is_cap and (x.norm not in w.stop or e == i):
                last = e
            elif not (
                x.norm in w.name_joiners
                and e + 1 < n
                and (toks[e + 1].is_cap or (toks[e + 1].norm == "the" and e + 2 < n))
                and (x.norm != "the" or toks[e - 1].norm in w.name_joiners)
            ):
                break  # "the" joins only after "of"/"for": not "Monday the Observatory"
            e += 1
        end = last + 1
        kinds = [
            "state" if toks[k].norm in w.state_heads else "civil"
            for k in range(i, end)
            if toks[k].norm in heads
        ]
        if end - i >= 2 and kinds:
            name = " ".join(x.text for x in toks[i:end])
            party = "independent" if kinds[-1] == "civil" else _party_near(w, toks, i, end)
            add(Mention(i, end, "body", Speaker(name, party, "body", sent.index, i)))
        after = max(end, i + 1)


def _descriptions(
    w: _Words,
    parse: Parse,
    sent: Sentence,
    toks: list[Token],
    taken: set[int],
    add: Callable[[Mention], None],
) -> None:
    """ "a Ukrainian battalion commander", "a local resistance committee": an unnamed person or
    body introduced by "a"; it keeps its description as its name."""
    for k, t in enumerate(toks):
        if t.norm not in w.articles or k in taken:
            continue
        for e in range(k + 2, min(len(toks), k + 6) + 1):
            head = toks[e - 1].norm
            if not taken.isdisjoint(range(k, e)) or toks[e - 1].kind != "word":
                break
            kind = "person" if head in w.person_nouns else "body" if head in w.body_nouns else None
            if kind is None:
                continue
            pair = f"{toks[e - 2].norm} {head}"  # "a monitoring group": the two-word noun first
            named = _named_in_document(w, parse, pair) or _named_in_document(w, parse, head)
            if named is not None:
                # "a monitoring group said" in a text that names the Observatory elsewhere.
                add(Mention(k, e, named.kind, named))
                break
            if _source_inside_body(w, toks, e):
                break  # "a source at the Aleppo Police Command said": the body speaks
            party = _party_near(w, toks, k + 1, e)
            words = [x.text for x in toks[k + 1 : e]]
            name = " ".join(words)
            side = _label_side(w, parse, sent, name.lower()) if party is None else party
            introduced = (
                _named_after(w, parse, sent, toks, e, taken, side) if kind == "person" else None
            )
            if introduced is not None:
                # "a local civil defence official Leys al-Faris said": the label introduces the
                # person named right after it; he speaks for the label's side.
                add(Mention(k, introduced[0], "person", introduced[1]))
                break
            if party is None:
                # "an official said": the label as written, the side from the story; or the
                # person the next sentence names as speaking ("Speaking to AA, Najib Ansari
                # said …").
                named_next = _named_next(w, parse, sent, side) if kind == "person" else None
                add(
                    Mention(
                        k,
                        e,
                        kind,
                        named_next or Speaker(name, side, kind, sent.index, k),
                        word="a",
                    )
                )
                break
            name = " ".join(
                [
                    w.lex.parties[party].adjective,
                    *[x for x in words if not w.parties.match(tokenize(x), 0)],
                ]
            )
            add(Mention(k, e, kind, Speaker(name, party, kind, sent.index, k), word="a"))
            break


def _named_next(w: _Words, parse: Parse, sent: Sentence, side: str | None) -> Speaker | None:
    """ "…, a civil defense official said. Speaking to Anadolu Agency Najib Ansari said …": an
    unnamed official whom the next sentence of the paragraph names, as the subject of "said"
    with no title or body before the name (the official, named)."""
    k = sent.index + 1
    if k >= len(parse.sentences) or parse.sentences[k].para != sent.para:
        return None
    nxt = parse.sentences[k]
    if nxt.words.isdisjoint(w.strong_said):
        return None
    toks = nxt.tokens
    for j, t in enumerate(toks):
        if t.norm not in w.strong_said:
            continue
        a = j
        after_body = False  # "Anadolu Agency Najib Ansari said": the name starts after a body
        while a > 0 and toks[a - 1].is_cap and toks[a - 1].kind == "word":
            x = toks[a - 1].norm
            if x in w.org or x in w.body_heads or x in w.wire_credits:
                after_body = True
                break
            a -= 1
        if (
            not 2 <= j - a <= 3
            or (a > 0 and toks[a - 1].is_cap and not after_body)
            or any(x.norm in w.titles for x in toks[a:j])
        ):
            return None  # no name, or a longer run of capitals (a title, a heading)
        if w.lex.claimant_by_alias(" ".join(x.text for x in toks[a:j])) is not None:
            return None
        sp = _person(w, parse, " ".join(x.text for x in toks[a:j]), nxt, a, j)
        if sp is None:
            return None
        if side is not None:
            sp.affiliation = side
        return sp
    return None


def _source_inside_body(w: _Words, toks: list[Token], e: int) -> bool:
    """A description followed by "at/in/within the <Named Body>" ("a source at the Aleppo
    Police Command", "an official in the Interior Ministry"): the body is the speaker."""
    if e + 1 >= len(toks) or toks[e].norm not in w.membership_preps:
        return False
    k = e + 2 if toks[e + 1].norm == "the" else e + 1
    if k >= len(toks) or not toks[k].is_cap or w.institutions_scan.match(toks, k):
        return False  # "an official in the Interior Ministry": the state's, as "an official"
    if w.claimants_scan.match(toks, k):
        return True
    end = k
    while end < len(toks) and end - k < 6 and toks[end].is_cap:
        end += 1
    return any(t.norm in w.body_heads for t in toks[k:end])


def _named_after(
    w: _Words,
    parse: Parse,
    sent: Sentence,
    toks: list[Token],
    e: int,
    taken: set[int],
    side: str | None,
) -> tuple[int, Speaker] | None:
    """The person a description runs into ("a local official Leys al-Faris"): where a name of
    two words or more right after it ends, and the person as a speaker."""
    if e >= len(toks) or not toks[e].is_cap or e in taken:
        return None
    end = _person_run(w, toks, e)
    if end - e < 2 or not taken.isdisjoint(range(e, end)):
        return None
    name = " ".join(x.text.rstrip("’'").removesuffix("’s").removesuffix("'s") for x in toks[e:end])
    sp = _person(w, parse, name, sent, e, end)
    if sp is None:
        return None
    if side is not None:
        sp.affiliation = side  # the label says whom he speaks for, not the story's parties
    return end, sp


def _label_side(w: _Words, parse: Parse, sent: Sentence, label: str) -> str | None:
    """The side an unnamed source with no party in its label speaks for: none for sources of
    civil society and the press ("activists", "local media"); for unnamed officials, the state
    of the place the story is about."""
    words = label.lower().split()
    # The label, then its shorter endings: "local civil defence official" is a civil defence
    # official, "local health officials" officials.
    for k in range(len(words)):
        tail = " ".join(words[k:])
        if tail in w.independent_labels:
            return "independent"
        if tail in w.state_labels:
            return _country_of(w, parse, sent)
    return None


def _country_of(w: _Words, parse: Parse, sent: Sentence) -> str | None:
    """The state where what a sentence reports happened: a place it names, else a party it
    names after a locative ("in four Ukrainian regions", "in Indonesia"); then the same in the
    sentences before it in its paragraph, and in the document's opening (its dateline)."""
    return _where(w, parse, sent)[0]


def _where(w: _Words, parse: Parse, sent: Sentence) -> tuple[str | None, str | None]:
    """`_country_of`, with the name of the place that tells it (None when a party does)."""
    before = [s for s in parse.sentences[: sent.index] if s.para == sent.para]
    opening = parse.sentences[:1]
    for s in (sent, *reversed(before), *opening):
        toks = s.tokens
        place = _place_near(w, toks, 0, len(toks))
        if place is not None and place.country:
            return place.country, place.name
        for k, t in enumerate(toks):
            if t.norm in w.locative:
                party = _party_near(w, toks, k + 1, k + 4)
                if party is not None:
                    return party, None
    toks = sent.tokens
    return _party_near(w, toks, 0, len(toks)), None


def _named_in_document(w: _Words, parse: Parse, head: str) -> Speaker | None:
    """The known claimant the text names anywhere (before or after) that `head` describes ("a
    monitor", "the monitoring group" → the Syrian Observatory the story names elsewhere)."""
    if head not in w.known_describe:
        return None
    cache = w.document_claimants
    if cache[0] is not parse.doc:
        found: list[KnownClaimant] = []
        firsts = w.claimants_scan.firsts
        for s in parse.sentences:
            words = s.words & firsts
            if not words:
                continue
            toks = s.tokens
            marks = [k for k, t in enumerate(toks) if t.norm in words]
            for _, _, name in find_at_marks(w.claimants_scan, toks, marks, words):
                known = w.lex.claimants[name]
                if known not in found:
                    found.append(known)
        cache = w.document_claimants = (parse.doc, found)
    for known in cache[1]:
        if head in known.describe:
            return _known(known, -1, -1)
    return None


def _person(w: _Words, parse: Parse, name: str, sent: Sentence, i: int, e: int) -> Speaker | None:
    """A run of capitalised words read as a person's name, or None."""
    k = w.lex.claimant_by_alias(name)
    if k is not None:
        return _known(k, sent.index, i)
    words = name.split()
    if len(words) == 1:
        # A surname alone refers to a person named in full earlier.
        for sp in reversed(parse.speakers):
            if sp.kind == "person" and sp.surname == words[0]:
                return Speaker(sp.name, sp.affiliation, "person", sent.index, i, surname=sp.surname)
        return None
    if i == 0 and len(words) == 2 and words[0].lower() in w.stop:
        return None
    if is_world_place(name):
        return None  # "warplanes targeted Khan Sheikhoun": a town, not a speaker
    run = sent.tokens[i:e]
    if any(
        x.norm in w.casualty_nouns or w.casualty.match(run, k) or w.people.match(run, k)
        for k, x in enumerate(run)
    ):
        return None  # a headline in title case: "Death Toll Rises", "Rockets Kill 12"
    # Affiliation from the title or apposition around the name.
    toks = sent.tokens
    lo = max(0, i - 4)
    stop = next((k for k in range(e + 1, len(toks)) if toks[k].text == ","), len(toks))
    apposition = (e, min(stop, e + 14)) if e < len(toks) and toks[e].text == "," else (e, e)
    title = [t.norm for t in (*toks[lo:i], *toks[apposition[0] : apposition[1]])]
    local_official = not w.local_titles.isdisjoint(title)
    if local_official:
        # "the acting governor of the Kursk region, Alexei Smirnov", "Kharkiv Mayor Ihor
        # Terekhov": a local official speaks for the state of the place he runs, and about it.
        office = _place_near(w, toks, lo, i) or _place_near(w, toks, *apposition)
        if office is not None and office.country:
            return Speaker(
                name, office.country, "person", sent.index, i, surname=words[-1], scope=office.name
            )
    party = _party_near(w, toks, lo, i) or _party_near(w, toks, *apposition)
    if party is None and local_official:
        # "regional governor Oleksandr Prokudin said": the state of the place the sentence
        # names, not the side whose shelling it reports.
        place = _place_near(w, toks, 0, len(toks))
        for prev in reversed(parse.sentences[: sent.index]):
            if place is not None or prev.para != sent.para:
                break
            place = _place_near(w, prev.tokens, 0, len(prev.tokens))
        party = place.country if place else None
    if party is None and not w.titles.isdisjoint(title):
        # "regional governor Oleh Syniehubov said … in the region": an official of the place
        # the sentence is about (a name with no title is no official: "Print Tweet Views").
        party = _party_near(w, toks, 0, len(toks))
    return Speaker(name, party, "person", sent.index, i, surname=words[-1])


def _place_near(w: _Words, toks: list[Token], a: int, b: int) -> Place | None:
    firsts = w.party_or_place_first  # a set test before `match`: few words start a place
    for k in range(a, b):
        if toks[k].norm not in firsts:
            continue
        pm = w.places.match(toks, k, b)
        if pm:
            return w.lex.place(pm[1])
    return None


# ---- resolution of referring words -------------------------------------------------------------
def _resolve(
    w: _Words, parse: Parse, sent: Sentence, m: Mention, mentions: list[Mention]
) -> Speaker | None:
    if m.speaker is not None:
        return m.speaker
    if m.kind == "relative":
        before = [x for x in mentions if x.i1 <= m.i0 and x.speaker is not None]
        return before[-1].speaker if before else None
    if m.kind == "pronoun":
        if m.word in w.p_person:
            kinds: tuple[str, ...] = ("person",)
        elif m.word in w.p_body:
            kinds = ("body", "group")
        else:
            kinds = ("group", "body")
        return _recent(parse, kinds)
    if m.kind == "describe":
        return _describe(w, parse, sent, m.word)
    return None


def _recent(parse: Parse, kinds: tuple[str, ...]) -> Speaker | None:
    for kind in kinds:
        for sp in reversed(parse.speakers):
            if sp.kind == kind and sp.name:
                return sp
    return None


def _describe(w: _Words, parse: Parse, sent: Sentence, word: str) -> Speaker | None:
    """ "the ministry", "the think tank", "one official", "the navy", "the summary"."""
    if word == "report":
        return _recent(parse, ("body", "group"))
    if word in w.official_nouns:
        return _recent(parse, ("group",)) or _recent(parse, ("body",))
    if word in w.office_holders:
        return _recent(parse, ("person",))
    for sp in reversed(parse.speakers):
        if sp.name and (word in sp.describe or word in sp.name.lower()):
            return sp
    # "the army" with no army named before: the armed force among the conflict's sides.
    if word in w.army_nouns and parse.conflict is not None:
        for side in parse.conflict.sides:
            for name in side:
                party = w.lex.parties[name]
                if any(word in n.lower() or "armed forces" in n.lower() for n in party.names):
                    return Speaker(party.name, party.name, "body", -1, -1, describe=(word,))
    # An institution not named before: the one of the side speaking most recently ("the navy").
    inst = w.institutions.match([t for t in _tokens(word)], 0)
    if inst:
        recent = _recent(parse, ("body",)) or _recent(parse, ("person", "group"))
        country, place = _where(w, parse, sent)
        if recent and recent.affiliation in w.lex.parties and recent.affiliation != "independent":
            own = recent.affiliation
            return _institution_speaker(w, inst[1], own, -1, -1, place if own == country else None)
        # "the health ministry said" with no side speaking before it: the ministry of the state
        # where what it reports happened.
        if country is not None:
            return _institution_speaker(w, inst[1], country, -1, -1, place)
    # "the monitor said" before the text names the Observatory.
    named = _named_in_document(w, parse, word)
    if named is None and inst:
        # "the interior ministry said", no state in sight: the body by its label.
        return Speaker(word, None, "body", sent.index, -1)
    return named


def _tokens(text: str) -> list[Token]:
    return tokenize(text)


# ---- cues ---------------------------------------------------------------------------------------
def _is_cue_verb(w: _Words, parse: Parse, sent: Sentence, i: int, figures: set[int]) -> bool:
    toks = sent.tokens
    t = toks[i]
    if t.norm not in w.verbs:
        return False
    if i == 0 and not t.norm.endswith(w.verb_inflections):
        # A bare verb opening its sentence is an order, not a report ("Tell your commanders
        # that you want to live"): no one speaks through it.
        return False
    if t.norm not in w.weak:
        return True
    prev = toks[i - 1] if i > 0 else None
    if prev is not None and prev.norm in w.finite_markers:
        return True
    if prev is not None and (prev.poss or prev.norm in w.noun_determiners):
        return False  # a noun: "the reports", "its estimate"
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is None or nxt.text in w.verb_ends:
        return i > 0
    if nxt.norm == "that":
        return True
    for x in parse.times.get(sent.index, ()):
        # "reported on Thursday that …": a time between the verb and "that".
        if x.i0 == i + 1 and x.i1 < len(toks) and toks[x.i1].norm == "that":
            return True
    if t.norm in w.valuing_verbs:
        return any(toks[k].norm == "at" for k in range(i + 1, min(len(toks), i + 14)))
    # A figure (or its qualifier) right after the verb: "documented 5,988 people".
    return any(k in figures for k in range(i + 1, min(len(toks), i + 4)))


def _boundary(w: _Words, sent: Sentence, i: int) -> int:
    """Start of the clause a verb at token i belongs to (where its subject can be)."""
    toks = sent.tokens
    lo = sent.body_start
    for k in range(i - 1, sent.body_start - 1, -1):
        t = toks[k]
        if t.text in w.clause_breaks or (t.text == '"' and sent.quote_of(k + 1) is None):
            lo = k + 1
            break
        if t.norm == "that" and k + 1 < i:
            lo = k + 1
            break
    # A fronted adverbial ("In territory controlled by the Government of Ukraine, …") is not
    # where the subject is.
    if lo < i and toks[lo].norm in w.fronting:
        # The subject follows the last comma of a fronted phrase ("In Rafah, where …, residents
        # said").
        commas = [k for k in range(lo, i) if toks[k].text == ","]
        while len(commas) > 1 and commas[-1] == i - 1:
            commas.pop()  # "…, the governor of the region, Vladimir Saldo, said"
            if len(commas) > 1 and not toks[commas[-1] + 1].is_cap:
                # "…, Rao Amin Hashim, deputy inspector general of police, told": a title in
                # apposition; the speaker is before it.
                commas.pop()
        if commas:
            lo = commas[-1] + 1
    return lo


def _subject(
    w: _Words, mentions: list[Mention], lo: int, verb: int, toks: list[Token], figures: set[int]
) -> Mention | None:
    """The subject of a verb: a relative pronoun before it ("…, who stated"), else the leftmost
    mention of its clause that can be a subject."""
    inside = [m for m in mentions if m.i0 >= lo and m.i1 <= verb]
    relatives = [m for m in inside if m.kind == "relative"]
    if relatives:
        return relatives[-1]
    # "… rose to 13 in the Kherson region, Interior Minister Ihor Klymenko said": after the
    # reported clause, the speaker is between the last comma and the verb.
    commas = [k for k in range(lo, verb) if toks[k].text == ","]
    tail = [m for m in inside if m.i0 > commas[-1]] if commas else []
    reported = [f for f in figures if lo <= f < verb]
    if tail and not any(toks[k].kind == "num" for k in range(commas[-1], verb)):
        inside = tail
    elif reported and (not commas or commas[-1] < max(reported)):
        # "… killed at least 14 civilians near Raqqa the Observatory said" (no comma to go by):
        # after the reported figures, the speaker is the mention nearest the verb.
        tail = [m for m in inside if m.i0 > max(reported)]
        if tail:
            inside = tail[::-1]
            if len(tail) > 1 and [t.norm for t in toks[tail[-2].i1 : tail[-1].i0]] == ["and"]:
                # "… killed four civilians, a Britain-based monitor and a medical source said":
                # the first of the sources named together
                inside = [tail[-2], *inside]
    # A party named as a noun is the subject only when nothing else in the clause can be.
    strong = [m for m in inside if not m.weak]
    for m in strong + [m for m in inside if m.weak] if strong else inside:
        if m.kind == "pronoun":
            before = toks[m.i0 - 1].norm if m.i0 > 0 else ""
            # "since it invaded" is not the subject; "…,” he told" and "He said" are.
            if m.i0 > lo and before in w.not_subject_before:
                continue
            if m.word in w.non_subject_pronouns:
                # A possessive is the author only before a report noun ("its count of …").
                if not w.report.match(toks, m.i1):
                    continue
        return m
    return None


def _quoted(toks: list[Token], mentions: list[Mention], i: int) -> tuple[Mention, int] | None:
    """Who a quoting verb at `i` quotes, and where the quoting ends: "cited the Russian defence
    ministry as saying" → the ministry."""
    for m in mentions:
        if i < m.i0 <= i + 3:
            k = m.i1
            if k + 1 < len(toks) and toks[k].norm == "as" and toks[k + 1].norm == "saying":
                return m, k + 2
            return None
    return None


def _apposition(w: _Words, toks: list[Token], mentions: list[Mention], m: Mention) -> Mention:
    """The person a subject's apposition names: "A military spokesman, Lieutenant Colonel
    Richard Hecht, said", "Ukraine's air force commander, Mykola Oleshchuk, wrote" — the named
    person speaks, not the description or the body of his title."""
    k = m.i1
    while k < len(toks) and k - m.i1 < 3 and toks[k].norm in w.speaker_titles:
        k += 1
    if k >= len(toks) or toks[k].text != "," or (k == m.i1 and m.word != "a"):
        return m
    for x in mentions:
        if x.kind == "person" and x.speaker is not None and k < x.i0 <= k + 4:
            end = x.i1
            if (
                end < len(toks)
                and toks[end].text == ","
                and all(toks[j].norm in w.titles for j in range(k + 1, x.i0))
            ):
                if x.speaker.affiliation is None and m.speaker is not None:
                    x.speaker.affiliation = m.speaker.affiliation
                return x
            break
    return m


def _complement_start(w: _Words, toks: list[Token], verb: int, figures: set[int]) -> int:
    """Where what is said begins: after "that", else right after the verb."""
    for k in range(verb + 1, min(len(toks), verb + 14)):
        if k in figures or toks[k].text in w.statement_ends:
            break
        if toks[k].norm == "that":
            return k + 1
    return verb + 1


def _cues(
    w: _Words,
    parse: Parse,
    sent: Sentence,
    words: frozenset[str],
    anchors: list[int],
    mentions: list[Mention],
    figures: set[int],
) -> list[Cue]:
    toks = sent.tokens
    n = len(toks)
    cues: list[Cue] = []
    if words.isdisjoint(w.cue_words):
        return cues  # no reporting verb, "according to" or derivation in the sentence
    cue_words = w.cue_words
    for i in anchors:
        t = toks[i]
        if t.norm not in cue_words:
            continue
        # "according to X", "by the count of X"
        am = w.according_scan.match(toks, i)
        if am and (toks[i].norm != "per" or (i + 1 < n and toks[i + 1].is_cap)):
            after = [m for m in mentions if m.i0 >= i + am[0] and m.i0 <= i + am[0] + 2]
            if after:
                m = after[0]
                end = next((k for k in range(m.i1, n) if toks[k].text in w.clause_marks), n)
                if (
                    end < n
                    and toks[end].text == ","
                    and end + 1 < n
                    and toks[end + 1].is_cap is False
                ):
                    end = next((k for k in range(end + 1, n) if toks[k].text in w.clause_marks), n)
                cues.append(
                    Cue(
                        sent.index,
                        i,
                        _resolve(w, parse, sent, m, mentions),
                        (i, end),
                        trailing=False,
                    )
                )
                _mark(parse, m, cues[-1].speaker)
            continue
        # The outlet's own arithmetic.
        dm = w.derivation_scan.match(toks, i)
        if dm and derivation_at(parse.lex, toks, i):
            cues.append(Cue(sent.index, i, None, (i, i + dm[0]), derivation=True))
            continue
        if t.norm in w.quoting:
            quoted = _quoted(toks, mentions, i)
            if quoted is not None:
                sp = _resolve(w, parse, sent, quoted[0], mentions)
                if sp is not None:
                    trailing = any(f < i for f in figures)
                    cues.append(Cue(sent.index, i, sp, (i, quoted[1]), trailing=trailing))
                    _mark(parse, quoted[0], sp)
                    continue
        if t.norm in w.participles and cues and not cues[-1].derivation:
            prev = cues[-1]
            cues.append(
                Cue(sent.index, i, prev.speaker, (i, _complement_start(w, toks, i, figures)))
            )
            continue
        if t.norm not in w.verbs:
            continue
        if not _is_cue_verb(w, parse, sent, i, figures) and not _named_reporter(
            w, toks, mentions, i
        ):
            continue
        lo = _boundary(w, sent, i)
        subj = _subject(w, mentions, lo, i, toks, figures)
        inverted = False
        if subj is None:
            # "…,” said Ian Stubbs, UK representative …" / "…, said the ministry."
            after = [m for m in mentions if i < m.i0 <= i + 3]
            if after and (i == 0 or toks[i - 1].text in w.inversion_marks or lo == i):
                subj, inverted = after[0], True
        if subj is None:
            continue
        if not inverted:
            if (
                subj.i0 > 0
                and toks[subj.i0 - 1].norm in w.subordinators
                and not (i + 1 < n and toks[i + 1].norm == "that")
                and not any(k in figures for k in range(i + 1, min(n, i + 4)))
            ):
                # "when the regime declared the end of the truce": an event, no source ("after
                # the ministry said 12 more bodies were found" still is one).
                continue
            subj = _apposition(w, toks, mentions, subj)
        speaker = _resolve(w, parse, sent, subj, mentions)
        if speaker is None:
            continue
        if inverted:
            start, end = i, _clause_end(w, toks, subj.i1)
        else:
            start = subj.i0
            if (
                start > 0
                and toks[start - 1].text == ","
                and not any(f < start for f in figures)
                and _fronted_report(w, toks, start)
            ):
                start = 0  # "In an assessment on Monday, UK Defence Intelligence estimated that …"
            end = _complement_start(w, toks, i, figures)
            if any(start > f for f in figures):
                end = max(end, _clause_end(w, toks, i))  # "…, the ministry said on Friday in …"
        cues.append(
            Cue(sent.index, i, speaker, (start, end), trailing=any(f < start for f in figures))
        )
        _mark(parse, subj, speaker)
    # "its count of Bradley fighting vehicles …", "The General Staff's running count …"
    for m in mentions if not words.isdisjoint(w.report_first) else ():
        if m.kind in REPORT_AUTHOR_MENTIONS and (
            toks[m.i1 - 1].poss or m.word in w.collective_possessives
        ):
            rm = w.report.match(toks, m.i1)
            if rm and not any(c.verb <= m.i0 <= c.span[1] for c in cues):
                sp = _resolve(w, parse, sent, m, mentions)
                if sp is not None:
                    cues.append(Cue(sent.index, m.i0, sp, (m.i0, m.i1 + rm[0])))
    cues.sort(key=lambda c: c.verb)
    return cues


def _named_reporter(w: _Words, toks: list[Token], mentions: list[Mention], i: int) -> bool:
    """A weak verb right after a named source is its report, even with no "that" ("Syrian state
    TV reported a bomb exploded on a bus, killing a woman"); not a noun ("UN reports of …")."""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if toks[i].norm not in w.weak or nxt is None or nxt.kind != "word" or nxt.norm in w.noun_preps:
        return False  # "UN reports of …"; "Ediz Tiyansan reports - YouTube": a caption
    return any(
        m.i1 == i and m.speaker is not None and not m.weak and m.kind in CLAIMANT_KINDS
        for m in mentions
    )


def _fronted_report(w: _Words, toks: list[Token], start: int) -> bool:
    report_first = w.report_first
    return any(
        w.report.match(toks, k) for k in range(0, start) if toks[k].norm in report_first
    ) or any(t.norm in w.report_media for t in toks[:start])


def _clause_end(w: _Words, toks: list[Token], i: int) -> int:
    marks = w.clause_marks
    return next((k for k in range(i + 1, len(toks)) if toks[k].text in marks), len(toks))


def _mark(parse: Parse, m: Mention, speaker: Speaker | None) -> None:
    m.salient = True
    if speaker is not None and speaker.name:
        parse.speakers.append(speaker)


# ---- the stage ----------------------------------------------------------------------------------
def attribute(parse: Parse) -> None:
    w = parse.lex.tables(_Words)
    by_sentence: dict[int, list[Candidate]] = {}
    for c in parse.alive():
        by_sentence.setdefault(c.sent.index, []).append(c)
    # Only the sentences up to the last that can give a figure its cue are read: what comes
    # after them (cues, speakers to refer back to) reaches no figure.
    read = parse.sentences[: _reading_end(parse, by_sentence)]
    # Pass 1: mentions and cues, in reading order (referring words need what came before).
    no_figures: set[int] = set()
    for sent in read:
        cands = by_sentence.get(sent.index)
        figures = {c.i0 for c in cands} | {c.num for c in cands} if cands else no_figures
        words = _gate_words(w, sent)
        anchors, marks = _anchors(w, sent, words)
        mentions = _mentions(w, parse, sent, words, _mention_window(sent, anchors), marks)
        parse.cues[sent.index] = _cues(w, parse, sent, words, anchors, mentions, figures)
        opener = _sentence_subject(w, sent, mentions)
        if opener is not None and not opener.salient and opener.speaker and opener.speaker.name:
            parse.speakers.append(opener.speaker)
    # Pass 2: each figure takes a cue (quotations may close in a later sentence).
    own = _document_speaker(w, parse)
    last_cue_in_para: dict[int, Cue] = {}
    for sent in read:
        cands = by_sentence.get(sent.index, [])
        cues = parse.cues[sent.index]
        for c in cands:
            c.cue = _cue_for(parse, sent, c, cues)
            if c.cue is None and c.relation == "derived":
                c.cue = Cue(sent.index, c.i0, None, (c.i0, c.i0), derivation=True)
            if c.cue is None and not _background(parse, sent) and not _recalls(w, sent):
                c.cue = last_cue_in_para.get(sent.para) or _carried(parse, sent, last_cue_in_para)
            c.speaker = own if c.cue is None else None if c.cue.derivation else c.cue.speaker
        speaking = [c for c in cues if c.speaker is not None and not c.derivation] if cues else None
        if speaking:
            last_cue_in_para[sent.para] = speaking[-1]
        elif cands and sent.para not in last_cue_in_para:
            carried = next(
                (c.cue for c in cands if c.cue is not None and not c.cue.derivation), None
            )
            if carried is not None:
                last_cue_in_para[sent.para] = carried


def _document_speaker(w: _Words, parse: Parse) -> Speaker | None:
    """Who speaks for the figures the text attributes to no one: the document's own speaker
    (a statement's, a transcript's), else its outlet when the outlet is a claimant the lexicon
    knows (a ministry's figures on its own site are the ministry's, not an anonymous site's)."""
    doc = parse.doc
    name = doc.speaker or doc.outlet
    if not name:
        return None
    known = w.lex.claimant_by_alias(name)
    if known is not None:
        return _known(known, -1, -1)
    if doc.speaker is None:
        return None  # an outlet that is no claimant: its own statements have none
    # A speaker the lexicon does not know speaks for the party the record's title names ("Address
    # by the President of Ukraine").
    title = tokenize(doc.title) if doc.title else []
    party = _party_near(w, title, 0, len(title)) if title else None
    return Speaker(name, party, "person", -1, -1, surname=name.split()[-1])


def _background(parse: Parse, sent: Sentence) -> bool:
    """A sentence that gives the war's whole toll as background ("more than 300,000 people have
    been killed since the conflict began in 2011"): it continues no one's account, so a figure
    in it with no source of its own is the outlet's."""
    words = sent.words
    w = parse.lex.tables(_Words)
    if not words.isdisjoint(w.perfect) and not words.isdisjoint(w.war_nouns):
        return True  # "a conflict that has so far claimed 280,000 lives"
    published = parse.doc.published
    if published is None:
        return False
    # "since 2011", "since the conflict began in March 2011" in a story of 2017: years of war,
    # not this account's ("the worst attack since the invasion began" names no year: an aside;
    # "men mobilised in 2022" is no "since").
    times = parse.times.get(sent.index, ())
    # "have been killed in the conflict, which started in 2011": a running count over years.
    began = any(t.kind == "conflict" for t in times) or not sent.words.isdisjoint(w.perfect)
    return any(
        (t.kind == "since" or (began and t.kind in ("month", "year")))
        and t.a is not None
        and t.a.year is not None
        and t.a.year < published.year - 1
        for t in times
    )


def _recalls(w: _Words, sent: Sentence) -> bool:
    """A sentence that recalls an earlier event ("Earlier this week a suspected chemical attack
    killed at least 87"): a new event, not the account before it goes on."""
    toks = sent.tokens
    if w.recall.find_all(toks, words=sent.words):
        return True
    return any(
        b < len(toks) and toks[b].norm in MONTHS
        for _, b, _ in w.recall_month.find_all(toks, words=sent.words)
    )


def _reading_end(parse: Parse, by_sentence: dict[int, list[Candidate]]) -> int:
    """How many sentences `attribute` reads: through the last with a figure, and on while a
    quotation runs past a sentence's end (its cue may come after it, `_quote_cue`). A figure
    takes its cue from its own sentence, the quotation's, or one before it; later stages read
    the cues of figures' sentences (places), or read cues in order and carry forward what they
    learn (periods: statement dates), so cues after these sentences reach no figure."""
    if not by_sentence:
        return 0
    sentences = parse.sentences
    end = max(by_sentence) + 1
    while end < len(sentences):
        last = sentences[end - 1]
        if not any(b == len(last.tokens) for _, b in last.quotes):
            break  # no quotation open at its end
        end += 1
    return end


def _gate_words(w: _Words, sent: Sentence) -> frozenset[str]:
    """The sentence's words that some rule needs (its first word, a cue word, a head noun): the
    sets the rules test a sentence against are then tested against a few words, not all."""
    return sent.words & w.gated


def _anchors(w: _Words, sent: Sentence, words: frozenset[str]) -> tuple[list[int], list[int]]:
    """Where the sentence's cue words are, and the other words a mention is read around (a
    report noun, "who"); and the sentence's `_marks` as far as mentions are read (all of it
    when it has an anchor: the anchors are gated words, so among the marks)."""
    toks = sent.tokens
    if words.isdisjoint(w.anchor_words):
        return [], _marks(w, toks[:_OPENING])
    marks = _marks(w, toks)
    anchor_words = w.anchor_words
    phrase_first = w.phrase_cue_first
    return [
        k
        for k in marks
        if toks[k].norm in anchor_words
        and (
            toks[k].norm not in phrase_first
            or w.according_scan.match(toks, k)
            or w.derivation_scan.match(toks, k)
        )
    ], marks


def _mention_window(sent: Sentence, anchors: list[int]) -> int:
    """How far into a sentence mentions matter: its opening (a subject that others refer back
    to), and a few words past its last cue word (a subject before a verb, a name after
    "according to", after an inverted "said", or a possessive before "count")."""
    last = anchors[-1] if anchors else -1
    return min(len(sent.tokens), max(_OPENING, last + 9))


_OPENING = 8  # a sentence's opening, where mentions are always read (`_mention_window`)


def _sentence_subject(w: _Words, sent: Sentence, mentions: list[Mention]) -> Mention | None:
    """A named mention that opens its sentence ("Serhiy Cherevatyi, spokesman …, dismissed"),
    after a fronted phrase if there is one ("In Rafah, …, residents said")."""
    toks = sent.tokens
    lo = sent.body_start
    if lo < len(toks) and toks[lo].norm in w.fronting:
        commas = [k for k in range(min(len(toks), 30)) if toks[k].text == ","]
        if commas:
            lo = commas[0] + 1
    for m in mentions:
        if m.i0 >= lo and m.speaker is not None and not m.weak:
            return m if m.i0 <= lo + 4 else None
    return None


def _cue_for(parse: Parse, sent: Sentence, c: Candidate, cues: list[Cue]) -> Cue | None:
    q = sent.quote_of(c.num)
    if q is not None:
        cue = _quote_cue(parse, sent, q)
        if cue is not None:
            return cue
    before = [x for x in cues if x.verb < c.i0 and not (x.trailing and x.span[0] > c.i0)]
    if before:
        return before[-1]
    after = [x for x in cues if x.verb >= c.i0]
    return after[0] if after else None


def _quote_cue(parse: Parse, sent: Sentence, q: tuple[int, int]) -> Cue | None:
    """The cue of a quotation: right after its closing mark, or right before its opening one;
    for a quotation running over several sentences, the cue after the sentence that closes it."""
    s = sent
    a, b = q
    while b == len(s.tokens):  # still open at the end of this sentence: look further on
        nxt = parse.sentences[s.index + 1] if s.index + 1 < len(parse.sentences) else None
        if nxt is None or nxt.para != s.para or not nxt.quotes:
            return None
        s, (a, b) = nxt, nxt.quotes[0]
    cues = parse.cues.get(s.index, [])
    for cue in cues:
        if b <= cue.verb <= b + 4 or b <= cue.span[0] <= b + 4:
            return cue
    if a > 0:
        for cue in cues:
            if cue.verb < a and a - cue.span[1] <= 2:
                return cue
    return None


def _carried(parse: Parse, sent: Sentence, last_cue_in_para: dict[int, Cue]) -> Cue | None:
    """A paragraph with no source of its own continues the previous paragraph's (the list
    after "… claimed that"; a list line after another)."""
    para = sent.para - 1
    while para >= 0:
        cue = last_cue_in_para.get(para)
        if cue is not None:
            return cue
        prev_sents = [s for s in parse.sentences if s.para == para]
        if not prev_sents or not all(
            s.is_list_item or not parse.in_sentence(s.index) for s in prev_sents
        ):
            return None
        if not any(s.is_list_item for s in prev_sents) and not sent.is_list_item:
            return None
        para -= 1
    return None
