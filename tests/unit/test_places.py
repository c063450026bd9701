"""Where each figure is about: gazetteer spellings, sectors, oblasts, the most specific place,
places that refer back, and places that are not the figure's (in an attribution)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.extraction.pipeline import Extractor
from claimledger.extraction.places import _Clauses, _Grammar
from claimledger.extraction.tokens import Token, tokenize
from claimledger.lexicon import build_lexicon, load_lexicon
from claimledger.model import Claim, Document
from tests.support.extracthelp import PUBLISHED, claims, one

RU = "Russia's defence ministry said"
UA = "Ukraine's military said"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("near Avdeyevka", "Avdiivka"),
        ("near Avdiivka", "Avdiivka"),
        ("near Krasny Liman", "Lyman"),
        ("near Artemovsk", "Bakhmut"),
        ("near Kupyansk", "Kupiansk"),
        ("near Ugledar", "Vuhledar"),
        ("in the Zaporizhzhia direction", "Zaporizhzhia Oblast"),
        ("in the Kharkiv direction", "Kharkiv Oblast"),
        ("in Donetsk Oblast", "Donetsk Oblast"),
        ("in the Donetsk region", "Donetsk Oblast"),
        ("in the Belgorod region", "Belgorod Oblast"),
    ],
)
def test_gazetteer_spellings_and_sectors(written: str, canonical: str) -> None:
    c = one(f"{RU} 40 Ukrainian soldiers were killed {written}.")
    assert c.location == canonical


@pytest.mark.parametrize(
    "where",
    ["around Bakhmut in Donetsk Oblast", "in Donetsk Oblast, around Bakhmut"],
)
def test_most_specific_place_wins(where: str) -> None:
    c = one(f"{UA} 40 Russian soldiers were killed {where}.")
    assert c.location == "Bakhmut"


def test_the_town_refers_back() -> None:
    text = (
        "Fighting raged in Bakhmut on Sunday. "
        f"{UA} 40 Russian soldiers were killed around the town."
    )
    assert one(text).location == "Bakhmut"


def test_each_figure_takes_its_own_town() -> None:
    found = claims(f"{UA} 40 Russian soldiers were killed near Soledar and 12 near Bakhmut.")
    assert [(c.value.low, c.location) for c in found] == [(40, "Soledar"), (12, "Bakhmut")]


def test_a_region_covers_every_figure_of_its_sentence() -> None:
    found = claims(
        f"{UA} 40 Russian soldiers were killed and 12 tanks destroyed in the Zaporizhzhia "
        "direction."
    )
    assert [(c.metric, c.location) for c in found] == [
        ("personnel.killed", "Zaporizhzhia Oblast"),
        ("equipment.tanks", "Zaporizhzhia Oblast"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "At a briefing in London, Britain's defence ministry said Russia had lost 40 tanks.",
        "Britain's defence ministry said at a briefing in London that Russia had lost 40 tanks.",
        "Speaking at a briefing in Kyiv, Serhiy Cherevatyi said 40 Russian soldiers were killed.",
    ],
)
def test_place_of_an_attribution_is_not_the_figure_s(text: str) -> None:
    assert one(text).location is None


def test_place_of_an_attribution_beside_the_figure_s_place() -> None:
    c = one(
        "Speaking at a briefing in Kyiv, Serhiy Cherevatyi said 40 Russian soldiers were killed "
        "near Bakhmut."
    )
    assert c.location == "Bakhmut"


def test_place_of_the_agent_is_not_the_figure_s() -> None:
    c = one(
        "Ukraine's air force said 12 drones launched by Russia from Kursk Oblast were shot "
        "down over Kyiv."
    )
    assert (c.metric, c.location) == ("equipment.uav", "Kyiv")


def test_no_place_named() -> None:
    assert one(f"{UA} 40 Russian soldiers were killed in the past day.").location is None


def test_claimant_scope_when_no_place_is_named() -> None:
    c = one(
        "The Gaza Health Ministry said 300 people had been killed in the past day.",
        published=date(2023, 11, 10),
    )
    assert c.location == "Gaza Strip"


# -- Syria and the finer kinds of place (towns, districts) -------------------------------------

SOHR = "the Syrian Observatory for Human Rights said"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("in Deir Ezour", "Deir ez-Zor"),
        ("in Deir al-Zor province", "Deir ez-Zor"),
        ("in Raqa province", "Raqqa"),
        ("in Idleb", "Idlib"),
        ("in Khan Shaykhun", "Khan Sheikhoun"),
        ("in Marat Al Noman", "Maaret al-Numan"),
        ("in Eastern Ghouta", "Eastern Ghouta"),
        ("in the Yarmouk camp", "Yarmouk"),
    ],
)
def test_syrian_spellings(written: str, canonical: str) -> None:
    c = one(f"Air strikes killed 12 civilians {written} on Monday, {SOHR}.")
    assert c.location == canonical


@pytest.mark.parametrize(
    "where",
    [
        "in the town of Saraqeb in Idlib province",
        "in Idlib province's town of Saraqeb",
        "in Idlib province, in the town of Saraqeb",
    ],
)
def test_a_town_is_finer_than_its_governorate(where: str) -> None:
    c = one(f"Barrel bombs killed nine civilians {where}, {SOHR}.")
    assert c.location == "Saraqib"


def test_a_district_is_finer_than_its_city() -> None:
    c = one(f"Shells killed four people in the Jobar district of Damascus, {SOHR}.")
    assert c.location == "Jobar"


@pytest.mark.parametrize(
    "where",
    ["in the rebel stronghold of Douma", "in the besieged neighbourhood of Jobar"],
)
def test_a_place_after_a_settlement_noun_and_of(where: str) -> None:
    c = one(f"Air raids killed 14 civilians {where}, {SOHR}.")
    assert c.location in ("Douma", "Jobar")


def test_the_object_of_a_strike_is_where() -> None:
    c = one(f"Russian jets pounded Ariha overnight, killing 12 civilians, {SOHR}.")
    assert c.location == "Ariha"


def test_residents_of_a_town() -> None:
    c = one("The governor said five Kharkiv residents were killed by the strike on Tuesday.")
    assert c.location == "Kharkiv"


def test_a_place_after_the_only_part_covers_the_whole() -> None:
    found = claims(f"An air strike killed 18 people including five children in Ariha, {SOHR}.")
    assert [(c.value.low, c.location) for c in found] == [(18, "Ariha"), (5, "Ariha")]


def test_a_part_named_before_the_verb_does_not_keep_the_place() -> None:
    found = claims(
        f"Fifteen civilians among them 11 children were killed in a barrel bomb attack on "
        f"Douma, {SOHR}."
    )
    assert {c.location for c in found} == {"Douma"}


@pytest.mark.parametrize(
    "where", ["over the Belgorod and Kursk regions", "in the Kherson and Zaporizhzhia regions"]
)
def test_a_toll_over_several_places_has_none(where: str) -> None:
    c = one(f"{RU} air defences destroyed 47 Ukrainian drones {where} overnight.")
    assert c.location is None


# -- Names no gazetteer knows, made places by their noun ---------------------------------------


@pytest.mark.parametrize(
    ("where", "name"),
    [
        ("in the village of Tell Qasrani", "Tell Qasrani"),
        ("in the rebel-held town of Kafr Zuhayra", "Kafr Zuhayra"),
        ("in the Bab al-Qasrani neighbourhood of Aleppo", "Bab al-Qasrani"),
        ("near the Qasrani refugee camp", None),
    ],
)
def test_a_settlement_noun_makes_a_name_a_place(where: str, name: str | None) -> None:
    c = one(f"Air strikes killed 11 civilians {where} on Monday, {SOHR}.")
    if name is not None:
        assert c.location == name


def test_an_unknown_town_takes_the_state_its_phrase_names() -> None:
    c = one(
        f"Shelling killed seven civilians in the northern Syrian village of Tell Qasrani, {SOHR}."
    )
    assert (c.location, c.subject) == ("Tell Qasrani", "Syria")


def test_a_nationality_before_town_is_no_name() -> None:
    c = one(f"A car bomb killed 22 people in a predominantly Kurdish town on Wednesday, {SOHR}.")
    assert c.location != "Kurdish"


@pytest.mark.parametrize(
    "text",
    [
        f"Two mortar rounds hit the Jobar district, wounding four people, {SOHR}.",
        f"Jobar was shelled on Saturday, and four people were wounded, {SOHR}.",
        f"The attack against Jobar wounded four people, {SOHR}.",
    ],
)
def test_a_strike_s_object_without_a_preposition(text: str) -> None:
    assert one(text).location == "Jobar"


def test_while_opens_a_clause_with_its_own_place() -> None:
    found = claims(
        f"Rebel rockets killed 10 people in Damascus while air strikes on Douma killed 82, {SOHR}."
    )
    assert [(c.value.low, c.location) for c in found] == [(10, "Damascus"), (82, "Douma")]


@pytest.mark.parametrize(
    ("written", "canonical", "state"),
    [
        ("in China's southern Guangdong province", "Guangdong", "China"),
        ("in Sichuan Province", "Sichuan", "China"),
        ("on the island of Nias", "Nias", "Indonesia"),
        ("in Indonesia's Aceh province", "Aceh", "Indonesia"),
        ("in Mogadishu", "Mogadishu", "Somalia"),
        ("in the northern state of Bihar", "Bihar", "India"),
        ("in Pakistan's Sindh province", "Sindh", "Pakistan"),
        ("in state capital Lucknow", "Lucknow", "India"),
        ("in the eastern port of Batticaloa", "Batticaloa", "Sri Lanka"),
        ("in central Mozambique's Sofala province", "Sofala", "Mozambique"),
    ],
)
def test_disaster_provinces_and_cities(written: str, canonical: str, state: str) -> None:
    c = one(f"Officials said floods killed 31 people {written} this week.")
    assert (c.location, c.subject) == (canonical, state)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Kyiv regional governor Ruslan Kravchenko said three people were killed.", "Kyiv Oblast"),
        (
            "Kharkiv regional governor Oleh Synehubov said three people were killed.",
            "Kharkiv Oblast",
        ),
        ("Kharkiv Mayor Ihor Terekhov said three people were killed.", "Kharkiv"),
    ],
)
def test_a_regional_official_speaks_about_the_oblast(text: str, canonical: str) -> None:
    assert one(text).location == canonical


def test_the_place_a_where_clause_hangs_from() -> None:
    found = claims(
        "The UN mission named Kharkiv, the country's second city, where attacks killed 30 "
        "civilians and injured 150 in May."
    )
    assert [(c.value.low, c.location) for c in found] == [(30, "Kharkiv"), (150, "Kharkiv")]


def test_a_storm_that_hit_a_city_is_where_its_dead_are() -> None:
    c = one("Another 41 were killed on Friday when a cyclone hit Chittagong.")
    assert (c.location, c.subject) == ("Chittagong", "Bangladesh")


def test_a_world_city_gives_its_state_through_the_country_codes() -> None:
    # Galle-like towns the gazetteer lacks: the world list's country code of any party.
    c = one("Officials said 12 people drowned in Kandy after the river rose.")
    assert c.subject == "Sri Lanka"


def test_a_subdistrict_takes_the_state_of_the_place_it_is_in() -> None:
    c = one("Two farmers were killed in Sukamaju subdistrict, Yogyakarta, when a wall fell.")
    assert (c.location, c.subject) == ("Sukamaju", "Indonesia")


def test_a_toll_across_continents_has_no_one_place() -> None:
    c = one("More than 9,000 people died as the storm crossed coasts in Asia and Africa.")
    assert (c.location, c.subject) == (None, None)


def test_the_outlet_s_running_total_of_a_years_long_war_has_no_place() -> None:
    c = one(
        "Well over 290,000 people have been killed in Syria since the war began in 2011.",
        published=date(2016, 9, 2),
    )
    assert c.claimant.name is None and c.period.cumulative
    assert c.location is None


def test_a_source_s_running_total_of_the_war_keeps_its_country() -> None:
    c = one(
        "The UN mission said it recorded 9,400 civilians killed in Ukraine since February 2022.",
        published=date(2023, 9, 2),
    )
    assert c.location == "Ukraine"


def test_the_outlet_s_total_of_a_war_days_old_keeps_its_country() -> None:
    c = one(
        "Nearly 900 people have been killed in Sudan since Saturday.", published=date(2023, 4, 20)
    )
    assert c.location == "Sudan"


def _titled(title: str, text: str) -> list[tuple[float | None, str | None]]:
    found = Extractor(load_lexicon()).extract(
        Document(id="t", text=text, published=date(2016, 6, 13), title=title)
    )
    return [(c.value.low, c.location) for c in found]


def test_a_figure_naming_no_place_is_where_the_headline_s_toll_is() -> None:
    text = (
        "Barrel bombs killed 12 people in Jisr al-Shughur on Sunday, activists said. "
        "Seven more died of their wounds overnight, a medic said."
    )
    assert _titled("Barrel bombs kill 19 in Jisr al-Shughur", text) == [
        (12, "Jisr al-Shughur"),
        (7, "Jisr al-Shughur"),
    ]
    # a headline with no toll, or a place it does not put the event in, locates nothing
    assert _titled("Talks stall as bombing goes on near Jisr al-Shughur", text)[1] == (7, None)
    assert _titled("Kafr Nabl activists count 19 killed", text)[1] == (7, None)


# -- its words are data ----------------------------------------------------------------------------


def _with_lexicon(folder: Path, files: dict[str, str], text: str) -> list[Claim]:
    """The claims of `text` read with the built-in lexicon extended by `files` (name → TOML)."""
    folder.mkdir(exist_ok=True)
    for name, body in files.items():
        (folder / name).write_text(body, encoding="utf-8")
    return Extractor(build_lexicon((folder,))).extract(Document("t", text, published=PUBLISHED))


def test_the_nouns_of_a_state_s_own_ground_are_lexicon_data(tmp_path: Path) -> None:
    # "over Russian territory" names the state as a place; a user lexicon adds "ground".
    assert one(f"{RU} 12 Ukrainian drones were shot down over Russian territory.").location == (
        "Russia"
    )
    text = f"{RU} 12 Ukrainian drones were shot down over Russian ground."
    assert one(text).location is None
    found = _with_lexicon(
        tmp_path / "lex", {"places.toml": '[locative]\nterritory_nouns = ["ground"]\n'}, text
    )
    assert [(c.value.low, c.location) for c in found] == [(12, "Russia")]


def _running_counts(g: _Grammar, toks: list[Token]) -> tuple[list[int], list[int]]:
    """The clause counts token by token (the plain form of `_Clauses`)."""
    main, sub = [0], [0]
    for k, t in enumerate(toks):
        nxt = toks[k + 1].norm if t.text == "," and k + 1 < len(toks) else ""
        contrast = k + 1 < len(toks) and toks[k + 1].norm in g.contrast
        main.append(main[-1] + (t.text == ";" or nxt in g.clause_words or contrast))
        sub.append(sub[-1] + (t.text == ";" or nxt in g.subordinate))
    return main, sub


@given(
    st.lists(
        st.sampled_from(
            [",", ";", "and", "but", "while", "Whereas", "as", "after", "when", "until", "x", "."]
        ),
        max_size=14,
    )
)
@settings(max_examples=300, deadline=None)
def test_clause_breaks_are_the_running_counts(words: list[str]) -> None:
    toks = tokenize(" ".join(words))
    g = load_lexicon().tables(_Grammar)
    clauses = _Clauses(g, toks)
    main, sub = _running_counts(g, toks)
    for a in range(len(toks) + 1):
        for b in range(len(toks) + 1):
            assert clauses.same(a, b) == (main[a] == main[b])
            assert clauses.same(a, b, subordinate=True) == (sub[a] == sub[b])
