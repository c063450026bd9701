"""Publication dates as sources write them (metadata, record fields, feed entries) → `date`.

A date is kept as the publisher wrote it: "2023-05-04T23:30:00-05:00" is 2023-05-04, not the
UTC day, because relative expressions in the text ("yesterday") count from the publisher's day.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s_])")
_YMD_SLASH = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
# Month first: the order of US-style news dumps (FA-KES writes 4/5/17 for 5 April 2017).
_MDY_SLASH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_DIGITS = re.compile(r"\d{9,13}(?:\.\d+)?$")


def parse_date(value: object) -> date | None:
    """Read a date from a string, a number (Unix time), a datetime or a struct_time; else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, time.struct_time):
        return _safe_date(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, int | float):
        return _from_timestamp(value)
    if isinstance(value, str):
        return _from_string(value.strip())
    return None


def _from_string(s: str) -> date | None:
    if not s:
        return None
    if m := _ISO.match(s):
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _YMD_SLASH.match(s):
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _MDY_SLASH.match(s):
        year = int(m[3])
        if year < 100:
            year += 2000 if year < 70 else 1900
        return _safe_date(year, int(m[1]), int(m[2]))
    if _DIGITS.match(s):
        return _from_timestamp(s)
    try:  # RFC 2822, as in RSS <pubDate> and HTTP headers
        return parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _from_timestamp(value: float | str) -> date | None:
    try:
        t = float(value)  # an integer of a thousand digits overflows here
        if t > 1e11:  # milliseconds since the epoch
            t /= 1000
        return datetime.fromtimestamp(t, UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        return None
