"""The ledger database on SQLite and PostgreSQL: exact round trips, filters, migrations, errors."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from claimledger.errors import LedgerError
from claimledger.ledger import Ledger
from claimledger.model import Claim, Claimant, Document, Evidence, Period, Rate, Value
from claimledger.storage import Store, resolve_url, search
from claimledger.storage.engine import make_engine
from claimledger.storage.migrate import current_revision, head_revision, upgrade
from claimledger.storage.schema import metadata

TEXT_A = (
    "Ukraine's General Staff said 420 Russian soldiers were killed in the past day. "
    "A UK official estimated between 20,000 and 30,000 killed or wounded since May."
)
TEXT_B = "Gaza's health ministry said more than 19,000 people had been killed since 7 October."


def doc_a() -> Document:
    return Document(
        id="a",
        text=TEXT_A,
        published=date(2023, 3, 13),
        url="https://one.example/a",
        title="Losses mount",
        outlet="One News",
        language="en",
        source="in/a.html",
    )


def doc_b() -> Document:
    return Document(id="b", text=TEXT_B, published=date(2023, 12, 20), outlet="Two Daily")


def claims_a() -> list[Claim]:
    """Claims exercising every field: ints and fractions, open bounds, rates, null claimant."""
    return [
        Claim(
            doc_id="a",
            metric="personnel.killed",
            subject="Russia",
            value=Value(420, 420, "exact"),
            rate=None,
            claimant=Claimant("General Staff of the Armed Forces of Ukraine", "Ukraine"),
            period=Period(date(2023, 3, 12), date(2023, 3, 13), False),
            location=None,
            group="military",
            evidence=Evidence(0, 78, TEXT_A[0:78]),
            subject_surface="Russian",
        ),
        Claim(
            doc_id="a",
            metric="personnel.killed_or_wounded",
            subject="Russia",
            value=Value(20000.0, 30000.0, "range"),
            rate=Rate(0.25, "mile"),
            claimant=Claimant("UK official", "United Kingdom"),
            period=Period(date(2022, 5, 1), date(2023, 3, 13), False),
            location="Bakhmut",
            group="unspecified",
            evidence=Evidence(79, len(TEXT_A), TEXT_A[79:]),
        ),
        Claim(
            doc_id="a",
            metric="territory.advance_km",
            subject="Ukraine",
            value=Value(None, 4.828, "at_most"),
            rate=None,
            claimant=Claimant(None, None),
            period=Period(None, date(2023, 3, 13), True),
            location=None,
            group=None,
            evidence=Evidence(-1, -1, ""),
        ),
    ]


def claims_b() -> list[Claim]:
    return [
        Claim(
            doc_id="b",
            metric="personnel.killed",
            subject="Palestine",
            value=Value(19000, None, "more_than"),
            rate=None,
            claimant=Claimant("Gaza Health Ministry", "Palestine"),
            period=Period(date(2023, 10, 7), date(2023, 12, 20), True),
            location="Gaza",
            group="unspecified",
            evidence=Evidence(0, len(TEXT_B), TEXT_B),
        )
    ]


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    with Ledger.open(ledger_url) as led:
        led.add([(doc_a(), claims_a()), (doc_b(), claims_b())])
        yield led


def test_claims_and_documents_round_trip_exactly(ledger: Ledger) -> None:
    records = ledger.claims()
    back = [r.claim for r in records]
    assert back == claims_a() + claims_b()
    assert [c.to_dict() for c in back] == [c.to_dict() for c in claims_a() + claims_b()]
    assert [c.subject_surface for c in back] == ["Russian", None, None, None]
    # JSON form: integral values are ints, fractions stay floats, the rate's 0.25 survives.
    d = back[1].to_dict()
    assert d["value"] == {"low": 20000, "high": 30000, "qualifier": "range"}
    assert d["rate"] == {"per": 0.25, "unit": "mile"}
    assert back[2].to_dict()["value"] == {"low": None, "high": 4.828, "qualifier": "at_most"}
    assert Claim.from_dict(json.loads(json.dumps(d))) == back[1]
    assert ledger.documents() == [doc_a(), doc_b()]
    assert [d.hash for d in ledger.documents()] == [doc_a().hash, doc_b().hash]
    first = records[0]
    assert (first.url, first.title, first.published, first.outlet) == (
        "https://one.example/a",
        "Losses mount",
        date(2023, 3, 13),
        "One News",
    )
    assert first.to_dict() == {
        **claims_a()[0].to_dict(),
        "url": "https://one.example/a",
        "title": "Losses mount",
        "published": "2023-03-13",
    }


def test_documents_are_stored_once_per_content_hash(ledger: Ledger) -> None:
    renamed = Document(id="a-copy", text=TEXT_A, published=date(2024, 1, 1))
    counts = ledger.add([(renamed, [])])
    assert (counts.documents_new, counts.documents_present, counts.claims_added) == (0, 1, 0)
    assert ledger.reader.table_counts() == {
        "documents": 2,
        "claims": 4,
        "claimants": 3,
        "outlets": 2,
    }


def test_claim_doc_id_must_match_its_document(ledger: Ledger) -> None:
    with pytest.raises(ValueError, match="doc_id"):
        ledger.add([(Document(id="c", text="x"), claims_b())])


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, [0, 1, 2, 3]),
        ({"metric": "personnel.killed"}, [0, 3]),
        ({"metric": "personnel"}, [0, 1, 3]),  # a dotted prefix
        ({"metric": "person"}, []),  # but not any prefix
        ({"subject": "russia"}, [0, 1]),
        ({"claimant": "general staff"}, [0]),
        ({"affiliation": "United Kingdom"}, [1]),
        ({"location": "gaza"}, [3]),
        ({"doc": "b"}, [3]),
        ({"since": date(2023, 10, 1)}, [3]),
        ({"until": date(2022, 12, 31)}, [1]),
        ({"since": date(2023, 3, 13), "until": date(2023, 3, 13)}, [0, 1, 2]),
        ({"subject": "Russia", "metric": "personnel.killed"}, [0]),
    ],
)
def test_claim_filters(ledger: Ledger, filters: dict[str, object], expected: list[int]) -> None:
    everything = claims_a() + claims_b()
    got = [r.claim for r in ledger.claims(**filters)]  # type: ignore[arg-type]
    assert got == [everything[i] for i in expected]


def test_like_wildcards_in_filters_are_literal(ledger: Ledger) -> None:
    assert ledger.claims(claimant="%") == []
    assert ledger.claims(metric="personnel%") == []


def test_ingest_runs_are_recorded(ledger: Ledger, tmp_path: Path) -> None:
    (tmp_path / "missing-folder").mkdir()
    report = ledger.ingest([tmp_path / "missing-folder"])
    [run] = ledger.runs()
    assert run.id == report.run_id
    assert run.status == "finished" and run.finished_at is not None
    assert run.started_at <= run.finished_at
    assert run.inputs == [str(tmp_path / "missing-folder")]
    assert run.counts == report.counts
    assert report.counts.documents_failed == 1


def test_reopening_keeps_everything(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as led:
        led.add([(doc_a(), claims_a())])
    with Ledger.open(ledger_url) as led:
        assert [r.claim for r in led.claims()] == claims_a()


def test_readers_run_while_the_writer_writes(ledger_url: str) -> None:
    """Reads from other threads during writes see whole documents with all their claims."""
    with Ledger.open(ledger_url) as led:
        stop = threading.Event()
        seen: list[Counter[str]] = []
        failures: list[BaseException] = []

        def reader() -> None:
            try:
                while not stop.is_set():
                    seen.append(Counter(r.document_hash for r in led.claims()))
            except BaseException as exc:
                failures.append(exc)

        threads = [threading.Thread(target=reader) for _ in range(2)]
        for t in threads:
            t.start()
        for i in range(30):
            d = Document(id=f"d{i}", text=f"Document number {i}: 5 tanks were destroyed.")
            c = [
                Claim.from_dict({**claims_b()[0].to_dict(), "doc_id": f"d{i}"}),
                Claim.from_dict({**claims_a()[0].to_dict(), "doc_id": f"d{i}"}),
            ]
            led.add([(d, c)])
        stop.set()
        for t in threads:
            t.join()
        assert failures == []
        # never a document with only some of its claims
        assert seen and all(set(per_doc.values()) <= {2} for per_doc in seen)
        assert max(len(per_doc) for per_doc in seen) > 0
        assert led.reader.table_counts()["claims"] == 60


# -- Opening: URLs, paths, errors ---------------------------------------------------------------


def test_db_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_url(tmp_path / "x.db").database == str(tmp_path / "x.db")
    monkeypatch.setenv("CLAIMLEDGER_DB", str(tmp_path / "env.db"))
    assert resolve_url(None).database == str(tmp_path / "env.db")
    monkeypatch.delenv("CLAIMLEDGER_DB")
    monkeypatch.chdir(tmp_path)
    assert resolve_url(None).database == str(tmp_path / "claimledger.db")
    assert resolve_url("postgresql://u:secret@h/db").drivername == "postgresql+psycopg"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("mysql://u@h/db", "unsupported database"),
        ("not a url://", "not a database URL"),
        ("{tmp}/no/such/folder/x.db", "does not exist"),
        ("{tmp}", "is a folder"),
        ("{tmp}/text.db", "file is not a database"),
        ("{tmp}/other.db", "not a claimledger ledger"),
        ("postgresql+psycopg://nobody:secret@127.0.0.1:9/none", "secret"),
    ],
)
def test_bad_ledgers_are_one_line_errors(tmp_path: Path, name: str, reason: str) -> None:
    (tmp_path / "text.db").write_text("just some text, " * 100)
    with create_engine(f"sqlite:///{tmp_path / 'other.db'}").begin() as conn:
        conn.execute(text("CREATE TABLE notes (x TEXT)"))
    with pytest.raises(LedgerError) as info:
        Store.open(name.format(tmp=tmp_path)).close()
    message = str(info.value)
    assert "\n" not in message
    if reason == "secret":  # a connection failure never shows the password
        assert "secret" not in message and "***" in message
    else:
        assert reason in message


def test_sqlite_ledger_uses_wal_and_a_busy_timeout(tmp_path: Path) -> None:
    with Store.open(tmp_path / "w.db") as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() >= 5000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


# -- Migrations -------------------------------------------------------------------------------


def test_migrations_build_exactly_the_schema(ledger_url: str) -> None:
    with Store.open(ledger_url) as store, store.engine.connect() as conn:
        # The full-text search structures (a virtual table, an expression index) are outside
        # the metadata: compared as the migrations' own environment compares them.
        context = MigrationContext.configure(conn, opts={"include_name": search.include_name})
        diff = compare_metadata(context, metadata)
    assert diff == []
    assert current_revision(store.engine) == head_revision()


def test_older_ledger_is_upgraded_on_opening_with_its_data(ledger_url: str) -> None:
    engine = make_engine(resolve_url(ledger_url))
    upgrade(engine, "0001")  # a ledger as the first release wrote it
    with engine.begin() as conn:
        # Plain SQL, as that release would have written it (ids from the tables' sequences).
        conn.execute(text("INSERT INTO outlets (name) VALUES ('Old Outlet')"))
        conn.execute(text("INSERT INTO claimants (name) VALUES ('Gaza Health Ministry')"))
        conn.execute(
            text(
                "INSERT INTO documents (doc_id, hash, text, published, outlet_id, language, "
                "ingested_at) VALUES ('old', :h, :t, '2022-05-01', "
                "(SELECT id FROM outlets), 'en', '2022-05-02 10:00:00')"
            ),
            {"h": doc_b().hash, "t": TEXT_B},
        )
        row = _claim_columns(claims_b()[0])
        conn.execute(
            text(
                "INSERT INTO claims (document_id, seq, claimant_id, "
                + ", ".join(f'"{k}"' for k in row)
                + ") VALUES ((SELECT id FROM documents), 0, (SELECT id FROM claimants), "
                + ", ".join(f":{k}" for k in row)
                + ")"
            ),
            row,
        )
    assert current_revision(engine) == "0001"
    assert "ingest_runs" not in inspect(engine).get_table_names()
    engine.dispose()

    with Ledger.open(ledger_url) as led:
        assert current_revision(led.store.engine) == head_revision() != "0001"
        [rec] = led.claims()
        assert rec.claim == Claim.from_dict({**claims_b()[0].to_dict(), "doc_id": "old"})
        assert rec.outlet == "Old Outlet" and rec.published == date(2022, 5, 1)
        [doc] = led.iter_documents()
        assert doc.near_dup_group is None and doc.run_id is None
        # and the upgraded ledger takes new data
        led.add([(doc_a(), claims_a())])
        assert len(led.claims()) == 4


def _claim_columns(c: Claim) -> dict[str, object]:
    return {
        "metric": c.metric,
        "subject": c.subject,
        "value_low": c.value.low,
        "value_high": c.value.high,
        "qualifier": c.value.qualifier,
        "affiliation": c.claimant.affiliation,
        "period_start": c.period.start,
        "period_end": c.period.end,
        "cumulative": c.period.cumulative,
        "location": c.location,
        "group": c.group,
        "evidence_start": c.evidence.start,
        "evidence_end": c.evidence.end,
        "evidence_text": c.evidence.text,
    }


# -- Sub-counts (claims.md `subset`) ------------------------------------------------------------

TEXT_C = "The governor said 18 civilians, including six children, were killed in Kherson."


def doc_c() -> Document:
    return Document(id="c", text=TEXT_C, published=date(2023, 3, 13))


def claims_c() -> list[Claim]:
    """A toll and the children within it: the same claim but for value and subset."""
    toll = Claim(
        doc_id="c",
        metric="personnel.killed",
        subject="Ukraine",
        value=Value(18, 18, "exact"),
        rate=None,
        claimant=Claimant("regional governor", "Ukraine"),
        period=Period(date(2023, 3, 12), date(2023, 3, 12), False),
        location="Kherson",
        group="civilian",
        evidence=Evidence(0, len(TEXT_C), TEXT_C),
    )
    return [toll, replace(toll, value=Value(6, 6, "exact"), subset="children")]


def test_a_sub_count_keeps_its_subset(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as led:
        led.add([(doc_c(), claims_c())])
        records = led.claims()
        assert [r.claim for r in records] == claims_c()
        assert [r.to_dict()["subset"] for r in records] == [None, "children"]
    with Ledger.open(ledger_url) as led:  # and from a new connection
        assert [r.claim.subset for r in led.claims()] == [None, "children"]


def test_a_ledger_before_subsets_is_upgraded_its_claims_whole_counts(ledger_url: str) -> None:
    engine = make_engine(resolve_url(ledger_url))
    upgrade(engine, "0009")  # the last revision without the column
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO documents (doc_id, hash, text, published, ingested_at) "
                "VALUES ('old', :h, :t, '2023-12-20', '2023-12-21 10:00:00')"
            ),
            {"h": doc_b().hash, "t": TEXT_B},
        )
        row = _claim_columns(claims_b()[0])
        conn.execute(
            text(
                "INSERT INTO claims (document_id, seq, "
                + ", ".join(f'"{k}"' for k in row)
                + ") VALUES ((SELECT id FROM documents), 0, "
                + ", ".join(f":{k}" for k in row)
                + ")"
            ),
            row,
        )
    assert "subset" not in {c["name"] for c in inspect(engine).get_columns("claims")}
    engine.dispose()
    with Ledger.open(ledger_url) as led:
        assert current_revision(led.store.engine) == head_revision()
        [old] = led.claims()
        assert old.claim.subset is None and old.to_dict()["subset"] is None
        led.add([(doc_c(), claims_c())])
        assert [r.claim.subset for r in led.claims()] == [None, None, "children"]


def test_ledger_from_a_newer_version_is_refused(ledger_url: str) -> None:
    Store.open(ledger_url).close()
    engine = make_engine(resolve_url(ledger_url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(LedgerError, match="newer than this claimledger"):
        Store.open(ledger_url)
