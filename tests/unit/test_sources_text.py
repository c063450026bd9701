"""Plain-text articles: the `date` line, the `--published` fallback, ids, folders, encodings,
and one-line reasons for files that cannot be read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claimledger.errors import SourceError
from claimledger.extraction.pipeline import Extractor
from claimledger.lexicon import load_lexicon
from claimledger.model import Document
from claimledger.sources import iter_documents
from claimledger.sources.text import read_text_file

BODY = "Ukraine's military said 300 Russian soldiers were killed near Bakhmut in the past day.\n"


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def read_all(
    inputs: list[Path], published: date | None = None
) -> tuple[list[Document], list[SourceError]]:
    errors: list[SourceError] = []
    docs = list(iter_documents(inputs, published=published, on_error=errors.append))
    return docs, errors


# -- the date line ---------------------------------------------------------------------------------


def test_date_line_gives_the_publication_date_and_is_not_body_text(tmp_path: Path) -> None:
    doc = read_text_file(write(tmp_path / "bakhmut-report.txt", "date 2023-03-13\n" + BODY))
    assert doc.published == date(2023, 3, 13)
    assert doc.text == BODY
    assert doc.id == "bakhmut-report"
    assert doc.source == str(tmp_path / "bakhmut-report.txt")


def test_date_line_with_leading_whitespace_and_trailing_boilerplate(tmp_path: Path) -> None:
    text = "  date 2023-03-13 Home World Europe Sign in | Subscribe\n" + BODY
    doc = read_text_file(write(tmp_path / "scraped.txt", text))
    assert doc.published == date(2023, 3, 13)
    assert doc.text == BODY
    assert "Subscribe" not in doc.text and "date" not in doc.text


def test_evidence_offsets_point_into_the_body_without_the_date_line(tmp_path: Path) -> None:
    doc = read_text_file(write(tmp_path / "a.txt", "date 2023-03-13 Home\n" + BODY))
    [claim] = Extractor(load_lexicon()).extract(doc)
    ev = claim.evidence
    assert doc.text[ev.start : ev.end] == ev.text
    assert ev.start == 0
    assert claim.period.end == date(2023, 3, 13)


def test_published_is_the_fallback_without_a_date_line(tmp_path: Path) -> None:
    doc = read_text_file(write(tmp_path / "a.txt", BODY), published=date(2023, 5, 1))
    assert doc.published == date(2023, 5, 1)
    assert doc.text == BODY


def test_date_line_wins_over_published(tmp_path: Path) -> None:
    doc = read_text_file(
        write(tmp_path / "a.txt", "date 2023-03-13\n" + BODY), published=date(2023, 5, 1)
    )
    assert doc.published == date(2023, 3, 13)


def test_no_date_at_all(tmp_path: Path) -> None:
    doc = read_text_file(write(tmp_path / "a.txt", BODY))
    assert doc.published is None
    assert doc.text == BODY


def test_a_date_later_in_the_text_is_not_a_date_line(tmp_path: Path) -> None:
    text = "Kyiv report\ndate 2023-03-13\n" + BODY
    doc = read_text_file(write(tmp_path / "a.txt", text))
    assert doc.published is None
    assert doc.text == text


def test_windows_line_endings(tmp_path: Path) -> None:
    doc = read_text_file(
        write(tmp_path / "a.txt", b"date 2023-03-13\r\nFirst line.\r\nSecond.\r\n")
    )
    assert doc.published == date(2023, 3, 13)
    assert doc.text == "First line.\nSecond.\n"


# -- encodings -------------------------------------------------------------------------------------


def test_windows_1252_file_still_reads(tmp_path: Path) -> None:
    text = "date 2023-03-13\nThe caf\u00e9 owner said \u201cfour people\u201d were hurt.\n"
    doc = read_text_file(write(tmp_path / "old.txt", text.encode("cp1252")))
    assert doc.published == date(2023, 3, 13)
    assert doc.text == "The caf\u00e9 owner said \u201cfour people\u201d were hurt.\n"


def test_latin_1_file_still_reads(tmp_path: Path) -> None:
    doc = read_text_file(
        write(tmp_path / "old.txt", "Z\u00fcrich, Gen\u00e8ve.\n".encode("latin-1"))
    )
    assert doc.text == "Z\u00fcrich, Gen\u00e8ve.\n"


def test_utf8_byte_order_mark_before_the_date_line(tmp_path: Path) -> None:
    doc = read_text_file(write(tmp_path / "bom.txt", b"\xef\xbb\xbfdate 2023-03-13\nBody.\n"))
    assert doc.published == date(2023, 3, 13)
    assert doc.text == "Body.\n"


# -- unreadable files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x00\x01\x02PK\x03\x04binary", "binary file"),
        (bytes(range(1, 30)) * 10, "binary file"),
        (b"", "empty file"),
        (b"  \n\n", "empty file"),
        (b"date 2023-02-30\nBody.\n", "invalid date on the first line: 2023-02-30"),
        (b"date 2023-03-13 Home\n\n   \n", "no text after the date line"),
        (b"\x81\x8d\x8f\x90\x9d" * 4, "not UTF-8 or Windows-1252 text"),
    ],
)
def test_unreadable_file_gives_a_one_line_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    path = write(tmp_path / "bad.txt", data)
    with pytest.raises(SourceError) as info:
        read_text_file(path)
    err = info.value
    assert err.source == str(path)
    assert reason in err.reason
    assert str(err) == f"{path}: {err.reason}"
    assert "\n" not in str(err)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as info:
        read_text_file(tmp_path / "nope.txt")
    assert info.value.source == str(tmp_path / "nope.txt")
    assert "\n" not in str(info.value)


# -- folders ---------------------------------------------------------------------------------------


def test_folders_are_read_recursively_in_a_stable_order(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "date 2023-03-14\nSecond.\n")
    write(tmp_path / "a.txt", "date 2023-03-13\nFirst.\n")
    write(tmp_path / "2023" / "march" / "deep.txt", "date 2023-03-15\nDeep.\n")
    write(tmp_path / ".hidden" / "skip.txt", "Hidden.\n")
    docs, errors = read_all([tmp_path])
    assert errors == []
    assert [(d.id, d.published, d.text) for d in docs] == [
        ("deep", date(2023, 3, 15), "Deep.\n"),
        ("a", date(2023, 3, 13), "First.\n"),
        ("b", date(2023, 3, 14), "Second.\n"),
    ]


def test_bad_files_in_a_folder_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", "date 2023-03-13\n" + BODY)
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "blob.txt", b"\x00\x00\x00\x01binary")
    write(tmp_path / "baddate.txt", b"date 2023-13-01\nBody.\n")
    docs, errors = read_all([tmp_path])
    assert [d.id for d in docs] == ["good"]
    assert sorted(Path(e.source).name for e in errors) == ["baddate.txt", "blob.txt", "empty.txt"]


def test_published_applies_to_every_file_without_a_date_line(tmp_path: Path) -> None:
    write(tmp_path / "dated.txt", "date 2023-03-13\nOne.\n")
    write(tmp_path / "undated.txt", "Two.\n")
    docs, _ = read_all([tmp_path], published=date(2023, 1, 2))
    assert {d.id: d.published for d in docs} == {
        "dated": date(2023, 3, 13),
        "undated": date(2023, 1, 2),
    }


def test_a_folder_walk_skips_a_ledger_kept_beside_the_articles(tmp_path: Path) -> None:
    """`claimledger ingest .` next to its own claimledger.db: the database and its journal
    files are not inputs (they used to be reported as unreadable binary files)."""
    import sqlite3

    write(tmp_path / "report.txt", "date 2024-05-14\nTwo people were killed, officials said.\n")
    db = sqlite3.connect(tmp_path / "claimledger.db")
    db.execute("pragma journal_mode=wal")
    db.execute("create table t (x)")
    db.execute("insert into t values (1)")
    db.commit()
    assert (tmp_path / "claimledger.db-wal").exists()
    errors: list[SourceError] = []
    docs = list(iter_documents([tmp_path], on_error=errors.append))
    db.close()
    assert [d.id for d in docs] == ["report"]
    assert errors == []
    # Named explicitly, a database is still an input (and reported as not text).
    list(iter_documents([tmp_path / "claimledger.db"], on_error=errors.append))
    assert len(errors) == 1 and "claimledger.db" in str(errors[0])


# -- folders: links and files without a telling suffix (issue #14) -------------------------------


def test_links_out_of_the_folder_are_not_followed(tmp_path: Path) -> None:
    """`ln -s /etc/shadow d/shadow` was read and stored: a link leaving the folder is named,
    one line each, and not followed; a link within the folder is."""
    outside = write(tmp_path / "private" / "secret.txt", "The password is 12 characters long.\n")
    folder = tmp_path / "articles"
    write(folder / "a.txt", BODY)
    (folder / "shadow").symlink_to(outside)
    (folder / "etc").symlink_to(outside.parent, target_is_directory=True)
    (folder / "dangling").symlink_to(tmp_path / "gone.txt")
    write(folder / "sub" / "b.txt", BODY.replace("300", "200"))
    (folder / "sub" / "again.txt").symlink_to(folder / "a.txt")
    docs, errors = read_all([folder])
    assert sorted(d.id for d in docs) == ["a", "again", "b"]
    assert sorted((Path(e.source).name, e.reason) for e in errors) == [
        ("dangling", f"a link out of the folder (to {tmp_path / 'gone.txt'}), not followed"),
        ("etc", f"a link out of the folder (to {outside.parent}), not followed"),
        ("shadow", f"a link out of the folder (to {outside}), not followed"),
    ]
    # Named on the command line, a link is the user's own choice: read.
    [doc], _ = read_all([folder / "shadow"])
    assert "password" in doc.text


def test_files_without_a_telling_suffix_must_show_they_are_text(tmp_path: Path) -> None:
    """A file with no known suffix was read as text whatever it held (a PDF's ASCII header
    passes the first-bytes test); now its bytes must show it is text."""
    latin = "The mayor of Kharkiv said 6 people were killed near the caf\xe9.\n".encode("cp1252")
    write(tmp_path / "notes", BODY)  # UTF-8 text without a suffix: read
    write(tmp_path / "scan.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" * 50)
    write(tmp_path / "latin", latin)
    write(tmp_path / "latin.txt", latin)  # named as text: Windows-1252 is read
    write(tmp_path / "dump.dat", BODY.encode() * 200 + b"\x01\x02\x03\x04" * 3000)
    docs, errors = read_all([tmp_path])
    assert sorted(d.id for d in docs) == ["latin", "notes"]
    assert next(d for d in docs if d.id == "latin").source == str(tmp_path / "latin.txt")
    assert sorted((Path(e.source).name, e.reason) for e in errors) == [
        ("dump.dat", "binary file (control characters), not text"),
        (
            "latin",
            "not UTF-8 text (bad byte at offset 59); a file named .txt is also read as"
            " Windows-1252",
        ),
        ("scan.pdf", "a PDF document, not text"),
    ]
