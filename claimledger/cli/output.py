"""Everything the command line prints goes through here.

File names, feed GUIDs, document ids, titles, claimants and ledger names are untrusted: a
newline in one would forge a second `error:` line, an ESC sequence would clear the screen or
set the window title, a bidi override would reverse the rest of a line. So every string a
console renders (messages, table cells, captions) has its control characters shown as escapes
(`\\n`, `\\x1b`, `\\u202e`): one error stays one line, and the terminal only ever receives the
styling codes Rich itself writes.

Data formats keep their data: JSON lines escape the same characters the JSON way (the same
strings when parsed); CSV fields are escaped only when standard output is a terminal.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from rich.console import Console
from rich.text import Text

# C0 and C1 controls, DEL, the line and paragraph separators, and the bidi embeddings,
# overrides and isolates (U+202A–U+202E, U+2066–U+2069): what can move the cursor, start a
# terminal command or reorder what follows.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(m: re.Match[str]) -> str:
    c = m.group()
    if c in _NAMED:
        return _NAMED[c]
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


def printable(text: str) -> str:
    """`text` with every control character written as a visible escape."""
    return _UNSAFE.sub(_shown, text)


class TerminalConsole(Console):
    """A Rich console whose every string passes through `printable` before it is rendered:
    `print` arguments, table cells, titles and captions alike (Rich renders them all with
    `render_str`). Strings meant to span lines are printed one `print` per line."""

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(printable(text), **kwargs)


def console(*, stderr: bool = False, soft_wrap: bool = False) -> TerminalConsole:
    """A console for standard output (or error). Emoji codes stay text (":fire:" in a title
    is not an emoji) and nothing is highlighted."""
    return TerminalConsole(stderr=stderr, highlight=False, emoji=False, soft_wrap=soft_wrap)


# soft_wrap: an error stays one line however long (a log keeps it whole, grep finds it).
err_console = console(stderr=True, soft_wrap=True)


def say(text: str) -> None:
    """One plain line on standard output (a summary, a path written), never markup."""
    console(soft_wrap=True).print(text, markup=False)


# Characters JSON may carry raw that a terminal would act on: written as \\uXXXX instead
# (json.dumps escapes the C0 controls itself).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_line(obj: object, indent: int | None = None) -> str:
    """`obj` as JSON (one line unless indented), readable UTF-8, with no character a terminal
    acts on."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    if not text.isascii():  # most lines are ASCII: no scan for them
        text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text + "\n"


def write_jsonl(rows: Iterable[object]) -> None:
    for row in rows:
        sys.stdout.write(json_line(row))


def csv_rows(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """CSV rows as given when standard output is a file or a pipe (the data, exactly); on a
    terminal, every text field made printable."""
    if not sys.stdout.isatty():
        yield from rows
        return
    for row in rows:
        yield {k: printable(v) if isinstance(v, str) else v for k, v in row.items()}
