"""Near-duplicate groups and ledger entries: wire copies count once, independent reports apart.

The corpus in tests/corpus/syndication was written for these tests: one wire story on five
outlets' pages with their own boilerplate, and one report of the same figure written apart.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from claimledger.analysis.entries import Entry
from claimledger.analysis.syndication import (
    near_duplicates,
    shingles,
    signature,
    similarity,
)
from claimledger.cli import app
from claimledger.ledger import Ledger
from claimledger.model import Document
from claimledger.sources import iter_documents
from tests.support.analysishelp import claim

CORPUS = Path(__file__).parents[1] / "corpus" / "syndication" / "pages"
WIRE = {
    "nws-drones",
    "harbour-times-drones",
    "valley-courier-drones",
    "metro-evening-drones",
    "coastline-news-drones",
}
INDEPENDENT = "dnipro-monitor-drones"

# Five paragraphs of one made-up report, for documents that are parts of it.
PARAS = [
    "Engineers in the river town worked through the night to shore up the old stone bridge "
    "after the spring flood carried away two of its wooden supports and left the eastern "
    "span hanging over the water, the mayor told reporters at a briefing on Monday morning.",
    "Traffic between the two halves of the town has been sent along a farm track to the "
    "north, which adds almost forty minutes to the journey for the buses that carry pupils "
    "to the secondary school and for the ambulances based at the clinic on the hill.",
    "The regional council said it had asked the national roads agency for a temporary "
    "military-style crossing, and that a team of surveyors would arrive by Wednesday to "
    "decide whether the remaining piers can bear the weight of a steel frame.",
    "Shopkeepers on the market square said trade had fallen by half since the flood, as "
    "villagers from the far bank stayed at home rather than face the long detour, and some "
    "asked the council to waive this month's rent on its stalls.",
    "The last time the river rose this high was more than thirty years ago, older residents "
    "recalled, when the water reached the steps of the church and the army had to bring in "
    "boats to move families out of the low-lying streets near the mill.",
]


def _pages() -> dict[str, Document]:
    return {d.id: d for d in iter_documents([str(CORPUS)])}


def test_shingles_are_lowercased_three_word_windows() -> None:
    assert shingles("The Cat sat, on the MAT.") == {
        "the cat sat",
        "cat sat on",
        "sat on the",
        "on the mat",
    }
    assert shingles("Two words") == {"two words"}
    assert shingles("  ,; ") == set()


def test_signatures_are_deterministic_with_32_lsh_bands() -> None:
    text = " ".join(PARAS)
    a, b = signature(text), signature(text)
    assert a == b and len(a.data) == 128 * 4 and a.shingles == len(shingles(text))
    assert a.bands() == b.bands() and len(a.bands()) == 32
    assert signature("").bands() == []


def test_wire_copies_are_near_duplicates_and_the_independent_report_is_not() -> None:
    pages = _pages()
    assert set(pages) == WIRE | {INDEPENDENT}
    sigs = {k: signature(d.text) for k, d in pages.items()}
    wire = sorted(WIRE)
    for i, a in enumerate(wire):
        for b in wire[i + 1 :]:
            s = similarity(sigs[a], sigs[b])
            assert 0.7 <= s.jaccard < 1.0, (a, b, s)  # boilerplate differs, the story not
            assert near_duplicates(sigs[a], sigs[b])
        s = similarity(sigs[a], sigs[INDEPENDENT])
        assert s.jaccard < 0.1 and not near_duplicates(sigs[a], sigs[INDEPENDENT])


def test_a_part_of_an_article_is_a_near_duplicate_of_it_by_containment() -> None:
    whole = signature("\n\n".join(PARAS))
    part = signature("\n\n".join(PARAS[:2]))
    s = similarity(part, whole)
    assert s.jaccard < 0.7 <= 0.8 <= s.containment  # too small for Jaccard, contained
    assert near_duplicates(part, whole) and near_duplicates(whole, part)
    other_part = signature("\n\n".join(PARAS[3:]))
    assert not near_duplicates(part, other_part)
    # Very short texts are not matched by containment alone.
    assert not near_duplicates(signature("the mayor told reporters"), whole)


def _entries(ledger: Ledger) -> list[Entry]:
    return list(ledger.entries())


def _groups(ledger: Ledger) -> dict[str, int | None]:
    return {rec.document.id: rec.near_dup_group for rec in ledger.iter_documents()}


def _partition(groups: dict[str, int | None]) -> set[frozenset[str]]:
    by: dict[int | None, set[str]] = {}
    for doc, g in groups.items():
        by.setdefault(g, set()).add(doc)
    return {frozenset(v) for v in by.values()}


def test_one_wire_story_on_five_outlets_is_one_entry_with_two_independent_reports(
    ledger_url: str,
) -> None:
    with Ledger.open(ledger_url) as ledger:
        report = ledger.ingest([str(CORPUS)])
        assert report.counts.documents_new == 6 and report.counts.claims_added == 6
        [entry] = _entries(ledger)
        assert (entry.documents, entry.independent) == (6, 2)
        c = entry.claim
        assert (c.metric, c.subject, c.value.low, c.claimant.name) == (
            "equipment.uav",
            "Russia",
            29,
            "Ukrainian Air Force",
        )
        assert (c.period.start, c.period.end) == (date(2023, 5, 9), date(2023, 5, 10))
        assert {a.record.claim.doc_id for a in entry.claims} == WIRE | {INDEPENDENT}
        assert {a.record.outlet for a in entry.claims} == {
            "Northern Wire Service",
            "The Harbour Times",
            "Valley Courier",
            "Metro Evening Post",
            "Coastline News",
            "Dnipro Daily Monitor",
        }
        groups = _groups(ledger)
        assert _partition(groups) == {frozenset(WIRE), frozenset({INDEPENDENT})}
        # Re-ingesting changes nothing: no document, no group, no entry.
        again = ledger.ingest([str(CORPUS)])
        assert again.counts.documents_new == 0
        assert ledger.analyse().documents_grouped == 0
        assert _groups(ledger) == groups
        assert [(e.id, e.documents, e.independent) for e in _entries(ledger)] == [(entry.id, 6, 2)]


def test_claims_command_shows_the_entry_and_its_counts(ledger_url: str) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(CORPUS), "--db", ledger_url]).exit_code == 0
    per_claim = runner.invoke(app, ["claims", "--db", ledger_url, "-f", "jsonl"])
    rows = [json.loads(line) for line in per_claim.stdout.splitlines()]
    assert len(rows) == 6
    assert {(r["entry"], r["documents"], r["independent"]) for r in rows} == {
        (rows[0]["entry"], 6, 2)
    }
    entries = runner.invoke(app, ["claims", "--db", ledger_url, "-f", "jsonl", "--entries"])
    [one] = [json.loads(line) for line in entries.stdout.splitlines()]
    assert (one["documents"], one["independent"]) == (6, 2)
    assert len(one["evidence_all"]) == 6
    assert len({e["group"] for e in one["evidence_all"]}) == 2
    table = runner.invoke(app, ["claims", "--db", ledger_url, "--entries"])
    assert "6/2" in table.stdout and "1 entries" in table.stdout
    as_csv = runner.invoke(app, ["claims", "--db", ledger_url, "-f", "csv"])
    header, first = as_csv.stdout.splitlines()[:2]
    assert header.endswith(",entry,documents,independent") and first.endswith(",6,2")


def test_grouping_is_incremental_and_does_not_depend_on_arrival_order(ledger_url: str) -> None:
    pages = sorted(CORPUS.iterdir(), reverse=True)
    with Ledger.open(ledger_url) as ledger:
        for page in pages:  # one ingest per page, in reverse name order
            ledger.ingest([str(page)])
        assert _partition(_groups(ledger)) == {frozenset(WIRE), frozenset({INDEPENDENT})}
        [entry] = _entries(ledger)
        assert (entry.documents, entry.independent) == (6, 2)


def test_a_document_that_links_two_groups_merges_them(ledger_url: str) -> None:
    head = Document("head", "\n\n".join(PARAS[:3]), date(2024, 4, 2))
    tail = Document("tail", "\n\n".join(PARAS[2:]), date(2024, 4, 2))
    whole = Document("whole", "\n\n".join(PARAS), date(2024, 4, 3))
    with Ledger.open(ledger_url) as ledger:
        ledger.add([(head, []), (tail, [])])
        first = _groups(ledger)
        assert first["head"] != first["tail"]
        ledger.add([(whole, [])])
        merged = _groups(ledger)
        assert len(set(merged.values())) == 1
        assert merged["head"] == first["head"]  # the group keeps its oldest document's id


def test_the_same_claim_in_several_documents_is_one_entry(ledger_url: str) -> None:
    """Matching: claimant, metric, subject, value, period within a day; places not
    different. Four documents, each its own story."""
    texts = [" ".join(PARAS[i : i + 1]) for i in range(4)]
    may9, may10, may11 = date(2023, 5, 9), date(2023, 5, 10), date(2023, 5, 11)
    af = {"claimant": "Ukrainian Air Force", "start": may9, "end": may10}
    ru = {"claimant": "Russian Ministry of Defence", "affiliation": "Russia"}
    items = [
        (
            Document("a", texts[0], may10),
            [
                claim("equipment.uav", 29, doc="a", **af),
                claim("equipment.uav", 29, doc="a", start=may9, end=may10, **ru),
                claim("equipment.uav", 35, doc="a", location="Kyiv", **af),
            ],
        ),
        # published a day later, "overnight" is a day later: still the same claim
        (
            Document("b", texts[1], may11),
            [
                claim(
                    "equipment.uav",
                    29,
                    doc="b",
                    claimant="Ukrainian Air Force",
                    start=may10,
                    end=may11,
                )
            ],
        ),
        # another figure; the same figure for another place than the entry's
        (
            Document("c", texts[2], may10),
            [
                claim("equipment.uav", 31, doc="c", **af),
                claim("equipment.uav", 35, doc="c", location="Odesa", **af),
            ],
        ),
        # a place where the entry has none, or none where it has one: the same claim
        (
            Document("d", texts[3], may10),
            [
                claim("equipment.uav", 29, doc="d", location="Kyiv", **af),
                claim("equipment.uav", 35, doc="d", **af),
            ],
        ),
    ]
    with Ledger.open(ledger_url) as ledger:
        ledger.add(items)
        got = {
            (e.claim.claimant.name, e.claim.value.low, e.claim.location): (
                sorted(a.record.claim.doc_id for a in e.claims),
                e.documents,
                e.independent,
            )
            for e in _entries(ledger)
        }
    assert got == {
        ("Ukrainian Air Force", 29, None): (["a", "b", "d"], 3, 3),
        ("Russian Ministry of Defence", 29, None): (["a"], 1, 1),
        ("Ukrainian Air Force", 35, "Kyiv"): (["a", "d"], 2, 2),
        ("Ukrainian Air Force", 31, None): (["c"], 1, 1),
        ("Ukrainian Air Force", 35, "Odesa"): (["c"], 1, 1),
    }


def test_a_ledger_without_its_analysis_gets_it_on_the_next_update(ledger_url: str) -> None:
    """A ledger written before the analysis tables existed (or by another process that did not
    analyse) is caught up by the next ingest, add, analysis command or `analyse()`."""
    from sqlalchemy import text

    with Ledger.open(ledger_url) as ledger:
        ledger.ingest([str(CORPUS)])
        groups = _partition(_groups(ledger))
        with ledger.store.engine.begin() as conn:
            for table in ("entry_claims", "entries", "doc_bands", "doc_signatures"):
                conn.execute(text(f"DELETE FROM {table}"))
            conn.execute(text("UPDATE documents SET near_dup_group = NULL"))
        counts = ledger.analyse()
        assert (counts.documents_grouped, counts.claims_linked) == (6, 6)
        assert _partition(_groups(ledger)) == groups
        assert [(e.documents, e.independent) for e in _entries(ledger)] == [(6, 2)]
        assert (ledger.analyse().documents_grouped, ledger.analyse().claims_linked) == (0, 0)


def test_two_writers_ingesting_at_once(ledger_url: str) -> None:
    """Two processes' worth of ledgers on one database, ingesting halves of the corpus at the
    same time: each document grouped once, each claim in one entry."""
    import threading

    from sqlalchemy import text

    pages = sorted(CORPUS.iterdir())
    halves = [pages[0::2], pages[1::2]]
    ledgers = [Ledger.open(ledger_url), Ledger.open(ledger_url)]
    errors: list[BaseException] = []

    def run(led: Ledger, half: list[Path]) -> None:
        try:
            led.ingest([str(p) for p in half])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=run, args=pair) for pair in zip(ledgers, halves, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert not errors, errors
        led = ledgers[0]
        led.analyse()
        assert _partition(_groups(led)) == {frozenset(WIRE), frozenset({INDEPENDENT})}
        assert [(e.documents, e.independent) for e in _entries(led)] == [(6, 2)]
        with led.store.engine.connect() as conn:
            linked = conn.execute(text("SELECT count(*) FROM entry_claims")).scalar_one()
            signed = conn.execute(text("SELECT count(*) FROM doc_signatures")).scalar_one()
        assert (linked, signed) == (6, 6)
    finally:
        for x in ledgers:
            x.close()
