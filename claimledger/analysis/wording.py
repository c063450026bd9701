"""Numbers and words shared by the analyses: a claim's bounds, and how figures read in a
sentence ("about 800 killed or wounded per quarter mile", "Ian Stubbs's 20,000–30,000").

The words themselves are claimledger.present's (one presentation module for every face); the
analyses' sentences say values in words, so `value_text` here is `present.value_words`.
"""

from __future__ import annotations

import math

from claimledger.model import Claim, Value
from claimledger.present import claimant_name, day, metric_words, num, per_text
from claimledger.present import period_text as present_period
from claimledger.present import value_words as value_text

__all__ = [
    "KM_PER_MILE",
    "bottom",
    "bounds",
    "day",
    "metric_words",
    "num",
    "per_text",
    "period_text",
    "point",
    "possessive",
    "top",
    "value_text",
    "who",
]

KM_PER_MILE = 1.609344


def bounds(v: Value) -> tuple[float, float]:
    """The interval a value allows: "more than 1,100" is [1100, ∞), "up to 500" [0, 500]."""
    low = v.low if v.low is not None else 0.0
    high = v.high if v.high is not None else math.inf
    if v.qualifier in ("more_than", "at_least"):
        high = math.inf
    return low, high


def point(v: Value) -> float | None:
    """The single figure a value states, if it states one (exact or approximate)."""
    if v.low is not None and (v.high is None or v.high == v.low):
        return v.low if v.qualifier not in ("less_than", "at_most") else None
    if v.low is None and v.high is not None and v.qualifier in ("exact", "approx"):
        return v.high
    return None


def top(v: Value) -> float | None:
    """The highest figure a value names (the lower bound of "more than 1,100")."""
    return v.high if v.high is not None else v.low


def bottom(v: Value) -> float | None:
    """The lowest figure a value names."""
    return v.low if v.low is not None else v.high


def who(c: Claim) -> str:
    """The claimant as a sentence names it: "Ian Stubbs", "the outlet" (no claimant)."""
    return claimant_name(c.claimant)


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def period_text(c: Claim) -> str:
    """The claim's period as a sentence gives it (claimledger.present.period_text)."""
    return present_period(c.period)
