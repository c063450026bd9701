"""`claimledger verify` passes a clean ledger and reports a corrupted one, a line per problem;
`claimledger backup` copies a SQLite ledger consistently while it is written; the documented
PostgreSQL procedure (pg_dump / pg_restore) gives back an equal ledger."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from claimledger.ledger import Ledger
from tests.support.ledgerprobe import CLI, REPO, run_cli, snapshot
from tests.support.newsfixtures import ARTICLES, html_page
from tests.support.synthnews import build_corpus


def _pages(folder: Path) -> Path:
    folder.mkdir()
    for a in ARTICLES:
        (folder / f"{a.slug}.html").write_text(html_page(a))
    return folder


@pytest.fixture
def filled(ledger_url: str, tmp_path: Path, shared: Path) -> str:
    with Ledger.open(ledger_url) as led:
        report = led.ingest([_pages(tmp_path / "pages"), shared / "corpus" / "dev"])
    assert report.errors == ()
    return ledger_url


def test_verify_passes_a_clean_ledger(filled: str) -> None:
    done = run_cli(["verify", "--db", filled])
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("claims checked")
    assert ": ok; " in done.stdout
    assert "problem" not in done.stdout + done.stderr


def _corrupt(url: str) -> dict[str, str]:
    """Damage the ledger behind claimledger's back; → what verify must report, by kind."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            else:  # a superuser session that skips foreign-key triggers
                conn.exec_driver_sql("SET session_replication_role = replica")
            doc = conn.execute(text("SELECT id, doc_id FROM documents ORDER BY id")).first()
            assert doc is not None
            conn.execute(
                text("UPDATE documents SET text = text || ' (edited)' WHERE id = :id"),
                {"id": doc.id},
            )
            ids = [r[0] for r in conn.execute(text("SELECT id FROM claims ORDER BY id"))]
            assert len(ids) >= 4
            conn.execute(
                text(
                    "INSERT INTO claims (document_id, seq, metric, qualifier, cumulative, "
                    "evidence_start, evidence_end, evidence_text) VALUES "
                    "(999999, 0, 'personnel.killed', 'exact', false, 0, 4, 'text')"
                )
            )
            conn.execute(
                text("UPDATE claims SET evidence_end = 10000000 WHERE id = :i"), {"i": ids[1]}
            )
            conn.execute(
                text("UPDATE claims SET qualifier = 'roughly' WHERE id = :i"), {"i": ids[2]}
            )
            conn.execute(text("UPDATE claims SET value_low = 'NaN' WHERE id = :i"), {"i": ids[3]})
            # A document missing one of its claims (the first): stored in part.
            first_of = conn.execute(
                text(
                    "SELECT document_id FROM claims GROUP BY document_id "
                    "HAVING count(*) >= 2 ORDER BY document_id DESC"
                )
            ).first()
            assert first_of is not None
            conn.execute(
                text("DELETE FROM claims WHERE document_id = :d AND seq = 0"),
                {"d": first_of[0]},
            )
    finally:
        engine.dispose()
    return {
        "changed text": f"(doc_id {doc.doc_id!r}): text does not match its content hash",
        "dangling claim": "document_id 999999 refers to no row of documents",
        "evidence": "evidence offsets",
        "qualifier": "qualifier 'roughly' is not one of",
        "value": "is not a finite number",
        "part": f"documents id={first_of[0]}: claims numbered",
    }


def test_verify_reports_a_corrupted_ledger(filled: str) -> None:
    expected = _corrupt(filled)
    done = run_cli(["verify", "--db", filled])
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines and all(line.startswith("problem: ") for line in lines), done.stdout
    for kind, words in expected.items():
        assert any(words in line for line in lines), f"{kind} not reported:\n{done.stdout}"
    assert "problems;" in done.stderr and "Traceback" not in done.stderr


# -- backup ------------------------------------------------------------------------------------


def test_sqlite_backup_while_an_ingest_writes(tmp_path: Path) -> None:
    """The backup is the ledger as of one moment: whole documents only, and it verifies."""
    db = tmp_path / "live.db"
    inputs = [str(p) for p in build_corpus(tmp_path / "corpus", 250, html=0)]
    inputs = [i for i in inputs if not i.endswith("html")]
    with Ledger.open(db) as led:  # the JSONL part first: the ledger is not empty
        assert not led.ingest([inputs[0]]).errors
    writer = subprocess.Popen(
        [*CLI, "ingest", "--db", str(db), *inputs],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
    )
    try:
        backups = []
        for k in range(3):
            out = tmp_path / f"backup-{k}.db"
            done = run_cli(["backup", "--db", str(db), "--output", str(out)])
            assert done.returncode == 0, done.stderr
            assert f"{out}: " in done.stdout and "documents" in done.stdout
            backups.append(out)
    finally:
        assert writer.wait(timeout=300) == 0
    final = snapshot(f"sqlite:///{db}")
    for out in backups:
        verify = run_cli(["verify", "--db", str(out)])
        assert verify.returncode == 0, verify.stdout
        copy = snapshot(f"sqlite:///{out}")
        assert copy and all(final[h] == v for h, v in copy.items())  # a consistent prefix
    # Restoring is copying the file back: the restored ledger is the backup.
    restored = tmp_path / "restored.db"
    shutil.copy(backups[-1], restored)
    assert snapshot(f"sqlite:///{restored}") == snapshot(f"sqlite:///{backups[-1]}")


def test_backup_refusals_are_one_line(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    with Ledger.open(db) as led:
        led.ingest([_pages(tmp_path / "p")])
    out = tmp_path / "b.db"
    assert run_cli(["backup", "--db", str(db), "-o", str(out)]).returncode == 0
    again = run_cli(["backup", "--db", str(db), "-o", str(out)])
    assert again.returncode == 1
    assert again.stderr.strip() == f"claimledger: {out}: exists already (--overwrite replaces it)"
    assert run_cli(["backup", "--db", str(db), "-o", str(out), "--overwrite"]).returncode == 0
    missing = run_cli(["backup", "--db", str(tmp_path / "none.db"), "-o", str(out)])
    assert missing.returncode == 1 and len(missing.stderr.strip().splitlines()) == 1


def _pg_tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(candidates[-1]) if candidates else None


def test_postgresql_dump_and_restore_as_documented(ledger_url: str, tmp_path: Path) -> None:
    if ledger_url.startswith("sqlite"):
        refusal = run_cli(["backup", "--db", ledger_url, "-o", str(tmp_path / "x")])
        assert refusal.returncode == 1  # nothing there yet: one line
        return
    pg_dump, pg_restore = _pg_tool("pg_dump"), _pg_tool("pg_restore")
    if not (pg_dump and pg_restore):
        pytest.skip("pg_dump / pg_restore not installed")
    with Ledger.open(ledger_url) as led:
        led.ingest([_pages(tmp_path / "p")])
    refusal = run_cli(["backup", "--db", ledger_url, "-o", str(tmp_path / "x")])
    assert refusal.returncode == 1 and "pg_dump" in refusal.stderr
    url = make_url(ledger_url)
    libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
    dump = tmp_path / "ledger.dump"
    subprocess.run([pg_dump, "--format=custom", f"--file={dump}", libpq], check=True)
    target = f"claimledger_restore_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{target}"'))
    try:
        restored = url.set(database=target)
        subprocess.run(
            [
                pg_restore,
                "--no-owner",
                "--exit-on-error",
                f"--dbname={restored.set(drivername='postgresql').render_as_string(False)}",
                str(dump),
            ],
            check=True,
        )
        restored_url = restored.render_as_string(hide_password=False)
        assert snapshot(restored_url) == snapshot(ledger_url)
        verify = run_cli(["verify", "--db", restored_url])
        assert verify.returncode == 0, verify.stdout
        with Ledger.open(restored_url) as led:  # and it takes new documents
            assert led.ingest([str(tmp_path / "p")]).counts.documents_present == len(ARTICLES)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)'))
        admin.dispose()
