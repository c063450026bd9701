"""The lexicons: taxonomy, grammar words, parties, conflicts, claimants and places — as data.

Built-in files live in `data/`; a user adds or overrides entries with TOML files of the same
shape in a folder passed as `--lexicon DIR` (or `CLAIMLEDGER_LEXICON`). Every file is validated
when it loads, and a problem is reported with the file and the entry at fault.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from claimledger.errors import LexiconError
from claimledger.extraction.matching import PhraseIndex
from claimledger.extraction.tokens import norms
from claimledger.lexicon.sections import (
    AttributionWords,
    ClauseWords,
    CountingWords,
    DatelineWords,
    DisasterWords,
    DistanceWords,
    EquipmentWords,
    LocativeWords,
    NumberWords,
    PeopleWords,
    PeriodWords,
    PhraseWords,
    PlacingWords,
    PrefilterWords,
    QualifierWords,
    SideWords,
    SiteWords,
    SubjectWords,
    TimeWords,
    normed,
    read_section,
    read_word_tables,
)

T = TypeVar("T")
DATA = Path(__file__).parent / "data"
FILES = ("taxonomy", "grammar", "parties", "conflicts", "claimants", "places")
METRIC_KINDS = ("personnel", "equipment", "territory")
CLAIMANT_KINDS = ("person", "body", "group")
PLACE_KINDS = ("country", "region", "oblast", "city", "town", "district")
# A town is finer than the city or province it lies in ("Khan Sheikhoun in Idlib"), a district
# (a neighbourhood, a square) finer than its city ("the Bab Sharqi area of Old Damascus").
PLACE_RANK = {"country": 1, "region": 2, "oblast": 2, "city": 3, "town": 4, "district": 5}


@dataclass(frozen=True)
class Metric:
    id: str
    kind: str
    words: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    models: tuple[str, ...] = ()


@dataclass(frozen=True)
class Party:
    name: str
    adjective: str
    names: tuple[str, ...]
    proxies: tuple[str, ...]
    belligerent: bool


@dataclass(frozen=True)
class Conflict:
    id: str
    title: str
    start: date
    sides: tuple[tuple[str, ...], ...]
    keywords: tuple[str, ...]
    names: tuple[str, ...]
    disaster: bool
    theatre: str | None = None
    # Nouns that name a side in this war only: "the army" is Sudan's army in Sudan's war.
    side_words: tuple[tuple[str, str], ...] = ()
    # A civil war: its people, whoever killed them, are the theatre's ("regime shelling killed 12
    # people" counts Syrians, not the regime's enemy).
    civil_war: bool = False
    # Nouns for the fighters of whichever armed group of a side the text is about ("militants",
    # "terrorists"), with the party they mean when the text names no group of that side.
    group_words: tuple[tuple[str, str], ...] = ()
    # A named event with generic keywords ("earthquake"): a document is about it only when it
    # also names one of these (its places), else every quake would be this one.
    anchors: tuple[str, ...] = ()

    @property
    def lower_keywords(self) -> frozenset[str]:
        return frozenset(k.lower() for k in self.keywords)

    def opposite(self, party: str | None, parties: dict[str, Party] | None = None) -> str | None:
        """The first party of the other side ("the enemy" of `party`), if `party` is a side.

        With `parties`, the people of the other side rather than its armed force: whom strikes
        on a side kill when the dead are people, not fighters (Palestinians, not Hamas)."""
        for i, side in enumerate(self.sides):
            if party in side and len(self.sides) == 2:
                other = self.sides[1 - i]
                if parties is not None:
                    civil = [p for p in other if p in parties and not parties[p].belligerent]
                    if civil:
                        return civil[0]
                return other[0]
        return None

    def side_of(self, party: str | None) -> int | None:
        for i, side in enumerate(self.sides):
            if party in side:
                return i
        return None


@dataclass(frozen=True)
class KnownClaimant:
    name: str
    affiliation: str
    kind: str
    aliases: tuple[str, ...] = ()
    describe: tuple[str, ...] = ()
    institution: str | None = None
    scope: str | None = None
    personnel_metric: str | None = None
    speaks_for: str | None = None  # a body whose figures this person gives (its director)


@dataclass(frozen=True)
class Institution:
    key: str
    display: str
    words: tuple[str, ...]
    describe: tuple[str, ...]


@dataclass(frozen=True)
class Place:
    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...] = ()
    direction: str | None = None
    capital: bool = False

    @property
    def rank(self) -> int:
        return PLACE_RANK[self.kind]


@dataclass(frozen=True)
class Subsets:
    """grammar.toml [subsets]: what marks a figure as a part of a larger one, and the nouns
    that narrow a population (surface word or phrase, normalised → the subset it names)."""

    markers: tuple[str, ...] = ()
    partitives: tuple[str, ...] = ()
    generic: frozenset[str] = frozenset()
    nouns: Mapping[str, str] = field(default_factory=dict)
    coordinators: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RatePhrase:
    per: float
    unit: str


@dataclass
class Lexicon:
    """Every lexicon, validated, with the phrase indexes the extractor matches against."""

    metrics: dict[str, Metric]
    parties: dict[str, Party]
    conflicts: list[Conflict]
    claimants: dict[str, KnownClaimant]
    institutions: dict[str, Institution]
    group_nouns: dict[str, str]
    places: dict[str, Place]
    taxonomy: dict[str, Any]
    sector_nouns: frozenset[str]
    place_anaphora: tuple[str, ...]
    event_anaphora: tuple[str, ...]
    country_codes: dict[str, str]
    # The typed word sections (claimledger/lexicon/sections.py), one per table of the files.
    numbers: NumberWords
    qualifiers: QualifierWords
    phrase: PhraseWords
    clauses: ClauseWords
    attribution: AttributionWords
    prefilter: PrefilterWords
    dateline: DatelineWords
    periods: PeriodWords
    times: TimeWords
    sites: SiteWords
    counting: CountingWords
    subjects: SubjectWords
    placing: PlacingWords
    equipment: EquipmentWords
    people: PeopleWords
    distance: DistanceWords
    locative: LocativeWords
    sides: SideWords
    disasters: DisasterWords
    subsets: Subsets = field(default_factory=Subsets)
    indexes: dict[str, PhraseIndex[Any]] = field(default_factory=dict)
    _tables: dict[type[Any], Any] = field(default_factory=dict, repr=False)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def tables(self, factory: Callable[[Lexicon], T]) -> T:
        """A stage's word tables, built once per lexicon (not once per document)."""
        key = factory if isinstance(factory, type) else type(factory)
        if key not in self._tables:
            self._tables[key] = factory(self)
        return self._tables[key]  # type: ignore[no-any-return]

    # -- lookups used across stages ----------------------------------------------------------
    @property
    def conflict_keywords(self) -> frozenset[str]:
        if "conflict_keywords" not in self._cache:
            self._cache["conflict_keywords"] = frozenset(
                k.lower() for c in self.conflicts for k in c.keywords
            )
        return self._cache["conflict_keywords"]  # type: ignore[no-any-return]

    def party(self, name: str | None) -> Party | None:
        return self.parties.get(name) if name else None

    def place(self, name: str | None) -> Place | None:
        return self.places.get(name) if name else None

    def claimant_by_alias(self, text: str) -> KnownClaimant | None:
        key = " ".join(norms(text))
        return self._alias_map().get(key)

    @lru_cache(maxsize=1)  # noqa: B019 - one Lexicon per process; the cache lives as long
    def _alias_map(self) -> dict[str, KnownClaimant]:
        out: dict[str, KnownClaimant] = {}
        for c in self.claimants.values():
            for a in (c.name, *c.aliases):
                out[" ".join(norms(a))] = c
        return out

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


# ---- validation helpers ---------------------------------------------------------------------
def _fail(file: str, where: str, reason: str) -> LexiconError:
    return LexiconError(file, f"{where}: {reason}")


def _str(d: Mapping[str, Any], key: str, file: str, where: str, required: bool = True) -> str:
    v = d.get(key)
    if v is None and not required:
        return ""
    if not isinstance(v, str) or not v.strip():
        raise _fail(file, where, f"'{key}' must be a non-empty string")
    return v


def _strs(d: Mapping[str, Any], key: str, file: str, where: str) -> tuple[str, ...]:
    v = d.get(key, [])
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        raise _fail(file, where, f"'{key}' must be a list of non-empty strings")
    return tuple(v)


def _normed(d: Mapping[str, Any], key: str, file: str, where: str) -> frozenset[str]:
    """A list of phrases as the tokenizer's norms, each phrase one space-joined string."""
    return frozenset(" ".join(norms(v)) for v in _strs(d, key, file, where))


def _table(d: Mapping[str, Any], key: str, file: str) -> dict[str, Any]:
    v = d.get(key, {})
    if not isinstance(v, dict):
        raise _fail(file, key, "must be a table")
    return v


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(str(path), f"not valid TOML ({exc})") from None
    except OSError as exc:
        raise LexiconError(str(path), exc.strerror or str(exc)) from None


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """User files extend lists of entries and override keys of tables."""
    out = dict(base)
    for k, v in extra.items():
        if isinstance(v, list) and isinstance(out.get(k), list):
            out[k] = [*out[k], *v]
        elif isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def _raw(
    extra_dirs: Iterable[Path], files: Iterable[tuple[str, str]] = ()
) -> dict[str, tuple[str, dict[str, Any]]]:
    raw = {name: (str(DATA / f"{name}.toml"), _load_toml(DATA / f"{name}.toml")) for name in FILES}
    for d in extra_dirs:
        if not d.is_dir():
            raise LexiconError(str(d), "lexicon folder not found")
        for path in sorted(d.glob("*.toml")):
            _extend(raw, str(path), path.stem, _load_toml(path))
    for name, text in files:
        label = f"{name} (recorded in the ledger)"
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise LexiconError(label, f"not valid TOML ({exc})") from None
        _extend(raw, label, Path(name).stem, data)
    return raw


def _extend(
    raw: dict[str, tuple[str, dict[str, Any]]], label: str, stem: str, data: dict[str, Any]
) -> None:
    if stem not in raw:
        raise LexiconError(label, f"unknown lexicon file (expected one of: {', '.join(FILES)})")
    raw[stem] = (label, _merge(raw[stem][1], data))


def user_files(extra_dirs: Iterable[Path] | None = None) -> tuple[tuple[str, str], ...]:
    """The TOML files of user lexicon folders (None: $CLAIMLEDGER_LEXICON's) as (file name,
    text), in the order they extend the built-in lexicon: what a ledger records so that its
    lexicon travels with it."""
    out: list[tuple[str, str]] = []
    for d in _extra_dirs_from_env() if extra_dirs is None else extra_dirs:
        if not d.is_dir():
            raise LexiconError(str(d), "lexicon folder not found")
        for path in sorted(d.glob("*.toml")):
            try:
                out.append((path.name, path.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError) as exc:
                raise LexiconError(str(path), getattr(exc, "strerror", None) or str(exc)) from None
    return tuple(out)


# ---- the parsers, one per file --------------------------------------------------------------
def _metrics(file: str, d: dict[str, Any]) -> dict[str, Metric]:
    out: dict[str, Metric] = {}
    for i, m in enumerate(d.get("metric", [])):
        where = f"metric #{i + 1}"
        mid = _str(m, "id", file, where)
        kind = _str(m, "kind", file, f"metric {mid}")
        if kind not in METRIC_KINDS:
            raise _fail(file, f"metric {mid}", f"kind must be one of {METRIC_KINDS}")
        words = _strs(m, "words", file, f"metric {mid}")
        terms = _strs(m, "terms", file, f"metric {mid}")
        models = _strs(m, "models", file, f"metric {mid}")
        if mid in out:  # a user file adds synonyms to a built-in metric
            old = out[mid]
            words, terms, models = old.words + words, old.terms + terms, old.models + models
        out[mid] = Metric(mid, kind, words, terms, models)
    if not out:
        raise _fail(file, "metric", "no metrics defined")
    for rate in d.get("rate", []):
        _strs(rate, "phrase", file, "rate")
        if not isinstance(rate.get("per"), int | float) or rate["per"] <= 0:
            raise _fail(file, "rate", "'per' must be a positive number")
        if rate.get("unit") not in ("km", "mile", "day", "week", "month"):
            raise _fail(file, "rate", "'unit' must be km, mile, day, week or month")
    return out


def _parties(file: str, d: dict[str, Any]) -> dict[str, Party]:
    out: dict[str, Party] = {}
    for i, p in enumerate(d.get("party", [])):
        name = _str(p, "name", file, f"party #{i + 1}")
        out[name] = Party(
            name,
            _str(p, "adjective", file, f"party {name}"),
            _strs(p, "names", file, f"party {name}"),
            _strs(p, "proxies", file, f"party {name}"),
            bool(p.get("belligerent", False)),
        )
    return out


def _conflicts(
    file: str, d: dict[str, Any], parties: dict[str, Party], places: dict[str, Place]
) -> list[Conflict]:
    out: list[Conflict] = []
    for i, c in enumerate(d.get("conflict", [])):
        cid = _str(c, "id", file, f"conflict #{i + 1}")
        start = c.get("start")
        if not isinstance(start, date):
            raise _fail(file, f"conflict {cid}", "'start' must be a date (YYYY-MM-DD)")
        sides = c.get("sides", [])
        if not isinstance(sides, list) or not all(isinstance(s, list) for s in sides):
            raise _fail(file, f"conflict {cid}", "'sides' must be a list of lists of parties")
        for side in sides:
            for p in side:
                if p not in parties:
                    raise _fail(file, f"conflict {cid}", f"side names unknown party {p!r}")
        out.append(
            Conflict(
                cid,
                _str(c, "title", file, f"conflict {cid}"),
                start,
                tuple(tuple(s) for s in sides),
                _strs(c, "keywords", file, f"conflict {cid}"),
                _strs(c, "names", file, f"conflict {cid}"),
                bool(c.get("disaster", False)),
                _theatre(file, cid, c.get("theatre"), places),
                _side_words(file, cid, c, "side_words", sides),
                bool(c.get("civil_war", False)),
                _side_words(file, cid, c, "group_words", sides),
                _strs(c, "anchors", file, f"conflict {cid}"),
            )
        )
    return out


def _side_words(
    file: str, cid: str, c: dict[str, Any], key: str, sides: list[list[str]]
) -> tuple[tuple[str, str], ...]:
    words = c.get(key, {})
    if not isinstance(words, dict):
        raise _fail(file, f"conflict {cid}", f"'{key}' must map phrases to parties")
    members = {p for side in sides for p in side}
    out = []
    for phrase, party in words.items():
        if party not in members:
            raise _fail(file, f"conflict {cid}", f"side word {phrase!r}: {party!r} is no side")
        out.append((" ".join(norms(phrase)), str(party)))
    return tuple(out)


def _theatre(file: str, cid: str, theatre: Any, places: dict[str, Place]) -> str | None:
    if theatre is None:
        return None
    if theatre not in places:
        raise _fail(file, f"conflict {cid}", f"theatre {theatre!r} is not a place in places.toml")
    return str(theatre)


def _claimants(
    file: str, d: dict[str, Any], parties: dict[str, Party], places: dict[str, Place]
) -> tuple[dict[str, KnownClaimant], dict[str, Institution], dict[str, str]]:
    institutions: dict[str, Institution] = {}
    for key, inst in _table(d, "institution", file).items():
        institutions[key] = Institution(
            key,
            _str(inst, "display", file, f"institution {key}"),
            _strs(inst, "words", file, f"institution {key}"),
            _strs(inst, "describe", file, f"institution {key}"),
        )
    groups = _table(_table(d, "groups", file), "nouns", file)
    if not all(isinstance(v, str) for v in groups.values()):
        raise _fail(file, "groups.nouns", "values must be strings")
    out: dict[str, KnownClaimant] = {}
    for i, c in enumerate(d.get("claimant", [])):
        name = _str(c, "name", file, f"claimant #{i + 1}")
        where = f"claimant {name}"
        aff = _str(c, "affiliation", file, where)
        if aff not in parties:
            raise _fail(file, where, f"affiliation {aff!r} is not a party in parties.toml")
        kind = _str(c, "kind", file, where)
        if kind not in CLAIMANT_KINDS:
            raise _fail(file, where, f"kind must be one of {CLAIMANT_KINDS}")
        inst = c.get("institution")
        if inst is not None and inst not in institutions:
            raise _fail(file, where, f"unknown institution {inst!r}")
        scope = c.get("scope")
        if scope is not None and scope not in places:
            raise _fail(file, where, f"scope {scope!r} is not a place in places.toml")
        personnel_metric = c.get("personnel_metric")
        if personnel_metric is not None and not str(personnel_metric).startswith("personnel."):
            raise _fail(file, where, "personnel_metric must be a personnel.* metric id")
        out[name] = KnownClaimant(
            name,
            aff,
            kind,
            _strs(c, "aliases", file, where),
            _strs(c, "describe", file, where),
            inst,
            scope,
            personnel_metric,
            _str(c, "speaks_for", file, where, required=False) or None,
        )
    for k in out.values():
        if k.speaks_for is not None and k.speaks_for not in out:
            raise _fail(file, f"claimant {k.name}", f"speaks_for {k.speaks_for!r} is no claimant")
    return out, institutions, dict(groups)


def _places(file: str, d: dict[str, Any], parties: dict[str, Party]) -> dict[str, Place]:
    out: dict[str, Place] = {}
    for i, p in enumerate(d.get("places", [])):
        name = _str(p, "name", file, f"place #{i + 1}")
        kind = _str(p, "kind", file, f"place {name}")
        if kind not in PLACE_KINDS:
            raise _fail(file, f"place {name}", f"kind must be one of {PLACE_KINDS}")
        country = p.get("country")
        if country is not None and country not in parties:
            raise _fail(file, f"place {name}", f"country {country!r} is not a party")
        out[name] = Place(
            name,
            kind,
            country,
            _strs(p, "aliases", file, f"place {name}"),
            p.get("direction"),
            bool(p.get("capital", False)),
        )
    for pl in out.values():
        if pl.direction and pl.direction not in out:
            raise _fail(file, f"place {pl.name}", f"direction {pl.direction!r} is not a place")
    return out


def _subsets(file: str, g: dict[str, Any]) -> Subsets:
    table = _table(g, "subsets", file)
    nouns = _table(table, "nouns", file)
    out: dict[str, str] = {}
    for surface, subset in nouns.items():
        if not isinstance(subset, str) or not subset.strip() or not norms(surface):
            raise _fail(file, f"subsets.nouns.{surface}", "must map a word to a non-empty string")
        out[" ".join(norms(surface))] = subset
    return Subsets(
        markers=_strs(table, "markers", file, "subsets.markers"),
        partitives=_strs(table, "partitives", file, "subsets.partitives"),
        generic=frozenset(" ".join(norms(w)) for w in _strs(table, "generic", file, "subsets")),
        nouns=out,
        coordinators=frozenset(
            " ".join(norms(w)) for w in _strs(table, "coordinators", file, "subsets.coordinators")
        ),
    )


def build_lexicon(
    extra_dirs: Iterable[Path] = (), files: Iterable[tuple[str, str]] = ()
) -> Lexicon:
    """The built-in lexicon extended by user folders, then by user files given as
    (file name, TOML text) — those a ledger recorded."""
    raw = _raw(extra_dirs, files)
    tax_file, tax = raw["taxonomy"]
    metrics = _metrics(tax_file, tax)
    parties = _parties(*raw["parties"])
    places = _places(raw["places"][0], raw["places"][1], parties)
    conflicts = _conflicts(raw["conflicts"][0], raw["conflicts"][1], parties, places)
    claimants, institutions, groups = _claimants(
        raw["claimants"][0], raw["claimants"][1], parties, places
    )
    gram_file, grammar = raw["grammar"]
    places_file, places_raw = raw["places"]
    parties_file, parties_raw = raw["parties"]
    conflicts_file, conflicts_raw = raw["conflicts"]

    def grammar_section(cls: type[T], name: str) -> T:
        return read_section(cls, _table(grammar, name, gram_file), gram_file, name)

    def normed_section(cls: type[T], file: str, doc: dict[str, Any], name: str) -> T:
        return read_section(cls, _table(doc, name, file), file, name, normed)

    codes = _table(places_raw, "countries", places_file)
    for code, party in codes.items():
        if party not in parties:
            raise _fail(places_file, f"countries.{code}", f"{party!r} is not a party")
    distance = normed_section(DistanceWords, tax_file, tax, "distance")
    if not distance.units or not all(v > 0 for v in distance.units.values()):
        raise _fail(tax_file, "distance.units", "must map unit names to positive kilometres")
    lex = Lexicon(
        metrics=metrics,
        parties=parties,
        conflicts=conflicts,
        claimants=claimants,
        institutions=institutions,
        group_nouns=groups,
        places=places,
        taxonomy=tax,
        sector_nouns=frozenset(
            _strs(
                _table(places_raw, "sector", raw["places"][0]), "nouns", raw["places"][0], "sector"
            )
        ),
        place_anaphora=_strs(
            _table(places_raw, "anaphora", places_file), "words", places_file, "anaphora"
        ),
        event_anaphora=_strs(
            _table(places_raw, "anaphora", places_file), "events", places_file, "anaphora"
        ),
        country_codes=dict(codes),
        numbers=grammar_section(NumberWords, "numbers"),
        qualifiers=grammar_section(QualifierWords, "qualifiers"),
        phrase=grammar_section(PhraseWords, "phrase"),
        clauses=grammar_section(ClauseWords, "clauses"),
        attribution=grammar_section(AttributionWords, "attribution"),
        prefilter=grammar_section(PrefilterWords, "prefilter"),
        dateline=grammar_section(DatelineWords, "dateline"),
        periods=grammar_section(PeriodWords, "periods"),
        times=grammar_section(TimeWords, "times"),
        sites=grammar_section(SiteWords, "sites"),
        counting=grammar_section(CountingWords, "counting"),
        subjects=grammar_section(SubjectWords, "subjects"),
        placing=grammar_section(PlacingWords, "placing"),
        equipment=normed_section(EquipmentWords, tax_file, tax, "equipment"),
        people=normed_section(PeopleWords, tax_file, tax, "people"),
        distance=distance,
        locative=normed_section(LocativeWords, places_file, places_raw, "locative"),
        sides=read_word_tables(SideWords, parties_raw, parties_file),
        disasters=normed_section(DisasterWords, conflicts_file, conflicts_raw, "disasters"),
        subsets=_subsets(gram_file, grammar),
    )
    _build_indexes(lex)
    return lex


def _build_indexes(lex: Lexicon) -> None:
    ix: dict[str, PhraseIndex[Any]] = {}

    equipment: PhraseIndex[str] = PhraseIndex()
    casualty: PhraseIndex[str] = PhraseIndex()
    for m in lex.metrics.values():
        equipment.add_all(m.terms, m.id)
        equipment.add_all(m.models, m.id)
        casualty.add_all(m.words, m.id)
    ix["equipment"] = equipment
    ix["casualty"] = casualty

    people: PhraseIndex[str] = PhraseIndex()
    for group, words in (
        ("military", lex.people.military),
        ("civilian", lex.people.civilian),
        ("ambiguous", lex.people.ambiguous),
    ):
        people.add_all(words.written, group)
    ix["people"] = people

    rates: PhraseIndex[RatePhrase] = PhraseIndex()
    for r in lex.taxonomy.get("rate", []):
        rates.add_all(r["phrase"], RatePhrase(float(r["per"]), r["unit"]))
    ix["rate"] = rates

    units: PhraseIndex[float] = PhraseIndex()
    for unit, km in lex.distance.units.items():
        units.add(unit, float(km))
    ix["distance_unit"] = units

    parties: PhraseIndex[tuple[str, str]] = PhraseIndex()
    for p in lex.parties.values():
        for n in (*p.names, *p.proxies):
            parties.add(n, (p.name, n))
    ix["party"] = parties

    qualifiers: PhraseIndex[str] = PhraseIndex()
    q = lex.qualifiers
    for qual, words in (
        ("approx", q.approx),
        ("more_than", q.more_than),
        ("at_least", q.at_least),
        ("less_than", q.less_than),
        ("at_most", q.at_most),
        ("exact", q.exact),
    ):
        qualifiers.add_all(words.written, qual)
    ix["qualifier"] = qualifiers

    places: PhraseIndex[str] = PhraseIndex()
    for pl in lex.places.values():
        places.add(pl.name, pl.name)
        places.add_all(pl.aliases, pl.name)
    ix["place"] = places

    claimants: PhraseIndex[str] = PhraseIndex()
    for c in lex.claimants.values():
        claimants.add(c.name, c.name)
        claimants.add_all(c.aliases, c.name)
    ix["claimant"] = claimants

    institutions: PhraseIndex[str] = PhraseIndex()
    for inst in lex.institutions.values():
        institutions.add_all(inst.words, inst.key)
    ix["institution"] = institutions

    groups: PhraseIndex[str] = PhraseIndex()
    for noun, label in lex.group_nouns.items():
        groups.add(noun, label)
    ix["group"] = groups

    # One index per conflict: "the war" names a different war in each.
    for conflict in lex.conflicts:
        names: PhraseIndex[str] = PhraseIndex()
        names.add_all(conflict.names, conflict.id)
        ix[f"conflict_name:{conflict.id}"] = names

    lex.indexes = ix


def _extra_dirs_from_env() -> tuple[Path, ...]:
    env = os.environ.get("CLAIMLEDGER_LEXICON", "")
    return tuple(Path(p) for p in env.split(os.pathsep) if p)


@lru_cache(maxsize=8)
def load_lexicon(extra_dirs: tuple[Path, ...] | None = None) -> Lexicon:
    """The built-in lexicons, extended by user folders (default: $CLAIMLEDGER_LEXICON)."""
    return build_lexicon(_extra_dirs_from_env() if extra_dirs is None else extra_dirs)


@lru_cache(maxsize=8)
def _recorded_lexicon(files: tuple[tuple[str, str], ...]) -> Lexicon:
    return build_lexicon((), files) if files else load_lexicon(())


def ledger_lexicon(
    recorded: Iterable[tuple[str, str]], extra_dirs: tuple[Path, ...] | None = None
) -> Lexicon:
    """The lexicon to analyse a ledger with: the folders given (`--lexicon`; None: those of
    $CLAIMLEDGER_LEXICON) when there are any, else the built-in lexicon extended by the user
    files the ledger recorded at ingest."""
    explicit = _extra_dirs_from_env() if extra_dirs is None else extra_dirs
    if explicit:
        return load_lexicon(explicit)
    return _recorded_lexicon(tuple((str(n), str(t)) for n, t in recorded))
