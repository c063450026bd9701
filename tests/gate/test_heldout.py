"""The held-out challenge set: 30 articles written independently of the extractor and
annotated from claims.md alone (tests/data/heldout, gold in gold.jsonl). Its scores must not
fall below the floors pinned in tests/gate/eval_floors.toml [heldout]."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.evaluate import ATTRIBUTES, read_gold

HELDOUT = Path(__file__).parents[1] / "data" / "heldout"
GOLD = HELDOUT / "gold.jsonl"
DOCUMENTS = sorted(HELDOUT.glob("*.txt"))
FLOORS = tomllib.loads((Path(__file__).parent / "eval_floors.toml").read_text())["heldout"]


def _eval() -> dict:
    result = CliRunner().invoke(app, ["eval", str(GOLD), *map(str, DOCUMENTS), "--json", "--show"])
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


def test_heldout_set_is_complete() -> None:
    """30 documents, each with a date line and gold claims whose evidence is in its text."""
    assert len(DOCUMENTS) == 30
    texts = {p.stem: p.read_text(encoding="utf-8") for p in DOCUMENTS}
    for doc_id, text in texts.items():
        assert text.startswith("date 20"), doc_id
    gold = read_gold(GOLD)
    assert {g.claim.doc_id for g in gold} == set(texts)
    for g in gold:
        assert g.claim.evidence.text in texts[g.claim.doc_id], (g.line, g.claim.evidence.text)


def test_heldout_meets_floors() -> None:
    score = _eval()
    assert sorted(score["documents"]) == [p.stem for p in DOCUMENTS]
    assert not score["unscored_documents"]
    for key in ("precision", "recall", "f1"):
        assert score[key] >= FLOORS[key], _explain(score)
    for attribute in ATTRIBUTES:
        assert score["attributes"][attribute] >= FLOORS["attributes"][attribute], (
            f"{attribute} accuracy {score['attributes'][attribute]} below its floor\n"
            + _explain(score)
        )


def test_heldout_floors_cover_every_score() -> None:
    assert set(FLOORS["attributes"]) == set(ATTRIBUTES)
    assert all(0.0 < v <= 1.0 for v in (FLOORS["precision"], FLOORS["recall"], FLOORS["f1"]))
