"""The SQL of reference series: each loaded column's daily values, replaced whole on reloading."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, delete, func, select

from claimledger.storage.schema import reference_series, reference_values

_CHUNK = 500

# (day, value, note)
Point = tuple[date, float, str | None]


@dataclass(frozen=True, slots=True)
class SeriesInfo:
    id: int
    source: str
    subject: str
    name: str
    path: str
    loaded_at: datetime
    values: int
    first: date | None
    last: date | None


def replace_source(
    conn: Connection,
    source: str,
    path: str,
    series: Mapping[tuple[str, str], Sequence[Point]],
) -> int:
    """Drop what was loaded for `source`, store `series` ((subject, column) → points) instead;
    returns the number of values stored."""
    old = select(reference_series.c.id).where(reference_series.c.source == source)
    conn.execute(delete(reference_values).where(reference_values.c.series_id.in_(old)))
    conn.execute(delete(reference_series).where(reference_series.c.source == source))
    now = datetime.now(UTC)
    n = 0
    for (subject, name), points in sorted(series.items()):
        sid = conn.execute(
            reference_series.insert()
            .values(source=source, subject=subject, name=name, path=path, loaded_at=now)
            .returning(reference_series.c.id)
        ).scalar_one()
        rows = [{"series_id": sid, "day": d, "value": v, "note": note} for d, v, note in points]
        for i in range(0, len(rows), _CHUNK):
            conn.execute(reference_values.insert(), rows[i : i + _CHUNK])
        n += len(rows)
    return n


def list_series(conn: Connection, source: str | None = None) -> list[SeriesInfo]:
    stats = (
        select(
            reference_values.c.series_id,
            func.count().label("n"),
            func.min(reference_values.c.day).label("first"),
            func.max(reference_values.c.day).label("last"),
        )
        .group_by(reference_values.c.series_id)
        .subquery()
    )
    stmt = (
        select(reference_series, stats.c.n, stats.c.first, stats.c.last)
        .select_from(reference_series.outerjoin(stats, stats.c.series_id == reference_series.c.id))
        .order_by(reference_series.c.source, reference_series.c.subject, reference_series.c.name)
    )
    if source is not None:
        stmt = stmt.where(reference_series.c.source == source)
    out = []
    for r in conn.execute(stmt).mappings():
        loaded = r["loaded_at"]
        out.append(
            SeriesInfo(
                id=int(r["id"]),
                source=r["source"],
                subject=r["subject"],
                name=r["name"],
                path=r["path"],
                loaded_at=loaded if loaded.tzinfo else loaded.replace(tzinfo=UTC),
                values=int(r["n"] or 0),
                first=r["first"],
                last=r["last"],
            )
        )
    return out


def series_values(conn: Connection, ids: Collection[int]) -> dict[int, list[Point]]:
    """series id → its points, by day."""
    out: dict[int, list[Point]] = {i: [] for i in ids}
    ordered = sorted(ids)
    for i in range(0, len(ordered), _CHUNK):
        stmt = (
            select(
                reference_values.c.series_id,
                reference_values.c.day,
                reference_values.c.value,
                reference_values.c.note,
            )
            .where(reference_values.c.series_id.in_(ordered[i : i + _CHUNK]))
            .order_by(reference_values.c.series_id, reference_values.c.day)
        )
        for sid, d, v, note in conn.execute(stmt):
            out[int(sid)].append((d, float(v), note))
    return out
