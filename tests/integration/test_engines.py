"""Engines (`--engine local|processes|dask`): the same claims whichever runs the extraction,
into SQLite, PostgreSQL and a Parquet dataset that `load` brings back; bad input reported.

A real Dask LocalCluster (two single-threaded worker processes on loopback), shared by the
tests of this module; real databases (conftest's `ledger_url`). Nothing here is timed."""

from __future__ import annotations

import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import pytest
from conftest import PG_URL, REPO
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner, Result

from claimledger import extract
from claimledger.cli import app
from claimledger.engines import (
    Engine,
    EngineError,
    Failure,
    extract_documents,
    open_engine,
    pools,
)
from claimledger.engines.dataset import DatasetError, DatasetWriter, load
from claimledger.errors import SourceError
from claimledger.extraction.pipeline import Extractor
from claimledger.ledger import IngestProgress, Ledger
from claimledger.lexicon import load_lexicon
from claimledger.model import Claim, Document
from claimledger.sources import iter_documents

# Everything the repository itself holds: runs wherever the tests run.
EXAMPLES = REPO / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.txt"))  # the bundled articles, one document each
HELDOUT = sorted((REPO / "tests" / "data" / "heldout").glob("*.txt"))
SELF_CONTAINED = [EXAMPLES, *HELDOUT]
# Small partitions so that even the examples make several tasks per worker.
PARTITION = 3

Snapshot = tuple[list[Document], list[tuple[str, Claim, str | None]]]


@pytest.fixture(scope="module")
def dask_engine() -> Iterator[Engine]:
    with open_engine("dask", Extractor(load_lexicon()), workers=2) as engine:
        assert engine.workers == 2
        yield engine


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Iterator[str]]:
    """Fresh ledgers on one backend, as many as the test asks for (next(backend))."""
    made: list[str] = []
    admin = None
    if request.param == "postgresql":
        if not PG_URL:
            pytest.skip("CLAIMLEDGER_TEST_PG is not set (scripts/test.sh starts PostgreSQL)")
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")

    def fresh() -> Iterator[str]:
        while True:
            if admin is None:
                yield f"sqlite:///{tmp_path / f'ledger{len(made)}.db'}"
                made.append("")
                continue
            name = f"claimledger_test_{uuid.uuid4().hex[:12]}"
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            made.append(name)
            yield make_url(PG_URL or "").set(database=name).render_as_string(hide_password=False)

    try:
        yield fresh()
    finally:
        if admin is not None:
            with admin.connect() as conn:
                for name in made:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def snapshot(url: str) -> Snapshot:
    """A ledger's documents and claims in its own order (claims with their document's hash
    and the claim's subject surface, which the JSON form leaves out)."""
    with Ledger.open(url, create=False) as ledger:
        docs = [r.document for r in ledger.iter_documents()]
        claims = [(r.document_hash, r.claim, r.claim.subject_surface) for r in ledger.iter_claims()]
    return docs, claims


def local_ingest(url: str, inputs: Sequence[Path]) -> Snapshot:
    """The reference: the ledger's own ingest, in this process."""
    with Ledger.open(url) as ledger:
        report = ledger.ingest(inputs)
    assert report.counts.documents_new > 0 and not report.errors
    return snapshot(url)


def engine_ingest(url: str, inputs: Sequence[Path], engine: Engine) -> Snapshot:
    with Ledger.open(url) as ledger:
        report = ledger.ingest(inputs, engine=engine, partition_size=PARTITION, batch_size=4)
        again = ledger.ingest(inputs, engine=engine, partition_size=PARTITION)
    assert not report.errors
    assert again.counts.documents_new == again.counts.claims_added == 0
    assert again.counts.documents_present == report.counts.documents_new
    return snapshot(url)


def assert_same(ours: Snapshot, reference: Snapshot) -> None:
    docs, claims = ours
    ref_docs, ref_claims = reference
    assert len(claims) == len(ref_claims) > 0
    # Same order as read; and the same claims after sorting, the engines' contract.
    assert docs == ref_docs
    assert claims == ref_claims
    key = lambda c: (c[0], *c[1].sort_key())  # noqa: E731
    assert sorted(claims, key=key) == sorted(ref_claims, key=key)


def dataset_of(inputs: Sequence[Path], engine: Engine, folder: Path) -> int:
    with DatasetWriter(folder) as out:
        for doc, outcome in extract_documents(iter_documents(inputs), engine, PARTITION):
            assert isinstance(outcome, list)
            out.add(doc, outcome)
    return out.documents


# -- the same claims whatever the engine --------------------------------------------------------


def test_dask_ingest_equals_local_on_the_examples(
    backend: Iterator[str], dask_engine: Engine
) -> None:
    reference = local_ingest(next(backend), SELF_CONTAINED)
    assert_same(engine_ingest(next(backend), SELF_CONTAINED, dask_engine), reference)


def test_dask_ingest_equals_local_on_the_dev_corpus(
    backend: Iterator[str], dask_engine: Engine, shared: Path
) -> None:
    dev = [shared / "corpus" / "dev"]
    reference = local_ingest(next(backend), dev)
    assert_same(engine_ingest(next(backend), dev, dask_engine), reference)


def test_processes_and_local_engines_equal_the_ledgers_own_ingest(tmp_path: Path) -> None:
    reference = local_ingest(f"sqlite:///{tmp_path / 'ref.db'}", SELF_CONTAINED)
    extractor = Extractor(load_lexicon())
    for kind in ("local", "processes"):
        with open_engine(kind, extractor, workers=2) as engine:
            got = engine_ingest(f"sqlite:///{tmp_path / f'{kind}.db'}", SELF_CONTAINED, engine)
        assert_same(got, reference)


# -- one ingest path: Ledger.ingest(inputs, engine=…) --------------------------------------------


@pytest.mark.parametrize("kind", ["processes", "dask"])
def test_ledger_ingest_runs_every_engine_by_name(kind: str, tmp_path: Path) -> None:
    """The engine is chosen by name and started (and stopped) for the run: the same ledger
    as the default in-process ingest, one run recorded, nothing left running."""
    reference = local_ingest(f"sqlite:///{tmp_path / 'ref.db'}", SELF_CONTAINED)
    url = f"sqlite:///{tmp_path / f'{kind}.db'}"
    with Ledger.open(url) as ledger:
        report = ledger.ingest(
            SELF_CONTAINED, engine=kind, workers=2, partition_size=PARTITION, batch_size=4
        )
        again = ledger.ingest(SELF_CONTAINED, engine=kind, workers=1)
        runs = ledger.runs()
    assert not report.errors and report.counts.documents_new == len(reference[0])
    assert (again.counts.documents_new, again.counts.documents_present) == (
        0,
        len(reference[0]),
    )
    assert [(r.status, r.counts.documents_new) for r in runs] == [
        ("finished", len(reference[0])),
        ("finished", 0),
    ]
    assert_same(snapshot(url), reference)


@pytest.mark.parametrize("kind", ["local", "processes"])
def test_an_interrupted_run_keeps_whole_batches_whatever_the_engine(
    kind: str, tmp_path: Path
) -> None:
    """One run state for every engine: interrupted at the 7th document with batches of 3,
    two whole batches are committed and the run is recorded as interrupted; a rerun
    completes the ledger."""
    reference = local_ingest(f"sqlite:///{tmp_path / 'ref.db'}", SELF_CONTAINED)

    def interrupt_at_7(p: IngestProgress) -> None:
        if p.documents == 7:
            raise KeyboardInterrupt

    url = f"sqlite:///{tmp_path / 'l.db'}"
    with Ledger.open(url) as ledger:
        with pytest.raises(KeyboardInterrupt):
            ledger.ingest(
                SELF_CONTAINED,
                engine=kind,
                workers=2,
                partition_size=PARTITION,
                batch_size=3,
                progress=interrupt_at_7,
            )
        [run] = ledger.runs()
        kept = snapshot(url)[0]
        assert (run.status, run.counts.documents_new, len(kept)) == ("interrupted", 6, 6)
        assert kept == reference[0][:6]
        report = ledger.ingest(SELF_CONTAINED, engine=kind, workers=2)
    assert (report.counts.documents_new, report.counts.documents_present) == (
        len(reference[0]) - 6,
        6,
    )
    assert_same(snapshot(url), reference)


def test_ledger_ingest_engine_mistakes_are_one_line_and_record_no_run(tmp_path: Path) -> None:
    def local_function(doc: Document) -> list[Claim]:  # cannot be pickled for a process
        return []

    with Ledger.open(tmp_path / "l.db") as ledger:
        with pytest.raises(EngineError) as caught:
            ledger.ingest([EXAMPLES], engine="processes", extractor=local_function)
        assert str(caught.value).startswith("the extractor cannot be sent to worker processes (")
        with pytest.raises(
            EngineError, match=r"^no engine 'spark' \(one of local, processes, dask\)$"
        ):
            ledger.ingest([EXAMPLES], engine="spark")
        with (
            open_engine("local", Extractor(load_lexicon())) as engine,
            pytest.raises(EngineError, match="a running engine has its own extractor"),
        ):
            ledger.ingest([EXAMPLES], engine=engine, extractor=Extractor(load_lexicon()))
        assert ledger.runs() == [] and ledger.documents() == []
        # A function that pickles (defined at module level) runs on processes like locally.
        report = ledger.ingest([EXAMPLES], engine="processes", workers=1, extractor=extract)
    assert (
        report.counts.documents_new == len(list(EXAMPLES.glob("*.txt")))
        and report.counts.claims_added > 0
    )


@pytest.mark.parametrize("corpus", ["examples", "dev"])
def test_parquet_dataset_from_dask_loads_back_identically(
    corpus: str,
    backend: Iterator[str],
    dask_engine: Engine,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    inputs = SELF_CONTAINED
    if corpus == "dev":
        inputs = [request.getfixturevalue("shared") / "corpus" / "dev"]
    reference = local_ingest(next(backend), inputs)
    folder = tmp_path / "dataset"
    written = dataset_of(inputs, dask_engine, folder)
    assert written == len(reference[0])
    assert sorted(p.name for p in (folder / "documents").iterdir()) == sorted(
        p.name for p in (folder / "claims").iterdir()
    )
    url = next(backend)
    with Ledger.open(url) as ledger:
        report = load(ledger, folder)
        again = load(ledger, folder)
    assert not report.errors
    assert report.counts.documents_new == written
    assert report.counts.claims_added == len(reference[1])
    assert (again.counts.documents_new, again.counts.documents_present) == (0, written)
    assert_same(snapshot(url), reference)


def test_an_export_folder_loads_back_identically(tmp_path: Path) -> None:
    first = f"sqlite:///{tmp_path / 'a.db'}"
    reference = local_ingest(first, SELF_CONTAINED)
    with Ledger.open(first) as ledger:
        ledger.export(tmp_path / "out", "parquet")
    second = f"sqlite:///{tmp_path / 'b.db'}"
    with Ledger.open(second) as ledger:
        report = load(ledger, tmp_path / "out")
    assert not report.errors
    assert_same(snapshot(second), reference)


def test_dataset_figures_are_integers_unless_a_part_holds_a_fraction(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    published = date(2024, 5, 3)
    counts = Document("counts", "KYIV, May 3 - Ukraine's General Staff said 1,270 Russian "
                      "soldiers were killed over the past day.", published=published)  # fmt: skip
    advance = Document("advance", "KYIV, May 3 - Russian forces advanced 2.5 kilometres near "
                       "Avdiivka over the past week, Ukraine's General Staff said on Friday.",
                       published=published)  # fmt: skip

    def types(folder: Path) -> list[str]:
        return sorted(
            str(pq.read_schema(f).field("value_low").type)
            for f in (folder / "claims").glob("*.parquet")
        )

    with DatasetWriter(tmp_path / "a") as out:
        out.add(counts, extract(counts))
    assert types(tmp_path / "a") == ["int64"]
    with DatasetWriter(tmp_path / "b") as out:
        out.add(counts, extract(counts))
        out.add(advance, extract(advance))
    assert types(tmp_path / "b") == ["double"]
    # Loaded back, the figures are what was extracted, the fraction included.
    with Ledger.open(tmp_path / "b.db") as ledger:
        load(ledger, tmp_path / "b")
        assert sorted(c.claim.value.low for c in ledger.claims()) == [2.5, 1270]


def test_two_dataset_runs_add_parts_and_load_once(tmp_path: Path) -> None:
    folder = tmp_path / "ds"
    with open_engine("local", Extractor(load_lexicon())) as engine:
        n = dataset_of([EXAMPLES], engine, folder)
        dataset_of(SELF_CONTAINED, engine, folder)
    assert len(list((folder / "claims").glob("*.parquet"))) == 2
    url = f"sqlite:///{tmp_path / 'l.db'}"
    with Ledger.open(url) as ledger:
        report = load(ledger, folder)
    reference = local_ingest(f"sqlite:///{tmp_path / 'ref.db'}", SELF_CONTAINED)
    assert report.counts.documents_present == n  # the examples, again in the second run
    assert sorted(d.hash for d in snapshot(url)[0]) == sorted(d.hash for d in reference[0])


# -- failures: reported, the run goes on -------------------------------------------------------


def test_a_failing_extraction_is_reported_and_the_rest_stored(
    dask_engine: Engine, tmp_path: Path
) -> None:
    big = tmp_path / "big.txt"
    big.write_text("date 2024-03-01\n" + "Forty soldiers were killed. " * 2000)
    small = EXAMPLES
    tight = Extractor(load_lexicon(), max_chars=20_000)  # the big document is over the limit
    errors: list[SourceError] = []
    with open_engine("dask", tight, workers=1) as engine, Ledger.open(tmp_path / "l.db") as led:
        report = led.ingest([big, small], engine=engine, on_error=errors.append)
    assert [e.source for e in errors] == [str(big)]
    assert "text too long to extract" in errors[0].reason
    assert report.counts.documents_failed == 1
    assert report.counts.documents_new == len(list(small.glob("*.txt")))


def test_an_unreachable_scheduler_is_one_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pools, "CONNECT_TIMEOUT", 1.0)
    with (
        pytest.raises(EngineError) as caught,
        open_engine("dask", Extractor(load_lexicon()), scheduler="tcp://127.0.0.1:9"),
    ):
        pass
    message = str(caught.value)
    assert message.startswith("tcp://127.0.0.1:9: cannot start or reach the Dask scheduler")
    assert "\n" not in message


def test_engine_options_are_checked() -> None:
    with (
        pytest.raises(EngineError, match="--scheduler needs --engine dask"),
        open_engine("processes", Extractor(load_lexicon()), scheduler="tcp://127.0.0.1:8786"),
    ):
        pass
    with (
        pytest.raises(EngineError, match="at least 1"),
        open_engine("processes", Extractor(load_lexicon()), workers=0),
    ):
        pass


def test_bad_dataset_folders_and_parts_are_reported(tmp_path: Path) -> None:
    with Ledger.open(tmp_path / "l.db") as ledger:
        with pytest.raises(DatasetError, match="no such folder"):
            load(ledger, tmp_path / "missing")
        (tmp_path / "empty").mkdir()
        with pytest.raises(DatasetError, match="holds no dataset"):
            load(ledger, tmp_path / "empty")
        folder = tmp_path / "ds"
        with open_engine("local", Extractor(load_lexicon())) as engine:
            dataset_of([EXAMPLES], engine, folder)
            dataset_of(HELDOUT, engine, folder)
        broken = sorted((folder / "documents").glob("*.parquet"))[0]
        broken.write_bytes(b"not parquet at all")
        errors: list[SourceError] = []
        report = load(ledger, folder, on_error=errors.append)
    assert [e.source for e in errors] == [str(broken)]
    assert errors[0].reason.startswith("cannot read the dataset part")
    assert report.counts.documents_new == len(HELDOUT)


def test_dataset_rows_over_the_ledgers_bounds_are_refused_one_by_one(
    ledger_url: str, tmp_path: Path
) -> None:
    """A dataset is anyone's file: a language over VARCHAR(35) or a qualifier over
    VARCHAR(16) aborted the load on PostgreSQL (issue #14); now that document is one line."""
    from dataclasses import replace

    from claimledger import extract
    from claimledger.model import Value

    docs = [
        Document(id=name, text=f"The mayor said {n} people were killed in the town.")
        for n, name in enumerate(("good", "wordy", "odd-qualifier"), 4)
    ]
    docs[1] = replace(docs[1], language="x" * 100)
    folder = tmp_path / "ds"
    with DatasetWriter(folder) as out:
        for doc in docs:
            claims = extract(doc)
            assert claims
            if doc.id == "odd-qualifier":
                claims = [
                    replace(c, value=Value(c.value.low, c.value.high, "q" * 40)) for c in claims
                ]
            out.add(doc, claims)
    errors: list[SourceError] = []
    with Ledger.open(ledger_url) as ledger:
        report = load(ledger, folder, on_error=errors.append)
        stored = [d.id for d in ledger.documents()]
    assert stored == ["good"] and report.counts.documents_new == 1
    reasons = sorted(e.reason for e in errors)
    assert reasons[0] == f"a claim with an invalid qualifier {'q' * 40!r:.40}"
    assert reasons[1].startswith("language is not a language tag (100 characters")
    assert all(e.source.endswith(("[wordy]", "[odd-qualifier]")) for e in errors)


# -- the commands --------------------------------------------------------------------------------

runner = CliRunner()


def cli(*args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args])


def test_cli_ingest_and_extract_to_parquet_then_load_equal_local_ingest(
    backend: Iterator[str], tmp_path: Path
) -> None:
    inputs = [str(p) for p in SELF_CONTAINED]
    local, dask, loaded = next(backend), next(backend), next(backend)
    assert cli("ingest", *inputs, "--db", local).exit_code == 0
    done = cli("ingest", *inputs, "--db", dask, "--engine", "dask", "--workers", "2")
    assert done.exit_code == 0, done.output
    assert f"{len(HELDOUT) + len(EXAMPLE_FILES)} documents new, 0 already present, 0 failed" in (
        done.stdout
    )
    reference = snapshot(local)
    assert_same(snapshot(dask), reference)

    folder = tmp_path / "dataset"
    wrote = cli("extract", *inputs, "--engine", "dask", "--workers", "2", "--output", folder)
    assert wrote.exit_code == 0, wrote.output
    assert wrote.stdout.strip().endswith(f"{len(reference[1])} claims → {folder}")
    back = cli("load", folder, "--db", loaded)
    assert back.exit_code == 0, back.output
    assert f"{len(reference[0])} documents new" in back.stdout
    assert_same(snapshot(loaded), reference)


def test_cli_extract_on_processes_prints_what_local_prints() -> None:
    inputs = [str(p) for p in SELF_CONTAINED]
    local = cli("extract", *inputs, "--format", "jsonl")
    spread = cli("extract", *inputs, "--format", "jsonl", "--engine", "processes", "--workers", "2")
    assert local.exit_code == spread.exit_code == 0
    assert spread.stdout == local.stdout and local.stdout.count("\n") > 100


def test_cli_engine_mistakes_are_one_line_with_exit_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pools, "CONNECT_TIMEOUT", 1.0)
    db = tmp_path / "l.db"
    unreachable = cli(
        "ingest", EXAMPLES, "--db", db, "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"
    )
    assert unreachable.exit_code == 1
    assert "Traceback" not in unreachable.output
    lines = unreachable.stderr.strip().splitlines()
    assert len(lines) == 1 and "tcp://127.0.0.1:9: cannot start or reach" in lines[0]
    usage = cli("extract", EXAMPLES, "--scheduler", "tcp://127.0.0.1:9")
    assert usage.exit_code == 2 and "needs --engine dask" in usage.stderr
    missing = cli("load", tmp_path / "nothing", "--db", db)
    assert missing.exit_code == 1
    assert missing.stderr.strip() == f"claimledger: {tmp_path / 'nothing'}: no such folder"
    # A bad input among good ones: reported, the rest written.
    part = cli("extract", tmp_path / "absent.txt", EXAMPLES, "--engine", "processes", "-o",
               tmp_path / "ds")  # fmt: skip
    assert part.exit_code == 0
    assert part.stderr.strip() == f"error: {tmp_path / 'absent.txt'}: no such file or folder"
    only_bad = cli("extract", tmp_path / "absent.txt", "--engine", "processes", "-o", tmp_path)
    assert only_bad.exit_code == 1


def test_copies_far_apart_in_a_long_run_are_stored_once(tmp_path: Path) -> None:
    """A run forgets the hashes it has committed (the ledger knows them): memory stays flat,
    and a copy read long after its first is still found present."""
    text = (EXAMPLES / "gaza-update-2024-03-05.txt").read_text()
    folder = tmp_path / "copies"
    folder.mkdir()
    for i in range(30):
        (folder / f"copy-{i:02d}.txt").write_text(text)
    with Ledger.open(tmp_path / "a.db") as ledger:
        local = ledger.ingest([folder], batch_size=1)
    with (
        open_engine("local", Extractor(load_lexicon())) as engine,
        Ledger.open(tmp_path / "b.db") as ledger,
    ):
        spread = ledger.ingest([folder], engine=engine, batch_size=1, partition_size=2)
    for report in (local, spread):
        assert (report.counts.documents_new, report.counts.documents_present) == (1, 29)


@pytest.fixture
def dask_cluster(tmp_path: Path) -> Iterator[str]:
    """A cluster started as on separate machines: `dask scheduler` and `dask worker` processes
    (on loopback), which the ingest reaches by address only."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    dask = [sys.executable, "-m", "dask"]
    quiet = ["--dashboard-address", "127.0.0.1:0"]
    log = (tmp_path / "cluster.log").open("w")
    procs = [
        subprocess.Popen(
            [*dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), *quiet],
            stdout=log,
            stderr=log,
        )
    ]
    try:
        procs.append(
            subprocess.Popen(
                [*dask, "worker", address, "--nworkers", "2", "--nthreads", "1", *quiet],
                stdout=log,
                stderr=log,
            )
        )
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        log.close()


def test_ingest_on_a_cluster_by_its_scheduler_address(dask_cluster: str, tmp_path: Path) -> None:
    reference = local_ingest(f"sqlite:///{tmp_path / 'ref.db'}", SELF_CONTAINED)
    url = f"sqlite:///{tmp_path / 'cluster.db'}"
    done = cli("ingest", *SELF_CONTAINED, "--db", url, "--engine", "dask", "--scheduler",
               dask_cluster)  # fmt: skip
    assert done.exit_code == 0, done.output
    assert_same(snapshot(url), reference)


@pytest.mark.parametrize("kind", ["local", "processes"])
def test_a_document_over_the_time_limit_fails_alone(kind: str, tmp_path: Path) -> None:
    slow = Extractor(load_lexicon(), time_limit=1e-6)  # every document with claims runs over it
    with open_engine(kind, slow, workers=1) as engine:
        got = list(extract_documents(iter_documents([EXAMPLES]), engine, PARTITION))
    assert len(got) == len(EXAMPLE_FILES)
    for _, outcome in got:
        assert isinstance(outcome, Failure) and "longer than" in outcome.reason
