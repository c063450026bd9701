"""Consistency checks, one kind at a time with real numbers, then on ledgers (SQLite and
PostgreSQL) and through the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger import extract
from claimledger.analysis import checks
from claimledger.analysis.checks import (
    DATE,
    FALLING,
    INCREMENT,
    KILLED_OVER_KOW,
    RANGE,
    RATE,
    SELF,
    SUBCOUNT,
    Finding,
    date_findings,
    find_inconsistencies,
)
from claimledger.cli import app
from claimledger.ledger import Ledger
from claimledger.lexicon import load_lexicon
from claimledger.model import Claim, Document
from claimledger.storage.entries import AnalysedClaim
from tests.support.analysishelp import analysed, claim

LEX = load_lexicon()

KOW, KILLED, WOUNDED = (
    "personnel.killed_or_wounded",
    "personnel.killed",
    "personnel.wounded",
)
MAY = {d: date(2023, 5, d) for d in range(1, 32)}
STUBBS = {"claimant": "Ian Stubbs", "affiliation": "United Kingdom"}
SINCE_MAY = {"start": date(2022, 5, 1), "end": date(2023, 3, 16)}


def _only(found: list[Finding], kind: str) -> Finding:
    hits = [f for f in found if f.kind == kind]
    assert len(hits) == 1, found
    return hits[0]


# -- rates -----------------------------------------------------------------------------------


def _seed_like(rate_low: float, qualifier: str = "approx") -> list[AnalysedClaim]:
    return [
        analysed(claim(KOW, 20_000, 30_000, at=3332, location="Bakhmut", **STUBBS, **SINCE_MAY)),
        analysed(claim("territory.advance_km", 25, at=3332, location="Bakhmut", **STUBBS,
                       **SINCE_MAY)),
        analysed(
            claim(KOW, rate_low, qualifier=qualifier, rate=(0.25, "mile"), at=3666,
                  claimant=None, affiliation=None, location="Bakhmut", **SINCE_MAY)
        ),
    ]  # fmt: skip


def test_a_rate_per_quarter_mile_that_does_not_follow_from_its_totals() -> None:
    f = _only(checks.rate_findings(_seed_like(800)), RATE)
    assert f.severity == "high"
    # 20,000–30,000 over 25 km = 800–1,200 per km; a quarter mile is 0.402336 km.
    assert f.numbers["derived_low"] == pytest.approx(321.8688)
    assert f.numbers["derived_high"] == pytest.approx(482.8032)
    assert f.numbers["derived_per_km_low"] == 800 and f.numbers["derived_per_km_high"] == 1200
    assert f.explanation == (
        "The outlet's “about 800 killed or wounded per quarter mile” does not follow from "
        "Ian Stubbs' 20,000–30,000 over 25 km, which is 322–483 per quarter mile "
        "(800–1,200 per km): the claimed rate is 1.7–2.5 times as high."
    )
    assert [a.record.claim.metric for a in f.evidence] == [KOW, KOW, "territory.advance_km"]


def test_a_rate_that_follows_from_its_totals_is_not_reported() -> None:
    assert checks.rate_findings(_seed_like(400)) == []
    assert checks.rate_findings(_seed_like(480, "exact")) == []  # 482.8 within rounding
    assert checks.rate_findings(_seed_like(330, "more_than")) == []


def test_a_rate_too_low_for_its_totals() -> None:
    f = _only(checks.rate_findings(_seed_like(100, "exact")), RATE)
    assert "the claimed rate is 21–31% of that" in f.explanation


def test_a_daily_rate_against_a_total_over_its_period() -> None:
    # 56,000 killed from 4 June to 4 September (92 days) is 609 a day.
    total = claim(KILLED, 56_000, start=date(2023, 6, 4), end=date(2023, 9, 4), at=100)
    ok = claim(KILLED, 600, qualifier="approx", rate=(1, "day"), claimant=None,
               affiliation=None, start=date(2023, 6, 4), end=date(2023, 9, 4), at=300)  # fmt: skip
    assert checks.rate_findings([analysed(total), analysed(ok)]) == []
    far = claim(KILLED, 1_000, rate=(1, "day"), claimant=None, affiliation=None, at=300)
    f = _only(checks.rate_findings([analysed(total), analysed(far)]), RATE)
    assert "over the 92 days from 2023-06-04 to 2023-09-04, which is 609 per day" in (f.explanation)
    assert f.numbers["derived_low"] == pytest.approx(56_000 / 92)


def test_a_rate_is_checked_against_the_total_of_its_story() -> None:
    # The total in one copy of a story, the rate in another copy (same near-duplicate group).
    a, b, c = _seed_like(800)
    docs = [
        analysed(a.record.claim, document=1, group=1),
        analysed(b.record.claim, document=1, group=1),
        analysed(c.record.claim, document=2, group=1),
    ]
    assert _only(checks.rate_findings(docs), RATE).numbers["derived_high"] == pytest.approx(
        482.8032
    )
    apart = [*docs[:2], analysed(c.record.claim, document=2, group=2)]
    assert checks.rate_findings(apart) == []


# -- running totals ------------------------------------------------------------------------------


def _total(value: float, day: int, **kw: object) -> AnalysedClaim:
    return analysed(
        claim("equipment.tanks", value, start=date(2022, 2, 24), end=MAY[day], cumulative=True,
              **kw)  # type: ignore[arg-type]
    )  # fmt: skip


def test_a_running_total_that_falls() -> None:
    series = [_total(3_765, 9), _total(3_700, 12), _total(3_790, 13)]
    f = _only(checks.falling_findings(series), FALLING)
    assert f.severity == "high"
    assert f.explanation == (
        "Ukrainian General Staff's running total of Russia's tanks falls from 3,765 "
        "(as of 2023-05-09) to 3,700 (as of 2023-05-12), 65 fewer."
    )
    rising = [_total(3_765, 9), _total(3_769, 10)]
    assert checks.falling_findings(rising) == []
    # Another claimant's lower figure is not this claimant's series falling.
    other = _total(3_000, 12, claimant="Russian Ministry of Defence", affiliation="Russia")
    assert checks.falling_findings([_total(3_765, 9), other]) == []


def _increment(total: float, inc: float, day: int) -> list[AnalysedClaim]:
    text = f"tanks — {total:,.0f} (+{inc:,.0f})"
    return [
        analysed(claim("equipment.tanks", total, start=date(2022, 2, 24), end=MAY[day],
                       cumulative=True, at=500, text=text), document=day),
        analysed(claim("equipment.tanks", inc, start=MAY[day - 1], end=MAY[day], at=500,
                       text=text), document=day),
    ]  # fmt: skip


def test_an_increment_that_does_not_match_the_change_in_totals() -> None:
    claims = [*_increment(3_765, 4, 9), *_increment(3_770, 4, 10)]
    f = _only(checks.increment_findings(claims), INCREMENT)
    assert f.explanation == (
        "Ukrainian General Staff's running total of Russia's tanks rises by 5, from 3,765 "
        "(2023-05-09) to 3,770 (2023-05-10), but its daily increment for 2023-05-10 is (+4)."
    )
    assert (f.numbers["change"], f.numbers["increments"]) == (5, 4)
    assert checks.increment_findings([*_increment(3_765, 4, 9), *_increment(3_770, 5, 10)]) == []


def test_increments_over_several_days_against_the_change_in_totals() -> None:
    claims = [
        *_increment(3_765, 4, 9),
        *_increment(3_769, 4, 10),
        *_increment(3_774, 5, 11),
        *_increment(3_780, 3, 12),
    ]
    # Day by day 3,765 → 3,769 → 3,774 match (+4, +5); 3,774 → 3,780 is 6, printed (+3).
    f = _only(checks.increment_findings(claims), INCREMENT)
    assert "rises by 6, from 3,774 (2023-05-11) to 3,780 (2023-05-12)" in f.explanation
    # Totals three days apart: the increments of the days between must add up.
    sparse = [*_increment(3_765, 4, 9), *_increment(3_782, 3, 12)]
    between = [
        analysed(claim("equipment.tanks", v, start=MAY[d - 1], end=MAY[d], at=500,
                       text=f"tanks (+{v})"), document=d)
        for d, v in ((10, 4), (11, 5))
    ]  # fmt: skip
    # (+4) and (+5) are printed without their totals: not increments by themselves.
    assert checks.increment_findings([*sparse, *between]) == []


# -- sub-counts ----------------------------------------------------------------------------------


def _scope(metric: str, low: float, high: float | None = None, **kw: object) -> AnalysedClaim:
    return analysed(claim(metric, low, high, **STUBBS, **SINCE_MAY, **kw))  # type: ignore[arg-type]


def test_killed_above_killed_or_wounded() -> None:
    found = checks.subcount_findings([_scope(KILLED, 25_000), _scope(KOW, 20_000, 22_000)])
    f = _only(found, KILLED_OVER_KOW)
    assert f.explanation == (
        "Ian Stubbs' 25,000 killed is more than its 20,000–22,000 killed or wounded for "
        "Russia's personnel (2022-05-01 – 2023-03-16)."
    )
    assert checks.subcount_findings([_scope(KILLED, 9_000), _scope(KOW, 20_000, 30_000)]) == []
    # Another period is another scope.
    other = analysed(claim(KILLED, 25_000, **STUBBS, start=date(2022, 2, 24), end=SINCE_MAY["end"]))
    assert checks.subcount_findings([other, _scope(KOW, 20_000, 22_000)]) == []


def test_killed_and_wounded_above_their_total() -> None:
    found = checks.subcount_findings(
        [_scope(KILLED, 12_000), _scope(WOUNDED, 10_000), _scope(KOW, 20_000)]
    )
    f = _only(found, SUBCOUNT)
    assert "12,000 killed and 10,000 wounded add up to 22,000, more than its 20,000" in (
        f.explanation
    )
    assert f.numbers == {"parts": 22_000, "total": 20_000}


def test_a_group_count_above_the_unspecified_total() -> None:
    found = checks.subcount_findings(
        [_scope(KILLED, 600, group="civilian"), _scope(KILLED, 500, group="unspecified")]
    )
    f = _only(found, SUBCOUNT)
    assert "600 civilian killed is more than its total of 500 killed" in f.explanation


def test_a_sub_count_is_checked_against_its_whole_not_read_as_a_rival() -> None:
    toll = _scope(KILLED, 18, group="civilian")
    children = _scope(KILLED, 6, group="civilian", subset="children")
    assert checks.subcount_findings([toll, children]) == []
    # The children's killed against the children's killed or wounded: like with like.
    children_kow = _scope(KOW, 5, group="civilian", subset="children")
    f = _only(checks.subcount_findings([toll, children, children_kow]), KILLED_OVER_KOW)
    assert f.numbers == {"part": 6, "total": 5}
    # The toll's killed is not compared with the children's killed or wounded.
    assert checks.subcount_findings([toll, children_kow]) == []
    # A part above the whole it is part of cannot hold.
    many = _scope(KILLED, 25, group="civilian", subset="children")
    f = _only(checks.subcount_findings([toll, many]), SUBCOUNT)
    assert "25 children killed is more than its total of 18 killed" in f.explanation


def test_a_claimant_s_sub_counts_are_not_its_totals() -> None:
    # Reports apart: the toll in one, the children of the toll in another.
    toll = _scope(KILLED, 18, group="civilian")
    children = analysed(
        claim(KILLED, 6, group="civilian", subset="children", **STUBBS, **SINCE_MAY), document=2
    )
    assert checks.self_contradictions([toll, children]) == []
    assert find_inconsistencies([toll, children], LEX) == []
    # A running total of children after a running total of everyone does not fall.
    assert checks.falling_findings([_total(3_765, 9), _total(40, 12, subset="officers")]) == []


# -- ranges and contradictions -----------------------------------------------------------------


def test_a_range_with_its_low_bound_above_its_high_bound() -> None:
    f = _only(checks.range_findings([_scope(KOW, 30_000, 20_000)]), RANGE)
    assert f.explanation == (
        "Ian Stubbs' range of killed or wounded for Russia runs from 30,000 down to 20,000: "
        "its low bound is above its high bound."
    )


def test_one_claimant_two_figures_for_the_same_period() -> None:
    mod = {"claimant": "Ukrainian Ministry of Defence"}
    a = analysed(
        claim(
            "equipment.tanks",
            3_504,
            doc="x",
            cumulative=True,
            start=date(2022, 2, 24),
            end=date(2023, 3, 16),
            **mod,
        ),
        document=1,
    )
    b = analysed(
        claim(
            "equipment.tanks",
            3_510,
            doc="y",
            cumulative=True,
            start=date(2022, 2, 24),
            end=date(2023, 3, 16),
            **mod,
        ),
        document=2,
    )
    f = _only(checks.self_contradictions([a, b]), SELF)  # fmt: skip
    assert f.explanation == (
        "Ukrainian Ministry of Defence gives different figures for Russia's tanks "
        "(total as of 2023-03-16): 3,504 (x) and 3,510 (y)."
    )
    # In one story a second figure is a breakdown, not a contradiction.
    same_story = analysed(b.record.claim, document=1)
    assert checks.self_contradictions([a, same_story]) == []
    # Figures that can both hold do not contradict ("more than 3,500").
    more = analysed(
        claim(
            "equipment.tanks",
            3_500,
            qualifier="more_than",
            cumulative=True,
            start=date(2022, 2, 24),
            end=date(2023, 3, 16),
            **mod,
        ),
        document=3,
    )
    assert checks.self_contradictions([a, more]) == []  # fmt: skip


# -- dates -------------------------------------------------------------------------------------

ANCHORED = (
    "The defence ministry in Kyiv kept up its daily count of enemy losses.\n\n"
    "On day 386 of the war, fighting went on around the eastern towns.\n\n"
    "By Thursday, the ministry said, Ukrainian forces had destroyed 3,504 Russian tanks."
)


def _from_text(text: str, published: date) -> tuple[Document, list[AnalysedClaim]]:
    doc = Document("anchored", text, published)
    return doc, [analysed(c, document=7, published=published) for c in extract(doc)]


def test_a_relative_date_that_the_text_anchor_places_elsewhere() -> None:
    doc, claims = _from_text(ANCHORED, date(2023, 3, 13))
    [tanks] = claims
    assert tanks.record.claim.period.end == date(2023, 3, 16)  # day 386 = Thursday 16 March
    f = _only(date_findings(claims, {7: doc}, LEX), DATE)
    assert f.explanation == (
        "“By Thursday” is 2023-03-16 when read after the text's anchor “day 386 of the war” "
        "(2023-03-16), but 2023-03-09 against the document's date 2023-03-13; 1 claim is "
        "dated by it."
    )
    assert f.severity == "medium"


def test_a_claim_dated_after_its_document_without_an_anchor() -> None:
    text = "The ministry said Ukrainian forces had destroyed 12 Russian tanks."
    doc = Document("late", text, date(2023, 3, 13))
    late = analysed(
        claim("equipment.tanks", 12, start=date(2023, 3, 20), end=date(2023, 3, 20), at=0,
              text=text), document=3, published=date(2023, 3, 13)
    )  # fmt: skip
    f = _only(date_findings([late], {3: doc}, LEX), DATE)
    assert f.severity == "low"
    assert "is dated 2023-03-20, 7 days after its document's date 2023-03-13" in f.explanation
    # Without the document to re-read, the date check has nothing to say.
    assert date_findings([late], {}, LEX) == []


def test_findings_come_most_severe_first() -> None:
    claims = [*_seed_like(800), _scope(KOW, 30_000, 20_000)]
    found = find_inconsistencies(claims, LEX)
    assert [f.kind for f in found] == [RATE, RANGE]
    assert [f.severity for f in found] == ["high", "high"]


# -- on a ledger ---------------------------------------------------------------------------------


def test_check_on_a_ledger(ledger_url: str) -> None:
    """Running totals from two daily reports (two documents), one falling, plus a copy."""
    day1 = Document("gs-1", "General Staff daily losses, tanks 3,765 (+4).", MAY[9])
    day2 = Document("gs-2", "General Staff daily losses, tanks 3,760 (+4).", MAY[10])
    copy = Document("gs-2-copy", "Republished: General Staff daily losses, tanks 3,760 (+4).",
                    MAY[10])  # fmt: skip

    def claims_of(doc: Document, total: int, d: int) -> list[Claim]:
        return [
            claim("equipment.tanks", total, doc=doc.id, cumulative=True, start=date(2022, 2, 24),
                  end=MAY[d], text=doc.text),
            claim("equipment.tanks", 4, doc=doc.id, start=MAY[d - 1], end=MAY[d],
                  text=doc.text),
        ]  # fmt: skip

    with Ledger.open(ledger_url) as ledger:
        ledger.add(
            [
                (day1, claims_of(day1, 3_765, 9)),
                (day2, claims_of(day2, 3_760, 10)),
                (copy, claims_of(copy, 3_760, 10)),
            ]
        )
        found = ledger.check()
    assert [f.kind for f in found] == [FALLING, INCREMENT]
    falling, increment = found
    assert "falls from 3,765 (as of 2023-05-09) to 3,760 (as of 2023-05-10), 5 fewer" in (
        falling.explanation
    )
    assert "falls by 5, from 3,765 (2023-05-09) to 3,760 (2023-05-10), but its daily " in (
        increment.explanation
    )
    # The copy is the same entry: reported once, with the first document as evidence.
    assert [a.record.claim.doc_id for a in falling.evidence] == ["gs-1", "gs-2"]
    assert falling.evidence[1].documents == 2


def test_the_seed_article_quarter_mile_rate(ledger_url: str, shared: Path) -> None:
    runner = CliRunner()
    seed = shared / "corpus" / "dev" / "bakhmut-2023-03-13.txt"
    assert runner.invoke(app, ["ingest", str(seed), "--db", ledger_url]).exit_code == 0
    table = runner.invoke(app, ["check", "--db", ledger_url])
    assert table.exit_code == 0, table.output
    first = table.stdout.splitlines()[0]
    assert first.startswith("[high] rate_vs_totals: The outlet's “about 800 killed or wounded")
    assert "322–483 per quarter mile (800–1,200 per km)" in first
    lines = runner.invoke(app, ["check", "--db", ledger_url, "-f", "jsonl"]).stdout
    found = [json.loads(line) for line in lines.splitlines()]
    assert [(f["kind"], f["severity"]) for f in found] == [
        (RATE, "high"),
        (DATE, "medium"),
        (DATE, "medium"),
    ]
    rate = found[0]
    assert round(rate["numbers"]["derived_low"]) == 322
    assert round(rate["numbers"]["derived_high"]) == 483
    assert "“By Thursday” is 2023-03-16" in found[2]["explanation"]
    assert (
        "but 2023-03-09 against the document's date 2023-03-13; 14 claims"
        in (found[2]["explanation"])
    )


def test_check_command_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["check", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1
    assert missing.stderr.strip().startswith("claimledger: ")
    assert len(missing.stderr.strip().splitlines()) == 1


def test_a_rate_against_an_open_total() -> None:
    total = claim(KOW, 30_000, qualifier="more_than", at=10, **STUBBS, **SINCE_MAY)
    dist = claim("territory.advance_km", 25, at=10, **STUBBS, **SINCE_MAY)
    rate = claim(KOW, 100, rate=(1, "km"), at=90, claimant=None, affiliation=None, **SINCE_MAY)
    f = _only(checks.rate_findings([analysed(total), analysed(dist), analysed(rate)]), RATE)
    assert f.explanation.endswith(
        "does not follow from Ian Stubbs' more than 30,000 over 25 km, which is at least 1,200 "
        "per km: the claimed rate is at most 8% of that."
    )


def test_a_claim_dated_by_a_later_date_in_its_text() -> None:
    text = "Posted on April 2 2017 by the news desk. The charity said two people were killed."
    doc = Document("posted", text, date(2017, 3, 25))
    dated = analysed(
        claim(KILLED, 2, start=date(2017, 4, 2), end=date(2017, 4, 2), at=40, claimant="MSF",
              affiliation="independent", text=text[40:]), document=5, published=doc.published
    )  # fmt: skip
    f = _only(date_findings([dated], {5: doc}, LEX), DATE)
    assert (f.severity, f.explanation) == (
        "low",
        "The text's date “on April 2 2017” (2017-04-02) is 8 days after the document's date "
        "2017-03-25; 1 claim is dated by it.",
    )


def test_a_month_that_holds_the_publication_day_is_not_late() -> None:
    text = "In July a suicide bomb killed at least 16 people in the town."
    doc = Document("july", text, date(2016, 7, 27))
    july = analysed(
        claim(KILLED, 16, qualifier="at_least", start=date(2016, 7, 1), end=date(2016, 7, 31),
              text=text), document=6, published=doc.published
    )  # fmt: skip
    assert date_findings([july], {6: doc}, LEX) == []
