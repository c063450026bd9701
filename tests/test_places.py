"""Where each figure is about: gazetteer spellings, sectors, oblasts, the most specific place,
places that refer back, and places that are not the figure's (in an attribution)."""

from __future__ import annotations

from datetime import date

import pytest
from extracthelp import claims, one

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
