"""The quality gate: extraction scored against the development gold, floors pinned in
tests/gate/eval_floors.toml (raised as the extractor improves, never lowered)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.evaluate import ATTRIBUTES
from tests.support.gate_sets import GATE_SETS

FLOORS = tomllib.loads((Path(__file__).parent / "eval_floors.toml").read_text())


def _eval(shared: Path, *paths: Path) -> dict:
    result = CliRunner().invoke(
        app, ["eval", str(shared / "gold" / "dev.jsonl"), *map(str, paths), "--json", "--show"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _explain(score: dict) -> str:
    lines = [f"{k}: {score[k]}" for k in ("precision", "recall", "f1")]
    lines += [f"missed: {c['doc_id']} {c['metric']} {c['value']}" for c in score["missed"]]
    lines += [f"spurious: {c['doc_id']} {c['metric']} {c['value']}" for c in score["spurious"]]
    lines += [
        f"{m['attribute']}: {m['claim']['doc_id']} {m['claim']['metric']}"
        f" gold={m['gold']} got={m['predicted']}"
        for m in score["mismatches"]
    ]
    return "\n".join(lines)


def test_dev_corpus_meets_floors(shared: Path) -> None:
    score = _eval(shared, shared / "corpus" / "dev")
    floors = FLOORS["dev"]
    assert len(score["documents"]) == len(list((shared / "corpus" / "dev").glob("*.txt")))
    for key in ("precision", "recall", "f1"):
        assert score[key] >= floors[key], _explain(score)
    for attribute in ATTRIBUTES:
        assert score["attributes"][attribute] >= floors["attributes"][attribute], (
            f"{attribute} accuracy {score['attributes'][attribute]} below its floor\n"
            + _explain(score)
        )


def test_seed_article_is_perfect(shared: Path) -> None:
    seed = FLOORS["seed"]
    score = _eval(shared, shared / "corpus" / "dev" / f"{seed['document']}.txt")
    assert score["f1"] >= seed["f1"], _explain(score)
    assert score["tp"] >= 21  # every non-optional claim of the seed article
    for attribute in ATTRIBUTES:
        assert score["attributes"][attribute] >= seed["attributes"], _explain(score)


def test_seed_article_key_readings(shared: Path) -> None:
    """The readings issue #2 names: the MoD totals as of the day-386 anchor, the quarter-mile
    rate, the 20,000–30,000 range as one claim."""
    result = CliRunner().invoke(
        app,
        ["extract", str(shared / "corpus" / "dev" / "bakhmut-2023-03-13.txt"), "--format", "jsonl"],
    )
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    total = next(c for c in claims if c["value"]["low"] == 162560)
    assert total["period"] == {"start": "2022-02-24", "end": "2023-03-16", "cumulative": True}
    assert total["claimant"] == {"name": "Ukrainian Ministry of Defence", "affiliation": "Ukraine"}
    rate = next(c for c in claims if c["rate"] is not None)
    assert rate["value"]["low"] == 800 and rate["rate"] == {"per": 0.25, "unit": "mile"}
    ranges = [c for c in claims if c["value"]["qualifier"] == "range"]
    assert [(r["value"]["low"], r["value"]["high"]) for r in ranges] == [(20000, 30000)]
    tanks = next(c for c in claims if c["metric"] == "equipment.tanks")
    assert tanks["period"]["end"] == "2023-03-16" and tanks["value"]["low"] == 3504


def test_floors_are_scores_not_placeholders() -> None:
    """A floor of 0 would let anything pass: every pinned floor is a real bar."""
    values = [FLOORS["dev"][k] for k in ("precision", "recall", "f1")]
    values += list(FLOORS["dev"]["attributes"].values())
    assert all(0.9 <= v <= 1.0 for v in values)
    assert set(FLOORS["dev"]["attributes"]) == set(ATTRIBUTES)


@pytest.mark.parametrize("name", ["soledar-wire-2023-01-13", "ohchr-civilians-2023-10-10"])
def test_each_document_scores_alone(shared: Path, name: str) -> None:
    """Scoring one file uses that file's gold only (no cross-document matches)."""
    score = _eval(shared, shared / "corpus" / "dev" / f"{name}.txt")
    assert score["documents"] == [name]
    assert score["f1"] >= FLOORS["dev"]["f1"] - 0.05


# -- Real reporting: text written by others, scored the same way -------------------------------

REAL_SETS = ("fa-kes", "mil-gov-ua", "officials-ua", "disaster")


@pytest.mark.parametrize("name", REAL_SETS)
def test_real_set_meets_floors(shared: Path, name: str) -> None:
    """Each real set (../shared/corpus/real) scored by `claimledger eval` reading its JSONL
    records or HTML pages directly; floors in eval_floors.toml [real.NAME]."""
    gold, paths = GATE_SETS[name]
    if not all(p.exists() for p in (gold, *paths)):
        pytest.skip(f"needs the real set {name} at {paths[0]} (not present here)")
    result = CliRunner().invoke(app, ["eval", str(gold), *map(str, paths), "--json", "--show"])
    assert result.exit_code == 0, result.output
    score = json.loads(result.stdout)
    floors = FLOORS["real"][name]
    assert score["documents"], f"{name}: no document scored"
    for key in ("precision", "recall", "f1"):
        assert score[key] >= floors[key], f"{name} {key}\n" + _explain(score)
    for attribute in ATTRIBUTES:
        assert score["attributes"][attribute] >= floors["attributes"][attribute], (
            f"{name}: {attribute} accuracy {score['attributes'][attribute]} below its floor\n"
            + _explain(score)
        )


# The bars issue #12 set for real reporting: a floor is never pinned below them again.
REAL_TARGETS = {
    "fa-kes": {"f1": 0.85, "claimant": 0.80, "affiliation": 0.85, "period": 0.80, "location": 0.70},
    "mil-gov-ua": {"f1": 0.97, "period": 0.97},
    "officials-ua": {"f1": 0.85, "claimant": 0.90},
    "disaster": {"f1": 0.85},
}


def test_every_real_set_has_floors_at_its_targets() -> None:
    for name in REAL_SETS:
        floors = FLOORS["real"][name]
        assert {"precision", "recall", "f1"} <= set(floors)
        assert set(floors["attributes"]) == set(ATTRIBUTES)
        pinned = {"f1": floors["f1"], **floors["attributes"]}
        for key, target in REAL_TARGETS[name].items():
            assert pinned[key] >= target, f"{name} {key}: floor {pinned[key]} below {target}"
