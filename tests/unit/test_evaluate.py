"""Scoring against a gold file with the matching rules of claims.md, on hand-made claims."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.errors import GoldError
from claimledger.evaluate import ATTRIBUTES, GoldClaim, Score, read_gold
from claimledger.evaluate import score as score_with
from claimledger.lexicon import load_lexicon
from claimledger.model import Claim


def score(gold: Any, predicted: list[Claim], documents: list[str]) -> Score:
    # The built-in lexicon, whatever $CLAIMLEDGER_LEXICON says: the claims here use its names.
    return score_with(gold, predicted, documents, load_lexicon(()))


def claim_dict(**over: Any) -> dict[str, Any]:
    d: dict[str, Any] = {
        "doc_id": "bakhmut",
        "metric": "personnel.killed",
        "subject": "Russia",
        "value": {"low": 239, "high": 239, "qualifier": "exact"},
        "rate": None,
        "claimant": {"name": "Serhiy Cherevatyi", "affiliation": "Ukraine"},
        "period": {"start": "2023-03-12", "end": "2023-03-12", "cumulative": False},
        "location": "Bakhmut",
        "group": "military",
    }
    d.update(over)
    return d


def gold_file(tmp_path: Path, *rows: dict[str, Any]) -> list[GoldClaim]:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return read_gold(path)


def pred(**over: Any) -> Claim:
    return Claim.from_dict(claim_dict(**over))


# -- matching --------------------------------------------------------------------------------------


def test_identical_claims_match_on_every_attribute(tmp_path: Path) -> None:
    s = score(gold_file(tmp_path, claim_dict()), [pred()], ["bakhmut"])
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    assert all(s.accuracy(a) == 1.0 for a in ATTRIBUTES)
    assert s.mismatches == []


@pytest.mark.parametrize(
    "over",
    [
        {"metric": "personnel.wounded"},
        {"subject": "Ukraine"},
        {"value": {"low": 240, "high": 240, "qualifier": "exact"}},
        {"value": {"low": 239, "high": None, "qualifier": "more_than"}},
    ],
)
def test_metric_subject_and_value_decide_a_match(tmp_path: Path, over: dict[str, Any]) -> None:
    s = score(gold_file(tmp_path, claim_dict()), [pred(**over)], ["bakhmut"])
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)
    assert len(s.missed) == 1 and len(s.spurious) == 1


def test_other_documents_do_not_match(tmp_path: Path) -> None:
    s = score(gold_file(tmp_path, claim_dict()), [pred(doc_id="other")], ["bakhmut", "other"])
    assert (s.tp, s.fp, s.fn) == (0, 0, 1)
    assert s.documents == ["bakhmut"]
    assert s.unscored == ["other"]


def test_proxy_subject_matches_its_party(tmp_path: Path) -> None:
    s = score(gold_file(tmp_path, claim_dict(subject="Wagner Group")), [pred()], ["bakhmut"])
    assert s.tp == 1


def test_values_compare_to_four_significant_digits(tmp_path: Path) -> None:
    gold = claim_dict(
        metric="territory.advance_km",
        value={"low": 4.828, "high": 4.828, "qualifier": "exact"},
        group=None,
    )
    near = pred(
        metric="territory.advance_km",
        value={"low": 4.828032, "high": 4.828032, "qualifier": "exact"},
        group=None,
    )
    assert score(gold_file(tmp_path, gold), [near], ["bakhmut"]).tp == 1
    off = pred(
        metric="territory.advance_km",
        value={"low": 4.838, "high": 4.838, "qualifier": "exact"},
        group=None,
    )
    assert score(gold_file(tmp_path, gold), [off], ["bakhmut"]).tp == 0


def test_large_values_round_to_four_significant_digits(tmp_path: Path) -> None:
    gold = claim_dict(value={"low": 162600, "high": 162600, "qualifier": "approx"})
    got = pred(value={"low": 162560, "high": 162560, "qualifier": "approx"})
    assert score(gold_file(tmp_path, gold), [got], ["bakhmut"]).tp == 1


# -- optional gold claims --------------------------------------------------------------------------


def test_optional_gold_claim_found_is_not_a_true_or_false_positive(tmp_path: Path) -> None:
    gold = gold_file(
        tmp_path, claim_dict(), {**claim_dict(metric="personnel.wounded"), "optional": True}
    )
    s = score(gold, [pred(), pred(metric="personnel.wounded")], ["bakhmut"])
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)
    assert s.attribute_totals["claimant"] == 1


def test_optional_gold_claim_missed_is_not_a_false_negative(tmp_path: Path) -> None:
    gold = gold_file(
        tmp_path, claim_dict(), {**claim_dict(metric="personnel.wounded"), "optional": True}
    )
    s = score(gold, [pred()], ["bakhmut"])
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)
    assert s.recall == 1.0


# -- attributes ------------------------------------------------------------------------------------


def test_period_bounds_within_one_day(tmp_path: Path) -> None:
    gold = gold_file(tmp_path, claim_dict())
    close = pred(period={"start": "2023-03-11", "end": "2023-03-13", "cumulative": False})
    s = score(gold, [close], ["bakhmut"])
    assert s.attribute_hits["period"] == 1
    far = pred(period={"start": "2023-03-10", "end": "2023-03-12", "cumulative": False})
    s = score(gold, [far], ["bakhmut"])
    assert (s.tp, s.attribute_hits["period"]) == (1, 0)
    [m] = s.mismatches
    assert m.attribute == "period"


def test_period_null_bound_matches_only_null(tmp_path: Path) -> None:
    gold = gold_file(
        tmp_path, claim_dict(period={"start": None, "end": "2023-03-13", "cumulative": False})
    )
    same = pred(period={"start": None, "end": "2023-03-13", "cumulative": False})
    other = pred(period={"start": "2023-03-12", "end": "2023-03-13", "cumulative": False})
    assert score(gold, [same], ["bakhmut"]).attribute_hits["period"] == 1
    assert score(gold, [other], ["bakhmut"]).attribute_hits["period"] == 0


def test_cumulative_flag_must_agree(tmp_path: Path) -> None:
    gold = gold_file(tmp_path, claim_dict())
    s = score(
        gold,
        [pred(period={"start": "2023-03-12", "end": "2023-03-12", "cumulative": True})],
        ["bakhmut"],
    )
    assert s.attribute_hits["period"] == 0


@pytest.mark.parametrize(
    ("gold_name", "pred_name"),
    [
        ("Serhiy Cherevatyi", "Cherevatyi"),
        ("Serhii Cherevatyi", "Serhiy Cherevatyi"),
        ("Russian Ministry of Defence", "Russia's defence ministry"),
        ("Pentagon", "US Department of Defense"),
    ],
)
def test_claimant_aliases_match(tmp_path: Path, gold_name: str, pred_name: str) -> None:
    gold = gold_file(tmp_path, claim_dict(claimant={"name": gold_name, "affiliation": "Ukraine"}))
    s = score(gold, [pred(claimant={"name": pred_name, "affiliation": "Ukraine"})], ["bakhmut"])
    assert s.attribute_hits["claimant"] == 1


def test_different_claimants_do_not_match(tmp_path: Path) -> None:
    gold = gold_file(tmp_path, claim_dict())
    s = score(
        gold, [pred(claimant={"name": "Hanna Maliar", "affiliation": "Ukraine"})], ["bakhmut"]
    )
    assert (s.tp, s.attribute_hits["claimant"], s.attribute_hits["affiliation"]) == (1, 0, 1)


def test_location_spellings_match(tmp_path: Path) -> None:
    gold = gold_file(tmp_path, claim_dict(location="Avdiivka"))
    assert score(gold, [pred(location="Avdeyevka")], ["bakhmut"]).attribute_hits["location"] == 1
    assert score(gold, [pred(location="Bakhmut")], ["bakhmut"]).attribute_hits["location"] == 0


def test_rate_and_qualifier_and_group(tmp_path: Path) -> None:
    gold = gold_file(
        tmp_path,
        claim_dict(
            value={"low": 800, "high": 800, "qualifier": "approx"},
            rate={"per": 0.25, "unit": "mile"},
        ),
    )
    s = score(
        gold,
        [
            pred(
                value={"low": 800, "high": 800, "qualifier": "exact"},
                rate={"per": 1, "unit": "mile"},
                group="civilian",
            )
        ],
        ["bakhmut"],
    )
    assert s.tp == 1
    assert {m.attribute for m in s.mismatches} == {"qualifier", "rate", "group"}
    assert s.accuracy("qualifier") == s.accuracy("rate") == s.accuracy("group") == 0.0
    assert s.accuracy("claimant") == 1.0


def test_group_is_not_scored_for_equipment(tmp_path: Path) -> None:
    gold_row = claim_dict(metric="equipment.tanks")
    del gold_row["group"]
    s = score(
        gold_file(tmp_path, gold_row), [pred(metric="equipment.tanks", group=None)], ["bakhmut"]
    )
    assert s.attribute_totals["group"] == 0


# -- arithmetic ------------------------------------------------------------------------------------


def test_precision_recall_f1(tmp_path: Path) -> None:
    gold = gold_file(
        tmp_path,
        claim_dict(),
        claim_dict(metric="personnel.wounded"),
        claim_dict(metric="equipment.tanks", group=None),
        claim_dict(metric="equipment.aircraft", group=None),
    )
    predicted = [
        pred(),
        pred(metric="personnel.wounded"),
        pred(metric="equipment.tanks", group=None),
        pred(metric="equipment.uav", group=None),
        pred(metric="equipment.ships", group=None),
    ]
    s = score(gold, predicted, ["bakhmut"])
    assert (s.tp, s.fp, s.fn) == (3, 2, 1)
    assert s.precision == pytest.approx(3 / 5)
    assert s.recall == pytest.approx(3 / 4)
    assert s.f1 == pytest.approx(2 * 0.6 * 0.75 / (0.6 + 0.75))
    d = s.to_dict()
    assert (d["precision"], d["recall"], d["f1"]) == (0.6, 0.75, 0.6667)


def test_duplicate_keys_pair_up_by_agreement(tmp_path: Path) -> None:
    gold = gold_file(
        tmp_path,
        claim_dict(location="Bakhmut"),
        claim_dict(location="Soledar"),
    )
    s = score(gold, [pred(location="Soledar"), pred(location="Bakhmut")], ["bakhmut"])
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)
    assert s.attribute_hits["location"] == 2


def test_nothing_predicted(tmp_path: Path) -> None:
    s = score(gold_file(tmp_path, claim_dict()), [], ["bakhmut"])
    assert (s.tp, s.fp, s.fn) == (0, 0, 1)
    assert (s.precision, s.recall, s.f1) == (1.0, 0.0, 0.0)


# -- the gold file ---------------------------------------------------------------------------------


def test_gold_lines_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(
        json.dumps(claim_dict()) + "\n\n" + json.dumps({**claim_dict(), "optional": True}) + "\n",
        encoding="utf-8",
    )
    gold = read_gold(path)
    assert [(g.line, g.optional) for g in gold] == [(1, False), (3, True)]
    assert gold[0].claim.value.low == 239


@pytest.mark.parametrize(
    "bad",
    [
        "{not json",
        "[1, 2, 3]",
        json.dumps({"metric": "personnel.killed"}),  # no doc_id
        json.dumps({**claim_dict(), "period": {"start": "last week"}}),
    ],
)
def test_malformed_gold_line_names_the_line(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(claim_dict()) + "\n" + bad + "\n", encoding="utf-8")
    with pytest.raises(GoldError) as info:
        read_gold(path)
    assert str(info.value).startswith(f"{path}:2: ")
    assert "\n" not in str(info.value)


def test_missing_gold_file(tmp_path: Path) -> None:
    with pytest.raises(GoldError) as info:
        read_gold(tmp_path / "nope.jsonl")
    assert str(tmp_path / "nope.jsonl") in str(info.value)


# -- `claimledger eval` ----------------------------------------------------------------------------


def test_eval_command_json(tmp_path: Path) -> None:
    article = tmp_path / "bakhmut.txt"
    article.write_text(
        "date 2023-03-13\nSerhiy Cherevatyi said 239 Russian soldiers were killed around "
        "Bakhmut on 12 March.\n",
        encoding="utf-8",
    )
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(claim_dict())
        + "\n"
        + json.dumps(claim_dict(metric="personnel.wounded", value={"low": 5, "high": 5}))
        + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["eval", str(gold), str(article), "--json", "--show"])
    assert result.exit_code == 0, result.output
    d = json.loads(result.stdout)
    assert (d["tp"], d["fp"], d["fn"]) == (1, 0, 1)
    assert (d["precision"], d["recall"]) == (1.0, 0.5)
    assert d["attributes"]["period"] == 1.0
    assert [m["metric"] for m in d["missed"]] == ["personnel.wounded"]


def test_eval_command_bad_gold_line(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Body.\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("{oops\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(gold), str(article)])
    assert result.exit_code == 2
    assert f"{gold}:1:" in result.stderr
    assert "Traceback" not in result.output
