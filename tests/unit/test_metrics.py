"""What a figure counts: the metric taxonomy of claims.md on short sentences, rates, territory,
sub-counts, and the figures that count nothing the taxonomy knows."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.extraction.pipeline import Extractor
from claimledger.lexicon import build_lexicon
from claimledger.model import Claim, Document, Rate
from tests.support.extracthelp import PUBLISHED, claims, figures, one, values

UA = "Ukraine's military said"


# -- personnel -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        (f"{UA} 120 Russian soldiers were killed.", "personnel.killed"),
        (f"{UA} 120 Russian soldiers died.", "personnel.killed"),
        (f"{UA} 120 Russian soldiers were liquidated.", "personnel.killed"),
        (f"{UA} the Russian death toll rose to 120.", "personnel.killed"),
        (f"{UA} 120 Russian soldiers were wounded.", "personnel.wounded"),
        (f"{UA} 120 Russian soldiers were injured.", "personnel.wounded"),
        (f"{UA} 120 Russian soldiers had been killed or wounded.", "personnel.killed_or_wounded"),
        (f"{UA} Russia suffered 30,000 casualties.", "personnel.killed_or_wounded"),
        (f"{UA} Russia lost 900 servicemen.", "personnel.killed_or_wounded"),
        (f"{UA} Russian losses reached 900 soldiers.", "personnel.killed_or_wounded"),
        (f"{UA} 45 Russian soldiers were captured.", "personnel.captured"),
        (f"{UA} 45 Russian soldiers were taken prisoner.", "personnel.captured"),
        (f"{UA} 45 Russian soldiers were missing.", "personnel.missing"),
    ],
)
def test_personnel_metrics(text: str, metric: str) -> None:
    c = one(text)
    assert c.metric == metric
    assert c.subject == "Russia"
    assert c.group == "military"


def test_killed_and_wounded_given_separately_are_two_claims() -> None:
    found = claims(f"{UA} 239 Russian soldiers were killed and another 293 injured near Bakhmut.")
    assert values(found) == [
        ("personnel.killed", 239, 239),
        ("personnel.wounded", 293, 293),
    ]
    assert {c.subject for c in found} == {"Russia"}
    assert {c.location for c in found} == {"Bakhmut"}


# -- equipment -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("thing", "metric"),
    [
        ("12 Russian tanks", "equipment.tanks"),
        ("12 T-72 tanks", "equipment.tanks"),
        ("12 Russian aircraft", "equipment.aircraft"),
        ("12 Russian fighter jets", "equipment.aircraft"),
        ("12 Russian helicopters", "equipment.helicopters"),
        ("12 Russian armoured personnel carriers", "equipment.armored_vehicles"),
        ("12 Russian infantry fighting vehicles", "equipment.armored_vehicles"),
        ("12 Russian howitzers", "equipment.artillery"),
        ("12 Russian artillery systems", "equipment.artillery"),
        ("12 Russian multiple launch rocket systems", "equipment.mlrs"),
        ("12 Russian Grad systems", "equipment.mlrs"),
        ("12 anti-aircraft batteries", "equipment.air_defense"),
        ("12 air defence systems", "equipment.air_defense"),
        ("12 Russian drones", "equipment.uav"),
        ("12 Russian UAVs", "equipment.uav"),
        ("12 Russian boats", "equipment.ships"),
        ("12 Russian vehicles and fuel tanks", "equipment.vehicles"),
        ("12 Russian fuel tanks", "equipment.vehicles"),
        ("12 Russian trucks", "equipment.vehicles"),
        ("12 Iskander launchers", "equipment.missile_launchers"),
        ("12 Russian cruise missiles", "munitions.cruise_missiles"),
        # abbreviations of official tallies
        ("12 Russian APVs", "equipment.armored_vehicles"),
        ("12 Russian MLRS", "equipment.mlrs"),
        ("12 Russian BpLA", "equipment.uav"),
        ("12 mobile SRBM systems", "equipment.missile_launchers"),
        ("12 SRBM launchers", "equipment.missile_launchers"),
    ],
)
def test_equipment_metrics(thing: str, metric: str) -> None:
    c = one(f"{UA} its forces destroyed {thing}.")
    assert (c.metric, c.value.low, c.subject) == (metric, 12, "Russia")
    assert c.group is None


def test_special_equipment_in_a_loss_list() -> None:
    found = claims(
        "Ukraine's General Staff said Russian combat losses since the start of the invasion "
        "were:\ntanks — 3,765 (+4)\nspecial equipment — 290 (+1)\n"
    )
    assert values(found)[2:] == [
        ("equipment.special_equipment", 290, 290),
        ("equipment.special_equipment", 1, 1),
    ]


@pytest.mark.parametrize(
    ("line", "metric"),
    [
        ("APV — 2104 units", "equipment.armored_vehicles"),
        ("tanks – 2104 pcs", "equipment.tanks"),
        ("UAV operational-tactical level ‒ 2104", "equipment.uav"),
        ("mobile SRBM system ‒ 2104.", "equipment.missile_launchers"),
        ("artillery systems ‒ 2104 од", "equipment.artillery"),
    ],
)
def test_a_tally_label_names_what_its_line_counts(line: str, metric: str) -> None:
    # "units", "pcs", Ukrainian "од" after the figure are pieces: the label says of what.
    found = claims(f"Ukraine's General Staff said Russian combat losses were:\n{line}\n")
    assert values(found) == [(metric, 2104, 2104)]


def test_units_of_a_kind_outside_a_tally() -> None:
    c = one(f"{UA} its forces destroyed 12 units of special equipment.")
    assert (c.metric, c.value.low) == ("equipment.special_equipment", 12)


def test_himars_launchers_count_but_himars_rockets_do_not() -> None:
    c = one("Russia's defence ministry said its forces destroyed three HIMARS launchers.")
    assert (c.metric, c.value.low, c.subject) == ("equipment.mlrs", 3, "Ukraine")
    assert claims("Russia's defence ministry said its forces shot down nine HIMARS rockets.") == []


def test_several_kinds_in_one_sentence() -> None:
    found = claims(f"{UA} its forces shot down 11 drones, four helicopters and two jets.")
    assert values(found) == [
        ("equipment.uav", 11, 11),
        ("equipment.helicopters", 4, 4),
        ("equipment.aircraft", 2, 2),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Britain is sending 14 tanks to Ukraine.",
        "Germany said 14 Leopard 2 tanks were delivered to Ukraine.",
        "The US pledged 31 Abrams tanks and 50 Bradley fighting vehicles.",
        f"{UA} Russia had massed 300 tanks near the border.",
    ],
)
def test_deliveries_and_stocks_are_not_losses(text: str) -> None:
    assert claims(text) == []
    assert all(f.dropped for f in figures(text))


# -- sub-counts ------------------------------------------------------------------------------------


def test_sub_count_is_a_claim_of_its_own() -> None:
    found = claims(
        "The UN human rights office said 8,000 civilians had been killed in Ukraine, including "
        "560 children."
    )
    assert values(found) == [
        ("personnel.killed", 8000, 8000),
        ("personnel.killed", 560, 560),
    ]
    assert [c.group for c in found] == ["civilian", "civilian"]
    assert {c.claimant.name for c in found} == {"UN OHCHR"}


def test_equipment_sub_count() -> None:
    found = claims(
        "Russia's defence ministry said Ukraine had lost 40 tanks, including 15 Leopard tanks."
    )
    assert values(found) == [("equipment.tanks", 40, 40), ("equipment.tanks", 15, 15)]
    assert {c.subject for c in found} == {"Ukraine"}


# -- rates -----------------------------------------------------------------------------------------


def test_rate_per_quarter_mile() -> None:
    c = one(
        "US officials said Russian forces had suffered about 800 killed or wounded per quarter "
        "mile of advance."
    )
    assert c.metric == "personnel.killed_or_wounded"
    assert (c.value.low, c.value.qualifier) == (800, "approx")
    assert c.rate == Rate(0.25, "mile")


def test_rate_a_day() -> None:
    c = one(f"{UA} Russian forces were losing 600 dead a day.")
    assert (c.metric, c.value.low, c.rate) == ("personnel.killed", 600, Rate(1, "day"))


def test_derived_rate_in_the_outlet_s_own_words() -> None:
    first, derived = claims(
        "US officials said Russia had suffered about 30,000 casualties around Bakhmut. That "
        "figure amounts to about 800 killed or wounded per quarter mile."
    )
    assert first.rate is None
    assert (derived.metric, derived.value.low, derived.rate) == (
        "personnel.killed_or_wounded",
        800,
        Rate(0.25, "mile"),
    )
    assert derived.subject == "Russia"


def test_a_count_has_no_rate() -> None:
    c = one(f"{UA} 120 Russian soldiers were killed in the past day.")
    assert c.rate is None


# -- territory -------------------------------------------------------------------------------------


def test_advance_in_miles_is_converted_to_km() -> None:
    c = one(f"{UA} Russian forces advanced 3 miles.")
    assert c.metric == "territory.advance_km"
    assert c.value.low == pytest.approx(4.828032)
    assert c.value.high == pytest.approx(4.828032)
    assert c.subject == "Russia"
    assert c.group is None


def test_advance_in_km() -> None:
    c = one(f"{UA} its forces advanced 3 km near Bakhmut.")
    assert (c.metric, c.value.low, c.subject, c.location) == (
        "territory.advance_km",
        3,
        "Ukraine",
        "Bakhmut",
    )


@pytest.mark.parametrize(
    "text",
    [
        f"{UA} Russian forces were 3 miles from Bakhmut.",
        f"{UA} the Russian convoy stretched 40 km.",
        f"{UA} Russian forces shelled a village 10 km from the border.",
    ],
)
def test_a_distance_that_is_not_an_advance(text: str) -> None:
    assert claims(text) == []
    [f] = [f for f in figures(text) if f.text[:1].isdigit()]
    assert f.dropped == "a distance that is not an advance"


def test_distance_in_a_clause_beside_a_casualty_count() -> None:
    c = one(
        f"{UA} 200 Russian soldiers were killed near the town, which lies 10 km from the border."
    )
    assert (c.metric, c.value.low) == ("personnel.killed", 200)


# -- not in the taxonomy ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"{UA} 42 cities were shelled overnight.",
        f"{UA} Russian forces carried out 16 attacks near Bakhmut.",
        f"{UA} Russia fired 80 missiles at Kyiv.",
        f"{UA} 300 Russian soldiers were stationed near Bakhmut.",
    ],
)
def test_counts_of_other_things(text: str) -> None:
    assert claims(text) == []


def test_the_doers_of_the_harm_are_not_its_victims() -> None:
    c = one("Police said four gunmen killed nine villagers before dawn.")
    assert (c.metric, c.value.low) == ("personnel.killed", 9)
    # A headline's bare figures still take their participles.
    assert values(claims("Officials said 3 killed 7 injured in a blast in the market.")) == [
        ("personnel.killed", 3, 3),
        ("personnel.wounded", 7, 7),
    ]


def test_a_figure_with_a_verb_of_its_own_is_not_governed_by_an_earlier_casualty_verb() -> None:
    found = claims(
        "Officials said at least 31 people died and about 2 million have been left homeless."
    )
    assert values(found) == [("personnel.killed", 31, None)]
    # A casualty noun before the figure still frames it.
    c = one("The army said the bodies of about 900 fighters had been recovered.")
    assert (c.metric, c.value.low) == ("personnel.killed", 900)


def test_a_bare_figure_after_and_counts_the_people_before_it() -> None:
    found = claims("Medics said nine civilians were killed and about 30 wounded.")
    assert [(c.metric, c.value.low, c.group) for c in found] == [
        ("personnel.killed", 9, "civilian"),
        ("personnel.wounded", 30, "civilian"),
    ]


def test_following_ends_the_counted_noun_phrase() -> None:
    found = claims("Medics said 14 killed and 40 injured following rocket attacks on the city.")
    assert values(found) == [("personnel.killed", 14, 14), ("personnel.wounded", 40, 40)]


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        ("Police said gunmen shot dead four guards at the gate.", "personnel.killed", 4),
        ("Police said three men were found dead near the river.", "personnel.killed", 3),
        ("Doctors said two patients were pronounced dead on arrival.", "personnel.killed", 2),
        ("The monitor said two men were beaten to death in the square.", "personnel.killed", 2),
        ("The monitor said the siege has claimed more than 9,000 lives.", "personnel.killed", 9000),
        ("The army said it neutralised 17 militants overnight.", "personnel.killed", 17),
        ("Police said they arrested 11 suspects after the raid.", "personnel.captured", 11),
        ("Officials said 6 aid workers were kidnapped on the road.", "personnel.captured", 6),
        ("The ministry said the flood has left 23 people missing.", "personnel.missing", 23),
    ],
)
def test_casualty_wording_across_registers(text: str, metric: str, value: int) -> None:
    c = one(text)
    assert (c.metric, c.value.low) == (metric, value)


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        ("Medics said four more died of their wounds overnight.", "personnel.killed", 4),
        ("Medics said the blast wounded seven other people.", "personnel.wounded", 7),
        ("The monitor said 230 people total have been wounded.", "personnel.wounded", 230),
    ],
)
def test_words_between_a_figure_and_its_noun(text: str, metric: str, value: int) -> None:
    c = one(text)
    assert (c.metric, c.value.low) == (metric, value)


def test_a_sub_count_without_commas_does_not_hide_the_predicate() -> None:
    found = claims("The monitor said nine civilians including three children were killed Friday.")
    assert values(found) == [("personnel.killed", 9, 9), ("personnel.killed", 3, 3)]


def test_a_verb_after_a_preposition_is_not_the_predicate() -> None:
    # "after seizing a village": no phrase to skip between the noun and a predicate.
    c = one("The monitor said militants executed at least 14 men after seizing the town.")
    assert (c.metric, c.value.low) == ("personnel.killed", 14)


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        (
            "The monitor said the raids brought to 63 the number killed this week.",
            "personnel.killed",
            63,
        ),
        (
            "The monitor said the strike took to 71 the number of civilians killed.",
            "personnel.killed",
            71,
        ),
        ("Medics said the blast raised to 18 the toll of people injured.", "personnel.wounded", 18),
    ],
)
def test_a_count_noun_after_the_figure(text: str, metric: str, value: int) -> None:
    c = one(text)
    assert (c.metric, c.value.low) == (metric, value)


def test_volunteers_and_staff_are_people() -> None:
    c = one("The Red Crescent said 41 volunteers and staff have been killed on duty since 2012.")
    assert (c.metric, c.value.low, c.group) == ("personnel.killed", 41, "civilian")


def test_lost_is_the_dead_when_the_wounded_are_counted_apart() -> None:
    found = claims(
        "The regional governor said on Sunday that the city had lost 12 of its residents "
        "overnight. Another 40 are wounded, he said."
    )
    assert [(c.metric, c.value.low) for c in found] == [
        ("personnel.killed", 12),
        ("personnel.wounded", 40),
    ]
    # With no separate count of the wounded, "lost" stays losses (killed or wounded).
    c = one("The regional governor said on Sunday that the brigade had lost 12 soldiers.")
    assert c.metric == "personnel.killed_or_wounded"


def test_heroes_are_people() -> None:
    found = claims(
        "The defence minister said: we have lost 31 of our heroes this week. 58 are wounded."
    )
    assert [(c.metric, c.value.low) for c in found] == [
        ("personnel.killed", 31),
        ("personnel.wounded", 58),
    ]


def test_a_series_of_participles_ending_in_a_casualty_word() -> None:
    c = one(
        "Prosecutors said on Monday that at least 40 villagers were robbed, mutilated or "
        "otherwise killed near Irpin."
    )
    assert (c.metric, c.value.low, c.group) == ("personnel.killed", 40, "civilian")
    c = one(
        "Prosecutors said on Monday they know of 40 villagers tortured, mutilated and "
        "killed near Irpin."
    )
    assert (c.metric, c.value.low, c.group) == ("personnel.killed", 40, "civilian")


def test_names_on_a_roll_of_the_dead_count_the_dead() -> None:
    c = one(
        "The city council said on Friday that 212 names are now on the list of residents killed."
    )
    assert (c.metric, c.value.low, c.group) == ("personnel.killed", 212, "civilian")
    c = one("The city council said on Friday that the roll holds 212 names of the dead.")
    assert (c.metric, c.value.low) == ("personnel.killed", 212)
    # Names on a list of anything else count nothing the taxonomy knows.
    assert claims("The city council said on Friday that 212 names are on the list of donors.") == []


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        ("Four miners were killed when the pit flooded.", "personnel.killed", 4),
        ("At least 70 are known to have died in the landslide.", "personnel.killed", 70),
        ("Rescuers found 12 bodies, with 31 others still missing.", "personnel.missing", 31),
        ("The raid ended in the disappearance of 14 villagers.", "personnel.missing", 14),
    ],
)
def test_disaster_wording_of_tolls(text: str, metric: str, value: int) -> None:
    found = [c for c in claims(text) if c.value.low == value]
    assert [c.metric for c in found] == [metric]


def test_a_quake_killed_people_close_to_a_town() -> None:
    c = one("A quake killed 2,100 people close to the town of Balakot.")
    assert (c.metric, c.value.low) == ("personnel.killed", 2100)


def test_nationals_are_people() -> None:
    found = claims("The bombing killed 90 people, including 14 Canadians.")
    assert [(c.value.low, c.subject) for c in found][1] == (14, "Canada")


def test_the_whole_after_out_of_is_no_count() -> None:
    found = claims("Four guards were killed and two are missing out of the 31 posted at the camp.")
    assert [c.value.low for c in found] == [4, 2]


def test_a_list_of_people_takes_its_predicate_whole() -> None:
    found = claims("Two boys, three girls and four women were killed in the flood.")
    assert [(c.value.low, c.metric) for c in found] == [
        (2, "personnel.killed"),
        (3, "personnel.killed"),
        (4, "personnel.killed"),
    ]


def test_figures_respectively_count_the_casualty_words_in_order() -> None:
    found = claims(
        "The number of the injured and the missing stood at 3,100 and 412 respectively after"
        " the quake."
    )
    assert [(c.value.low, c.metric) for c in found] == [
        (3100, "personnel.wounded"),
        (412, "personnel.missing"),
    ]


# -- its words are data ----------------------------------------------------------------------------


def _with_lexicon(folder: Path, files: dict[str, str], text: str) -> list[Claim]:
    """The claims of `text` read with the built-in lexicon extended by `files` (name → TOML)."""
    folder.mkdir(exist_ok=True)
    for name, body in files.items():
        (folder / name).write_text(body, encoding="utf-8")
    return Extractor(build_lexicon((folder,))).extract(Document("t", text, published=PUBLISHED))


def test_the_words_that_make_a_rate_a_time_are_lexicon_data(tmp_path: Path) -> None:
    # "a day earlier" is when, not how often; a user lexicon adds a word of the same kind.
    text = f"{UA} Russian forces were losing 600 dead a day afterwards."
    assert one(text).rate == Rate(1, "day")
    found = _with_lexicon(
        tmp_path / "lex",
        {"grammar.toml": '[counting]\nrelative_time_words = ["afterwards"]\n'},
        text,
    )
    assert [(c.metric, c.value.low, c.rate) for c in found] == [("personnel.killed", 600, None)]
