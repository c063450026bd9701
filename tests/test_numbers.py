"""Figures: how numbers are read (digits, words, ranges, qualifiers, increments) and which
numbers are never claims (dates, ages, percentages, money, calibres, model names …)."""

from __future__ import annotations

import pytest
from extracthelp import claims, figures, one, values

SAID = "Ukraine's military said"


# -- digits and number words -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("figure", "value"),
    [
        ("1,100", 1100),
        ("162,560", 162560),
        ("1,234,567", 1234567),
        ("1.5 million", 1_500_000),
        ("2.5 thousand", 2500),
        ("four", 4),
        ("twelve", 12),
        ("two hundred", 200),
        ("two hundred and fifty", 250),
        ("twenty-five", 25),
        ("a dozen", 12),
        ("three thousand", 3000),
    ],
)
def test_figure_values(figure: str, value: float) -> None:
    c = one(f"{SAID} {figure} Russian soldiers were killed near Bakhmut.")
    assert c.metric == "personnel.killed"
    assert (c.value.low, c.value.high, c.value.qualifier) == (value, value, "exact")


def test_equipment_number_word() -> None:
    c = one(f"{SAID} its forces destroyed four Russian tanks.")
    assert (c.metric, c.value.low, c.value.high) == ("equipment.tanks", 4, 4)


def test_a_is_one_for_a_lost_piece_of_equipment() -> None:
    c = one("Russia's defence ministry said a Leopard tank was destroyed.")
    assert (c.metric, c.value.low, c.value.high, c.value.qualifier) == (
        "equipment.tanks",
        1,
        1,
        "exact",
    )
    assert c.subject == "Ukraine"


def test_an_is_one_for_a_downed_aircraft() -> None:
    c = one("Ukraine's air force said an Su-34 was shot down over Donetsk Oblast.")
    assert (c.metric, c.value.low) == ("equipment.aircraft", 1)


@pytest.mark.parametrize(
    "text",
    [
        f"{SAID} a 14-year-old boy was killed in Kherson.",
        f"{SAID} a Russian officer was killed in Kherson.",
        f"{SAID} a few Russian soldiers were captured.",
        f"{SAID} a number of Russian soldiers were wounded.",
    ],
)
def test_a_is_not_one_for_people(text: str) -> None:
    assert claims(text) == []


# -- ranges ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("figure", "low", "high"),
    [
        ("between 20,000 and 30,000", 20000, 30000),
        ("20,000-30,000", 20000, 30000),
        ("20,000 to 30,000", 20000, 30000),
        ("16-17.5 thousand", 16000, 17500),
    ],
)
def test_ranges(figure: str, low: float, high: float) -> None:
    c = one(f"{SAID} {figure} Russian soldiers were killed.")
    assert (c.value.low, c.value.high, c.value.qualifier) == (low, high, "range")


# -- qualifiers (claims.md) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "qualifier", "low", "high"),
    [
        ("about", "approx", 400, 400),
        ("around", "approx", 400, 400),
        ("an estimated", "approx", 400, 400),
        ("roughly", "approx", 400, 400),
        ("some", "approx", 400, 400),
        ("nearly", "approx", 400, 400),
        ("almost", "approx", 400, 400),
        ("more than", "more_than", 400, None),
        ("over", "more_than", 400, None),
        ("at least", "at_least", 400, None),
        ("no fewer than", "at_least", 400, None),
        ("up to", "at_most", None, 400),
        ("no more than", "at_most", None, 400),
        ("fewer than", "less_than", None, 400),
        ("less than", "less_than", None, 400),
    ],
)
def test_qualifiers(phrase: str, qualifier: str, low: float | None, high: float | None) -> None:
    c = one(f"{SAID} {phrase} 400 Russian soldiers were killed.")
    assert (c.value.low, c.value.high, c.value.qualifier) == (low, high, qualifier)


def test_or_more_after_the_figure_is_at_least() -> None:
    c = one(f"{SAID} 400 or more Russian soldiers were killed.")
    assert (c.value.low, c.value.high, c.value.qualifier) == (400, None, "at_least")


def test_qualifier_on_a_number_word() -> None:
    c = one(f"{SAID} more than two hundred Russian soldiers were killed.")
    assert (c.value.low, c.value.high, c.value.qualifier) == (200, None, "more_than")


# -- increments ------------------------------------------------------------------------------------


def test_increment_in_brackets_is_a_claim_of_the_same_metric() -> None:
    found = claims(
        "Ukraine's General Staff said the totals of Russian combat losses since the start of "
        "the invasion were:\ntanks — 3,765 (+4)\nartillery systems — 2,654 (+11)\n"
    )
    assert values(found) == [
        ("equipment.tanks", 3765, 3765),
        ("equipment.tanks", 4, 4),
        ("equipment.artillery", 2654, 2654),
        ("equipment.artillery", 11, 11),
    ]
    total, inc = found[0], found[1]
    assert total.period.cumulative and not inc.period.cumulative
    assert all(c.subject == "Russia" for c in found)


def test_increment_inside_a_sentence() -> None:
    found = claims("Ukraine's defence ministry said Russia had lost 3,765 (+4) tanks.")
    assert values(found) == [("equipment.tanks", 3765, 3765), ("equipment.tanks", 4, 4)]


# -- numbers that are not claims -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # dates and years
        f"{SAID} on 12 March 2023 that fighting continued near Bakhmut.",
        f"{SAID} the front had barely moved since 2022.",
        # ages
        f"{SAID} a 74-year-old man was killed in Kherson.",
        # percentages
        f"{SAID} 45% of Russian soldiers were killed.",
        f"{SAID} 45 percent of Russian tanks were destroyed.",
        # money
        "US officials said a $3 billion package of tanks was approved.",
        f"{SAID} Russia had lost $3 billion worth of tanks.",
        # calibres
        f"{SAID} 155mm shells were destroyed in the strike.",
        # model names and deliveries
        f"{SAID} F-16 jets would arrive in the summer.",
        "Germany said 14 Leopard 2 tanks were delivered to Ukraine.",
        # days of the war, counts of other things, ratios
        f"{SAID} on day 400 of the war that fighting continued.",
        f"{SAID} 42 cities were shelled overnight.",
        f"{SAID} Russian forces carried out 16 attacks near Bakhmut.",
        f"{SAID} Russian losses were seven times greater than Ukraine's.",
    ],
)
def test_not_claims(text: str) -> None:
    assert claims(text) == []


def test_model_mark_number_is_not_the_count() -> None:
    c = one("Russia's defence ministry said its forces destroyed three Leopard 2 tanks.")
    assert (c.metric, c.value.low, c.value.high) == ("equipment.tanks", 3, 3)
    c = one("Russia's defence ministry said its forces destroyed two F-16 jets.")
    assert (c.metric, c.value.low, c.value.high) == ("equipment.aircraft", 2, 2)


def test_calibre_is_not_the_count() -> None:
    c = one("Russia's defence ministry said its forces destroyed 12 155mm howitzers.")
    assert (c.metric, c.value.low) == ("equipment.artillery", 12)


def test_age_beside_a_count_leaves_only_the_count() -> None:
    c = one(f"{SAID} a 74-year-old woman and 3 Russian soldiers were killed.")
    assert (c.metric, c.value.low, c.group) == ("personnel.killed", 3, "military")


def test_counts_of_other_things_are_dropped_with_a_reason() -> None:
    dropped = {f.text: f.dropped for f in figures(f"{SAID} 42 cities were shelled in 16 attacks.")}
    assert set(dropped) == {"42", "16"}
    assert all(reason and "not in the taxonomy" in reason for reason in dropped.values())
