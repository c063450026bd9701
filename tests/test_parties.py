"""Whose losses a figure counts (subject, with proxies mapped and their surface name kept) and,
for people, which group: military, civilian or unspecified."""

from __future__ import annotations

from datetime import date

import pytest
from extracthelp import claims, one

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
