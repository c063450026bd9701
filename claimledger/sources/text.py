"""Plain-text articles: one file, one `Document`.

A first line `date YYYY-MM-DD …` gives the publication date; the rest of that line is page
boilerplate (a scraped header), so the line is not part of the body text.
"""

from __future__ import annotations

import codecs
import re
from datetime import date
from pathlib import Path

from claimledger.errors import SourceError
from claimledger.model import Document
from claimledger.sources.sniff import refuse_binary

DATE_LINE = re.compile(r"\A[ \t\ufeff]*date[ \t]+(\d{4})-(\d{2})-(\d{2})\b[^\n]*(?:\n|\Z)", re.I)
# Control characters other than tab/newline/carriage return/form feed mark a binary file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

DEFAULT_MAX_BYTES = 20_000_000  # as much as a URL may send (FetchLimits)
_FIRST_LINE = re.compile(r"\n*([^\n]{0,400})")


def _blank(s: str | bytes) -> bool:
    """Empty or all white space, without the copy strip() makes of a big file."""
    return not s or s.isspace()


def decode_text(data: bytes, source: str, *, sniffed: bool = False) -> tuple[str, str]:
    """Decode bytes of a text article; return (text, encoding) or raise SourceError.

    UTF-8 first; bytes that are not UTF-8 are read as Windows-1252 (the superset of Latin-1
    that unlabeled Western pages use), so an old Latin-1 file still reads and so does a file
    that mixes the two (a UTF-8 article with a pasted Latin-1 line).

    A known binary format is refused whatever the file is called (a PDF's header and objects
    are ASCII; a PNG's first bytes decode as Windows-1252).
    `sniffed`: nothing but the bytes says this is text (a file without a telling suffix), so
    it must show it: UTF-8 (Windows-1252 decodes nearly any bytes), and no run of control
    characters anywhere in it, not only at its start.
    """
    if _blank(data):
        raise SourceError(source, "empty file")
    refuse_binary(data, source)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # a UTF-16 byte order mark (Windows Notepad)
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise SourceError(
                source, f"not UTF-16 text (bad bytes at offset {exc.start})"
            ) from None
        return _checked(text, source, encoding)
    if b"\x00" in data[:8192]:
        raise SourceError(source, "binary file (NUL bytes), not text")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        if sniffed:
            raise SourceError(
                source,
                f"not UTF-8 text (bad byte at offset {exc.start}); a file named .txt is also"
                " read as Windows-1252",
            ) from None
        try:
            text, encoding = data.decode("utf-8-sig", _CP1252_FALLBACK), "cp1252"
        except _NotCp1252 as exc:
            raise SourceError(
                source, f"not UTF-8 or Windows-1252 text (bad byte at offset {exc.offset})"
            ) from None
    return _checked(text, source, encoding, whole=sniffed)


def _checked(text: str, source: str, encoding: str, *, whole: bool = False) -> tuple[str, str]:
    sample = text if whole else text[:8192]
    if _blank(text):
        raise SourceError(source, "empty file")
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise SourceError(source, "binary file (control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


class _NotCp1252(Exception):
    def __init__(self, offset: int) -> None:
        self.offset = offset


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    bad = exc.object[exc.start : exc.end]
    try:
        return bad.decode("cp1252"), exc.end
    except UnicodeDecodeError as inner:
        raise _NotCp1252(exc.start + inner.start) from None


_CP1252_FALLBACK = "claimledger-cp1252-fallback"
codecs.register_error(_CP1252_FALLBACK, _cp1252_fallback)


def split_date_line(text: str, source: str) -> tuple[date | None, str]:
    """Return (published date from a leading `date` line, body without that line)."""
    m = DATE_LINE.match(text)
    if not m:
        return None, text
    try:
        published = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise SourceError(source, f"invalid date on the first line: {m[1]}-{m[2]}-{m[3]}") from None
    return published, text[m.end() :]


def first_line_title(body: str) -> str | None:
    """A short first line without closing punctuation reads as a headline."""
    m = _FIRST_LINE.match(body)  # not body.split(): the body may be a 200 MB single line
    first = m[1].strip() if m else ""
    if first and len(first) <= 200 and first[-1] not in ".!?\"”'":
        return first
    return None


def document_from_text(
    text: str,
    doc_id: str,
    source: str,
    published: date | None = None,
    url: str | None = None,
) -> Document:
    """Build a Document from article text; `published` applies when the text has no date line."""
    in_text, body = split_date_line(text, source)
    if _blank(body):
        raise SourceError(source, "no text after the date line")
    return Document(
        id=doc_id,
        text=body,
        published=in_text or published,
        title=first_line_title(body),
        url=url,
        source=source,
    )


def read_text_file(
    path: Path,
    published: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    *,
    sniffed: bool = False,
) -> Document:
    """A text file as a Document; `sniffed`: its name does not say it is text (decode_text)."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(source, f"file too large ({size:,} bytes; limit {max_bytes:,})")
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(source, exc.strerror or str(exc)) from None
    text, _ = decode_text(data, source, sniffed=sniffed)
    del data  # before the document is built: a big file is not held twice
    return document_from_text(text, path.stem, source, published, url=None)
