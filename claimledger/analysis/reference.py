"""Reference series: the Ukrainian MoD's daily loss totals and Oryx's daily counts, loaded into
the ledger and lined up with the claims they can confirm or contradict.

`load_reference(ledger, "ua-mod", path)` reads a data set and stores every column as it is
(reloading replaces it). Which column holds which metric, for whose losses, is data:
claimledger/analysis/data/references.toml, validated when read. `reference_check(ledger)` then
takes every ledger entry with a mapped metric and subject — counts of a whole country, not of
one town — and reports:

- a running total: the reference's value on the claimed as-of date, the difference, and the
  dates on which the reference reports exactly the claimed figure ("which date a total
  matches");
- a figure over a period (N days ending on D): the change in the reference over those N days;
- when the reference has no value that day: the last value it had, and when.
"""

from __future__ import annotations

import csv
import json
import math
import tomllib
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimledger.analysis.entries import Entry, iter_entries
from claimledger.analysis.errors import AnalysisError, ReferenceDataError
from claimledger.analysis.wording import (
    bounds,
    day,
    metric_words,
    num,
    period_text,
    point,
    possessive,
    value_text,
    who,
)
from claimledger.lexicon import Lexicon
from claimledger.storage import ClaimFilter
from claimledger.storage import references as sql
from claimledger.storage.reader import Point, SeriesInfo

if TYPE_CHECKING:
    from claimledger.storage import Store
    from claimledger.storage.reader import LedgerReader

MAPPING = Path(__file__).with_name("data") / "references.toml"
FORMATS = ("ua-mod", "oryx")
FILLS = ("exact", "previous")


# -- the mapping (data) ------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesSpec:
    metric: str
    columns: tuple[tuple[str, ...], ...]  # alternatives, each summed
    groups: tuple[str, ...] = ()  # empty: every group


@dataclass(frozen=True)
class ReferenceSpec:
    id: str
    title: str
    format: str
    fill: str
    series: tuple[SeriesSpec, ...]
    subject: str | None = None  # ua-mod: the whole file's subject
    countries: Mapping[str, str] = field(default_factory=dict)  # oryx: country → party
    value: str = "type_total"

    @property
    def subjects(self) -> tuple[str, ...]:
        if self.subject:
            return (self.subject,)
        return tuple(sorted(set(self.countries.values())))


def load_mapping(lexicon: Lexicon, path: Path = MAPPING) -> dict[str, ReferenceSpec]:
    """The reference mapping, validated against the lexicon's metrics and parties."""
    lex = lexicon
    name = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReferenceDataError(f"{name}: cannot read ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ReferenceDataError(f"{name}: not valid TOML ({exc})") from None
    if raw.get("version") != 1:
        raise ReferenceDataError(f"{name}: version must be 1")
    refs = raw.get("reference")
    if not isinstance(refs, list) or not refs:
        raise ReferenceDataError(f"{name}: no [[reference]] tables")
    out: dict[str, ReferenceSpec] = {}
    for i, r in enumerate(refs):
        spec = _reference(name, f"reference #{i + 1}", r, lex)
        if spec.id in out:
            raise ReferenceDataError(f"{name}: reference {spec.id!r} is defined twice")
        out[spec.id] = spec
    return out


def _fail(name: str, where: str, reason: str) -> ReferenceDataError:
    return ReferenceDataError(f"{name}: {where}: {reason}")


def _text(name: str, where: str, d: Mapping[str, Any], key: str) -> str:
    v = d.get(key)
    if not isinstance(v, str) or not v.strip():
        raise _fail(name, where, f"{key!r} must be a non-empty string")
    return v


def _party(name: str, where: str, value: Any, lex: Lexicon) -> str:
    if not isinstance(value, str) or value not in lex.parties:
        raise _fail(name, where, f"unknown party {value!r}")
    return value


def _reference(name: str, where: str, r: Any, lex: Lexicon) -> ReferenceSpec:
    if not isinstance(r, dict):
        raise _fail(name, where, "must be a table")
    rid = _text(name, where, r, "id")
    where = f"reference {rid!r}"
    fmt = _text(name, where, r, "format")
    if fmt not in FORMATS:
        raise _fail(name, where, f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    fill = r.get("fill", "exact")
    if fill not in FILLS:
        raise _fail(name, where, f"unknown fill {fill!r} (known: {', '.join(FILLS)})")
    subject = None
    countries: dict[str, str] = {}
    if fmt == "ua-mod":
        subject = _party(name, where, r.get("subject"), lex)
    else:
        raw_countries = r.get("countries")
        if not isinstance(raw_countries, dict) or not raw_countries:
            raise _fail(name, where, "'countries' must map the file's countries to parties")
        countries = {str(k): _party(name, where, v, lex) for k, v in raw_countries.items()}
    series_raw = r.get("series")
    if not isinstance(series_raw, list) or not series_raw:
        raise _fail(name, where, "no [[reference.series]] tables")
    series = tuple(_series(name, where, s, lex) for s in series_raw)
    metrics = [s.metric for s in series]
    if len(set(metrics)) != len(metrics):
        raise _fail(name, where, "a metric is mapped twice")
    value = r.get("value", "type_total")
    if not isinstance(value, str):
        raise _fail(name, where, "'value' must be a column name")
    return ReferenceSpec(
        id=rid,
        title=str(r.get("title", rid)),
        format=fmt,
        fill=fill,
        series=series,
        subject=subject,
        countries=countries,
        value=value,
    )


def _series(name: str, where: str, s: Any, lex: Lexicon) -> SeriesSpec:
    if not isinstance(s, dict):
        raise _fail(name, where, "each series must be a table")
    metric = _text(name, where, s, "metric")
    if metric not in lex.metrics:
        raise _fail(name, where, f"unknown metric {metric!r}")
    cols = s.get("columns")
    alternatives: list[tuple[str, ...]] = []
    if isinstance(cols, list):
        for alt in cols:
            if isinstance(alt, str):
                alt = [alt]
            if (
                not isinstance(alt, list)
                or not alt
                or not all(isinstance(c, str) and c.strip() for c in alt)
            ):
                alternatives = []
                break
            alternatives.append(tuple(c.strip() for c in alt))
    if not alternatives:
        raise _fail(name, where, f"{metric}: 'columns' must be a list of lists of column names")
    groups = s.get("groups", [])
    valid = ("military", "civilian", "unspecified")
    if not isinstance(groups, list) or any(g not in valid for g in groups):
        raise _fail(name, where, f"{metric}: 'groups' must be a list of {', '.join(valid)}")
    return SeriesSpec(metric, tuple(alternatives), tuple(groups))


@lru_cache(maxsize=4)
def _default_mapping(lexicon: Lexicon) -> dict[str, ReferenceSpec]:
    return load_mapping(lexicon)


def mapping(lexicon: Lexicon, path: Path | None = None) -> dict[str, ReferenceSpec]:
    """The reference mapping (the built-in one unless `path`), read once per lexicon."""
    return _default_mapping(lexicon) if path is None else load_mapping(lexicon, path)


def spec_for(source: str, lexicon: Lexicon, path: Path | None = None) -> ReferenceSpec:
    refs = mapping(lexicon, path)
    if source not in refs:
        raise AnalysisError(f"unknown reference {source!r} (known: {', '.join(sorted(refs))})")
    return refs[source]


# -- reading reference files -------------------------------------------------------------------

Columns = dict[tuple[str, str], list[Point]]  # (subject, column) → points by day


def read_reference(spec: ReferenceSpec, path: Path) -> Columns:
    """Every column of a reference data set: a folder, or one of its files."""
    if not path.exists():
        raise ReferenceDataError(f"{path}: no such file or folder")
    if spec.format == "ua-mod":
        return _read_ua_mod(spec, path)
    return _read_oryx(spec, path)


_UA_MOD_FILES = ("russia_losses_personnel.json", "russia_losses_equipment.json")


def _read_ua_mod(spec: ReferenceSpec, path: Path) -> Columns:
    if path.is_dir():
        files = [path / f for f in _UA_MOD_FILES if (path / f).is_file()]
        if not files:
            raise ReferenceDataError(f"{path}: holds neither {' nor '.join(_UA_MOD_FILES)}")
    else:
        files = [path]
    assert spec.subject is not None
    out: Columns = {}
    for f in files:
        rows = _json_rows(f)
        for i, row in enumerate(rows):
            d = _row_date(f, i, row.get("date"))
            for key, value in row.items():
                if key in ("date", "day") or key.endswith("*"):
                    continue
                if isinstance(value, bool) or not isinstance(value, int | float):
                    continue  # "greatest losses direction" and other text
                note = row.get(f"{key}*")
                out.setdefault((spec.subject, key), []).append(
                    (d, float(value), note if isinstance(note, str) else None)
                )
    if not out:
        raise ReferenceDataError(f"{files[0]}: no daily values found")
    return _by_day(out)


def _json_rows(f: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReferenceDataError(f"{f}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ReferenceDataError(f"{f}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ReferenceDataError(f"{f}: not JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(data, list) or not all(isinstance(r, dict) and "date" in r for r in data):
        raise ReferenceDataError(f"{f}: not a ua-mod loss series (a list of objects with a 'date')")
    return data


def _row_date(f: Path, i: int, value: Any) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ReferenceDataError(f"{f}: record {i + 1}: bad date {value!r}") from None


_ORYX_FILE = "daily_count.csv"


def _read_oryx(spec: ReferenceSpec, path: Path) -> Columns:
    f = path / _ORYX_FILE if path.is_dir() else path
    if not f.is_file():
        raise ReferenceDataError(f"{path}: holds no {_ORYX_FILE}")
    try:
        with f.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            need = {"country", "equipment_type", "date_recorded", spec.value}
            missing = need - set(reader.fieldnames or ())
            if missing:
                raise ReferenceDataError(
                    f"{f}: not an Oryx daily count (no column {', '.join(sorted(missing))})"
                )
            out: Columns = {}
            for i, row in enumerate(reader):
                subject = spec.countries.get((row["country"] or "").strip())
                if subject is None:
                    continue
                # "Losses excluding … - 14057, of which: …": the type without its totals.
                name = " ".join((row["equipment_type"] or "").split(" - ")[0].split())
                d = _row_date(f, i, row["date_recorded"])
                try:
                    value = float(row[spec.value])
                except (TypeError, ValueError):
                    raise ReferenceDataError(
                        f"{f}: record {i + 1}: {spec.value} is not a number"
                    ) from None
                out.setdefault((subject, name), []).append((d, value, None))
    except OSError as exc:
        raise ReferenceDataError(f"{f}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ReferenceDataError(f"{f}: not UTF-8 text") from None
    except csv.Error as exc:
        raise ReferenceDataError(f"{f}: not CSV ({exc})") from None
    if not out:
        raise ReferenceDataError(f"{f}: no rows for {', '.join(sorted(spec.countries))}")
    return _by_day(out)


def _by_day(columns: Columns) -> Columns:
    """Points sorted by day; a day twice keeps its last row (a file's own correction)."""
    out: Columns = {}
    for key, points in columns.items():
        last: dict[date, Point] = {}
        for p in points:
            last[p[0]] = p
        out[key] = [last[d] for d in sorted(last)]
    return out


@dataclass(frozen=True, slots=True)
class LoadResult:
    source: str
    path: str
    series: int
    values: int
    first: date | None
    last: date | None


def load_reference(store: Store, source: str, path: str | Path, lexicon: Lexicon) -> LoadResult:
    """Read a reference data set and store it in the ledger, replacing what was loaded for
    `source` before (`Ledger.load_reference`)."""
    spec = spec_for(source, lexicon)
    p = Path(path)
    columns = read_reference(spec, p)
    resolved = str(p.resolve())
    n = store.write(lambda conn: sql.replace_source(conn, source, resolved, columns))
    days = [pt[0] for pts in columns.values() for pt in pts]
    return LoadResult(source, resolved, len(columns), n, min(days), max(days))


# -- series values on a day --------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    days: list[date]
    values: list[float]
    notes: list[str | None]

    def at(self, d: date, fill: str) -> tuple[float, str | None] | None:
        i = bisect_right(self.days, d) - 1
        if i < 0:
            return None
        if fill == "exact" and self.days[i] != d:
            return None
        return self.values[i], self.notes[i]

    def last_before(self, d: date) -> tuple[date, float] | None:
        i = bisect_right(self.days, d) - 1
        return (self.days[i], self.values[i]) if i >= 0 else None


@dataclass(frozen=True)
class Series:
    """One metric of one reference for one subject: its columns' alternatives."""

    spec: ReferenceSpec
    metric: SeriesSpec
    subject: str
    columns: Mapping[str, Column]

    def at(self, d: date) -> tuple[float, str | None] | None:
        """The value on a day: the first alternative whose columns all have one, summed."""
        for alt in self.metric.columns:
            got = [
                self.columns[c].at(d, self.spec.fill) if c in self.columns else None for c in alt
            ]
            if all(g is not None for g in got):
                notes = [g[1] for g in got if g is not None and g[1]]
                return sum(g[0] for g in got if g is not None), (notes[0] if notes else None)
        return None

    def last_before(self, d: date) -> tuple[date, float] | None:
        """The latest day on or before `d` with a value, and that value."""
        days = sorted(
            {
                x
                for alt in self.metric.columns
                for c in alt
                if c in self.columns
                for x in self.columns[c].days
                if x <= d
            },
            reverse=True,
        )
        for x in days:
            v = self.at(x)
            if v is not None:
                return x, v[0]
        return None

    def days_with(self, value: float) -> list[tuple[date, date]]:
        """The days on which the reference reports exactly `value`, as runs of consecutive
        days (first, last)."""
        days = sorted(
            {
                x
                for alt in self.metric.columns
                for c in alt
                if c in self.columns
                for x in self.columns[c].days
            }
        )
        hits = []
        for x in days:
            v = self.at(x)
            if v is not None and v[0] == value:
                hits.append(x)
        runs: list[tuple[date, date]] = []
        for x in hits:
            if runs and (x - runs[-1][1]).days == 1:
                runs[-1] = (runs[-1][0], x)
            else:
                runs.append((x, x))
        return runs

    @property
    def label(self) -> str:
        return self.spec.id


# -- lining claims up ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceLine:
    """One ledger entry against one reference series."""

    source: str
    entry: Entry
    kind: str  # "total" (a running total as of `on`) or "change" (over `start` … `on`)
    on: date  # the claimed date: a total's as-of date, a period's last day
    start: date | None  # for a change: the reference day the change is counted from
    reference: float | None  # the reference's value (or change) for the claimed date
    note: str | None  # the reference's own qualifier ("about")
    difference: float | None  # claimed − reference (0 inside a claimed range)
    status: str  # "matches", "differs", "no value"
    last: tuple[date, float] | None  # when there is no value: the reference's last one
    same_value: tuple[tuple[date, date], ...]  # for a total: runs of days with that value

    @property
    def claim(self) -> Any:
        return self.entry.claim

    def summary(self) -> str:
        """One sentence with the numbers."""
        c = self.entry.claim
        head = (
            f"{possessive(who(c))[0].upper()}{possessive(who(c))[1:]} "
            f"{value_text(c.value)} {metric_words(c.metric)} ({period_text(c)})"
        )
        src = self.source
        if self.status == "no value":
            text = f"{head}: {src} has no value on {day(self.on)}"
            if self.last is not None:
                text += f" (its last one, {num(self.last[1], 3)}, is from {day(self.last[0])})"
        else:
            assert self.reference is not None
            what = (
                f"{src}'s {num(self.reference, 3)} on {day(self.on)}"
                if self.kind == "total"
                else f"{src}'s change of {num(self.reference, 3)} from {day(self.start)} to "
                f"{day(self.on)}"
            )
            verdict = "matches" if self.status == "matches" else "differs from"
            text = f"{head} {verdict} {what}"
            if self.status != "matches" and self.difference is not None:
                text += (
                    f" (difference {'+' if self.difference > 0 else ''}{num(self.difference, 3)})"
                )
        if self.kind == "total" and point(c.value) is not None:
            v = num(point(c.value) or 0, 3)
            if self.same_value:
                runs = ", ".join(
                    day(a) if a == b else f"{day(a)} – {day(b)}" for a, b in self.same_value
                )
                text += f"; {src} reports exactly {v} on {runs}"
            else:
                text += f"; {src} never reports exactly {v}"
        return text + "."

    def to_dict(self) -> dict[str, Any]:
        c = self.entry.claim

        def n(x: float | None) -> float | int | None:
            if x is None or math.isinf(x):
                return None
            return int(x) if float(x).is_integer() else round(x, 4)

        return {
            "source": self.source,
            "entry": self.entry.id,
            "metric": c.metric,
            "subject": c.subject,
            "claimant": {"name": c.claimant.name, "affiliation": c.claimant.affiliation},
            "value": c.value.to_dict(),
            "period": c.period.to_dict(),
            "kind": self.kind,
            "on": self.on.isoformat(),
            "start": self.start.isoformat() if self.start else None,
            "reference": n(self.reference),
            "reference_note": self.note,
            "difference": n(self.difference),
            "status": self.status,
            "last": (
                {"date": self.last[0].isoformat(), "value": n(self.last[1])} if self.last else None
            ),
            "same_value": [[a.isoformat(), b.isoformat()] for a, b in self.same_value],
            "doc_id": c.doc_id,
            "documents": self.entry.documents,
            "independent": self.entry.independent,
            "summary": self.summary(),
        }


def _difference(claimed: Any, ref: float) -> float:
    p = point(claimed)
    if p is not None:
        return p - ref
    lo, hi = bounds(claimed)
    return 0.0 if lo <= ref <= hi else (lo - ref if ref < lo else hi - ref)


def _matches(claimed: Any, ref: float) -> bool:
    p = point(claimed)
    if p is not None:
        return p == ref
    lo, hi = bounds(claimed)
    if claimed.qualifier == "more_than":
        return ref > lo
    if claimed.qualifier == "less_than":
        return ref < hi
    return lo <= ref <= hi


def line_up(entry: Entry, series: Series, lexicon: Lexicon) -> ReferenceLine | None:
    """The entry against the series, or None when they cannot be compared (a rate, a count
    for one town, a group the series does not count, a part of a population such as the
    officers among the dead (a series counts everyone), no dates)."""
    c = entry.claim
    if c.rate is not None or (c.value.low is None and c.value.high is None):
        return None
    if c.subset is not None:
        return None
    if series.metric.groups and c.group not in series.metric.groups:
        return None
    place = lexicon.place(c.location)
    if c.location and (place is None or place.kind != "country"):
        return None
    p = c.period
    if p.end is None:
        return None
    if p.cumulative:
        kind, start = "total", None
        got = series.at(p.end)
    else:
        if p.start is None:
            return None
        span = max(1, (p.end - p.start).days)
        kind, start = "change", p.end - timedelta(days=span)
        a, b = series.at(start), series.at(p.end)
        got = (b[0] - a[0], b[1]) if a is not None and b is not None else None
    if got is None:
        last = series.last_before(p.end)
        if last is None:
            return None  # the series had not begun: nothing to compare with
        ref, note, diff, status = None, None, None, "no value"
    else:
        last = None
        ref, note = got
        diff = _difference(c.value, ref)
        status = "matches" if _matches(c.value, ref) else "differs"
    same: tuple[tuple[date, date], ...] = ()
    pv = point(c.value)
    if kind == "total" and pv is not None:
        same = tuple(series.days_with(pv))
    return ReferenceLine(
        series.label, entry, kind, p.end, start, ref, note, diff, status, last, same
    )


def reference_check(
    reader: LedgerReader, source: str | None = None, *, lexicon: Lexicon
) -> list[ReferenceLine]:
    """Every ledger entry that a loaded reference series covers, against it, as the analysis
    stands (`Ledger.reference_check` brings it up to date first)."""
    refs = mapping(lexicon)
    if source is not None:
        spec_for(source, lexicon)
    loaded = reader.series(source)
    by_source: dict[str, list[SeriesInfo]] = {}
    for info in loaded:
        by_source.setdefault(info.source, []).append(info)
    out: list[ReferenceLine] = []
    for src in sorted(by_source):
        spec = refs.get(src)
        if spec is None:
            continue  # loaded with a mapping that no longer names it
        infos = by_source[src]
        values = reader.series_values([i.id for i in infos])
        for subject in spec.subjects:
            cols = _columns(infos, values, subject)
            if not cols:
                continue
            for metric in spec.series:
                series = Series(spec, metric, subject, cols)
                f = ClaimFilter(metric=metric.metric, subject=subject)
                for e in iter_entries(reader, f):
                    if e.claim.metric != metric.metric or e.claim.subject != subject:
                        continue
                    line = line_up(e, series, lexicon)
                    if line is not None:
                        out.append(line)
    order = {name: i for i, name in enumerate(refs)}
    out.sort(
        key=lambda r: (
            order.get(r.source, len(order)),
            r.entry.first.document,
            r.entry.claim.evidence.start,
            r.entry.id,
        )
    )
    return out


def _columns(
    infos: list[SeriesInfo], values: dict[int, list[Point]], subject: str
) -> dict[str, Column]:
    return {
        i.name: Column(
            [p[0] for p in values[i.id]],
            [p[1] for p in values[i.id]],
            [p[2] for p in values[i.id]],
        )
        for i in infos
        if i.subject == subject
    }


@dataclass(frozen=True)
class ReferenceTrace:
    """A loaded reference series for one metric and subject, day by day (for plotting)."""

    source: str
    title: str
    fill: str  # "exact" (a value on each listed day) or "previous" (a step at each change)
    points: tuple[tuple[date, float], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "fill": self.fill,
            "points": [[d.isoformat(), v] for d, v in self.points],
        }


def reference_traces(
    reader: LedgerReader,
    metric: str,
    subject: str,
    since: date | None = None,
    until: date | None = None,
    *,
    lexicon: Lexicon,
) -> list[ReferenceTrace]:
    """Each loaded reference series that covers `metric` for `subject`: its value on every
    day it reports within [since, until] (the mapping's alternatives and sums applied, as in
    `reference_check`). Reads only."""
    refs = mapping(lexicon)
    loaded = reader.series()
    out: list[ReferenceTrace] = []
    order = {name: i for i, name in enumerate(refs)}
    for src in sorted({i.source for i in loaded}, key=lambda s: (order.get(s, len(order)), s)):
        spec = refs.get(src)
        wanted = [m for m in spec.series if m.metric == metric] if spec else []
        if spec is None or not wanted or subject not in spec.subjects:
            continue
        infos = [i for i in loaded if i.source == src and i.subject == subject]
        needed = {c for m in wanted for alt in m.columns for c in alt}
        infos = [i for i in infos if i.name in needed]
        if not infos:
            continue
        values = reader.series_values([i.id for i in infos])
        series = Series(spec, wanted[0], subject, _columns(infos, values, subject))
        days = sorted({d for i in infos for d, _, _ in values[i.id]})
        points = []
        for d in days:
            if (since and d < since) or (until and d > until):
                continue
            v = series.at(d)
            if v is not None:
                points.append((d, v[0]))
        if points:
            out.append(ReferenceTrace(spec.id, spec.title, spec.fill, tuple(points)))
    return out
