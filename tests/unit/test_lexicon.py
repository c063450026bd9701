"""The lexicons as data: the built-in files validate, a user folder extends them without code
changes, and a bad file is reported with the file and the entry at fault."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claimledger.errors import LexiconError
from claimledger.extraction.pipeline import Extractor
from claimledger.lexicon import DATA, build_lexicon, load_lexicon
from claimledger.model import Document
from tests.support.extracthelp import PUBLISHED

# The taxonomy of claims.md (v1).
TAXONOMY = {
    "personnel.killed": "personnel",
    "personnel.wounded": "personnel",
    "personnel.killed_or_wounded": "personnel",
    "personnel.captured": "personnel",
    "personnel.missing": "personnel",
    "equipment.aircraft": "equipment",
    "equipment.helicopters": "equipment",
    "equipment.tanks": "equipment",
    "equipment.armored_vehicles": "equipment",
    "equipment.artillery": "equipment",
    "equipment.mlrs": "equipment",
    "equipment.air_defense": "equipment",
    "equipment.uav": "equipment",
    "equipment.ships": "equipment",
    "equipment.vehicles": "equipment",
    "equipment.special_equipment": "equipment",
    "equipment.missile_launchers": "equipment",
    "munitions.cruise_missiles": "equipment",
    "territory.advance_km": "territory",
}

KILLED = "Ukraine's military said 300 Russian soldiers were annihilated near Bakhmut."
RADARS = "Ukraine's military said its forces destroyed 4 Russian radars."


def extract_with(lexicon_dir: Path | None, text: str) -> list[tuple[str, float | None, str | None]]:
    lex = build_lexicon((lexicon_dir,) if lexicon_dir else ())
    doc = Document("t", text, PUBLISHED)
    return [(c.metric, c.value.low, c.subject) for c in Extractor(lex).extract(doc)]


def write(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


# -- the built-in lexicon --------------------------------------------------------------------------


def test_built_in_lexicon_validates_with_the_claims_md_taxonomy() -> None:
    lex = build_lexicon(())
    assert {m.id: m.kind for m in lex.metrics.values()} == TAXONOMY


def test_built_in_conflict_registry() -> None:
    starts = {c.id: c.start for c in build_lexicon(()).conflicts}
    assert starts["russia-ukraine-2022"] == date(2022, 2, 24)
    assert starts["israel-hamas-2023"] == date(2023, 10, 7)
    assert starts["sudan-2023"] == date(2023, 4, 15)


def test_built_in_claimants_name_known_parties() -> None:
    lex = build_lexicon(())
    assert lex.claimants["Russian Ministry of Defence"].affiliation == "Russia"
    assert (
        lex.claimant_by_alias("Russia's defence ministry")
        is lex.claimants["Russian Ministry of Defence"]
    )
    for k in lex.claimants.values():
        assert k.affiliation in lex.parties, k.name


def test_built_in_proxies() -> None:
    assert "Wagner" in build_lexicon(()).parties["Russia"].proxies


def test_load_lexicon_is_cached() -> None:
    assert load_lexicon(()) is load_lexicon(())


# -- a user folder ---------------------------------------------------------------------------------


def test_user_folder_adds_a_synonym_and_a_metric(tmp_path: Path) -> None:
    user = tmp_path / "lexicon"
    write(
        user,
        "taxonomy.toml",
        '[[metric]]\nid = "personnel.killed"\nkind = "personnel"\nwords = ["annihilated"]\n\n'
        '[[metric]]\nid = "equipment.radars"\nkind = "equipment"\n'
        'terms = ["radars", "radar stations"]\n',
    )
    # Without the folder neither sentence is a claim …
    assert extract_with(None, KILLED) == []
    assert extract_with(None, RADARS) == []
    # … with it, both are.
    assert extract_with(user, KILLED) == [("personnel.killed", 300, "Russia")]
    assert extract_with(user, RADARS) == [("equipment.radars", 4, "Russia")]
    lex = build_lexicon((user,))
    assert "annihilated" in lex.metrics["personnel.killed"].words
    assert "killed" in lex.metrics["personnel.killed"].words  # built-in words kept
    assert lex.metrics["equipment.radars"].kind == "equipment"


def test_user_folder_adds_a_claimant(tmp_path: Path) -> None:
    user = tmp_path / "lexicon"
    write(
        user,
        "claimants.toml",
        '[[claimant]]\nname = "Southern Defence Forces"\naffiliation = "Ukraine"\n'
        'kind = "body"\naliases = ["Ukraine\'s southern command"]\n',
    )
    lex = build_lexicon((user,))
    doc = Document(
        "t",
        "Ukraine's southern command said 40 Russian soldiers were killed near Kherson.",
        PUBLISHED,
    )
    [c] = Extractor(lex).extract(doc)
    assert (c.claimant.name, c.claimant.affiliation) == ("Southern Defence Forces", "Ukraine")


def test_user_folder_through_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "lexicon"
    write(user, "taxonomy.toml", '[[metric]]\nid = "equipment.radars"\nkind = "equipment"\n')
    monkeypatch.setenv("CLAIMLEDGER_LEXICON", str(user))
    load_lexicon.cache_clear()
    try:
        assert "equipment.radars" in load_lexicon().metrics
    finally:
        monkeypatch.delenv("CLAIMLEDGER_LEXICON")
        load_lexicon.cache_clear()


# -- invalid files ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "body", "entry", "reason"),
    [
        (
            "taxonomy.toml",
            '[[metric]]\nid = "equipment.radars"\nkind = "gadgets"\nterms = ["radars"]\n',
            "metric equipment.radars",
            "kind must be one of",
        ),
        (
            "taxonomy.toml",
            '[[metric]]\nid = "equipment.radars"\nkind = "equipment"\nterms = "radars"\n',
            "metric equipment.radars",
            "'terms' must be a list",
        ),
        (
            "claimants.toml",
            '[[claimant]]\nname = "Atlantis Ministry"\naffiliation = "Atlantis"\nkind = "body"\n',
            "claimant Atlantis Ministry",
            "affiliation 'Atlantis' is not a party",
        ),
        (
            "claimants.toml",
            '[[claimant]]\nname = "Kyiv Mayor"\naffiliation = "Ukraine"\nkind = "robot"\n',
            "claimant Kyiv Mayor",
            "kind must be one of",
        ),
        (
            "places.toml",
            'places = [{ name = "Foo", kind = "planet", country = "Ukraine" }]\n',
            "place Foo",
            "kind must be one of",
        ),
        (
            "places.toml",
            'places = [{ name = "Foo", kind = "city", country = "Atlantis" }]\n',
            "place Foo",
            "country 'Atlantis' is not a party",
        ),
        (
            "conflicts.toml",
            '[[conflict]]\nid = "x"\ntitle = "X"\nstart = "soon"\nsides = []\n',
            "conflict x",
            "'start' must be a date",
        ),
        # Typed sections: a misspelt list, a wrong type, a table of the wrong shape.
        (
            "grammar.toml",
            '[attribution]\nverbz = ["opined"]\n',
            "attribution",
            "unknown key 'verbz'",
        ),
        ("grammar.toml", '[numbers]\nmax_count = "many"\n', "numbers.max_count", "must be int"),
        (
            "grammar.toml",
            "[qualifiers]\nhedges = [1, 2]\n",
            "qualifiers.hedges",
            "list of non-empty",
        ),
        (
            "taxonomy.toml",
            "[distance.units]\nleague = -4\n",
            "distance.units",
            "positive kilometres",
        ),
        ("parties.toml", '[enemy]\nword = ["foe"]\n', "enemy", "one key, 'words'"),
    ],
)
def test_invalid_entry_names_file_and_entry(
    tmp_path: Path, name: str, body: str, entry: str, reason: str
) -> None:
    path = write(tmp_path / "lexicon", name, body)
    with pytest.raises(LexiconError) as info:
        build_lexicon((path.parent,))
    err = info.value
    assert err.file == str(path)
    assert err.reason.startswith(f"{entry}: ")
    assert reason in err.reason
    assert "\n" not in str(err)


def test_bad_toml(tmp_path: Path) -> None:
    path = write(tmp_path / "lexicon", "grammar.toml", "this is = not = toml\n")
    with pytest.raises(LexiconError) as info:
        build_lexicon((path.parent,))
    assert info.value.file == str(path)
    assert "not valid TOML" in info.value.reason
    assert "line 1" in info.value.reason


def test_unknown_file_name(tmp_path: Path) -> None:
    path = write(tmp_path / "lexicon", "weapons.toml", "x = 1\n")
    with pytest.raises(LexiconError) as info:
        build_lexicon((path.parent,))
    assert info.value.file == str(path)
    assert "unknown lexicon file" in info.value.reason
    assert "taxonomy" in info.value.reason  # says which names are expected


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(LexiconError) as info:
        build_lexicon((tmp_path / "nowhere",))
    assert info.value.file == str(tmp_path / "nowhere")
    assert "not found" in info.value.reason


def test_built_in_files_are_the_known_names() -> None:
    assert {p.stem for p in DATA.glob("*.toml")} == {
        "taxonomy",
        "grammar",
        "parties",
        "conflicts",
        "claimants",
        "places",
    }


def test_a_user_file_extends_a_typed_section(tmp_path: Path) -> None:
    user = write(tmp_path / "lexicon", "grammar.toml", '[attribution]\nverbs = ["Opined"]\n')
    lex = build_lexicon((user.parent,))
    verbs = lex.attribution.verbs
    assert {"opined", "said"} <= verbs  # the built-in list, extended; keys lowercased
    assert verbs.written[-1] == "Opined"  # as written, in file order
    assert "opined" not in build_lexicon(()).attribution.verbs
