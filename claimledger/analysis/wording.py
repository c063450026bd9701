"""Numbers and words shared by the analyses: a claim's bounds, and how figures read in a
sentence ("about 800 killed or wounded per quarter mile", "Ian Stubbs's 20,000–30,000")."""

from __future__ import annotations

import math
from datetime import date

from claimledger.model import Claim, Rate, Value

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


def num(x: float, digits: int = 0) -> str:
    """1234.5 → "1,235" (or with `digits` decimals, trailing zeros dropped)."""
    if digits == 0 or float(x).is_integer():
        return f"{round(x):,}"
    return f"{x:,.{digits}f}".rstrip("0").rstrip(".")


_SIGNS = {
    "approx": "about ",
    "more_than": "more than ",
    "at_least": "at least ",
    "less_than": "fewer than ",
    "at_most": "up to ",
}


def value_text(v: Value) -> str:
    """ "about 800", "20,000–30,000", "more than 1,100"."""
    low, high = v.low, v.high
    if low is not None and high is not None and low != high:
        text = f"{num(low, 3)}–{num(high, 3)}"
    else:
        b = low if low is not None else high
        text = num(b, 3) if b is not None else "?"
    return _SIGNS.get(v.qualifier, "") + text


def per_text(rate: Rate) -> str:
    """ "per quarter mile", "per km", "per 3 days"."""
    unit, per = rate.unit, rate.per
    names = {0.25: "quarter", 0.5: "half"}
    if per == 1:
        return f"per {unit}"
    if per in names:
        return f"per {names[per]} {unit}"
    return f"per {num(per, 3)} {unit}s"


_WORDS = {
    "equipment.mlrs": "MLRS",
    "equipment.uav": "UAVs",
    "equipment.air_defense": "air defence systems",
    "equipment.artillery": "artillery systems",
    "equipment.armored_vehicles": "armoured vehicles",
    "equipment.missile_launchers": "missile launchers",
    "territory.advance_km": "km advanced",
}


def metric_words(metric: str) -> str:
    """personnel.killed_or_wounded → "killed or wounded"; equipment.tanks → "tanks"."""
    if metric in _WORDS:
        return _WORDS[metric]
    return metric.split(".", 1)[-1].replace("_or_", " or ").replace("_", " ")


def who(c: Claim) -> str:
    """The claimant as a sentence names it: "Ian Stubbs", "the outlet" (no claimant)."""
    return c.claimant.name or "the outlet"


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def day(d: date | None) -> str:
    return d.isoformat() if d else "…"


def period_text(c: Claim) -> str:
    p = c.period
    if p.cumulative:
        return f"total as of {day(p.end)}"
    if p.start == p.end:
        return day(p.start)
    return f"{day(p.start)} – {day(p.end)}"
