"""Typed sections of the lexicon: every word list a stage reads, by name.

A stage reads `lex.attribution.verbs`, never a string key: a misspelt section or list is a
type error (mypy) in code, and an unknown or missing key is a load error naming the file and
the key in a lexicon file. Each section is a frozen dataclass whose annotations say what its
keys hold; `read_section` validates a TOML table against them.

A `Words` list is a set of its entries for membership tests (`t.norm in words`) and keeps the
entries as written, in file order (`words.written`), for the phrase indexes built from it.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from claimledger.errors import LexiconError
from claimledger.extraction.tokens import norms

S = TypeVar("S")


class Words(frozenset[str]):
    """A list of words or phrases: the set of their keys, and the entries as written."""

    written: tuple[str, ...]

    def __new__(cls, written: Iterable[str], key: Callable[[str], str] = str.lower) -> Words:
        entries = tuple(written)
        self = super().__new__(cls, (key(w) for w in entries))
        self.written = entries
        return self


def normed(phrase: str) -> str:
    """A phrase as the tokenizer's norms, one space-joined string ("Al-Quds" -> "al quds")."""
    return " ".join(norms(phrase))


# ---- grammar.toml: sets keyed by the lowercased entry ---------------------------------------
@dataclass(frozen=True)
class NumberWords:
    units: dict[str, int]
    scales: dict[str, int]
    fractions: dict[str, float]
    max_count: int
    dozen: Words
    indefinite: Words
    vague: Words
    measure_words: Words
    designators: Words
    clock_before: Words
    clock_after: Words
    label_marks: Words
    dashes: Words
    list_joins: Words
    change_marks: Words
    date_prepositions: Words
    spelled_scales: Words
    articles: Words
    number_signs: Words
    ratio_nouns: Words
    range_openers: Words
    range_joins: Words


@dataclass(frozen=True)
class QualifierWords:
    approx: Words
    more_than: Words
    at_least: Words
    less_than: Words
    at_most: Words
    exact: Words
    hedges: Words
    after_at_least: Words


@dataclass(frozen=True)
class PhraseWords:
    prepositions: Words
    verbs: Words
    time_words: Words
    conjunctions: Words
    adverbs: Words
    pronouns: Words
    auxiliaries: Words
    np_modifiers: Words
    partitive: Words
    containers: Words
    count_nouns: Words
    record_nouns: Words
    count_verbs: Words


@dataclass(frozen=True)
class ClauseWords:
    barriers: Words
    subcount_markers: Words
    derivation_markers: Words
    ratio_words: Words
    money_words: Words
    time_units: Words
    calibre_words: Words


@dataclass(frozen=True)
class AttributionWords:
    verbs: Words
    weak_verbs: Words
    quoting_verbs: Words
    subordinators: Words
    participles: Words
    according: Words
    report_nouns: Words
    titles: Words
    org_words: Words
    stop_caps: Words
    wire_credits: Words
    independent_labels: Words
    state_labels: Words
    pronouns_person: Words
    pronouns_body: Words
    pronouns_group: Words
    relatives: Words
    describe: Words
    recall_phrases: Words
    war_nouns: Words
    recall_month_openers: Words
    describe_determiners: Words
    person_nouns: Words
    independent_body_heads: Words
    state_body_heads: Words
    local_office_titles: Words
    not_acronyms: Words
    body_nouns: Words
    name_particles: Words
    name_joiners: Words
    past_speech_verbs: Words
    sentence_adverbs: Words
    anonymous_labels: Words
    member_labels: Words
    western_words: Words
    clause_joints: Words
    label_determiners: Words
    indefinite_articles: Words
    affiliation_prepositions: Words
    noun_followers: Words
    membership_prepositions: Words
    official_nouns: Words
    office_holder_nouns: Words
    army_nouns: Words
    finite_verb_markers: Words
    noun_determiners: Words
    noun_prepositions: Words
    valuing_verbs: Words
    non_subject_pronouns: Words
    collective_possessives: Words
    perfect_auxiliaries: Words
    report_media_nouns: Words
    clause_marks: Words
    full_stops: Words
    quote_marks: Words
    quote_closers: Words
    clause_breaks: Words
    verb_inflections: Words


@dataclass(frozen=True)
class PrefilterWords:
    figure_scales: Words
    function_words: Words


@dataclass(frozen=True)
class DatelineWords:
    prefixes: Words


@dataclass(frozen=True)
class PeriodWords:
    over_the_conflict: Words
    event_nouns: Words
    total_nouns: Words
    growth_verbs: Words
    total_noun_followers: Words
    running_count_words: Words
    perfect_auxiliaries: Words
    clause_openers: Words


@dataclass(frozen=True)
class TimeWords:
    """Words of dates and times (grammar.toml [times]): the words the time patterns are built
    from; month and weekday names are the calendar's."""

    count_words: dict[str, int]
    campaign_nouns: Words
    war_nouns: Words
    fighting_nouns: Words
    whole_war_nouns: Words
    closing_adjectives: Words
    start_verbs: Words
    past_adjectives: Words
    span_units: Words
    calendar_units: Words
    span_nouns: Words
    phase_nouns: Words
    ago_words: Words
    today_words: Words
    running_total_phrases: Words


@dataclass(frozen=True)
class SiteWords:
    civilian: Words


@dataclass(frozen=True)
class CountingWords:
    """grammar.toml [counting]: the counted noun phrase after a figure and the relations
    between figures (claimledger/extraction/metrics.py)."""

    np_breakers: Words
    np_joins: Words
    partial_markers: Words
    possessive_determiners: Words
    unskipped_prepositions: Words
    frame_determiners: Words
    object_openers: Words
    figure_anaphors: Words
    relative_time_words: Words
    clause_stops: Words
    lookback_stops: Words
    quote_marks: Words
    rate_stops: Words
    strong_stops: Words
    count_determiners: Words
    conjunctive_joins: Words
    frame_openers: Words
    change_adverbs: Words


@dataclass(frozen=True)
class SubjectWords:
    """grammar.toml [subjects]: whose losses a figure counts (claimledger/extraction/parties.py)."""

    place_markers: Words
    where_prepositions: Words
    complement_prepositions: Words
    compound_suffixes: Words


@dataclass(frozen=True)
class PlacingWords:
    """grammar.toml [placing]: where a figure is (claimledger/extraction/places.py)."""

    relative_pronouns: Words
    part_openers: Words
    agent_ends: Words
    copulas: Words
    passive_auxiliaries: Words
    bare_anaphora: Words
    town_anaphora: Words
    event_complements: Words
    clause_conjunctions: Words
    subordinate_conjunctions: Words
    contrast_conjunctions: Words
    span_stops: Words
    aside_stops: Words


# ---- taxonomy.toml, places.toml, parties.toml, conflicts.toml: keyed by the norms ----------
@dataclass(frozen=True)
class EquipmentWords:
    generic_heads: Words
    count_units: Words
    non_claim_heads: Words
    loss_words: Words


@dataclass(frozen=True)
class PeopleWords:
    casualty_nouns: Words
    lose_verbs: Words
    unspecified: Words
    military: Words
    civilian: Words
    disaster_causes: Words
    ambiguous: Words
    state_nouns: Words
    several: Words
    mixed_markers: Words
    suffer_words: Words
    loss_nouns: Words
    captive_nouns: Words
    soldier_nouns: Words
    plain_nouns: Words


@dataclass(frozen=True)
class DistanceWords:
    units: dict[str, float]
    advance_words: Words
    area_words: Words


@dataclass(frozen=True)
class LocativeWords:
    prepositions: Words
    of_heads: Words
    town_heads: Words
    district_heads: Words
    province_heads: Words
    strike_verbs: Words
    resident_nouns: Words
    territory_nouns: Words
    world_prepositions: Words


@dataclass(frozen=True)
class SideWords:
    """parties.toml's word tables, each `[name] words = [...]`: attack nouns ("a Russian
    missile strike" names who attacked, not who lost), verbs of losses dealt, pronouns, what a
    side calls the enemy, possessives, names of things ("the Saudi Hospital"), armed forces."""

    attacks: Words
    inflict: Words
    pronouns: Words
    enemy: Words
    possessives: Words
    names_of_things: Words
    forces: Words


@dataclass(frozen=True)
class DisasterWords:
    causes: Words


# ---- reading -----------------------------------------------------------------------------
def _scalar_ok(value: Any, kind: Any) -> bool:
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, kind)


def read_section(
    cls: type[S],
    table: Mapping[str, Any],
    file: str,
    where: str,
    key: Callable[[str], str] = str.lower,
) -> S:
    """`table` as a `cls`, every key checked against the annotations of `cls`.

    Word lists become `Words` keyed by `key` (grammar words by their lowercase, the other
    files' by their norms); tables of numbers stay dicts with their values checked."""
    if not isinstance(table, Mapping):
        raise LexiconError(file, f"{where}: must be a table")
    hints = typing.get_type_hints(cls)
    fields = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    unknown = sorted(set(table) - set(fields))
    if unknown:
        raise LexiconError(
            file, f"{where}: unknown key {unknown[0]!r} (expected one of: {', '.join(fields)})"
        )
    values: dict[str, Any] = {}
    for name in fields:
        at = f"{where}.{name}" if where else name
        if name not in table:
            raise LexiconError(file, f"{at}: missing")
        value, hint = table[name], hints[name]
        if hint is Words:
            if not isinstance(value, list) or not all(
                isinstance(v, str) and v.strip() for v in value
            ):
                raise LexiconError(file, f"{at}: must be a list of non-empty strings")
            values[name] = Words(value, key)
        elif typing.get_origin(hint) is dict:
            kind = typing.get_args(hint)[1]
            if not isinstance(value, dict) or not all(
                isinstance(k, str) and _scalar_ok(v, kind) for k, v in value.items()
            ):
                raise LexiconError(file, f"{at}: must map words to {kind.__name__} values")
            values[name] = dict(value)
        else:
            if not _scalar_ok(value, hint):
                raise LexiconError(file, f"{at}: must be {getattr(hint, '__name__', hint)}")
            values[name] = value
    return cls(**values)


def read_word_tables(
    cls: type[S], doc: Mapping[str, Any], file: str, key: Callable[[str], str] = normed
) -> S:
    """A section gathered from several top-level tables of one file, each `[name] words`."""
    table: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        sub = doc.get(f.name, {})
        if not isinstance(sub, Mapping) or set(sub) - {"words"}:
            raise LexiconError(file, f"{f.name}: must be a table with one key, 'words'")
        if "words" not in sub:
            raise LexiconError(file, f"{f.name}.words: missing")
        table[f.name] = sub["words"]
    return read_section(cls, table, file, "", key)
