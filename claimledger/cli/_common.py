"""What every command shares: options, the one error path, and tables that fit the terminal.

Errors. Whatever goes wrong for a user is one line on stderr, `claimledger: …` (no traceback,
no boxed usage panel) and an exit status: 2 for a usage error (a bad option value, an unknown
name), 1 when nothing could be done (no ledger, nothing readable). Once a command has failed it
prints nothing more on stdout.

Tables. Rich's `overflow="fold"` cuts words mid-way ("personne / l.killed"); the tables here
give each column a width plan instead — counts keep their longest cell whole, the other
columns wrap at spaces and after the dots and hyphens of identifiers (a figure keeps its sign),
names are narrowed before figures when room is short, and a word still too long for its column
ends in an ellipsis.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn

import typer
from rich import box
from rich.cells import cell_len
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from typer._click import Command, Context
from typer._click.exceptions import ClickException, UsageError
from typer.core import TyperArgument, TyperGroup, TyperOption

from claimledger.cli.output import err_console, printable
from claimledger.errors import ClaimledgerError

PROG = "claimledger"

# -- errors --------------------------------------------------------------------------------------

USAGE = 2  # exit status: the command line is wrong
NOTHING_DONE = 1  # exit status: nothing could be read, stored or written


def error_line(message: str) -> None:
    """One line on stderr, `claimledger: message` (control characters shown escaped)."""
    err_console.print(f"{PROG}: {escape(message)}", markup=True)


def fail(message: str, code: int = NOTHING_DONE) -> NoReturn:
    """Report `message` on one line and stop the command with `code`."""
    error_line(message)
    raise typer.Exit(code)


@contextmanager
def user_errors(code: int = NOTHING_DONE) -> Iterator[None]:
    """A user's mistake the library reports (bad --db, unwritable output …): one line, `code`."""
    try:
        yield
    except ClaimledgerError as exc:
        fail(str(exc), code)


def _where(ctx: Context | None) -> str:
    return f"{ctx.command_path}: " if ctx is not None else f"{PROG}: "


class OneLineErrors(TyperGroup):
    """The command group whose usage errors are one line (`claimledger claims: invalid value
    for --since: '2024-13-45' is not a day of the calendar`), exit 2, instead of click's boxed
    panel with a pointer to --help."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        _plain_metavars(self, Context(self))
        prog_name = prog_name or PROG
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":
                raise SystemExit(USAGE) from None  # the help is printed already
            err_console.print(f"{escape(_where(exc.ctx))}{escape(_usage_message(exc))}")
            raise SystemExit(USAGE) from None
        except ClickException as exc:
            err_console.print(f"{PROG}: {escape(exc.format_message())}")
            raise SystemExit(exc.exit_code) from None
        except typer.Abort:
            err_console.print(f"{PROG}: aborted")
            raise SystemExit(NOTHING_DONE) from None
        raise SystemExit(code if isinstance(code, int) else 0)


def _usage_message(exc: UsageError) -> str:
    """Click's message in the house style: "invalid value for --since: …", option names
    unquoted, no "Value error," from the type check underneath."""
    text = exc.format_message().replace("Value error, ", "")
    text = re.sub(r"'(-[\w-]*)'", r"\1", text)
    return text[:1].lower() + text[1:]


# Help shows what a value looks like, never the Python type behind it (`<bool>`, `<str>`,
# `<list[str]>`, `{paths}`): flags show nothing, numbers N, choices a|b, the rest its name.
_METAVARS = {"<int>": "N", "<int range>": "N", "<float>": "N", "<float range>": "N"}


class _PlainArgument(TyperArgument):
    """An argument shown by its metavar alone, in help and usage."""

    def display_type_rich(self, ctx: Context) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        return self.display_name_raw if self.required else f"[{self.display_name_raw}]"


class _PlainOption(TyperOption):
    """An option whose value is shown by its metavar alone (none for a flag)."""

    def display_type_rich(self, ctx: Context) -> str | None:
        return self.metavar or None


def _plain_metavars(cmd: Command, ctx: Context) -> None:
    """Give every parameter of `cmd` and its subcommands a plain metavar. Typer has no hook
    for its parameter classes, so each is switched to a subclass that shows only that."""
    for sub in getattr(cmd, "commands", {}).values():
        _plain_metavars(sub, Context(sub, parent=ctx))
    help_option = cmd.get_help_option(ctx)
    for p in [*cmd.params, *([help_option] if help_option else [])]:
        if p.name is None or isinstance(p, _PlainArgument | _PlainOption):
            continue
        name = p.name.upper()
        if isinstance(p, TyperArgument):
            p.metavar = p.metavar or name + ("..." if p.nargs != 1 else "")
            p.__class__ = _PlainArgument
        elif isinstance(p, TyperOption):
            if p.is_flag:
                p.metavar = ""
            elif p.metavar is None:
                shown = p.display_type(ctx)
                p.metavar = shown.strip("<>") if "|" in shown else _METAVARS.get(shown, name)
            p.__class__ = _PlainOption


# -- options -------------------------------------------------------------------------------------


def parse_date(value: str | date) -> date:
    """A YYYY-MM-DD day of the calendar, or a one-line reason why `value` is not one."""
    if isinstance(value, date):
        return value
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a day of the calendar") from None


def date_option(help: str) -> Any:
    return typer.Option(parser=parse_date, metavar="YYYY-MM-DD", help=help, show_default=False)


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="LEDGER",
        help="The ledger: a SQLite file, or a SQLAlchemy URL such as "
        "postgresql+psycopg://user@host/db. Default: $CLAIMLEDGER_DB, else ./claimledger.db.",
        show_default=False,
    ),
]
SinceOption = Annotated[date | None, date_option("Claims whose period ends on or after this day.")]
UntilOption = Annotated[
    date | None, date_option("Claims whose period starts on or before this day.")
]


LexiconOption = Annotated[
    list[Path] | None,
    typer.Option(
        metavar="DIR",
        help="A folder of lexicon TOML files extending the built-in ones (repeatable). "
        "Default: the folders of $CLAIMLEDGER_LEXICON, else those the ledger recorded at ingest.",
        show_default=False,
    ),
]


def lexicon_dirs(lexicon: list[Path] | None) -> tuple[Path, ...] | None:
    """--lexicon's folders; None when not given ($CLAIMLEDGER_LEXICON, else the ledger's)."""
    return tuple(lexicon) if lexicon else None


def version_callback(value: bool) -> None:
    if value:
        from claimledger import __version__

        typer.echo(f"{PROG} {__version__}")
        raise typer.Exit()


# -- tables --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """A table column. A `whole` column (counts, dates) keeps its longest cell on one line
    while the terminal allows it; the others wrap at word boundaries."""

    name: str
    whole: bool = False
    figures: bool = False  # wraps, but is narrowed (cutting a figure) only after the others
    justify: Literal["left", "right"] = "left"


def cell_columns(*names: str) -> list[Column]:
    """Columns for claimledger.present's claim cells: the value column holds figures."""
    return [Column(n, figures=n == "value") for n in names]


NARROWEST = 6  # a column is never planned narrower (a cut word keeps 5 characters and "…")
GAP = 2  # spaces between two columns

# Where a cell may wrap: at spaces, and after a dot, hyphen, underscore or slash that follows
# a letter inside an identifier ("personnel." / "killed_or_" / "wounded", "el-" / "fasher-" /
# "2024-06-20"): a line never ends inside a run of letters and digits, nor inside a date.
_JOINTS = re.compile(r"(?<=[^\W\d_][./_-])(?=[^\W_])")


def _pieces(word: str) -> list[str]:
    return _JOINTS.split(word)


# A qualifier's sign stays with its figure: "≥ 226" never ends a line at "≥".
_SIGNS = {"≥", "≤", ">", "<", "~"}
_GLUE = "\u00a0"  # within a word: shown as a space, never a place to wrap


def _words(text: str) -> list[str]:
    words: list[str] = []
    for w in text.split(" "):
        if not w:
            continue
        if words and words[-1] in _SIGNS:
            words[-1] += _GLUE + w
        else:
            words.append(w)
    return words


def _cut(piece: str, width: int) -> str:
    """`piece` within `width`, its end replaced by "…" if it is longer."""
    if cell_len(piece) <= width:
        return piece
    while piece and cell_len(piece) > width - 1:
        piece = piece[:-1]
    return piece + "…"


def wrap_cell(text: str, width: int) -> list[str]:
    """`text` as lines no wider than `width`, broken only at word boundaries (spaces and the
    joints of identifiers); a piece still wider than the column is cut, ending in "…"."""
    lines: list[str] = []
    line = ""
    for word in _words(text):
        for i, piece in enumerate(_pieces(word)):
            piece = _cut(piece, width)
            glue = "" if i or not line else " "
            if line and cell_len(line + glue + piece) > width:
                lines.append(line)
                line = piece
            else:
                line += glue + piece
    return [x.replace(_GLUE, " ") for x in ([*lines, line] if line or not lines else lines)]


def plan_widths(
    columns: Sequence[Column], rows: Sequence[Mapping[str, str]], room: int, fill: bool = True
) -> list[int]:
    """Each column's width so that together they take at most `room` characters: first the
    widest piece that cannot wrap (for a `whole` column its longest cell); when that is
    already too much, narrowed a character at a time where that cuts the fewest pieces (they
    then end in "…"), wrapping columns before whole ones; then what is left (unless not
    `fill`: the narrowest widths that cut nothing)."""
    texts = [[c.name, *(r.get(c.name, "") for r in rows)] for c in columns]
    longest = [max(cell_len(t) for t in col) for col in texts]
    sizes = [
        sorted((cell_len(p) for t in col for w in _words(t) for p in _pieces(w)), reverse=True)
        for col in texts
    ]
    widths = [longest[i] if c.whole else sizes[i][0] for i, c in enumerate(columns)]
    for shrinkable in ([not (c.whole or c.figures) for c in columns], [True] * len(columns)):
        while sum(widths) > room:
            # How many pieces a column would cut one character narrower.
            costs = [
                sum(1 for n in sizes[i] if n >= widths[i]) if ok and widths[i] > NARROWEST else None
                for i, ok in enumerate(shrinkable)
            ]
            open_ = [(cost, -widths[i], i) for i, cost in enumerate(costs) if cost is not None]
            if not open_:
                break
            widths[min(open_)[2]] -= 1
    if not fill:
        return widths
    # The room left goes first to the columns that need least to show every cell on one
    # line (each such column saves lines), then to the one that lacks the most.
    left = room - sum(widths)
    for i in sorted(range(len(columns)), key=lambda i: longest[i] - widths[i]):
        lack = longest[i] - widths[i]
        if 0 < lack <= left:
            widths[i] += lack
            left -= lack
    while left > 0:
        lacks = [longest[i] - widths[i] for i in range(len(columns))]
        if max(lacks) <= 0:
            break
        widths[lacks.index(max(lacks))] += 1
        left -= 1
    return widths


def fitted_table(
    columns: Sequence[Column],
    rows: Sequence[Mapping[str, str]],
    width: int,
    caption: str | None = None,
) -> Table:
    """A Rich table of `rows` (plain text, not markup) planned for a terminal `width`
    characters wide: cells wrap at word boundaries, and no word is broken across lines."""
    # What the terminal will show: control characters as their escapes (cli.output); the
    # cells are then Text, which the console prints as it is (a str would have its line
    # breaks escaped).
    rows = [{k: printable(v) for k, v in r.items()} for r in rows]
    # Two spaces between columns; one when two would cut words that one lets through whole.
    gap = GAP
    room = width - gap * (len(columns) - 1)
    if sum(plan_widths(columns, rows, 10**6, fill=False)) > room:
        gap = 1
        room = width - gap * (len(columns) - 1)
    widths = plan_widths(columns, rows, max(NARROWEST * len(columns), room))
    table = Table(
        caption=caption,
        header_style="bold",
        box=box.SIMPLE_HEAD,
        padding=(0, 1) if gap == 2 else 0,
        collapse_padding=True,
        pad_edge=False,
        show_edge=False,
    )
    for c, w in zip(columns, widths, strict=True):
        header = Text("\n".join(wrap_cell(c.name, w)))
        table.add_column(header, justify=c.justify, width=w, no_wrap=True)
    for r in rows:
        table.add_row(
            *(
                Text("\n".join(wrap_cell(r.get(c.name, ""), w)))
                for c, w in zip(columns, widths, strict=True)
            )
        )
    return table
