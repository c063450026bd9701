"""Helpers for the extractor's stage tests: run a tiny inline article, look at its claims."""

from __future__ import annotations

from datetime import date

from claimledger.extraction.pipeline import Extractor, Figure
from claimledger.lexicon import load_lexicon
from claimledger.model import Claim, Document

# Monday 13 March 2023: the publication date most tests resolve against.
PUBLISHED = date(2023, 3, 13)
INVASION = date(2022, 2, 24)

_EXTRACTOR = Extractor(load_lexicon())


def doc(text: str, published: date | None = PUBLISHED, doc_id: str = "t") -> Document:
    return Document(id=doc_id, text=text, published=published)


def claims(text: str, published: date | None = PUBLISHED) -> list[Claim]:
    return _EXTRACTOR.extract(doc(text, published))


def one(text: str, published: date | None = PUBLISHED) -> Claim:
    """The single claim of `text` (fails, listing them, when there are none or several)."""
    found = claims(text, published)
    assert len(found) == 1, [(c.metric, c.value) for c in found]
    return found[0]


def figures(text: str, published: date | None = PUBLISHED) -> list[Figure]:
    return _EXTRACTOR.explain(doc(text, published))


def values(found: list[Claim]) -> list[tuple[str, float | None, float | None]]:
    return [(c.metric, c.value.low, c.value.high) for c in found]
