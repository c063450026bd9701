"""The extraction orchestrator: one document in, its claims out.

Stages run in this order, each reading what the ones before it added to the `Parse`:

1. segment      paragraphs and sentences, quotations
2. times        time expressions (and numbers they contain are masked)
3. numbers      figures with qualifiers, ranges, increments
4. metrics      what each figure counts; figures that count nothing the taxonomy knows drop
5. attribution  who claims each figure
6. periods      when: against the publication date, in-text anchors and statement dates
7. places       where
8. parties      whose losses, and for people which group
9. subsets      sub-counts: the part of a population a figure counts ("including six children")
10. claims      the surviving figures as `Claim`s, with their evidence

`Extractor.explain()` returns every figure the stages looked at, with the reason a dropped one
was dropped — what happened to each document, for debugging rules.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from claimledger.errors import SourceError
from claimledger.extraction.attribution import attribute
from claimledger.extraction.matching import PhraseGate, words_of
from claimledger.extraction.metrics import classify
from claimledger.extraction.numbers import find_numbers
from claimledger.extraction.parties import assign_subjects
from claimledger.extraction.periods import dateline, resolve_periods
from claimledger.extraction.places import locate
from claimledger.extraction.segment import Sentence, segment
from claimledger.extraction.state import Candidate, Parse
from claimledger.extraction.subsets import mark_subsets
from claimledger.extraction.times import find_times
from claimledger.lexicon import Conflict, Lexicon
from claimledger.model import Claim, Claimant, Document, Evidence, Period, Rate, Value


@dataclass(frozen=True)
class Figure:
    """A figure the extractor looked at: a claim, or the reason it is not one."""

    text: str
    start: int
    claim: Claim | None
    dropped: str | None


DEFAULT_MAX_CHARS = 2_000_000
DEFAULT_TIME_LIMIT = 30.0
# More than everyone alive: no count of losses, equipment or kilometres is this large, and a
# 300-digit "figure" (a hash, an identifier, a hostile input) was stored as a 1e300 claim.
MAX_FIGURE = 1e10


class Extractor:
    """Runs the stages on one document at a time.

    Limits keep one hostile document from stalling a run: a text longer than `max_chars` is
    refused, and a document whose extraction passes `time_limit` seconds is abandoned (checked
    between stages and every few sentences); both raise `ExtractionLimit`, a `SourceError`.
    """

    def __init__(
        self,
        lexicon: Lexicon,
        max_chars: int = DEFAULT_MAX_CHARS,
        time_limit: float | None = DEFAULT_TIME_LIMIT,
    ) -> None:
        self.lexicon = lexicon
        self.max_chars = max_chars
        self.time_limit = time_limit

    def _check_size(self, doc: Document) -> None:
        if len(doc.text) > self.max_chars:
            raise ExtractionLimit(
                doc.source or doc.id,
                f"text too long to extract ({len(doc.text):,} characters;"
                f" limit {self.max_chars:,})",
            )

    def parse(self, doc: Document) -> Parse:
        self._check_size(doc)
        # CPU time of this thread, as the hard limit (claimledger.deadline): a busy machine
        # does not fail documents.
        check = _Deadline(doc, self.time_limit)
        lex = self.lexicon
        opening = dateline(lex, doc.text)
        if opening is not None and opening.day != doc.published:
            # The text's own dateline dates it, over metadata that is often the crawl or
            # update time (claims.md, "The publication date"): every stage, the choice of
            # conflict included, sees that date.
            doc = replace(doc, published=opening.day)
        parse = Parse(doc, lex, segment(doc.text))
        if opening is not None and opening.opens:
            _after_dateline(parse.sentences, opening.end)
        check()
        parse.conflict = _conflict_of(lex, parse)
        conflict_ix = lex.indexes[f"conflict_name:{parse.conflict.id}"] if parse.conflict else None
        over = lex.periods.over_the_conflict
        for sent in parse.sentences:
            spans = []
            if conflict_ix is not None and not over.isdisjoint(sent.words):
                for k, t in enumerate(sent.tokens):
                    if t.norm in over:
                        # "since the start of the invasion", "since the war began", "during
                        # the invasion": the whole conflict so far
                        m = conflict_ix.match(sent.tokens, k + 1)
                        if m:
                            spans.append((k, k + 1 + m[0]))
            parse.times[sent.index] = find_times(sent, spans, lex)
            if sent.index % 64 == 63:
                check()
        for stage in (
            find_numbers,
            _skip_headline,
            classify,
            attribute,
            resolve_periods,
            locate,
            assign_subjects,
            mark_subsets,
            _merge_repeats,
        ):
            check()
            stage(parse)
        return parse

    def extract(self, doc: Document) -> list[Claim]:
        self._check_size(doc)  # before the prefilter: a text over the limit is refused
        if not could_hold_claims(self.lexicon, doc.text):
            return []  # the fast path: no figure near any word of the taxonomy
        parse = self.parse(doc)
        return _claims(parse, parse.alive())

    def explain(self, doc: Document) -> list[Figure]:
        parse = self.parse(doc)
        out = []
        for c in parse.candidates:
            toks = c.sent.tokens
            text = doc.text[toks[c.i0].start : toks[c.i1 - 1].end]
            out.append(
                Figure(
                    text, toks[c.i0].start, _claims(parse, [c])[0] if c.alive else None, c.dropped
                )
            )
        return out


class _Prefilter:
    """What a sentence needs for a claim to be in it: a figure (a digit or a number word) and a
    casualty or loss word or an equipment term ("14 people were killed", "3,504 tanks"), or an
    equipment term with a loss word ("a Leopard tank was destroyed"), or a person with a
    casualty word ("a child was killed"). A phrase is tested by its
    last word, its head (a looser test than the whole phrase, never a stricter one: the head is
    there whenever the phrase is), compiled from the lexicon itself."""

    def __init__(self, lex: Lexicon) -> None:
        numbers = {*lex.numbers.units, *lex.prefilter.figure_scales}
        self.numbers = frozenset(numbers)
        particles = lex.prefilter.function_words
        casualty = [w for m in lex.metrics.values() for w in m.words]
        equipment = [t for m in lex.metrics.values() for t in (*m.terms, *m.models)]
        advance = list(lex.distance.advance_words.written)
        self.terms = _phrase_gate([*casualty, *equipment, *advance], particles)
        self.equipment = _phrase_gate(equipment, particles)
        self.loss = _phrase_gate([*lex.equipment.loss_words.written, *casualty], particles)
        self.casualty = _phrase_gate(casualty, particles)
        # "a child was killed": one person, no digit and no number word.
        people = [*lex.people.military.written, *lex.people.civilian.written]
        self.people = _phrase_gate(people, particles)

    def __call__(self, text: str) -> bool:
        for n, (start, sentence) in enumerate(_sentences(text)):
            if n == _SENTENCES_ALONE and not self.terms.any_in(words_of(text[start:])):
                # No term in the rest of the text, so in none of its sentences (their words are
                # the rest's): one pass over it, not one a sentence (most news holds none).
                return False
            words = words_of(sentence)
            if not self.terms.any_in(words):
                continue
            if _DIGIT.search(sentence) or not words.isdisjoint(self.numbers):
                return True
            if self.equipment.any_in(words) and self.loss.any_in(words):
                return True
            if self.people.any_in(words) and self.casualty.any_in(words):
                return True
        return False


def _phrase_gate(phrases: Iterable[str], particles: frozenset[str]) -> PhraseGate:
    return PhraseGate(phrases, lambda p: _head(p, particles))


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """The text cut at sentence breaks, lazily (with where each starts): a document that holds a
    claim is usually known to early on, and need not be split whole."""
    pos = 0
    for m in _SENTENCE_BREAK.finditer(text):
        yield pos, text[pos : m.start()]
        pos = m.end()
    yield pos, text[pos:]


# How many sentences the prefilter tests one by one before it tests the rest of the text at once:
# a claim-bearing text is nearly always known by then (the first sentence of most news).
_SENTENCES_ALONE = 6


def _head(phrase: str, particles: frozenset[str]) -> str:
    """The word of a phrase the prefilter keys on: its last word that is a word and not one of
    `particles` ("Leopard 2" → leopard, "unaccounted for" → unaccounted)."""
    words = [w for w in _WORD.findall(phrase.lower()) if w.isalpha() or "-" in w]
    content = [w for w in words if w not in particles]
    return str((content or words or [phrase.lower()])[-1])


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n")
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DIGIT = re.compile(r"\d")


def could_hold_claims(lexicon: Lexicon, text: str) -> bool:
    """Whether `text` can hold a claim at all (cheap; False means certainly none)."""
    return lexicon.tables(_Prefilter)(text)


class ExtractionLimit(SourceError):
    """A document over a size or time limit: reported like any unreadable input."""


class _Deadline:
    """Raises once the thread has spent `limit` CPU seconds since it was made. A thread's CPU
    time grows no faster than the wall clock, so its clock (a system call: 16 µs a read on the
    project's VM when idle, up to milliseconds under load; a dozen reads a document) is read
    only once `limit` seconds of wall time have passed (a read of a few dozen nanoseconds)."""

    def __init__(self, doc: Document, limit: float | None) -> None:
        self.doc, self.limit = doc, limit
        self.deadline: float | None = None
        self.wall_deadline = 0.0
        if limit is not None:
            # The wall clock first: the CPU time counted from the next line on is then at most
            # the wall time counted from this one.
            self.wall_deadline = time.perf_counter() + limit
            self.deadline = time.thread_time() + limit

    def __call__(self) -> None:
        if (
            self.deadline is not None
            and time.perf_counter() > self.wall_deadline
            and time.thread_time() > self.deadline
        ):
            raise ExtractionLimit(
                self.doc.source or self.doc.id, f"extraction took longer than {self.limit:g} s"
            )


def _after_dateline(sentences: list[Sentence], end: int) -> None:
    """The body of the sentences a dateline ends in starts after it: its date is when the story
    was filed, not a figure's, and its place or agency ("LIMA, …", "AFP") is no speaker."""
    for sent in sentences:
        if sent.start >= end:
            return
        body = next((i for i, t in enumerate(sent.tokens) if t.start >= end), len(sent.tokens))
        sent.body_start = max(sent.body_start, body)


def _skip_headline(parse: Parse) -> None:
    """A headline restates, rounded, a figure the body gives with its source: counting it too
    would double the claim, so figures in the title line are not claims."""
    title = parse.doc.title
    if not title or not parse.sentences:
        return
    first = parse.sentences[0]
    if first.para == 0 and first.text.strip() == title.strip():
        for c in parse.candidates:
            if c.sent.index == 0:
                c.drop("in the headline")


def _merge_repeats(parse: Parse) -> None:
    """A figure repeated in the same words is one claim (the gold's convention): a sentence the
    text repeats word for word adds nothing, and a figure of the title, where the title is
    prepended to the text and run into the lead, that the text gives again — same metric,
    subject and value — is that later figure's claim. (Repeats within the body are left: a
    later "22 killed" may be another day's or another place's.)"""
    alive = parse.alive()
    if len(alive) < 2:
        return
    seen: dict[str, int] = {}
    for sent in parse.sentences:
        words = " ".join(sent.text.split())
        if words in seen and seen[words] != sent.index:
            for c in parse.in_sentence(sent.index):
                c.drop("a sentence repeated word for word")
        else:
            seen.setdefault(words, sent.index)
    span = _title_span(parse.doc.title, parse.doc.text)
    if span is None:
        return
    at, end = span
    # By (metric, subject, value, qualifier), and with the speaker too: a title figure of no
    # source repeats any later one, an attributed one only its source's ("six teachers" by
    # UNICEF is not "6 killed" by the civil defence).
    later: dict[tuple[object, ...], Candidate] = {}
    for c in reversed(parse.alive()):
        key: tuple[object, ...] = (c.metric, c.subject, c.low, c.high, c.qualifier)
        said = (*key, c.speaker.name if c.speaker else None)
        again = later.get(said if c.speaker else key)
        if again is not None and at <= c.sent.tokens[c.i0].start < end:
            c.drop("a headline figure the text gives again")
            if again.location is None:  # one claim: where the title says it happened
                again.location, again.location_country = c.location, c.location_country
        later[key] = later[said] = c


_TITLE_REACH = 200  # how far into the text a prepended title may start (after a date line)
_TITLE_WORD = re.compile(r"\w+")


def _title_span(title: str | None, text: str) -> tuple[int, int] | None:
    """Where the title stands at the start of the text, its words in order whatever the marks
    between them ("Syria's Raqa: monitor" as "Syrias Raqa Monitor"), or None."""
    words = _TITLE_WORD.findall(title or "")
    if not words or len(words) > 60:
        return None
    pattern = r"\W*".join(re.escape(w) for w in words)
    m = re.compile(pattern, re.IGNORECASE).search(text, 0, _TITLE_REACH + 4 * len(title or ""))
    return (m.start(), m.end()) if m else None


def _conflict_of(lex: Lexicon, parse: Parse) -> Conflict | None:
    """The conflict (or disaster) the document is about: the most mentioned one that had begun."""
    # The sentences mentioning each conflict (a set test per sentence, not a count of every
    # token): a sentence naming several of its keywords ("Sudan, including Darfur") is one
    # mention, so a war named in passing does not outweigh a disaster told in several.
    keywords = lex.conflict_keywords
    mentions: list[frozenset[str]] = []
    for s in parse.sentences:
        found = s.words & keywords
        if found:
            mentions.append(found)
    if parse.doc.outlet:
        # The outlet counts as a mention: a tally on the "Ministry of Defence of Ukraine" site
        # that names no country ("the total combat losses of the enemy") is about its war.
        found = keywords.intersection(parse.doc.outlet.lower().split())
        if found:
            mentions.append(frozenset(found))
    best: tuple[int, Conflict] | None = None
    published = parse.doc.published
    for c in lex.conflicts:
        if published is not None and c.start > published:
            continue
        own = c.lower_keywords
        score = sum(1 for found in mentions if not found.isdisjoint(own))
        if score and c.anchors and not _names_any(parse, c.anchors):
            continue  # an earthquake, but not this one
        if score and (best is None or score > best[0]):
            best = (score, c)
    return best[1] if best else None


def _names_any(parse: Parse, words: tuple[str, ...]) -> bool:
    wanted = frozenset(w.lower() for w in words)
    return any(not s.words.isdisjoint(wanted) for s in parse.sentences)


def _claims(parse: Parse, candidates: list[Candidate]) -> list[Claim]:
    """The candidates as claims. The parts several claims have in common (one sentence's
    evidence, one speaker, one period) are made once and shared: they are immutable."""
    evidence: dict[int, Evidence] = {}
    claimants: dict[int, Claimant] = {}
    periods: dict[tuple[object, ...], Period] = {}
    out = []
    for c in candidates:
        if not _plausible(c.low) or not _plausible(c.high):
            continue
        sent = c.sent
        ev = evidence.get(sent.index)
        if ev is None:
            text = sent.text.strip()
            start = sent.start + len(sent.text) - len(sent.text.lstrip())
            ev = evidence[sent.index] = Evidence(start, start + len(text), text)
        speaker = c.speaker
        claimant = claimants.get(id(speaker))
        if claimant is None:
            claimant = claimants[id(speaker)] = Claimant(
                speaker.name if speaker else None, speaker.affiliation if speaker else None
            )
        span = c.period or (None, None, False)
        period = periods.get(span)
        if period is None:
            period = periods[span] = Period(span[0], span[1], span[2])
        assert c.metric is not None
        out.append(
            Claim(
                doc_id=parse.doc.id,
                metric=c.metric,
                subject=c.subject,
                value=Value(c.low, c.high, c.qualifier),
                rate=Rate(c.rate.per, c.rate.unit) if c.rate else None,
                claimant=claimant,
                period=period,
                location=c.location,
                group=c.group,
                evidence=ev,
                subject_surface=c.subject_surface,
                subset=c.subset,
            )
        )
    return out


def _plausible(figure: float | None) -> bool:
    # A comparison with NaN is false: NaN and infinities are no figure either.
    return figure is None or (-MAX_FIGURE <= figure <= MAX_FIGURE)


def extract(document: Document, lexicon: Lexicon) -> list[Claim]:
    """Every claim in a document, in text order."""
    return Extractor(lexicon).extract(document)
