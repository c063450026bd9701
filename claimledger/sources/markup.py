"""Bounds on an HTML page's markup, checked on its text before a parser builds a tree of it.

lxml (libxml2) spends time quadratic in the attributes of one tag (each new attribute is
compared with all before it), and memory in proportion to the tags and attributes of a page,
inside C code that a timer signal cannot interrupt: one <p> with 100,000 attributes took 42 s
of CPU, a page of 20 MB of empty tags over 800 MB. So the page's tags and attributes are
counted first, by one linear scan, and a page over the bounds is refused before it is parsed.

The scan follows HTML5 tokenization (which libxml2 follows since 2.14): comments, markup
declarations and the raw text of <script>, <style> … hold no tags, and a quoted attribute value
may hold ">" and "<". A scan that split tags differently from the parser would let a crafted
page hide a tag's attributes from it. Nesting depth needs no bound here: libxml2 stops nesting
at 256 levels itself.
"""

from __future__ import annotations

import re
from itertools import islice

from claimledger.errors import SourceError

# A news page has a few thousand tags, a live blog tens of thousands (the parsed tree is held
# to html.MAX_ELEMENTS; this bound is on what the parser is given at all).
MAX_TAGS = 100_000
# Real tags carry a handful of attributes; 500 cost lxml about a millisecond.
MAX_ATTRIBUTES_PER_TAG = 500
# All attributes of a page: lxml's memory and the sum of each tag's quadratic cost.
MAX_ATTRIBUTES = 200_000

_WS = r"\t\n\f\r "
_VALUE = rf"""(?:[{_WS}]*+=[{_WS}]*+(?:"[^"]*+"?|'[^']*+'?|[^{_WS}>]*+))?"""
# An attribute: a name (its first character may be "=" or a quote, as in HTML5) and a value.
_ATTRIBUTE = rf"[^{_WS}/>][^{_WS}/=>]*+{_VALUE}"
_TOKEN = re.compile(
    r"<!--(?:-?>|.*?(?:--!?>|\Z))"  # a comment ("<!-->" is an empty one)
    r"|<[!?][^>]*+>?"  # a doctype, or a bogus comment ("<!x", "<?xml")
    r"|</(?![A-Za-z])[^>]*+>?"  # "</" without a tag name: a bogus comment
    rf"|<(/?)([A-Za-z][^{_WS}/>]*+)((?:[{_WS}/]++|{_ATTRIBUTE})*+)>?",  # a tag
    re.S,
)
_ATTRIBUTES = re.compile(_ATTRIBUTE)
# Elements whose content is text up to their own end tag (RAWTEXT, RCDATA, script data).
_RAW_TEXT = {
    name: re.compile(rf"</{name}[{_WS}/>]", re.I)
    for name in ("script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title")
}
_PLAINTEXT = "plaintext"  # text to the end of the page


def check_markup(html: str, source: str) -> None:
    """Raise SourceError when the page holds more tags or attributes than the bounds allow."""
    tags = attributes = 0
    pos = 0
    end = len(html)
    while pos < end:
        m = _TOKEN.search(html, pos)
        if m is None:
            return
        pos = m.end()
        name = m[2]
        if name is None:
            continue  # a comment or a declaration
        if m[3]:
            n = sum(1 for _ in islice(_ATTRIBUTES.finditer(m[3]), MAX_ATTRIBUTES_PER_TAG + 1))
            if n > MAX_ATTRIBUTES_PER_TAG:
                raise SourceError(
                    source,
                    f"page refused: a tag with more than {MAX_ATTRIBUTES_PER_TAG:,} attributes",
                )
            attributes += n
            if attributes > MAX_ATTRIBUTES:
                raise SourceError(
                    source, f"page refused: more than {MAX_ATTRIBUTES:,} HTML attributes"
                )
        if m[1]:
            continue  # an end tag
        tags += 1
        if tags > MAX_TAGS:
            raise SourceError(source, f"page too large to read (more than {MAX_TAGS:,} tags)")
        lower = name.lower()
        closing = _RAW_TEXT.get(lower)
        if closing is not None:
            close = closing.search(html, pos)
            if close is None:
                return
            pos = close.start()
        elif lower == _PLAINTEXT:
            return
