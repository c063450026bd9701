"""Figures: how numbers are read (digits, words, ranges, qualifiers, increments) and which
numbers are never claims (dates, ages, percentages, money, calibres, model names …)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claimledger.extraction.pipeline import Extractor
from claimledger.lexicon import build_lexicon, load_lexicon
from claimledger.model import Claim, Document
from tests.support.extracthelp import claims, figures, one, values

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
        f"{SAID} a few Russian soldiers were captured.",
        f"{SAID} a number of Russian soldiers were wounded.",
    ],
)
def test_a_is_not_one_for_people(text: str) -> None:
    # (A person alone is one: "a Russian officer was killed" — test_a_person_is_one; so is one
    # with an age: test_an_age_between_a_and_the_person_still_counts_one.)
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
        f"{SAID} the 74-year-old man's house in Kherson was destroyed.",
        f"{SAID} Olena Kovalenko, 37, described the shelling of Kherson.",
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


# -- official lists ------------------------------------------------------------------------------
# An official tally as a defence ministry prints it on its own site (claims.md): a heading that
# ends on a qualifier, one line a metric, the running total and the day's change in brackets.
MINISTRY = "Ministry of Defence of Ukraine"


def tally(text: str, published: date = date(2022, 5, 3)) -> list[Claim]:
    document = Document(id="tally", text=text, published=published, outlet=MINISTRY)
    return _OFFICIAL.extract(document)


_OFFICIAL = Extractor(load_lexicon())


def test_official_list_line_by_line() -> None:
    found = tally(
        "The combat losses of the enemy from 24.02 to 03.05 were approximately:\n"
        "personnel ‒ about 24100 (+300) persons were liquidated,\n"
        "tanks ‒ 1062 (+14),\n"
        "helicopters – 162 (+0),\n"
    )
    assert [(c.metric, c.value.low, c.value.high, c.value.qualifier) for c in found] == [
        ("personnel.killed", 24100, 24100, "approx"),
        ("personnel.killed", 300, 300, "exact"),
        ("equipment.tanks", 1062, 1062, "approx"),
        ("equipment.tanks", 14, 14, "exact"),
        ("equipment.helicopters", 162, 162, "approx"),
    ]
    assert {(c.subject, c.claimant.name, c.claimant.affiliation) for c in found} == {
        ("Russia", "Ukrainian Ministry of Defence", "Ukraine")
    }
    total, change = found[2], found[3]
    assert (total.period.start, total.period.end, total.period.cumulative) == (
        date(2022, 2, 24),
        date(2022, 5, 3),
        True,
    )
    assert (change.period.start, change.period.end, change.period.cumulative) == (
        date(2022, 5, 2),
        date(2022, 5, 3),
        False,
    )


def test_dates_with_dots_are_not_figures() -> None:
    text = "Enemy losses from 24.02 to 17.06 were about:\ntanks ‒ 1480,\n"
    assert [f.text for f in _OFFICIAL.explain(Document(id="d", text=text))] == ["1480"]
    # A decimal with a unit is still a figure ("3.05 km" is a distance, not 3 May).
    assert values(claims(f"{SAID} its forces advanced 3.05 km near Bakhmut.")) == [
        ("territory.advance_km", 3.05, 3.05)
    ]


@pytest.mark.parametrize(
    ("heading", "qualifier", "low", "high"),
    [
        ("were approximately:", "approx", 940, 940),
        ("amounted to at least:", "at_least", 940, None),
        ("were up to:", "at_most", None, 940),
    ],
)
def test_a_heading_qualifier_holds_for_every_line(
    heading: str, qualifier: str, low: float | None, high: float | None
) -> None:
    found = tally(f"Losses of the enemy {heading}\ntanks – 940 (+6),\nMLRS – 151,\n")
    assert [(c.value.low, c.value.high, c.value.qualifier) for c in found] == [
        (low, high, qualifier),
        (6, 6, "exact"),  # the change is what the total rose by: exact
        *([(151, None, qualifier)] if high is None else []),
        *([(None, 151, qualifier)] if low is None else []),
        *([(151, 151, qualifier)] if low is not None and high is not None else []),
    ]


def test_the_daily_change_in_words_and_the_zero_change() -> None:
    found = tally("Losses of the enemy were:\ntanks – 940 (plus nine),\naircraft – 201 (+0),\n")
    assert values(found) == [
        ("equipment.tanks", 940, 940),
        ("equipment.tanks", 9, 9),
        ("equipment.aircraft", 201, 201),
    ]


def test_a_figure_that_looks_like_a_year_on_a_tally_line_is_a_count() -> None:
    found = tally("Losses of the enemy were approximately:\nAPV ‒ 1987 од,\nboats – 2011 units,\n")
    assert values(found) == [
        ("equipment.armored_vehicles", 1987, 1987),
        ("equipment.ships", 2011, 2011),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "personnel ‒about 26350 (+250) persons were liquidated,",  # the dash touches "about"
        "personnel‒ about 26350 (+250) persons were liquidated,",
        "personnel - about 26350 (+250) осіб ліквідовано / persons were liquidated,",
        "особового складу / personnel ‒ about 26350 (+250) persons were liquidated,",
    ],
)
def test_tally_line_shapes(line: str) -> None:
    found = tally(f"The losses of the enemy were approximately:\n{line}\n")
    assert [(c.metric, c.value.low, c.value.qualifier) for c in found] == [
        ("personnel.killed", 26350, "approx"),
        ("personnel.killed", 250, "exact"),
    ]


def test_a_bilingual_personnel_line_without_a_casualty_word_is_the_ministry_s_killed() -> None:
    found = tally(
        "The losses of the enemy were approximately:\npersonnel ‒ about 18200 осіб,\n"
        "tanks ‒ 655 од,\n"
    )
    assert [(c.metric, c.value.low, c.group) for c in found] == [
        ("personnel.killed", 18200, "military"),
        ("equipment.tanks", 655, None),
    ]


# -- numbers that are not counts, and counts in other shapes --------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Officials said no one was injured when the roof fell in.",
        "Officials said a tremor measuring five shook the valley and 40 houses fell.",
        "Officials said 98765432109876543210 soldiers were killed.",  # beyond any plausible count
        "Medics said the strike killed Mariam Haddad, 34, near the bakery.",  # an age after a name
        "Medics said the shelling wounded Samir (9) as he walked home.",
        "Medics said the shelling killed 7 people.[3] Relatives may call 0441 220 905.",
        "Police said 4 people were killed on route 21 and on platform 3.",
        "Police said 4 people were killed at 11.45 on Friday.",
    ],
)
def test_numbers_that_count_nobody(text: str) -> None:
    assert [c.value.low for c in claims(text) if c.value.low != 4 and c.value.low != 7] == []


def test_thousands_set_off_by_spaces() -> None:
    c = one("Officials said about 21 500 soldiers were killed near the city.")
    assert (c.value.low, c.value.qualifier) == (21_500, "approx")


def test_a_count_after_a_place_and_a_comma_is_still_a_count() -> None:
    c = one("Medics said that in Kharkiv, 14 were killed overnight.")
    assert (c.metric, c.value.low) == ("personnel.killed", 14)


@pytest.mark.parametrize(
    ("figure", "low", "high", "qualifier"),
    [
        ("half a dozen", 6, 6, "approx"),
        ("three dozen", 36, 36, "approx"),
        ("more than a quarter of a million", 250_000, None, "more_than"),
        ("half a million", 500_000, 500_000, "exact"),
        ("40+", 40, None, "more_than"),
    ],
)
def test_fractions_and_a_trailing_plus(
    figure: str, low: float, high: float | None, qualifier: str
) -> None:
    c = one(f"Officials said {figure} people were killed in the floods.")
    assert (c.value.low, c.value.high, c.value.qualifier) == (low, high, qualifier)


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("Police said a gunman killed a shopkeeper's wife.", "personnel.killed"),
        ("The army said an insurgent was killed in the raid.", "personnel.killed"),
        ("Medics said a child was wounded by the shelling.", "personnel.wounded"),
        (f"{SAID} a Russian officer was killed in Kherson.", "personnel.killed"),
    ],
)
def test_a_person_is_one(text: str, metric: str) -> None:
    c = one(text)
    assert (c.metric, c.value.low, c.value.high) == (metric, 1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "A nurse told reporters that the hospital was full.",
        "A number of people were hurt, medics said.",  # "a number of" is not one
        "Among the dead was a seven-year-old girl, medics said.",  # an age, like a digit's
    ],
)
def test_a_person_without_a_toll_is_no_claim(text: str) -> None:
    assert [c for c in claims(text) if c.value.low == 1] == []


# -- the same figure twice -------------------------------------------------------------------------


def test_a_title_figure_the_text_gives_again_is_one_claim() -> None:
    # The title prepended to the text and run into the lead, as some archives store articles.
    text = (
        "Monday 4 Mar 2019 Shelling kills 17 in Idlib's market: medics The shelling hit the "
        "market of Idlib in the morning.\nMedics said 17 people died and 40 were wounded."
    )
    document = Document(
        id="t", text=text, published=date(2019, 3, 4), title="Shelling kills 17 in Idlib's market"
    )
    found = _OFFICIAL.extract(document)
    assert values(found) == [("personnel.killed", 17, 17), ("personnel.wounded", 40, 40)]
    assert found[0].location == "Idlib"  # the title's place, for the one claim
    # Without the title the two figures stay two.
    assert len(_OFFICIAL.extract(Document(id="t", text=text, published=date(2019, 3, 4)))) == 3


def test_a_sentence_repeated_word_for_word_adds_nothing() -> None:
    sentence = "The monitor said government shelling killed 23 fighters near the dam."
    found = claims(f"{sentence}\nThe talks stalled.\n{sentence}")
    assert values(found) == [("personnel.killed", 23, 23)]


def test_the_same_number_from_another_source_is_another_claim() -> None:
    found = claims(
        "The United Nations said on Monday an air strike killed nine children and six teachers "
        "in Idlib. The Syrian Observatory for Human Rights said later that 6 were killed in a "
        "second strike."
    )
    assert [c.value.low for c in found] == [9, 6, 6]


def test_a_change_by_some_to_a_new_count_is_the_new_count() -> None:
    c = one("Officials said the death toll rose by 14 to 388 on Sunday.")
    assert (c.metric, c.value.low, c.value.high, c.value.qualifier) == (
        "personnel.killed",
        388,
        388,
        "exact",
    )


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Police said a 34-year-old man was shot dead outside a bar in Leeds on Sunday.", [1]),
        ("A four-month-old baby was killed in the shelling of Kharkiv, the governor said.", [1]),
        # An age alone names no one the grammar can count.
        ("A 14-year-old was killed in Leeds on Sunday, police said.", []),
    ],
)
def test_an_age_between_a_and_the_person_still_counts_one(text: str, killed: list[int]) -> None:
    found = [c for c in claims(text) if c.metric == "personnel.killed"]
    assert [c.value.low for c in found] == killed


def test_a_range_of_shares_is_no_count() -> None:
    found = claims("The team found 4 dead and 300 homes partly (30-40%) destroyed.")
    assert [c.value.low for c in found] == [4]


def test_a_mistyped_grouped_figure_is_no_count() -> None:
    found = claims("The storm left 90 people dead and some 2,000,00 people homeless or dead.")
    assert [c.value.low for c in found] == [90]


def test_a_number_sign_names_a_number_as_written() -> None:
    # "#" and "No." before a figure make it a name (grammar.toml numbers.number_signs, compared
    # as written): "no one" stays nobody, not a name.
    text = "Police said 4 people were killed outside block No 7 and hut #9."
    assert [c.value.low for c in claims(text)] == [4]


def test_range_joins_are_lexicon_data(tmp_path: Path) -> None:
    # A user lexicon adds a word joining the two figures of a range.
    text = f"{SAID} 20 through 30 Russian soldiers were killed near Bakhmut."
    user = tmp_path / "lexicon"
    user.mkdir()
    (user / "grammar.toml").write_text('[numbers]\nrange_joins = ["through"]\n', encoding="utf-8")
    lex = build_lexicon((user,))
    got = Extractor(lex).extract(Document("t", text, date(2023, 3, 1)))
    assert [(c.value.low, c.value.high, c.value.qualifier) for c in got] == [(20, 30, "range")]
    assert (20, 30) not in [(c.value.low, c.value.high) for c in claims(text)]
