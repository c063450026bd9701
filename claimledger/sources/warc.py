"""WARC and WARC.gz archives: one Document per archived HTML page, via warcio.

Only `response` records (and `resource` records, which some crawlers use for pages) that hold
a successful HTML response become documents; requests, metadata, revisits, images and redirects
are skipped without comment, since a crawl is mostly made of them.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr
from datetime import date
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.utils import BUFF_SIZE

from claimledger.errors import ErrorHandler, SourceError
from claimledger.model import Document
from claimledger.sources.html import document_from_html
from claimledger.sources.text import DEFAULT_MAX_BYTES

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_BOMB_FLOOR = 16_000_000


def iter_warc(
    stream: IO[bytes],
    source: str,
    *,
    on_error: ErrorHandler,
    published: date | None = None,
    max_page_bytes: int = DEFAULT_MAX_BYTES,
    max_expansion: int = 100,
    time_limit: float | None = None,
) -> Iterator[Document]:
    """Yield the archive's pages; a damaged or truncated archive is reported once and ends.

    A gzipped archive whose record declares more than `max_expansion` times the archive's
    size (a decompression bomb) ends there too, before warcio inflates it. `time_limit`:
    seconds reading one page may take.
    """
    pages = 0
    warnings = _Warnings()
    try:
        for record in _records(stream, max_expansion, warnings):
            if not _is_html_page(record):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            name = f"{source} [{uri}]" if uri else source
            with warnings.caught():
                body = _read_body(record, max_page_bytes + 1)
            if len(body) > max_page_bytes:
                on_error(SourceError(name, f"page larger than {max_page_bytes:,} bytes"))
                continue
            _check_complete(record)  # before a cut page becomes a document
            pages += 1
            try:
                yield document_from_html(
                    body,
                    doc_id=_record_id(record),
                    source=name,
                    url=uri or None,
                    published=published,
                    time_limit=time_limit,
                )
            except SourceError as err:
                on_error(err)
    except _Damaged as exc:
        on_error(SourceError(source, str(exc)))
        return
    if pages == 0:
        on_error(SourceError(source, "no HTML pages in the archive"))
    elif warnings.first:
        on_error(SourceError(source, f"damaged archive, read past it ({warnings.first})"))


class _Damaged(Exception):
    pass


class _Warnings:
    """What warcio writes to stderr itself (a record not followed by a blank line, a gzip
    block that does not inflate), kept so that it becomes one error line naming the archive
    instead of loose lines on the terminal."""

    def __init__(self) -> None:
        self._buf = io.StringIO()

    @contextmanager
    def caught(self) -> Iterator[None]:
        with redirect_stderr(self._buf):
            yield

    @property
    def first(self) -> str | None:
        """The first warning that means damage (not warcio's notes on what it repaired, such
        as spaces in a target URI)."""
        for line in self._buf.getvalue()[:65536].splitlines():
            line = " ".join(line.split())
            if any(mark in line for mark in _DAMAGE):
                line = line.removeprefix("WARNING: ")
                return repr(line[:160])[1:-1] + ("…" if len(line) > 160 else "")
        return None


# What warcio writes when a record does not end where its Content-Length says, or a gzip
# member does not inflate.
_DAMAGE = ("Content-Length is invalid", "decompressing", "Error -")


# No line of a WARC's record headers or of the space between records is this long: a longer
# one is junk (a run of inflated zeros after the last record), refused before warcio would
# gather it all into memory looking for its end.
_MAX_LINE = 4 << 20


class _CappedReader(DecompressingBufferedReader):  # type: ignore[misc]
    def readline(self, length: int | None = None) -> bytes:
        cap = _MAX_LINE if length is None else min(length, _MAX_LINE)
        line: bytes = super().readline(cap)
        if len(line) >= _MAX_LINE and not line.endswith(b"\n"):
            raise _Damaged(
                f"damaged archive (a line of more than {_MAX_LINE:,} bytes where a record"
                " header belongs)"
            )
        return line


class _Archive(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator reading through `_CappedReader`."""

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__(stream)
        self.reader = _CappedReader(self.fh, block_size=BUFF_SIZE)


def _records(stream: IO[bytes], max_expansion: int, warnings: _Warnings) -> Iterator[Any]:
    """The archive's records, each checked to end where its Content-Length says.

    warcio hands back what is there when a file ends early, without complaint, or fails in
    various ways on a cut header: a record cut short, a header block without Content-Length,
    or any failure to parse marks the file as truncated or damaged.
    """
    start = stream.tell()
    head = stream.read(16)
    gzipped = head[:2] == b"\x1f\x8b"
    size = stream.seek(0, io.SEEK_END)
    stream.seek(start)
    if not gzipped and not head.lstrip(b"\r\n").startswith((b"WARC/", b"filedesc://")):
        raise _Damaged("not a WARC file (it does not start with a WARC record)")
    archive = _Archive(stream)
    records = iter(archive)
    last = None
    while True:
        try:
            with warnings.caught():
                record = next(records)
        except StopIteration:
            # warcio also ends quietly when the file ends inside a record's headers: then the
            # end of the last whole record is short of the end of the file.
            if archive.offset < stream.seek(0, io.SEEK_END):
                raise _Damaged(
                    f"truncated archive (ends inside a record at byte {archive.offset:,})"
                ) from None
            break
        except _Damaged:
            raise
        except ArchiveLoadFailed as exc:
            raise _Damaged(f"not a WARC file or damaged ({_one_line(exc)})") from None
        except Exception:  # warcio's parser on a cut or corrupt header
            raise _Damaged(
                "damaged or truncated archive (a record header that cannot be parsed, after"
                f" byte {archive.offset:,})"
            ) from None
        if last is not None:
            _check_complete(last)  # the iterator has read it to its end by now
        declared = record.rec_headers.get_header("Content-Length")
        if not declared:
            raise _Damaged(f"truncated archive (a {record.rec_type or 'WARC'} record is cut)")
        digits = declared.strip()
        # isascii: "121¹" is digits to str.isdigit, not to int() (found by fuzzing)
        length = int(digits) if digits.isascii() and digits.isdigit() else 0
        if gzipped and length > _BOMB_FLOOR and length > max_expansion * size:
            raise _Damaged(
                f"decompression bomb refused (a record declares {length:,} bytes in a"
                f" {size:,}-byte archive; limit {max_expansion}-fold)"
            )
        yield record
        last = record
    if last is not None:
        with warnings.caught():
            _read_body(last, None, raw=True)
        _check_complete(last)


def _read_body(record: Any, limit: int | None, raw: bool = False) -> bytes:
    stream = record.raw_stream if raw else record.content_stream()
    try:
        if limit is not None:
            return bytes(stream.read(limit))
        while stream.read(65536):
            pass
        return b""
    except _Damaged:
        raise
    except Exception as exc:  # a cut gzip member, bad chunked encoding …
        raise _Damaged(f"damaged or truncated archive ({_one_line(exc)})") from None


def _check_complete(record: Any) -> None:
    if getattr(record.raw_stream, "limit", 0) > 0:
        uri = record.rec_headers.get_header("WARC-Target-URI") or "?"
        raise _Damaged(f"truncated archive (the {record.rec_type} record of {uri} is cut)")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _is_html_page(record: Any) -> bool:
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or not http.get_statuscode().startswith("2"):
            return False
        content_type = http.get_header("Content-Type")
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type")
    else:
        return False
    return (content_type or "").split(";")[0].strip().lower() in HTML_TYPES


def _record_id(record: Any) -> str:
    """The WARC-Record-ID without its <urn:uuid:…> wrapping: the id the claims point to."""
    rid = str(record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
    return rid.removeprefix("urn:uuid:")
