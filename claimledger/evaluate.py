"""Scoring extracted claims against a gold file, with the matching rules of claims.md.

A predicted claim matches a gold claim of the same document when metric, subject (after proxy
mapping) and value bounds (rounded to 4 significant digits) are equal. Over matched pairs each
attribute is scored on its own: claimant (any alias of the same person or body), affiliation,
qualifier, period (each bound within ±1 day, and the same cumulative flag), location (any
spelling of the same place), group (personnel claims), rate. A gold claim marked
`"optional": true` counts neither as missed nor, when found, as a false positive.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from claimledger.errors import GoldError
from claimledger.extraction.tokens import norms
from claimledger.lexicon import Lexicon
from claimledger.model import Claim

ATTRIBUTES = ("claimant", "affiliation", "qualifier", "period", "location", "group", "rate")


@dataclass(frozen=True)
class GoldClaim:
    claim: Claim
    optional: bool
    has_group: bool
    line: int


@dataclass
class Mismatch:
    attribute: str
    gold: Any
    predicted: Any
    claim: Claim


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    attribute_hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    attribute_totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    missed: list[Claim] = field(default_factory=list)
    spurious: list[Claim] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    unscored: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, attribute: str) -> float:
        total = self.attribute_totals[attribute]
        return self.attribute_hits[attribute] / total if total else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "attributes": {a: round(self.accuracy(a), 4) for a in ATTRIBUTES},
            "documents": self.documents,
            "unscored_documents": self.unscored,
            "missed": [c.to_dict() for c in self.missed],
            "spurious": [c.to_dict() for c in self.spurious],
            "mismatches": [
                {
                    "attribute": m.attribute,
                    "gold": m.gold,
                    "predicted": m.predicted,
                    "claim": m.claim.to_dict(),
                }
                for m in self.mismatches
            ],
        }


def read_gold(path: Path) -> list[GoldClaim]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldError(f"{path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise GoldError(f"{path}: not UTF-8 text") from None
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            if not isinstance(d, dict):
                raise ValueError("not a JSON object")
            claim = Claim.from_dict(d)
        except (ValueError, KeyError, TypeError) as exc:
            raise GoldError(f"{path}:{n}: not a claim ({exc})") from None
        out.append(GoldClaim(claim, bool(d.get("optional")), "group" in d, n))
    return out


def _sig4(x: float | None) -> float | None:
    if x is None:
        return None
    if x == 0:
        return 0.0
    return round(x, 3 - math.floor(math.log10(abs(x))))


class _Canon:
    """Canonical forms for comparing names, subjects and places across spellings."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.party_ix = lex.indexes["party"]

    def subject(self, s: str | None) -> str | None:
        if s is None:
            return None
        if s in self.lex.parties:
            return s
        from claimledger.extraction.tokens import tokenize

        m = self.party_ix.match(tokenize(s), 0)
        return m[1][0] if m else s

    def claimant(self, name: str | None) -> str | None:
        if name is None:
            return None
        k = self.lex.claimant_by_alias(name)
        return k.name if k else " ".join(norms(name))

    def place(self, name: str | None) -> str | None:
        if name is None:
            return None
        from claimledger.extraction.tokens import tokenize

        toks = tokenize(name)
        m = self.lex.indexes["place"].match(toks, 0)
        if m and m[0] == len(toks):
            return str(m[1])
        return " ".join(norms(name))


def _key(c: Claim, canon: _Canon) -> tuple[Any, ...]:
    return (c.metric, canon.subject(c.subject), _sig4(c.value.low), _sig4(c.value.high))


def _day_close(a: date | None, b: date | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs((a - b).days) <= 1


def _rate(c: Claim) -> tuple[float, str] | None:
    return None if c.rate is None else (round(c.rate.per, 4), c.rate.unit)


def _attributes(gold: GoldClaim, pred: Claim, canon: _Canon) -> dict[str, tuple[bool, Any, Any]]:
    g = gold.claim
    out: dict[str, tuple[bool, Any, Any]] = {
        "claimant": (
            canon.claimant(g.claimant.name) == canon.claimant(pred.claimant.name),
            g.claimant.name,
            pred.claimant.name,
        ),
        "affiliation": (
            g.claimant.affiliation == pred.claimant.affiliation,
            g.claimant.affiliation,
            pred.claimant.affiliation,
        ),
        "qualifier": (
            g.value.qualifier == pred.value.qualifier,
            g.value.qualifier,
            pred.value.qualifier,
        ),
        "period": (
            _day_close(g.period.start, pred.period.start)
            and _day_close(g.period.end, pred.period.end)
            and g.period.cumulative == pred.period.cumulative,
            g.period.to_dict(),
            pred.period.to_dict(),
        ),
        "location": (
            canon.place(g.location) == canon.place(pred.location),
            g.location,
            pred.location,
        ),
        "rate": (
            _rate(g) == _rate(pred),
            g.rate and g.rate.to_dict(),
            pred.rate and pred.rate.to_dict(),
        ),
    }
    if gold.has_group or g.metric.startswith("personnel."):
        out["group"] = (g.group == pred.group, g.group, pred.group)
    return out


def score(
    gold: Iterable[GoldClaim],
    predicted: Iterable[Claim],
    documents: Iterable[str],
    lexicon: Lexicon,
) -> Score:
    """Score predicted claims of `documents` against the gold claims of those documents;
    `lexicon` (the one the claims were read with) says which claimant aliases are equal."""
    canon = _Canon(lexicon)
    docs = list(dict.fromkeys(documents))
    gold_by_doc: dict[str, list[GoldClaim]] = {}
    for g in gold:
        gold_by_doc.setdefault(g.claim.doc_id, []).append(g)
    pred_by_doc: dict[str, list[Claim]] = {}
    for p in predicted:
        pred_by_doc.setdefault(p.doc_id, []).append(p)
    result = Score()
    for doc in docs:
        if doc not in gold_by_doc:
            result.unscored.append(doc)
            continue
        result.documents.append(doc)
        _score_document(gold_by_doc[doc], pred_by_doc.get(doc, []), canon, result)
    return result


def _score_document(
    golds: list[GoldClaim], preds: list[Claim], canon: _Canon, result: Score
) -> None:
    pairs: list[tuple[int, int, int, dict[str, tuple[bool, Any, Any]]]] = []
    for gi, g in enumerate(golds):
        gk = _key(g.claim, canon)
        for pi, p in enumerate(preds):
            if _key(p, canon) == gk:
                attrs = _attributes(g, p, canon)
                pairs.append((sum(ok for ok, _, _ in attrs.values()), gi, pi, attrs))
    # Best agreement first, so two claims with equal keys pair up the way the text does.
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, gi, pi, attrs in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        if golds[gi].optional:
            continue
        result.tp += 1
        for name, (ok, gv, pv) in attrs.items():
            result.attribute_totals[name] += 1
            if ok:
                result.attribute_hits[name] += 1
            else:
                result.mismatches.append(Mismatch(name, gv, pv, preds[pi]))
    for gi, g in enumerate(golds):
        if gi not in used_g and not g.optional:
            result.fn += 1
            result.missed.append(g.claim)
    for pi, p in enumerate(preds):
        if pi not in used_p:
            result.fp += 1
            result.spurious.append(p)
