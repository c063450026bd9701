"""Whose losses a figure counts (subject, with proxies mapped and their surface name kept) and,
for people, which group: military, civilian or unspecified."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claimledger.extraction.pipeline import Extractor
from claimledger.lexicon import build_lexicon, load_lexicon
from claimledger.model import Claim, Document
from tests.support.extracthelp import PUBLISHED, claims, doc, one

RU = "Russia's defence ministry said"
UA = "Ukraine's military said"
GAZA_DAY = date(2023, 11, 10)


# -- the counted phrase ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        (f"{UA} 300 Ukrainian servicemen were killed.", "Ukraine"),
        (f"{RU} 300 Ukrainian servicemen were killed.", "Ukraine"),
        (f"{UA} 300 Russian soldiers were killed.", "Russia"),
        (f"{RU} 300 Russian soldiers were killed.", "Russia"),
        (f"{UA} its forces destroyed 12 Russian tanks.", "Russia"),
    ],
)
def test_subject_from_the_counted_phrase(text: str, subject: str) -> None:
    assert one(text).subject == subject


def test_of_its_soldiers_is_the_claimant_s_own_side() -> None:
    c = one(f"{UA} 134 of its soldiers were killed.")
    assert (c.subject, c.value.low, c.group) == ("Ukraine", 134, "military")


def test_the_side_that_lost() -> None:
    c = one(f"{RU} Ukraine lost 300 servicemen.")
    assert (c.metric, c.subject) == ("personnel.killed_or_wounded", "Ukraine")


# -- proxies ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        (f"{UA} 300 Wagner fighters were killed near Bakhmut.", "Wagner"),
        (f"{UA} Wagner lost 300 fighters near Bakhmut.", "Wagner"),
        (f"{UA} the Wagner Group had lost 300 men near Bakhmut.", "Wagner Group"),
    ],
)
def test_proxy_maps_to_its_party_and_keeps_its_name(text: str, surface: str) -> None:
    c = one(text)
    assert c.subject == "Russia"
    assert c.subject_surface == surface
    assert "subject_surface" not in c.to_dict()  # not part of the JSON contract


def test_each_figure_keeps_its_own_surface_name() -> None:
    found = claims(f"{RU} 300 Ukrainian servicemen were killed, 80 Wagner fighters were wounded.")
    assert [(c.metric, c.subject, c.subject_surface) for c in found] == [
        ("personnel.killed", "Ukraine", "Ukrainian"),
        ("personnel.wounded", "Russia", "Wagner"),
    ]


# -- "the enemy" and the agent of the harm ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        (f"{RU} the enemy lost 300 soldiers.", "Ukraine"),
        (f"{UA} the enemy lost 300 soldiers.", "Russia"),
        (f"{RU} its forces destroyed 120 enemy tanks.", "Ukraine"),
        (f"{RU} it had killed 300 enemy soldiers.", "Ukraine"),
    ],
)
def test_the_enemy_is_the_claimant_s_opponent(text: str, subject: str) -> None:
    assert one(text).subject == subject


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        (f"{UA} Ukrainian forces destroyed 581 tanks.", "Russia"),
        (f"{RU} Russian forces destroyed 120 tanks.", "Ukraine"),
        (f"{UA} Russian shelling killed 12 civilians in Kherson.", "Ukraine"),
        (f"{RU} Russian air defences shot down 40 drones.", "Ukraine"),
    ],
)
def test_the_agent_s_opponent_lost(text: str, subject: str) -> None:
    assert one(text).subject == subject


def test_made_in_is_not_whose() -> None:
    c = one(f"{RU} Ukrainian forces lost 120 US-made Bradley fighting vehicles.")
    assert (c.metric, c.subject) == ("equipment.armored_vehicles", "Ukraine")


def test_killed_and_another_wounded_share_the_side() -> None:
    found = claims(
        "Serhiy Cherevatyi said 239 Russian soldiers were killed and another 293 injured."
    )
    assert [(c.metric, c.subject) for c in found] == [
        ("personnel.killed", "Russia"),
        ("personnel.wounded", "Russia"),
    ]


# -- group -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "group"),
    [
        (f"{UA} 300 Russian soldiers were killed.", "military"),
        (f"{UA} Russia lost 900 servicemen.", "military"),
        (f"{UA} Wagner lost 300 fighters near Bakhmut.", "military"),
        (f"{UA} Russian shelling killed 12 civilians in Kherson.", "civilian"),
        (f"{UA} Russian shelling killed four children in Kherson.", "civilian"),
        (
            f"{UA} Russian strikes killed 20 people in Kharkiv, most of them civilians.",
            "unspecified",
        ),
    ],
)
def test_group(text: str, group: str) -> None:
    assert one(text).group == group


def test_hostages_are_unspecified() -> None:
    c = one("Israel's military said Hamas was holding 240 hostages in Gaza.", published=GAZA_DAY)
    assert (c.metric, c.value.low, c.group) == ("personnel.captured", 240, "unspecified")


def test_civilian_sub_count_of_a_civilian_toll() -> None:
    found = claims(
        "The UN human rights office said 8,000 civilians had been killed in Ukraine, including "
        "560 children."
    )
    assert [(c.subject, c.group) for c in found] == [
        ("Ukraine", "civilian"),
        ("Ukraine", "civilian"),
    ]


def test_equipment_has_no_group() -> None:
    assert one(f"{UA} its forces destroyed 12 Russian tanks.").group is None


# -- Syria's civil war: the people are the state's, armed groups by name or by context -----------

SYRIA_DAY = date(2016, 5, 10)
SYRIA = "Fighting went on around Aleppo and Idlib in Syria. "


def _syria(text: str) -> list[tuple[str, float | None, str | None]]:
    return [(c.metric, c.value.low, c.subject) for c in claims(SYRIA + text, SYRIA_DAY)]


@pytest.mark.parametrize(
    "text",
    [
        "Regime shelling killed 14 people in the town of Saraqeb, a monitor said.",
        "Rebel rocket fire killed 9 civilians in western Aleppo, state media said.",
        "Two suicide bombers killed at least 7 people near a police station, SANA said.",
        "Government air strikes killed 23 civilians including 8 children, activists said.",
    ],
)
def test_a_civil_war_s_people_are_the_state_s_whoever_killed_them(text: str) -> None:
    assert {s for _, _, s in _syria(text)} == {"Syria"}


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("The army killed 40 militants of the Islamic State, SANA said.", "Islamic State"),
        ("Air strikes killed 25 jihadists from the Islamic State group.", "Islamic State"),
        ("At least 12 Syrian rebels were killed in an ambush.", "Syrian opposition"),
        ("Troops killed 31 fighters of Jaish al-Islam in Douma.", "Syrian opposition"),
        ("Kurdish officials said 6 SDF fighters were killed.", "Syrian Democratic Forces"),
    ],
)
def test_a_syrian_armed_group_named_in_the_counted_phrase(text: str, subject: str) -> None:
    assert [s for _, _, s in _syria(text)] == [subject]


def test_militants_are_the_group_the_text_is_about() -> None:
    found = _syria(
        "Daesh fighters tried to break out of Raqqa on Tuesday. "
        "Warplanes hit the convoy and some 60 terrorists were killed, a military source said."
    )
    assert found == [("personnel.killed", 60, "Islamic State")]
    found = _syria(
        "Ahrar al-Sham units attacked army posts south of the city. "
        "Over 45 militants were killed in the clashes, state television said."
    )
    assert found == [("personnel.killed", 45, "Syrian opposition")]


def test_a_part_is_of_its_whole_s_side() -> None:
    found = _syria("A car bomb killed 15 people including five policemen in Homs, SANA said.")
    assert found == [("personnel.killed", 15, "Syria"), ("personnel.killed", 5, "Syria")]


def test_insurgents_outside_syria_are_no_syrian_opposition() -> None:
    c = one("Afghan officials said 12 insurgents were killed in Helmand province.", SYRIA_DAY)
    assert c.subject != "Syrian opposition"


def test_people_do_not_take_the_group_of_an_earlier_civilian_toll() -> None:
    found = claims(
        SYRIA + "Regime shelling killed 12 civilians in Douma, a monitor said. "
        "On Monday, 30 people were killed in an air strike on Idlib, the monitor said.",
        SYRIA_DAY,
    )
    assert [(c.value.low, c.group) for c in found] == [(12, "civilian"), (30, "unspecified")]


# -- disasters and tolls outside any war: the victims are the state where they are ----------------


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        (
            "A heat wave killed another 40 people on Sunday in Pakistan, newspapers said.",
            "Pakistan",
        ),
        ("At least 19 people died as floods swept India's eastern Assam state.", "India"),
        ("A cyclone hit Bangladesh on Friday, killing more than 300 people.", "Bangladesh"),
        ("Indonesian officials said 57 people had died after the eruption.", "Indonesia"),
    ],
)
def test_a_disaster_s_victims_are_the_state_named(text: str, subject: str) -> None:
    c = one(text, None)
    assert (c.subject, c.group) == (subject, "civilian")


def test_a_dateline_state_is_not_whose_people_in_a_war() -> None:
    c = one(
        SYRIA + "BEIRUT — Government air strikes killed at least 9 civilians, activists said.",
        SYRIA_DAY,
    )
    assert c.subject == "Syria"


def _conflict(text: str) -> str | None:
    parse = Extractor(load_lexicon()).parse(doc(text, date(2024, 5, 2)))
    return parse.conflict.id if parse.conflict else None


def test_a_conflict_is_counted_by_the_sentences_that_name_it() -> None:
    # Three keywords of Sudan's war in one sentence are one mention; Ukraine is named in two.
    assert (
        _conflict(
            "Aid for Khartoum and Darfur in Sudan was delayed. "
            "Ukraine said 12 people were killed. Ukraine's air force said 9 drones were downed."
        )
        == "russia-ukraine-2022"
    )


def test_an_earthquake_elsewhere_is_not_the_turkey_syria_quake() -> None:
    assert _conflict("The earthquake in Nepal killed 40 people. The quake hit at night.") is None
    assert (
        _conflict("The earthquake in Hatay killed 40 people. The quake hit at night.")
        == "turkey-syria-earthquake-2023"
    )


# -- the claimant's side -------------------------------------------------------------------------


def test_the_enemy_s_nationals_a_side_says_it_killed_are_soldiers() -> None:
    c = one("President Zelensky said almost 9,000 Russians had been killed in a week.")
    assert (c.subject, c.group) == ("Russia", "military")
    c = one(f"{UA} Russian strikes killed 40 Ukrainians in Kharkiv.")
    assert (c.subject, c.group) != ("Ukraine", "military")


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        (f"{UA} more than 50 enemy vehicles were destroyed near Izium.", "Russia"),
        (f"{UA} 300 occupiers were killed near Bakhmut.", "Russia"),
        (f"{UA} its units destroyed two enemy IFVs and captured a T-72 tank.", "Russia"),
    ],
)
def test_the_enemy_and_the_invaders_are_the_claimant_s_opponent(text: str, subject: str) -> None:
    assert {c.subject for c in claims(text)} == {subject}


def test_the_enemy_of_a_side_with_several_armed_groups_is_the_one_named() -> None:
    # "destroyed": the loss is the enemy's — here the group the text is about.
    found = _syria(
        "Daesh fighters tried to leave Raqqa for Palmyra on Thursday. "
        "Syria's army said its aircraft destroyed 14 pick-up trucks, SANA reported."
    )
    assert found == [("equipment.vehicles", 14, "Islamic State")]


def test_militants_named_only_after_the_figure_are_that_group_s() -> None:
    found = _syria(
        "Air strikes near Salamiyah killed about a hundred of militants, local media said. "
        "The raids targeted Islamic State convoys in Hama province."
    )
    assert found == [("personnel.killed", 100, "Islamic State")]


def test_sudan_s_war_is_a_civil_war_too() -> None:
    c = one(
        "Sudan's war goes on in Darfur. The RSF killed more than 300 people in Geneina, "
        "a UN official said.",
        date(2023, 11, 10),
    )
    assert c.subject == "Sudan"


def test_the_party_of_an_attack_is_who_attacked_not_who_lost() -> None:
    c = one(
        "The toll from Tuesday's Russian missile strike on a school in Kharkiv rose to 14, "
        "the regional governor said.",
        date(2024, 5, 2),
    )
    assert c.subject == "Ukraine"


def test_a_party_in_the_counted_phrase_wins_over_a_toll_of_two_countries() -> None:
    c = one(
        "On Israel's northern border, the army said it had killed three Hezbollah fighters "
        "who had crossed from Lebanon.",
        date(2023, 10, 12),
    )
    assert c.subject == "Hezbollah"


def test_a_toll_outside_any_war_is_of_the_state_the_text_is_about() -> None:
    found = claims(
        "Floods swept through eastern Libya after the dams burst. "
        "Rescuers said 120 people died in the towns of Bayda and Susa.",
        date(2023, 9, 14),
    )
    assert [(c.value.low, c.subject) for c in found] == [(120, "Libya")]


def test_our_and_his_forces_are_the_speaker_s_side() -> None:
    c = one(
        "Yevgeny Prigozhin, the head of the Wagner group, said on Friday that his fighters "
        "were losing 60 men killed every day in Bakhmut.",
        date(2023, 5, 6),
    )
    assert c.subject == "Russia"


def test_losses_inflicted_on_a_side_are_that_side_s() -> None:
    c = one(
        f"{RU} its units had inflicted losses of up to 240 servicemen on Ukrainian forces "
        "near Kupiansk over the past day."
    )
    assert c.subject == "Ukraine"


def test_the_state_named_as_where_outweighs_a_donor_named_more_often() -> None:
    found = claims(
        "The United States pledged aid after the floods. A US team and US funds arrived. "
        "The rains fell hardest in Malawi. Officials said 45 people died in two districts.",
        date(2023, 3, 20),
    )
    assert [(c.value.low, c.subject) for c in found] == [(45, "Malawi")]


def test_a_state_in_another_figure_s_phrase_is_that_figure_s() -> None:
    found = claims(
        "Thai officials said floods killed 120 people, including 9 Malaysian tourists.",
        date(2023, 3, 20),
    )
    assert [(c.value.low, c.subject) for c in found] == [(120, "Thailand"), (9, "Malaysia")]


def test_after_a_disaster_is_told_its_victims_are_civilians() -> None:
    found = claims(
        "Flash floods tore through the coastal towns of Libya on Sunday night. "
        "By Wednesday, 2,100 bodies had been recovered, the health ministry said.",
        date(2023, 9, 14),
    )
    assert [(c.value.low, c.subject, c.group) for c in found] == [(2100, "Libya", "civilian")]


def test_a_toll_is_not_a_side_s_soldiers() -> None:
    c = one(
        "The death toll from Monday's missile strike on a block of flats in Dnipro rose to 19, "
        "the regional governor said.",
        date(2024, 5, 2),
    )
    assert (c.subject, c.group) == ("Ukraine", "unspecified")


def test_they_are_the_forces_the_text_has_just_named() -> None:
    c = one(
        "Russian troops have pushed on near Pokrovsk this month. According to a Ukrainian "
        "analysis group, they have moved forward about 9 km since the start of October.",
        date(2024, 11, 19),
    )
    assert (c.metric, c.subject) == ("territory.advance_km", "Russia")


def test_the_side_holding_a_place_is_not_whose_dead() -> None:
    c = one(
        "An earlier toll from the strike on the rebel stronghold of Douma reported 15 people "
        "were killed, the Syrian Observatory for Human Rights said."
    )
    assert c.subject == "Syria"


def test_people_after_civilians_are_unspecified_and_men_after_soldiers_military() -> None:
    # A writer who turns from "civilians" to "people" counts people in general; "men" after a
    # count of soldiers continues the count of an armed force.
    found = claims(
        "Medics said airstrikes killed 31 civilians in the town on Monday. On Tuesday at least "
        "12 people were killed in the market, the medics said."
    )
    assert [(c.value.low, c.group) for c in found] == [(31, "civilian"), (12, "unspecified")]
    found = claims(
        "Ukraine's military said Russian forces lost 640 soldiers near Bakhmut. It put Russian "
        "losses near Avdiivka at up to 420 men."
    )
    assert [(c.value.high, c.group) for c in found] == [(640, "military"), (420, "military")]


@pytest.mark.parametrize(
    "counted",
    ["9,200 invaders were killed", "9,200 occupiers were killed", "9,200 enemy soldiers died"],
)
def test_what_a_side_calls_the_enemy_is_the_other_side(counted: str) -> None:
    c = one(f"Ukraine's General Staff said on Friday that almost {counted} in Ukraine.")
    assert (c.subject, c.value.low) == ("Russia", 9200)


def test_an_enemy_named_as_the_agent_did_the_harm() -> None:
    c = one("Ukraine's General Staff said the occupiers shelled Kherson, killing five civilians.")
    assert (c.subject, c.group) == ("Ukraine", "civilian")


def _spoken(text: str, speaker: str, published: date = date(2022, 4, 2)) -> list[Claim]:
    """The claims of a statement whose record names its speaker (no reporting verb)."""
    return Extractor(load_lexicon()).extract(
        Document(id="t", text=text, published=published, speaker=speaker)
    )


def test_a_side_s_enemy_is_the_other_side_of_its_war_when_no_country_is_named() -> None:
    found = _spoken(
        "Lieutenant Colonel Petrenko. In two weeks, his battalion destroyed more than 30 "
        "enemy tanks.",
        "Volodymyr Zelenskyy",
    )
    assert [(c.metric, c.subject) for c in found] == [("equipment.tanks", "Russia")]


def test_a_bare_count_after_an_attack_is_of_the_side_attacked() -> None:
    found = _spoken(
        "Russian missiles struck a school and a clinic in Sumy last night. The roof collapsed. "
        "So far there are 23 injured.",
        "Volodymyr Zelenskyy",
    )
    assert [(c.value.low, c.subject, c.group) for c in found] == [(23, "Ukraine", "civilian")]
    # An attack on no place where civilians are: the side attacked, its group from the side.
    found = _spoken(
        "Russian missiles struck the brigade's positions near Sumy last night. So far there are "
        "23 injured.",
        "Volodymyr Zelenskyy",
    )
    assert [(c.value.low, c.subject, c.group) for c in found] == [(23, "Ukraine", "military")]


def test_your_soldiers_in_a_side_s_words_are_the_enemy_s() -> None:
    found = _spoken(
        "Russian mothers, listen. By now more than 9 thousand of your soldiers have been killed "
        "in Ukraine.",
        "Volodymyr Zelenskyy",
    )
    assert [(c.metric, c.subject, c.group) for c in found] == [
        ("personnel.killed", "Russia", "military")
    ]


def test_a_part_named_after_a_copula_has_its_own_group_and_not_the_next_count_s() -> None:
    found = _spoken(
        "Sadly, we have lost 25 of our heroes since the morning - soldiers and civilians. "
        "4 of them are officers. 61 are wounded.",
        "Volodymyr Zelenskyy",
    )
    assert [(c.metric, c.value.low, c.group) for c in found] == [
        ("personnel.killed", 25, "unspecified"),
        ("personnel.killed", 4, "military"),
        ("personnel.wounded", 61, "unspecified"),
    ]


def test_a_toll_across_several_states_is_no_one_state_s() -> None:
    c = one(
        "More than 8,000 people died when the waves, raised by a quake off southern Java,"
        " reached the shores of nine countries."
    )
    assert c.subject is None


def test_the_state_a_disaster_hit_is_whose_dead() -> None:
    c = one("A month after a cyclone hit Bangladesh, killing more than 4,000 people, aid is short.")
    assert (c.subject, c.group) == ("Bangladesh", "civilian")


def test_the_state_of_the_places_a_sentence_names() -> None:
    c = one(
        "Helicopters flying out of Peshawar have carried 500 tons of food since the floods"
        " left 900 people dead, officials said."
    )
    assert c.subject == "Pakistan"


def test_places_of_two_states_name_no_state() -> None:
    c = one(
        "Karachi and Chittagong have sent food since the floods left 900 people dead,"
        " officials said."
    )
    assert c.subject is None


def test_others_are_of_the_group_counted_before_them() -> None:
    found = claims(
        "The car bomb killed at least nine civilians, while 14 others were wounded, the mayor said."
    )
    assert [(c.value.low, c.group) for c in found] == [(9, "civilian"), (14, "civilian")]


def test_people_killed_in_a_collapse_are_civilians() -> None:
    c = one("Four people were killed in Jaipur in the collapse of an old hotel.")
    assert (c.subject, c.group) == ("India", "civilian")


def test_a_toll_on_two_continents_is_no_one_state_s() -> None:
    c = one(
        "More than 9,000 people have died since the Indonesian quake sent waves onto coasts in"
        " Asia and Africa."
    )
    assert c.subject is None


# -- its words are data ----------------------------------------------------------------------------


def _with_lexicon(folder: Path, files: dict[str, str], text: str) -> list[Claim]:
    """The claims of `text` read with the built-in lexicon extended by `files` (name → TOML)."""
    folder.mkdir(exist_ok=True)
    for name, body in files.items():
        (folder / name).write_text(body, encoding="utf-8")
    return Extractor(build_lexicon((folder,))).extract(Document("t", text, published=PUBLISHED))


def test_the_nouns_of_a_side_s_own_soldiers_are_lexicon_data(tmp_path: Path) -> None:
    # "30 soldiers had died", no killer named: a side's count of its own; a user lexicon makes
    # "paratroopers" such a noun too.
    assert one(f"{UA} 30 soldiers had died in the fighting.").subject == "Ukraine"
    text = f"{UA} 30 paratroopers had died in the fighting."
    assert one(text).subject == "Russia"
    found = _with_lexicon(
        tmp_path / "lex", {"taxonomy.toml": '[people]\nsoldier_nouns = ["paratroopers"]\n'}, text
    )
    assert [(c.value.low, c.subject, c.group) for c in found] == [(30, "Ukraine", "military")]
