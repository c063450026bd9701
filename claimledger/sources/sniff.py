"""What an input is, read from its first bytes rather than its name.

A name is a claim anyone can make: a screenshot saved as `report.txt`, a scanned PDF renamed
`.html`, a zipped crawl called `.jsonl`. Every reader goes through `identify` (files, standard
input, fetched URLs) or `refuse_binary` (each page of a WARC archive or a feed), so a known
binary format is refused in one line that says what it is, whatever it is called:

    examples/x.txt: a PNG image, not text

Gzip is the one binary format read on purpose: a WARC or JSONL file may be gzipped (a crawl is
`.warc.gz`); anything else gzipped is refused.

The signatures are data: a format is added with one line in `SIGNATURES`. Only marks that no
text holds where they are are listed: bytes that are not printable, or long enough (no BMP's
"BM": "BMW said …"; tar's "ustar" with the NUL after it, since "mustard" holds "ustar").
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Literal

from claimledger.errors import SourceError

Kind = Literal["text", "html", "warc", "jsonl", "feed"]

# Bytes read to decide: enough for a tar header's magic, a feed's root element after an XML
# prolog, an HTML page's doctype after a long comment.
HEAD = 4096
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class Signature:
    what: str  # as the error line says it: "a PNG image"
    marks: tuple[tuple[int, bytes], ...]  # (offset, bytes): all must be there

    def matches(self, head: bytes) -> bool:
        return all(head[at : at + len(mark)] == mark for at, mark in self.marks)


def _at_start(what: str, *magics: bytes) -> tuple[Signature, ...]:
    return tuple(Signature(what, ((0, m),)) for m in magics)


SIGNATURES: tuple[Signature, ...] = (
    # images
    *_at_start("a PNG image", b"\x89PNG"),
    *_at_start("a JPEG image", b"\xff\xd8\xff"),
    *_at_start("a GIF image", b"GIF87a", b"GIF89a"),
    Signature("a WebP image", ((0, b"RIFF"), (8, b"WEBP"))),
    *_at_start("a TIFF image", b"II*\x00", b"MM\x00*"),
    *_at_start("a Photoshop image", b"8BPS\x00\x01"),
    # ISO media: a box size (small: two zero bytes first), then "ftyp" and the brand
    Signature("an AVIF image", ((0, b"\x00\x00"), (4, b"ftypavif"))),
    Signature("a HEIC image", ((0, b"\x00\x00"), (4, b"ftypheic"))),
    Signature("an MP4/QuickTime video", ((0, b"\x00\x00"), (4, b"ftyp"))),
    # after ISO media: a box of 256 bytes starts with the same four bytes
    *_at_start("an icon (ICO)", b"\x00\x00\x01\x00"),
    # documents
    *_at_start("a PDF document", b"%PDF-"),
    *_at_start("an RTF document", b"{\\rtf"),
    *_at_start("an old Office document (.doc/.xls/.ppt)", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    # archives and compressed data (gzip: see identify)
    *_at_start("a ZIP archive (or .docx/.xlsx/.epub)", b"PK\x03\x04", b"PK\x05\x06"),
    *_at_start("a 7-Zip archive", b"7z\xbc\xaf\x27\x1c"),
    *_at_start("a RAR archive", b"Rar!\x1a\x07"),
    Signature("bzip2-compressed data", ((0, b"BZh"), (4, b"1AY&SY"))),
    *_at_start("xz-compressed data", b"\xfd7zXZ\x00"),
    *_at_start("zstd-compressed data", b"\x28\xb5\x2f\xfd"),
    Signature("a tar archive", ((257, b"ustar\x00"),)),
    Signature("a tar archive", ((257, b"ustar  \x00"),)),
    # audio and video
    *_at_start("an MP3 file", b"ID3\x02", b"ID3\x03", b"ID3\x04"),
    *_at_start("an Ogg audio or video file", b"OggS\x00"),
    *_at_start("a FLAC audio file", b"fLaC"),
    Signature("a WAV audio file", ((0, b"RIFF"), (8, b"WAVE"))),
    Signature("an AVI video", ((0, b"RIFF"), (8, b"AVI "))),
    *_at_start("a Matroska/WebM video", b"\x1a\x45\xdf\xa3"),
    # programs and data files
    *_at_start("a program (ELF)", b"\x7fELF"),
    *_at_start("a Windows program", b"MZ\x90\x00"),
    *_at_start("a Java class or macOS program", b"\xca\xfe\xba\xbe"),
    *_at_start("a macOS program", b"\xcf\xfa\xed\xfe"),
    *_at_start("a WebAssembly module", b"\x00asm"),
    *_at_start("a SQLite database", b"SQLite format 3\x00"),
    *_at_start("a Parquet file (claimledger load reads a dataset folder)", b"PAR1"),
    *_at_start("an Arrow file", b"ARROW1"),
)


def binary_format(head: bytes) -> str | None:
    """What `head` is the start of when it is a known binary format ("a PNG image"), else
    None. Gzip is not named here: `identify` decides whether it is read."""
    return next((sig.what for sig in SIGNATURES if sig.matches(head)), None)


def refuse_binary(data: bytes, source: str) -> None:
    """SourceError naming what `data` is when it starts as a known binary format or gzip."""
    what = binary_format(data[:HEAD])
    if what is None and data[:2] == GZIP_MAGIC:
        what = _gzipped(data[:HEAD])[1]
    if what is not None:
        raise SourceError(source, f"{what}, not text")


def identify(head: bytes, source: str, named: Kind | None = None) -> Kind:
    """The reader for an input that starts with `head`: the one its name says (`named`, from
    a telling suffix) or, without one, the one its content shows. A known binary format is a
    SourceError naming it, whatever the name; so is gzip, unless it holds (or is named) WARC
    or JSONL."""
    if head[:2] == GZIP_MAGIC:
        inner, what = _gzipped(head)
        if what is None and named in ("warc", "jsonl"):
            return named  # what it holds is the reader's to judge (a cut archive …)
        if what is None and named is None and inner is not None:
            return inner
        raise SourceError(source, f"{what or 'gzip-compressed data'}, not text")
    what = binary_format(head)
    if what is not None:
        raise SourceError(source, f"{what}, not text")
    return named or _content_kind(head)


def _gzipped(head: bytes) -> tuple[Kind | None, str | None]:
    """(the stream format inside a gzipped head — WARC or JSONL — or None; what else it is,
    when a binary format was gzipped)."""
    try:
        inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, HEAD)
    except zlib.error:
        inner = b""
    if inner.startswith(b"WARC/"):
        return "warc", None
    if inner.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return "jsonl", None
    what = binary_format(inner) if inner else None
    return None, f"gzip-compressed data ({what})" if what else None


# Markers that open an RSS, Atom or RDF document, and those of an HTML page.
_FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf")
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body")


def _content_kind(head: bytes) -> Kind:
    if head.startswith(b"WARC/"):
        return "warc"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start[:1] == b"{":
        return "jsonl"
    if any(marker in start[:2048].lower() for marker in _FEED_MARKERS):
        return "feed"
    lower = start[:1024].lower()
    if any(tag in lower for tag in _HTML_MARKERS):
        return "html"
    # Text, or a binary format without a signature, which the text reader refuses by its bytes.
    return "text"
