"""Readers: every input format yields `Document`s; a bad input is reported, never fatal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from claimledger.errors import SourceError
from claimledger.model import Document
from claimledger.sources.text import decode_text, document_from_text, read_text_file

__all__ = ["iter_documents", "read_text_file"]

TEXT_SUFFIXES = {".txt", ".text"}

ErrorHandler = Callable[[SourceError], None]


def _raise(err: SourceError) -> None:
    raise err


def _expand(path: Path) -> Iterator[Path]:
    """Files under a folder, recursively and in a stable order; hidden files skipped."""
    for p in sorted(path.rglob("*")):
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts):
            yield p


def iter_documents(
    inputs: Iterable[str | Path],
    *,
    published: date | None = None,
    on_error: ErrorHandler = _raise,
) -> Iterator[Document]:
    """Yield a Document for every readable input; report each unreadable one to `on_error`."""
    for item in inputs:
        if str(item) == "-":
            try:
                text, _ = decode_text(sys.stdin.buffer.read(), "<stdin>")
                yield document_from_text(text, "stdin", "<stdin>", published)
            except SourceError as err:
                on_error(err)
            continue
        path = Path(item)
        if path.is_dir():
            files = [p for p in _expand(path) if p.suffix.lower() in TEXT_SUFFIXES]
            if not files:
                on_error(SourceError(str(path), "folder holds no readable files"))
        elif path.exists():
            files = [path]
        else:
            on_error(SourceError(str(path), "no such file or folder"))
            continue
        for f in files:
            try:
                yield read_text_file(f, published)
            except SourceError as err:
                on_error(err)
