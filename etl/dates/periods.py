"""Calendar arithmetic for date resolution: months, parts of periods, ranges."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from etl.schema import DateRange, TimePrecision


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def shift_months(day: date, delta: int) -> date:
    """The same day `delta` months away (clamped to the month's last day)."""
    y, m = shift_month(day.year, day.month, delta)
    return date(y, m, min(day.day, calendar.monthrange(y, m)[1]))


def shift_years(day: date, delta: int) -> date:
    return shift_months(day, 12 * delta)


def mid(start: date, end: date) -> date:
    return start + timedelta(days=(end - start).days // 2)


def precision_for_width(days: int) -> TimePrecision:
    if days <= 0:
        return TimePrecision.DAY
    if days <= 10:
        return TimePrecision.WEEK
    if days <= 31:
        return TimePrecision.MONTH
    return TimePrecision.YEAR


def date_range(
    start: date,
    end: date,
    phrase: str,
    best: date | None = None,
    precision: TimePrecision | None = None,
) -> DateRange:
    if end < start:
        start, end = end, start
    return DateRange(
        best=best or mid(start, end),
        start=start,
        end=end,
        precision=precision or precision_for_width((end - start).days),
        phrase=phrase,
    )


def one_day(d: date, phrase: str) -> DateRange:
    return DateRange(d, d, d, TimePrecision.DAY, phrase)


def around(best: date, half_width: int, phrase: str) -> DateRange:
    """A range centred on `best`, `half_width` days either side."""
    pad = timedelta(days=half_width)
    return date_range(best - pad, best + pad, phrase, best=best)


def normal_part(part: str) -> str:
    """'the end of' → late, 'the start of' → early, 'mid' → mid, 'earlier' → early."""
    part = part.lower()
    if "end" in part or part in ("late", "later"):
        return "late"
    if "start" in part or "beginning" in part or "turn" in part or part in ("early", "earlier"):
        return "early"
    if "middle" in part or part == "mid":
        return "mid"
    return ""


def part_of(start: date, end: date, part: str) -> tuple[date, date]:
    """Narrow a period to its early / mid / late third."""
    part = normal_part(part)
    span = (end - start).days + 1
    third = max(span // 3, 1)
    if part == "early":
        return start, start + timedelta(days=third - 1)
    if part == "mid":
        return start + timedelta(days=third), start + timedelta(days=2 * third - 1)
    if part == "late":
        return end - timedelta(days=third - 1), end
    return start, end


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def quarter_bounds(year: int, index: int, months: int) -> tuple[date, date]:
    """The `index`-th (1-based) period of `months` months in `year` (quarters, halves)."""
    first = (index - 1) * months + 1
    return date(year, first, 1), month_end(year, first + months - 1)
