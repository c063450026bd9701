"""JSONL records (one JSON object per line): one Document per record.

News dumps name their fields differently, so each Document field has a list of candidate
names, tried in order; the first that holds a value wins. A dotted name reaches into a nested
object ("source.name"). The defaults fit the common dumps (news-please, NewsAPI, GDELT-style
exports, FA-KES); `JsonlFields.parse` overrides them from `field=name[,name…]` strings.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any, Protocol, runtime_checkable

from claimledger.errors import ErrorHandler, SourceError
from claimledger.model import Document
from claimledger.sources.dates import parse_date
from claimledger.sources.text import DEFAULT_MAX_BYTES


@dataclass(frozen=True, slots=True)
class JsonlFields:
    """Candidate field names for each Document field, first match wins."""

    id: tuple[str, ...] = ("id", "doc_id", "unit_id", "article_id", "uuid", "guid", "_id")
    text: tuple[str, ...] = (
        "text",
        "content",
        "body",
        "article_content",
        "article_text",
        "maintext",
        "full_text",
        "article",
        "story",
    )
    title: tuple[str, ...] = ("title", "headline", "article_title")
    date: tuple[str, ...] = (
        "published",
        "date",
        "published_at",
        "publish_date",
        "date_publish",
        "pubdate",
        "datetime",
        "timestamp",
        "created_at",
    )
    url: tuple[str, ...] = ("url", "link", "canonical_url", "source_url", "uri")
    outlet: tuple[str, ...] = (
        "outlet",
        "source.name",
        "publisher",
        "site_name",
        "sitename",
        "source",
        "source_domain",
        "domain",
    )
    language: tuple[str, ...] = ("language", "lang")
    speaker: tuple[str, ...] = ("speaker",)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def parse(cls, specs: Iterable[str]) -> JsonlFields:
        """The defaults overridden by `field=name[,name…]` specs (e.g. `text=body`).

        Raises ValueError for a spec that is not of that form."""
        changes: dict[str, tuple[str, ...]] = {}
        for spec in specs:
            key, sep, value = spec.partition("=")
            key = key.strip()
            candidates = tuple(n.strip() for n in value.split(",") if n.strip())
            if not sep or key not in cls.names() or not candidates:
                raise ValueError(
                    f"bad field mapping {spec!r}: use FIELD=NAME[,NAME…] with FIELD one of "
                    + ", ".join(cls.names())
                )
            changes[key] = candidates
        return replace(cls(), **changes)


# A file whose first this-many non-blank lines hold no record is not JSONL (a binary file, a
# bomb of junk lines): one error for the file, not one per line.
MAX_BAD_LEADING_LINES = 100


@runtime_checkable
class LineStream(Protocol):
    """A binary stream read line by line (a file, a GzipFile): read with a cap per line."""

    def readline(self, size: int = -1, /) -> bytes: ...


def iter_jsonl(
    lines: LineStream | Iterable[bytes],
    source: str,
    stem: str,
    *,
    on_error: ErrorHandler,
    fields: JsonlFields | None = None,
    published: date | None = None,
    max_record_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document]:
    """Yield one Document per good record; report each bad line as `source:LINE` and go on.

    A stream is read line by line with a cap: a record longer than `max_record_bytes` is
    reported and skipped without being held in memory.
    """
    f = fields or JsonlFields()
    lineno = 0
    good = False
    held: list[SourceError] = []  # errors before the first good record
    records: Iterable[bytes | _TooLong] = (
        _capped_lines(lines, max_record_bytes) if isinstance(lines, LineStream) else lines
    )
    try:
        for lineno, raw in enumerate(records, 1):
            name = f"{source}:{lineno}"
            try:
                if isinstance(raw, _TooLong):
                    raise SourceError(
                        name,
                        f"record too large ({raw.size:,} bytes; limit {max_record_bytes:,})",
                    )
                if not raw.strip():
                    continue
                doc = _record_document(raw, name, f"{stem}-{lineno}", f, published)
            except SourceError as err:
                if good:
                    on_error(err)
                    continue
                held.append(err)
                if len(held) >= MAX_BAD_LEADING_LINES:
                    on_error(
                        SourceError(
                            source,
                            f"not a JSONL file (no record in its first {len(held)} lines;"
                            f" line 1: {held[0].reason})",
                        )
                    )
                    return
                continue
            if not good:
                good = True
                _flush(held, on_error)
            yield doc
    except SourceError as err:  # a decompression bomb
        _flush(held, on_error)
        on_error(err)
        return
    except (OSError, EOFError, zlib.error) as exc:  # a damaged .jsonl.gz
        _flush(held, on_error)
        reason = " ".join(str(exc).split()) or type(exc).__name__
        on_error(SourceError(f"{source}:{lineno + 1}", f"cannot read ({reason})"))
        return
    _flush(held, on_error)


def _flush(held: list[SourceError], on_error: ErrorHandler) -> None:
    for err in held:
        on_error(err)
    held.clear()


class _TooLong:
    """A line over the record size cap, skipped: its length in bytes."""

    __slots__ = ("size",)

    def __init__(self, size: int) -> None:
        self.size = size


def _capped_lines(stream: LineStream, limit: int) -> Iterator[bytes | _TooLong]:
    """The stream's lines; a line longer than `limit` bytes is read past in chunks, never
    held whole, and comes out as `_TooLong`."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while True:
            more = stream.readline(1 << 20)
            size += len(more)
            if not more or more.endswith(b"\n"):
                break
        yield _TooLong(size)


def _record_document(
    raw: bytes, name: str, fallback_id: str, f: JsonlFields, published: date | None
) -> Document:
    try:
        record = json.loads(raw)
    except UnicodeDecodeError:
        raise SourceError(name, "not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise SourceError(name, f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise SourceError(name, "invalid JSON (nested too deeply)") from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise SourceError(name, f"invalid JSON ({_one_line(exc)})") from None
    if not isinstance(record, dict):
        raise SourceError(name, "not a JSON object")
    text = _first(record, f.text)
    if not isinstance(text, str) or not text.strip():
        raise SourceError(name, f"no text (looked for the fields {', '.join(f.text)})")
    doc_id = _first(record, f.id)
    return Document(
        id=str(doc_id) if doc_id is not None else fallback_id,
        text=text.replace("\r\n", "\n").replace("\r", "\n"),
        published=parse_date(_first(record, f.date)) or published,
        url=_str(_first(record, f.url)),
        title=_str(_first(record, f.title)),
        outlet=_str(_first(record, f.outlet)),
        language=_str(_first(record, f.language)) or "en",
        source=name,
        speaker=_str(_first(record, f.speaker)),
    )


def _first(record: dict[str, Any], names: tuple[str, ...]) -> Any:
    """The first candidate that holds a scalar value (not null, not "", not an object)."""
    for name in names:
        value: Any = record
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None and value != "" and not isinstance(value, dict | list):
            return value
    return None


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()).split(";")[0] or type(exc).__name__


def _str(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None
