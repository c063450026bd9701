"""Readers: every input format yields `Document`s; a bad input is reported, never fatal.

`iter_documents` takes paths, folders (read recursively), http(s) URLs and `-` (standard input)
and picks the reader for each from its first bytes (`claimledger.sources.sniff`): a known binary
format is refused whatever the name says; otherwise a telling suffix (.txt, .html, .warc.gz,
.jsonl …) picks the reader, and without one (a URL's content, standard input, a file without a
suffix) the content does. Each format lives in its own module; this one only decides which to
call.
"""

from __future__ import annotations

import gzip
import io
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import IO, Any

from claimledger.errors import ErrorHandler, SourceError
from claimledger.model import Document
from claimledger.sources.feed import iter_feed
from claimledger.sources.html import document_from_html
from claimledger.sources.http import Fetcher, FetchLimits, is_url
from claimledger.sources.jsonl import JsonlFields, iter_jsonl
from claimledger.sources.sniff import GZIP_MAGIC, HEAD, Kind, identify
from claimledger.sources.text import (
    DEFAULT_MAX_BYTES,
    decode_text,
    document_from_text,
    read_text_file,
)
from claimledger.sources.warc import iter_warc

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_EXPANSION",
    "ErrorHandler",
    "FetchLimits",
    "JsonlFields",
    "ReadOptions",
    "bounded_document",
    "clean_document",
    "input_bytes",
    "iter_documents",
    "read_text_file",
]

SUFFIX_KINDS: dict[str, Kind] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}

# Called with the number of input bytes consumed since the last call (progress bars).
ByteCounter = Callable[[int], None]


# A gzipped input that inflates more than this many times over is a decompression bomb (news
# text and markup compress 3–10 fold); checked once it has inflated past _BOMB_FLOOR bytes.
DEFAULT_MAX_EXPANSION = 100
_BOMB_FLOOR = 16_000_000


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read: JSONL field names, HTTP limits, and the caps that keep one hostile
    input from exhausting memory.

    max_file_bytes: the largest single document input — a text, HTML or feed file, one page
    in a WARC archive, one JSONL record, standard input.
    max_expansion: how many times over a gzipped input may inflate.
    time_limit: CPU seconds reading one HTML page or parsing one feed may take (a hard limit, by a
    timer signal, when reading runs on the main thread); None: no limit.
    """

    fields: JsonlFields = field(default_factory=JsonlFields)
    fetch: FetchLimits = field(default_factory=FetchLimits)
    max_file_bytes: int = DEFAULT_MAX_BYTES
    max_expansion: int = DEFAULT_MAX_EXPANSION
    time_limit: float | None = None


def _raise(err: SourceError) -> None:
    raise err


def _ignore(n: int) -> None:
    pass


def _expand(path: Path) -> Iterator[Path | SourceError]:
    """Files under a folder, recursively and in a stable order; hidden files and SQLite
    databases skipped (a ledger kept beside the articles, `ingest .`, is not an input).

    A link that leads out of the folder is not followed, and is named (a SourceError): a
    folder of downloaded articles may hold `shadow -> /etc/shadow`, and what is ingested can
    be read by everyone with the ledger. Links within the folder are followed."""
    root = path.resolve()
    for p in sorted(path.rglob("*")):
        if any(part.startswith(".") for part in p.relative_to(path).parts):
            continue
        if p.is_symlink():
            target = p.resolve()
            if target != root and root not in target.parents:
                yield SourceError(str(p), f"a link out of the folder (to {target}), not followed")
                continue
        if p.is_file() and not _is_sqlite(p):
            yield p


_SQLITE_JOURNALS = ("-wal", "-shm", "-journal")


def _is_sqlite(p: Path) -> bool:
    """A SQLite database ("SQLite format 3" header) or one of its journal files."""
    if p.name.endswith(_SQLITE_JOURNALS):
        main = p.with_name(p.name.rsplit("-", 1)[0])
        return main.is_file() and _is_sqlite(main)
    try:
        with p.open("rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False  # reported when it is read


def input_bytes(inputs: Iterable[str | Path]) -> int:
    """Total size of the local files among `inputs` (folders expanded): a progress bar's 100%."""
    total = 0
    for item in inputs:
        path = Path(item)
        if str(item) == "-" or is_url(str(item)):
            continue
        try:
            files = _expand(path) if path.is_dir() else [path]
            total += sum(p.stat().st_size for p in files if isinstance(p, Path))
        except OSError:
            continue  # reported when it is read
    return total


def iter_documents(
    inputs: Iterable[str | Path],
    *,
    published: date | None = None,
    on_error: ErrorHandler = _raise,
    options: ReadOptions | None = None,
    on_bytes: ByteCounter = _ignore,
) -> Iterator[Document]:
    """Yield a Document for every readable input; report each unreadable one to `on_error`.

    `published` is the date for documents whose source gives none.
    """
    reader = _Reader(options or ReadOptions(), published, on_error, on_bytes)
    with reader.fetcher:
        for item in inputs:
            yield from reader.read_input(str(item))


class _Reader:
    """The state one run shares across inputs: options, error handler, HTTP client."""

    def __init__(
        self,
        options: ReadOptions,
        published: date | None,
        on_error: ErrorHandler,
        on_bytes: ByteCounter,
    ) -> None:
        self.options = options
        self.published = published
        self.on_error = on_error
        self.on_bytes = on_bytes
        self.fetcher = Fetcher(options.fetch)

    def read_input(self, item: str) -> Iterator[Document]:
        for doc in self._read_input(item):
            doc = clean_document(doc)
            if doc.text.isspace() or not doc.text:
                self.on_error(SourceError(doc.source or doc.id, "no text (only NUL characters)"))
                continue
            try:
                yield bounded_document(doc)
            except SourceError as err:
                self.on_error(err)

    def _read_input(self, item: str) -> Iterator[Document]:
        if item == "-":
            limit = self.options.max_file_bytes
            data = sys.stdin.buffer.read(limit + 1)
            if len(data) > limit:
                self.on_error(SourceError("<stdin>", f"standard input larger than {limit:,} bytes"))
                return
            yield from self._read_bytes(data, None, "<stdin>", "stdin", None)
        elif is_url(item):
            yield from self._read_url(item)
        else:
            path = Path(item)
            if path.is_dir():
                files = list(_expand(path))
                if not any(isinstance(f, Path) for f in files):
                    self.on_error(SourceError(item, "folder holds no files"))
                for f in files:
                    if isinstance(f, SourceError):
                        self.on_error(f)
                    else:
                        yield from self._read_file(f)
            elif path.exists():
                yield from self._read_file(path)
            else:
                self.on_error(SourceError(item, "no such file or folder"))

    def _read_url(self, url: str) -> Iterator[Document]:
        try:
            page = self.fetcher.fetch(url)
        except SourceError as err:
            self.on_error(err)
            return
        kind = _kind_or_error(page.content[:HEAD], url, None, self.on_error)
        if kind == "text" and page.media_type in ("text/html", "application/xhtml+xml"):
            kind = "html"  # a page whose markup starts late (long comments, no doctype)
        if kind is not None:
            yield from self._read_bytes(page.content, kind, url, url, page.url)

    def _read_file(self, path: Path) -> Iterator[Document]:
        source = str(path)
        named = _suffix_kind(path.name)
        try:
            size = path.stat().st_size
            with path.open("rb") as f:
                head = f.read(HEAD)
        except OSError as exc:
            self.on_error(SourceError(source, exc.strerror or str(exc)))
            return
        if size == 0:
            self.on_error(SourceError(source, "empty file"))
            return
        # By its bytes first: a PNG named .txt is a PNG.
        kind = _kind_or_error(head, source, named, self.on_error)
        if kind is None:
            self.on_bytes(size)
            return
        if kind in ("warc", "jsonl"):
            # Streamed, however large; progress follows the file position.
            yield from self._stream_file(path, kind, size)
            return
        self.on_bytes(size)
        if kind == "text":  # the text reader keeps its own decoding rules (cp1252 fallback)
            sniffed = named is None  # not assumed to be text: shown to be
            try:
                yield read_text_file(
                    path, self.published, self.options.max_file_bytes, sniffed=sniffed
                )
            except SourceError as err:
                self.on_error(err)
            return
        if size > self.options.max_file_bytes:
            limit = self.options.max_file_bytes
            self.on_error(SourceError(source, f"file too large ({size:,} bytes; limit {limit:,})"))
            return
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.on_error(SourceError(source, exc.strerror or str(exc)))
            return
        yield from self._read_bytes(data, kind, source, path.stem, None)

    def _stream_file(self, path: Path, kind: Kind, size: int) -> Iterator[Document]:
        done = 0
        try:
            with path.open("rb") as raw:
                gzipped = raw.read(2) == GZIP_MAGIC
                raw.seek(0)
                for doc in self._read_stream(raw, kind, gzipped, str(path), _stem(path)):
                    pos = raw.tell()
                    self.on_bytes(pos - done)
                    done = pos
                    yield doc
        except OSError as exc:
            self.on_error(SourceError(str(path), exc.strerror or str(exc)))
        self.on_bytes(size - done)

    def _read_bytes(
        self, data: bytes, named: Kind | None, source: str, stem: str, url: str | None
    ) -> Iterator[Document]:
        """The documents in `data`, read as what its bytes show it is (`named`: what the
        caller already knows, a file's suffix or a page's media type)."""
        kind = _kind_or_error(data[:HEAD], source, named, self.on_error)
        if kind is None:
            return
        try:
            if kind in ("warc", "jsonl"):
                gzipped = data[:2] == GZIP_MAGIC
                yield from self._read_stream(io.BytesIO(data), kind, gzipped, source, stem)
            elif kind == "feed":
                yield from iter_feed(
                    data,
                    source,
                    fetcher=self.fetcher,
                    on_error=self.on_error,
                    published=self.published,
                    feed_url=url,
                    time_limit=self.options.time_limit,
                )
            elif kind == "html":
                yield document_from_html(
                    data,
                    doc_id=stem,
                    source=source,
                    url=url,
                    published=self.published,
                    time_limit=self.options.time_limit,
                )
            else:
                text, _ = decode_text(data, source)
                yield document_from_text(text, stem, source, self.published, url=url)
        except SourceError as err:
            self.on_error(err)

    def _read_stream(
        self, stream: IO[bytes], kind: Kind, gzipped: bool, source: str, stem: str
    ) -> Iterator[Document]:
        if kind == "warc":
            return iter_warc(
                stream,
                source,
                on_error=self.on_error,
                published=self.published,
                max_page_bytes=self.options.max_file_bytes,
                max_expansion=self.options.max_expansion,
                time_limit=self.options.time_limit,
            )
        # warcio unpacks a .warc.gz itself; a .jsonl.gz is unpacked here.
        return iter_jsonl(
            _Inflated(stream, source, self.options.max_expansion) if gzipped else stream,
            source,
            stem,
            on_error=self.on_error,
            fields=self.options.fields,
            published=self.published,
            max_record_bytes=self.options.max_file_bytes,
        )


class _Inflated:
    """A gzipped stream read line by line, refusing a decompression bomb: once it has inflated
    past _BOMB_FLOOR bytes, at most `max_expansion` bytes out per compressed byte read."""

    def __init__(self, raw: IO[bytes], source: str, max_expansion: int) -> None:
        self._raw = raw
        self._gz = gzip.GzipFile(fileobj=raw)
        self._start = raw.tell()
        self._source = source
        self._max = max_expansion
        self._out = 0

    def readline(self, limit: int = -1) -> bytes:
        line = self._gz.readline(limit)
        self._out += len(line)
        if self._out > _BOMB_FLOOR:
            read = max(1, self._raw.tell() - self._start)
            if self._out > self._max * read:
                raise SourceError(
                    self._source,
                    f"decompression bomb refused ({self._out:,} bytes inflated from {read:,};"
                    f" limit {self._max}-fold)",
                )
        return line


# The ledger's bounds on what a source writes into a document (claimledger.storage.schema):
# checked here, for every reader, so that one record is refused (or a name cut) instead of a
# database error ending the batch, and the run, on PostgreSQL (SQLite ignores VARCHAR lengths).
MAX_LANGUAGE = 35  # BCP 47's longest tag; documents.language is VARCHAR(35)
# documents.doc_id and outlets.name are B-tree indexed: PostgreSQL refuses an index entry over
# 2,704 bytes. A longer id or outlet is cut (an id from a long URL keeps its start).
MAX_ID = 500
MAX_OUTLET = 200


def bounded_document(doc: Document) -> Document:
    """The document within the ledger's bounds: a language that cannot be a language tag is
    the record's error; an over-long id or outlet name is cut."""
    if doc.language is not None and len(doc.language) > MAX_LANGUAGE:
        shown = doc.language[:20].encode("unicode_escape").decode("ascii")
        raise SourceError(
            doc.source or doc.id[:MAX_ID],
            f"language is not a language tag ({len(doc.language):,} characters, at most"
            f" {MAX_LANGUAGE}: {shown!r}…)",
        )
    changes: dict[str, Any] = {}
    if len(doc.id) > MAX_ID:
        changes["id"] = doc.id[: MAX_ID - 1] + "…"
    if doc.outlet is not None and len(doc.outlet) > MAX_OUTLET:
        changes["outlet"] = doc.outlet[: MAX_OUTLET - 1] + "…"
    return replace(doc, **changes) if changes else doc


def clean_document(doc: Document) -> Document:
    """The document with characters no database stores removed from its strings: NUL, and
    lone surrogates (from JSON escapes, or file names that are not UTF-8) as U+FFFD."""
    changes: dict[str, Any] = {}
    for name in ("id", "text", "url", "title", "outlet", "language", "source"):
        value = getattr(doc, name)
        if isinstance(value, str) and not _storable(value):
            changes[name] = _clean(value)
    if not changes:
        return doc
    if "text" in changes:
        changes["hash"] = ""  # recomputed from the cleaned text
    return replace(doc, **changes)


def _storable(s: str) -> bool:
    if "\x00" in s:
        return False
    if s.isascii():
        return True
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _clean(s: str) -> str:
    s = s.replace("\x00", "")
    # A valid surrogate pair becomes its character; a lone surrogate, U+FFFD.
    return s.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _stem(path: Path) -> str:
    """The file name without its format suffixes: news.jsonl.gz → news."""
    name = path.name
    for suffix in reversed(path.suffixes):
        if suffix.lower() in SUFFIX_KINDS or suffix.lower() == ".gz":
            name = name[: -len(suffix)]
        else:
            break
    return name or path.name


def _suffix_kind(name: str) -> Kind | None:
    """The reader a file's suffix names (.warc.gz: warc), or None when it names none."""
    suffixes = [s.lower() for s in Path(name).suffixes]
    if suffixes and suffixes[-1] == ".gz" and len(suffixes) > 1:
        suffixes.pop()
    return SUFFIX_KINDS.get(suffixes[-1]) if suffixes else None


def _kind_or_error(
    head: bytes, source: str, named: Kind | None, on_error: ErrorHandler
) -> Kind | None:
    """The reader for an input that starts with `head`, or None once its refusal (a binary
    format, whatever its name) has been reported."""
    try:
        return identify(head, source, named)
    except SourceError as err:
        on_error(err)
        return None
