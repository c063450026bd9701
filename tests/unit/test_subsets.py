"""Sub-counts (claims.md `subset`): a figure that counts part of a population carries the word
that narrows it; the total it is part of carries none."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.errors import LexiconError
from claimledger.extraction.pipeline import Extractor
from claimledger.lexicon import build_lexicon
from claimledger.model import Document
from tests.support.extracthelp import PUBLISHED, claims


def subsets(text: str) -> list[tuple[float | None, str | None]]:
    return [(c.value.low, c.subset) for c in claims(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a marker before the part
        (
            "The mayor said 23 residents, including seven children, were killed by the blast.",
            [(23, None), (7, "children")],
        ),
        (
            "At least 31 people died in the floods, among them nine women, officials said.",
            [(31, None), (9, "women")],
        ),
        (
            "The army said 80 soldiers were killed. Among those killed were 12 paratroopers.",
            [(80, None), (12, "paratroopers")],
        ),
        # a partitive after the part, with or without a copula
        (
            "The agency said 64 people were hurt in the collapse, five of them rescuers.",
            [(64, None), (5, "rescuers")],
        ),
        (
            "The navy said 212 sailors were killed, 14 of whom were officers.",
            [(212, None), (14, "officers")],
        ),
        # a part named in the sentence after the total
        (
            "Police said 19 people were killed in the raid. Three of them were policemen.",
            [(19, None), (3, "policemen")],
        ),
        (
            "Officials said 27 people died in the collapse. Eight of the dead were students.",
            [(27, None), (8, "students")],
        ),
        # whatever the part's noun is, its own word (a demonym keeps its capital)
        (
            "The ministry said the blast killed 140 people, including 35 Turks.",
            [(140, None), (35, "Turks")],
        ),
        # a singular part names the plural subset
        (
            "Officials said 9 people were killed, including one woman.",
            [(9, None), (1, "women")],
        ),
        # coordinated parts: each its own subset
        (
            "Medics said 40 civilians were killed, including 12 children and three women.",
            [(40, None), (12, "children"), (3, "women")],
        ),
    ],
)
def test_a_marked_part_of_a_total_is_a_subset(
    text: str, expected: list[tuple[float, str | None]]
) -> None:
    assert subsets(text) == expected


def test_a_narrowing_noun_alone_is_a_subset() -> None:
    # A count of children is never a rival of a count of everyone, total named or not.
    assert subsets("The governor said 27 children were wounded in the strikes.") == [
        (27, "children")
    ]


def test_a_narrowing_noun_after_a_copula_is_a_subset() -> None:
    found = subsets("Of the 40 people killed in the fire, 12 were children, the mayor said.")
    assert (12, "children") in found and (40, None) in found


def test_a_bare_figure_after_a_narrowed_count_counts_the_same_part() -> None:
    text = "The prosecutor said 31 children were killed and 57 were injured."
    assert subsets(text) == [(31, "children"), (57, "children")]


def test_a_bare_figure_after_a_part_counts_the_whole() -> None:
    text = "The mayor said 18 residents, including six children, were killed and 40 were hurt."
    assert subsets(text) == [(18, None), (6, "children"), (40, None)]


def test_women_and_children_counted_together_are_one_subset() -> None:
    assert subsets("The monitor said the raid killed 26 women and children.") == [
        (26, "women and children")
    ]


@pytest.mark.parametrize(
    "text",
    [
        # the part names the whole again
        "The ministry said 50 people were killed, including 20 people in the market.",
        # a part by place, not by population
        "The army said 48 soldiers were killed, including 11 near the border.",
        # no total: a count of a group noun is the group, not a subset
        "The army said 48 soldiers were killed on Monday.",
        # "of them" with no noun of people after it
        "The agency said 64 people were hurt, 20 of them seriously.",
    ],
)
def test_no_subset_without_a_narrower_population(text: str) -> None:
    assert all(s is None for _, s in subsets(text)), subsets(text)


def test_a_part_as_large_as_the_total_is_no_subset_of_it() -> None:
    found = subsets("The mayor said 12 were killed. 12 of them were villagers, 4 children.")
    assert (12, "villagers") not in found


def test_a_total_two_sentences_back_is_not_the_whole() -> None:
    text = (
        "The ministry said 300 soldiers were killed in May. The front was quiet in June. "
        "The unit said 4 of them were conscripts."
    )
    assert (4, "conscripts") not in subsets(text)


def test_the_json_form_carries_the_subset() -> None:
    [total, part] = claims("The mayor said 23 residents, including seven children, were killed.")
    assert total.to_dict()["subset"] is None
    assert part.to_dict()["subset"] == "children"


def test_a_user_lexicon_adds_a_narrowing_noun(tmp_path: Path) -> None:
    (tmp_path / "grammar.toml").write_text('[subsets.nouns]\nmarines = "marines"\n')
    lex = build_lexicon((tmp_path,))
    doc = Document("t", "The army said 30 marines were killed on Monday.", PUBLISHED)
    assert [c.subset for c in Extractor(lex).extract(doc)] == ["marines"]


def test_a_bad_subset_noun_is_reported(tmp_path: Path) -> None:
    (tmp_path / "grammar.toml").write_text('[subsets.nouns]\nmarines = ""\n')
    with pytest.raises(LexiconError, match=r"subsets\.nouns\.marines"):
        build_lexicon((tmp_path,))


def test_a_weapon_model_among_lost_equipment_is_a_subset() -> None:
    text = "Russia's defence ministry said Ukraine lost 30 tanks, including 12 Leopard 2s."
    assert subsets(text) == [(30, None), (12, "Leopard 2")]


def test_equipment_named_by_place_is_no_subset() -> None:
    text = "The air force said 66 drones were shot down, including 21 over the Kursk region."
    assert all(s is None for _, s in subsets(text)), subsets(text)
