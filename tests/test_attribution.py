"""Who claims each figure: reporting verbs before and after, "according to", quotations,
referring words, unnamed groups, carry-over into lists, the outlet's own arithmetic, and the
canonical names and affiliations of claimants.toml."""

from __future__ import annotations

import pytest
from extracthelp import claims, one

from claimledger.model import Claimant

CHEREVATYI = Claimant("Serhiy Cherevatyi", "Ukraine")
RU_MOD = Claimant("Russian Ministry of Defence", "Russia")
UA_MOD = Claimant("Ukrainian Ministry of Defence", "Ukraine")
UA_STAFF = Claimant("Ukrainian General Staff", "Ukraine")


def test_reporting_verb_before_the_figure() -> None:
    c = one("Serhiy Cherevatyi said 239 Russian soldiers were killed near Bakhmut.")
    assert c.claimant == CHEREVATYI


def test_reporting_verb_after_the_figure() -> None:
    c = one("Russia lost 239 soldiers near Bakhmut, Ukraine's defence ministry said.")
    assert c.claimant == UA_MOD
    assert c.subject == "Russia"


def test_inverted_reporting_verb_after_the_figure() -> None:
    c = one("Russia lost 239 soldiers near Bakhmut, said Serhiy Cherevatyi.")
    assert c.claimant == CHEREVATYI


def test_according_to() -> None:
    c = one("According to Ukraine's General Staff, Russia lost 239 soldiers near Bakhmut.")
    assert c.claimant == UA_STAFF


def test_according_to_after_the_figure() -> None:
    c = one("Russia lost 239 soldiers near Bakhmut, according to Ukraine's General Staff.")
    assert c.claimant == UA_STAFF


def test_quotation_attributed_after_it_to_a_named_speaker() -> None:
    text = (
        "Olena Kovalenko, a Ukrainian army spokeswoman, spoke to reporters on Sunday. "
        '"We killed 239 Russian soldiers near Bakhmut," she said.'
    )
    c = one(text)
    assert c.claimant == Claimant("Olena Kovalenko", "Ukraine")
    assert (c.metric, c.value.low, c.subject) == ("personnel.killed", 239, "Russia")


def test_quotation_by_a_known_person() -> None:
    c = one('Serhiy Cherevatyi spoke on television. "We destroyed 12 Russian tanks," he said.')
    assert c.claimant == CHEREVATYI
    assert (c.metric, c.subject) == ("equipment.tanks", "Russia")


def test_surname_refers_back() -> None:
    text = (
        "Taras Hrytsenko, a Ukrainian army spokesman, spoke on Sunday. "
        "Hrytsenko added that 40 Russian soldiers were captured."
    )
    c = one(text)
    assert c.claimant == Claimant("Taras Hrytsenko", "Ukraine")
    assert c.metric == "personnel.captured"


def test_title_refers_back() -> None:
    text = (
        "Taras Hrytsenko, a Ukrainian army spokesman, spoke on Sunday. "
        "The spokesman said 40 Russian soldiers were captured."
    )
    assert one(text).claimant == Claimant("Taras Hrytsenko", "Ukraine")


def test_description_refers_back_to_a_body() -> None:
    text = (
        "Russia's defence ministry gave its weekly update on Sunday. "
        "The ministry said 300 Ukrainian soldiers were killed near Avdiivka."
    )
    c = one(text)
    assert c.claimant == RU_MOD
    assert c.subject == "Ukraine"


def test_pronoun_refers_back_to_a_body() -> None:
    text = (
        "Russia's defence ministry gave its weekly update on Sunday. "
        "It said 300 Ukrainian soldiers were killed near Avdiivka."
    )
    assert one(text).claimant == RU_MOD


@pytest.mark.parametrize(
    "text",
    [
        "US officials said Russia had lost 100,000 soldiers.",
        "A senior US official said Russia had lost 100,000 soldiers.",
        "Russia had lost 100,000 soldiers, a senior US official said.",
    ],
)
def test_unnamed_us_officials_keep_their_label(text: str) -> None:
    c = one(text)
    assert c.claimant == Claimant("US officials", "United States")
    assert (c.metric, c.subject) == ("personnel.killed_or_wounded", "Russia")


def test_unnamed_group_of_the_other_side() -> None:
    c = one("Russian military bloggers said 300 Ukrainian soldiers were killed.")
    assert c.claimant == Claimant("Russian military bloggers", "Russia")
    assert c.subject == "Ukraine"


def test_source_carries_over_to_the_following_list() -> None:
    text = (
        "Russia's defence ministry said on Sunday that Ukrainian losses were:\n"
        "tanks — 12\n"
        "howitzers — 31\n"
    )
    found = claims(text)
    assert [(c.metric, c.value.low) for c in found] == [
        ("equipment.tanks", 12),
        ("equipment.artillery", 31),
    ]
    assert {c.claimant for c in found} == {RU_MOD}
    assert {c.subject for c in found} == {"Ukraine"}


def test_source_carries_over_within_its_paragraph() -> None:
    text = (
        "Ukraine's General Staff said 620 Russian soldiers were killed in the past day. "
        "Russia also lost four tanks and 11 drones."
    )
    found = claims(text)
    assert [c.value.low for c in found] == [620, 4, 11]
    assert {c.claimant for c in found} == {UA_STAFF}


def test_outlet_s_own_derivation_has_no_claimant() -> None:
    first, derived = claims(
        "US officials said Russia had suffered about 30,000 casualties around Bakhmut. That "
        "figure amounts to about 800 killed or wounded per quarter mile."
    )
    assert first.claimant == Claimant("US officials", "United States")
    assert derived.claimant == Claimant(None, None)


def test_unattributed_statement_has_no_claimant() -> None:
    c = one("At least 12 civilians were killed in Kherson on Sunday.")
    assert c.claimant == Claimant(None, None)


@pytest.mark.parametrize(
    ("speaker", "claimant"),
    [
        ("Russia's defence ministry", RU_MOD),
        ("Russia's Ministry of Defence", RU_MOD),
        ("The Russian Defense Ministry", RU_MOD),
        ("Moscow's defence ministry", RU_MOD),
        ("Ukraine's defence ministry", UA_MOD),
        ("Kyiv's General Staff", UA_STAFF),
        ("The General Staff of the Armed Forces of Ukraine", UA_STAFF),
        ("Britain's defence ministry", Claimant("UK Ministry of Defence", "United Kingdom")),
        (
            "The Institute for the Study of War",
            Claimant("Institute for the Study of War", "United States"),
        ),
        ("Oryx", Claimant("Oryx", "independent")),
        ("Zelensky", Claimant("Volodymyr Zelenskyy", "Ukraine")),
        ("Cherevaty", CHEREVATYI),
    ],
)
def test_claimant_aliases_and_affiliations(speaker: str, claimant: Claimant) -> None:
    c = one(f"{speaker} said 300 Russian tanks had been destroyed since the start of the war.")
    assert c.claimant == claimant
