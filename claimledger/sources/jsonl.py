"""JSONL records (one JSON object per line): one Document per record.

News dumps name their fields differently, so each Document field has a list of candidate
names, tried in order; the first that holds a value wins. A dotted name reaches into a nested
object ("source.name"). The defaults fit the common dumps (news-please, NewsAPI, GDELT-style
exports, FA-KES); `JsonlFields.parse` overrides them from `field=name[,name…]` strings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from claimledger.errors import ErrorHandler, SourceError
from claimledger.model import Document
from claimledger.sources.dates import parse_date


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


def iter_jsonl(
    lines: Iterable[bytes],
    source: str,
    stem: str,
    *,
    on_error: ErrorHandler,
    fields: JsonlFields | None = None,
    published: date | None = None,
) -> Iterator[Document]:
    """Yield one Document per good record; report each bad line as `source:LINE` and go on."""
    f = fields or JsonlFields()
    lineno = 0
    try:
        for lineno, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            try:
                yield _record_document(raw, f"{source}:{lineno}", f"{stem}-{lineno}", f, published)
            except SourceError as err:
                on_error(err)
    except (OSError, EOFError) as exc:  # a damaged .jsonl.gz
        on_error(SourceError(f"{source}:{lineno + 1}", f"cannot read ({exc})"))


def _record_document(
    raw: bytes, name: str, fallback_id: str, f: JsonlFields, published: date | None
) -> Document:
    try:
        record = json.loads(raw)
    except UnicodeDecodeError:
        raise SourceError(name, "not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise SourceError(name, f"invalid JSON ({exc.msg} at column {exc.colno})") from None
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


def _str(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None
