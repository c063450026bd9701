"""The fast path: text that cannot hold a claim is recognised cheaply and skipped."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import claimledger.extraction.pipeline as pipeline
from claimledger.extraction.pipeline import Extractor, could_hold_claims
from claimledger.lexicon import load_lexicon
from claimledger.sources import iter_documents

LEX = load_lexicon()

BUDGET = (
    "Parliament approved a budget of 2.6 trillion hryvnias on Tuesday, 12% more than last year, "
    "after a debate that lasted 14 hours. The finance minister said growth would reach 3.5% in "
    "2025 and that 40,000 new jobs had been created in the first quarter."
)


def test_text_without_any_claim_word_is_skipped() -> None:
    assert could_hold_claims(LEX, BUDGET) is False
    from claimledger.model import Document

    assert Extractor(LEX).extract(Document(id="budget", text=BUDGET)) == []


def test_figure_near_a_casualty_word_passes() -> None:
    assert could_hold_claims(LEX, "Officials said 14 people were killed overnight.")
    assert could_hold_claims(LEX, "Officials said fourteen soldiers died.")


def test_equipment_without_digits_passes() -> None:
    # "a Leopard tank was destroyed": the figure is the word "a".
    assert could_hold_claims(LEX, "The ministry said a Leopard tank was destroyed near the river.")


def test_figure_far_from_any_term_is_not_enough() -> None:
    text = (
        "The 40 delegates met in Vienna. "
        + "They talked about trade and energy. " * 10
        + "Soldiers sang."
    )
    assert could_hold_claims(LEX, text) is False


def test_every_claim_bearing_document_passes(shared: Path) -> None:
    """The prefilter never hides a document the extractor finds claims in."""
    extractor = Extractor(LEX)
    for doc in iter_documents([shared / "corpus" / "dev", Path(__file__).parents[2] / "examples"]):
        assert could_hold_claims(LEX, doc.text), doc.id
        assert extractor.parse(doc).alive(), doc.id


def test_a_phrase_needs_all_its_words_not_only_its_head() -> None:
    # "gunned down", "rounded up": "down" and "up" alone are in every market report.
    market = "Shares were down 3% on Monday and the index closed up 12 points at 7,420."
    assert could_hold_claims(LEX, market) is False
    assert could_hold_claims(LEX, "Police said 3 men were gunned down outside a bar.")
    assert could_hold_claims(LEX, "Troops rounded up 40 men in the village, activists said.")


_SENTENCES = [
    "The 40 delegates met in Vienna.",
    "Shares were down 3% on Monday.",
    "Police said 3 men were gunned down.",
    "A tank was destroyed near the river.",
    "A child was killed.",
    "They talked about trade!",
    "Soldiers sang?",
    "Rain fell\non the x-ray clinic.",
    "Twelve houses burned.",
]


@given(st.lists(st.sampled_from(_SENTENCES), max_size=16), st.sampled_from([" ", "\n", "  "]))
@settings(max_examples=300, deadline=None)
def test_the_rest_tested_at_once_is_its_sentences_tested_one_by_one(
    sentences: list[str], space: str
) -> None:
    """After a few sentences the prefilter tests the rest of the text at once (no term in it,
    no sentence of it passes): the same answer as every sentence tested alone."""
    text = space.join(sentences)
    fast = could_hold_claims(LEX, text)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "_SENTENCES_ALONE", -1)  # never: each sentence alone
        assert could_hold_claims(LEX, text) == fast
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "_SENTENCES_ALONE", 1)  # the rest after the first sentence
        assert could_hold_claims(LEX, text) == fast


def test_a_term_late_in_a_long_text_still_passes() -> None:
    text = "They talked about trade and energy. " * 20 + "Officials said 14 people were killed."
    assert could_hold_claims(LEX, text)
    assert could_hold_claims(LEX, text.replace("14 people were killed", "14 people met")) is False
