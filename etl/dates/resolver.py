"""Resolve one temporal expression against an anchor (the document date).

Direction: words in the expression decide first ("next", "until", "last", "since"); else
the clause tense (future → forward, past → back); else, with no tense, a month-day,
month, season or quarter takes the occurrence nearest the anchor, a weekday the last one.
Expressions counted from another date ("a year earlier", "the following day") use the
`reference` date (the previous date of the text), else the anchor. `Unresolvable` says
why an expression found in the text has no date.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from enum import Enum

from etl.dates.expressions import MONTHS, NUMBER_WORDS, ORDINALS, WEEKDAYS, TemporalExpression
from etl.dates.periods import (
    around,
    date_range,
    month_end,
    normal_part,
    one_day,
    part_of,
    quarter_bounds,
    shift_month,
    shift_months,
    shift_years,
    week_of,
)
from etl.dates.tense import Tense
from etl.schema import DateRange, TimePrecision

SLACK = timedelta(days=3)  # a date this close to the anchor is not moved a year
_ORDINAL_DIGITS = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


class Unresolvable(ValueError):
    """An expression that has no date here; the message says why."""


class Direction(Enum):
    FORWARD = "forward"
    BACKWARD = "backward"
    NEAREST = "nearest"


_BACK = re.compile(r"\b(?:last|past|since|previous|ago|earlier)\b", re.IGNORECASE)
_AHEAD = re.compile(r"\b(?:next|coming|until|till|by|from\s+now|hence)\b", re.IGNORECASE)


def as_date(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def direction(expr: TemporalExpression, tense: Tense | None) -> Direction:
    words = f"{expr.get('lead')} {expr.text}"
    if _BACK.search(words):
        return Direction.BACKWARD
    ahead = {m.group(0).lower() for m in _AHEAD.finditer(words)}
    if ahead and (ahead != {"by"} or tense != Tense.PAST):  # "had taken it by Friday"
        return Direction.FORWARD
    if tense == Tense.FUTURE:
        return Direction.FORWARD
    if tense == Tense.PAST:
        return Direction.BACKWARD
    return Direction.NEAREST


def _number(word: str) -> int:
    word = re.sub(r"\s+", " ", word.lower())
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word, 1)


def _year(value: str) -> int:
    return int(value)


def resolve_expression(
    expr: TemporalExpression,
    anchor: date | datetime | None,
    *,
    tense: Tense | None = None,
    reference: date | datetime | None = None,
) -> DateRange:
    """The date range of `expr`; raises `Unresolvable` with the reason when it has none."""
    anchor, reference = as_date(anchor), as_date(reference)
    kind = expr.kind
    if kind == "anaphor":
        raise Unresolvable("refers to a date told elsewhere in the text")
    if kind == "relational":
        raise Unresolvable("counted from an event, not from a date")
    if kind == "clock":
        raise Unresolvable("a time of day without a date")
    try:
        absolute = _absolute(expr)
    except Unresolvable:
        raise
    except ValueError as exc:
        raise Unresolvable(f"not a calendar date ({exc})") from exc
    if absolute is not None:
        return _clamped_year(absolute, expr, anchor, direction(expr, tense))
    if anchor is None:
        raise Unresolvable("needs the document date, and the document has none")
    way = direction(expr, tense)
    try:
        if kind == "compound":
            return _compound(expr, anchor, way, tense, reference or anchor)
        return _relative(expr, anchor, way, reference or anchor, year=None)
    except Unresolvable:
        raise
    except ValueError as exc:
        raise Unresolvable(f"not a calendar date ({exc})") from exc


def _absolute(expr: TemporalExpression) -> DateRange | None:
    kind, g, phrase = expr.kind, expr.get, expr.text
    if kind in ("iso", "mdy", "dmy"):
        month = int(g("m")) if kind == "iso" else MONTHS[g("mon").lower().rstrip(".")]
        return one_day(date(_year(g("y")), month, int(g("d"))), phrase)
    if kind == "year":
        y = _year(g("y"))
        y2 = g("y2")
        last = y if not y2 else (int(y2) if len(y2) == 4 else y // 100 * 100 + int(y2))
        if last < y:
            raise ValueError(f"{y2} before {y}")
        start, end = part_of(date(y, 1, 1), date(last, 12, 31), g("part"))
        return date_range(start, end, phrase, precision=TimePrecision.YEAR)
    if kind == "decade":
        first = int(g("dec")) if g("dec") else 1900 + int(g("dec2"))
        if not g("dec") and first < 1930:
            first += 100  # "the '20s" now means the 2020s
        start, end = part_of(date(first, 1, 1), date(first + 9, 12, 31), g("part"))
        return date_range(start, end, phrase, precision=TimePrecision.YEAR)
    if kind == "century":
        word = g("cent").lower()
        n = ORDINALS.get(word) or int(re.sub(r"\D", "", word))
        first = (n - 1) * 100
        start, end = part_of(date(max(first, 1), 1, 1), date(first + 99, 12, 31), g("part"))
        return date_range(start, end, phrase, precision=TimePrecision.YEAR)
    if g("y") and kind in ("month", "md", "dm", "season", "quarter"):
        return _relative(expr, None, Direction.NEAREST, None, year=_year(g("y")))
    return None


def _clamped_year(
    found: DateRange, expr: TemporalExpression, anchor: date | None, way: Direction
) -> DateRange:
    """'in 2025' told in 2025 about the past ends at the anchor (and starts at it, ahead)."""
    if expr.kind != "year" or anchor is None or expr.get("part") or expr.get("y2"):
        return found
    if found.start.year != anchor.year:
        return found
    if way == Direction.BACKWARD:
        return date_range(found.start, anchor, found.phrase, precision=TimePrecision.YEAR)
    if way == Direction.FORWARD:
        return date_range(anchor, found.end, found.phrase, precision=TimePrecision.YEAR)
    return found


def _compound(
    expr: TemporalExpression, anchor: date, way: Direction, tense: Tense | None, reference: date
) -> DateRange:
    head, frame_expr = expr.parts
    frame = resolve_expression(frame_expr, anchor, tense=tense, reference=reference)
    if head.kind == "weekday":
        target = WEEKDAYS[head.get("wd").lower()]
        start = frame.start if frame.width_days >= 6 else week_of(frame.start)[0]
        day = start + timedelta(days=(target - start.weekday()) % 7)
        return one_day(day, expr.text)
    found = _relative(head, anchor, way, reference, year=frame.best.year)
    return DateRange(found.best, found.start, found.end, found.precision, expr.text)


def _relative(
    expr: TemporalExpression,
    anchor: date | None,
    way: Direction,
    reference: date | None,
    year: int | None,
) -> DateRange:
    kind, g, phrase = expr.kind, expr.get, expr.text
    if kind in ("md", "dm"):
        return one_day(
            _month_day(MONTHS[g("mon").lower().rstrip(".")], int(g("d")), anchor, way, year), phrase
        )
    if kind == "month":
        return _month(expr, anchor, way, year)
    if kind == "season":
        return _season(expr, anchor, way, year)
    if kind == "quarter":
        return _quarter(expr, anchor, way, year)
    assert anchor is not None and reference is not None
    if kind == "period":
        return _period(expr, anchor, way, reference)
    if kind == "weekday":
        return _weekday(expr, anchor, way)
    if kind == "deictic":
        return _deictic(g("word").lower(), anchor, phrase)
    if kind == "offset":
        return _offset(expr, anchor, reference)
    if kind == "ahead":
        if way == Direction.BACKWARD:
            raise Unresolvable("a span of time in a past clause, not a date ahead")
        return _ahead(expr, anchor)
    if kind == "recent":
        days = {"recent weeks": 28, "recent months": 90}.get(
            re.sub(r"\s+", " ", g("word").lower()), 7
        )
        start, end = anchor - timedelta(days=days), anchor - timedelta(days=1)
        return date_range(start, end, phrase, best=end if days == 7 else None)
    if kind == "coming":
        days = 7 if g("unit").lower() == "days" else 28
        return date_range(anchor + timedelta(days=1), anchor + timedelta(days=days), phrase)
    raise Unresolvable(f"no rule for a {kind} expression")


def _month_day(month: int, day: int, anchor: date | None, way: Direction, year: int | None) -> date:
    if year is not None:
        return date(year, month, day)
    if anchor is None:
        raise Unresolvable("needs the document date, and the document has none")
    candidates = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(y, month, day))
        except ValueError:
            continue
    if not candidates:
        raise ValueError(f"no day {day} in month {month}")
    if way == Direction.BACKWARD:
        return max(c for c in candidates if c <= anchor + SLACK)
    if way == Direction.FORWARD:
        return min(c for c in candidates if c >= anchor - SLACK)
    return min(candidates, key=lambda c: (abs((c - anchor).days), c))


def _year_of_month(month: int, rel: str, anchor: date, way: Direction) -> int:
    y, diff = anchor.year, month - anchor.month
    if rel in ("last", "past", "previous"):
        return y - 1 if diff >= 0 else y
    if rel in ("next", "coming"):
        return y + 1 if diff <= 0 else y
    if rel == "this":
        return y
    if way == Direction.FORWARD:
        return y if diff >= 0 else y + 1
    if way == Direction.BACKWARD:
        return y if diff <= 0 else y - 1
    return y - 1 if diff >= 6 else (y + 1 if diff < -6 else y)


def _month(
    expr: TemporalExpression, anchor: date | None, way: Direction, year: int | None
) -> DateRange:
    month = MONTHS[expr.get("mon").lower().rstrip(".")]
    part = normal_part(expr.get("part"))
    inferred = year is None
    if year is None:
        assert anchor is not None
        year = _year_of_month(month, expr.get("rel").lower(), anchor, way)
    start, end = date(year, month, 1), month_end(year, month)
    if anchor is not None and (year, month) == (anchor.year, anchor.month) and not part:
        if way == Direction.BACKWARD:
            end = anchor
        elif way == Direction.FORWARD:
            start = anchor
    if part:
        start, end = part_of(start, end, part)
        if anchor is not None and inferred and way == Direction.BACKWARD and start > anchor:
            return _month(expr, anchor, way, year - 1)  # "resumed in late March", told on March 12
        if anchor is not None and inferred and way == Direction.FORWARD and end < anchor:
            return _month(expr, anchor, way, year + 1)
        return date_range(start, end, expr.text)
    return date_range(start, end, expr.text, precision=TimePrecision.MONTH)


def _pick_period(
    spans: list[tuple[date, date]], anchor: date, rel: str, way: Direction
) -> tuple[date, date]:
    """Of candidate periods (in time order), the one the relation and direction mean."""
    if rel in ("last", "past", "previous"):
        return [s for s in spans if s[1] < anchor][-1]
    if rel in ("next", "coming"):
        return next(s for s in spans if s[0] > anchor)
    current = [s for s in spans if s[0] <= anchor <= s[1]]
    if rel == "this" and current:
        return current[0]
    if way == Direction.FORWARD:
        return next(s for s in spans if s[1] >= anchor)
    if way == Direction.BACKWARD or not current:
        started = [s for s in spans if s[0] <= anchor]
        if way == Direction.NEAREST and not current:
            return min(
                spans, key=lambda s: min(abs((s[0] - anchor).days), abs((s[1] - anchor).days))
            )
        return started[-1]
    return current[0]


def _season(
    expr: TemporalExpression, anchor: date | None, way: Direction, year: int | None
) -> DateRange:
    first = SEASON_START[expr.get("season").lower()]

    def bounds(y: int) -> tuple[date, date]:
        y2, m2 = shift_month(y, first, 2)
        return date(y, first, 1), month_end(y2, m2)

    if year is not None:
        start, end = bounds(year)
    else:
        assert anchor is not None
        rel = (expr.get("rel") or expr.get("rel2")).lower()
        spans = [bounds(y) for y in range(anchor.year - 2, anchor.year + 2)]
        start, end = _pick_period(spans, anchor, rel, way)
    start, end = part_of(start, end, expr.get("part"))
    return date_range(start, end, expr.text, precision=TimePrecision.MONTH)


def _quarter(
    expr: TemporalExpression, anchor: date | None, way: Direction, year: int | None
) -> DateRange:
    qh = expr.get("qh").lower()
    months = 6 if qh in ("half", "h") else 3
    count = 12 // months
    word = expr.get("ord").lower()
    if expr.get("qn"):
        index = int(expr.get("qn"))
    elif word == "final":
        index = count
    else:
        index = _ORDINAL_DIGITS.get(word) or ORDINALS[word]
    if index > count:
        raise ValueError(f"no {word} {qh}")
    if year is not None:
        start, end = quarter_bounds(year, index, months)
    else:
        assert anchor is not None
        spans = [quarter_bounds(y, index, months) for y in range(anchor.year - 1, anchor.year + 2)]
        start, end = _pick_period(
            spans, anchor, "", Direction.BACKWARD if way == Direction.NEAREST else way
        )
    return date_range(start, end, expr.text)


_UNIT_MONTHS = {"month": 1, "quarter": 3, "year": 12, "decade": 120}


def _period(expr: TemporalExpression, anchor: date, way: Direction, reference: date) -> DateRange:
    g = expr.get
    rel = g("rel").lower() or "this"
    unit = (g("unit") or g("unit2")).lower()
    base = reference if rel in ("previous", "following", "same") else anchor
    offset = {"last": -1, "past": -1, "previous": -1, "next": 1, "following": 1, "coming": 1}.get(
        rel, 0
    )
    part = g("part").lower()
    if unit in ("week", "weekend"):
        start, end = week_of(base + timedelta(weeks=offset))
        if unit == "weekend":
            start = start + timedelta(days=5)
            if offset == 0 and way != Direction.FORWARD and start > anchor:
                start, end = start - timedelta(weeks=1), end - timedelta(weeks=1)
    else:
        size = _UNIT_MONTHS[unit]
        index = (base.year * 12 + base.month - 1) // size + offset
        y0, m0 = divmod(index * size, 12)
        start = date(y0, m0 + 1, 1)
        y1, m1 = shift_month(y0, m0 + 1, size - 1)
        end = month_end(y1, m1)
    precision = {"week": TimePrecision.WEEK, "month": TimePrecision.MONTH}.get(
        unit, TimePrecision.YEAR
    )
    if offset == 0 and unit != "weekend" and rel != "same":
        if part in ("earlier", "later"):
            start, end = (
                (start, max(anchor - timedelta(days=1), start))
                if part == "earlier"
                else (min(anchor + timedelta(days=1), end), end)
            )
            part = ""
        elif not part and way == Direction.BACKWARD and start <= anchor:
            end = max(anchor, start)
        elif not part and way == Direction.FORWARD and anchor <= end:
            start = min(anchor, end)
    if part:
        start, end = part_of(start, end, part)
        precision = None
        if offset == 0 and way == Direction.BACKWARD and start > anchor:
            return _period(_with_rel(expr, "last"), anchor, way, reference)
        if offset == 0 and way == Direction.FORWARD and end < anchor:
            return _period(_with_rel(expr, "next"), anchor, way, reference)
    if precision == TimePrecision.YEAR and (end - start).days <= 31:
        precision = None
    best = start + timedelta(days=2) if unit == "week" and (end - start).days == 6 else None
    return date_range(start, end, expr.text, best=best, precision=precision)


def _with_rel(expr: TemporalExpression, rel: str) -> TemporalExpression:
    """The same period one unit back or ahead: a past clause's "late this year" is last year's."""
    groups = tuple((k, v) for k, v in expr.groups if k != "rel")
    return replace(expr, groups=(*groups, ("rel", rel)))


def _weekday(expr: TemporalExpression, anchor: date, way: Direction) -> DateRange:
    target = WEEKDAYS[expr.get("wd").lower()]
    rel = re.sub(r"\s+", " ", expr.get("rel").lower())
    back = (anchor.weekday() - target) % 7
    ahead = (target - anchor.weekday()) % 7
    if rel in ("last", "this past", "past"):
        day = anchor - timedelta(days=back or 7)
    elif rel in ("next", "this coming", "coming"):
        day = anchor + timedelta(days=ahead or 7)
    elif way == Direction.FORWARD or (rel == "this" and way != Direction.BACKWARD):
        day = anchor + timedelta(days=ahead)
    else:
        day = anchor - timedelta(days=back)
    return one_day(day, expr.text)


_DEICTIC_DAYS = {
    "yesterday": -1, "tomorrow": 1, "last night": -1, "last evening": -1,
    "the day before yesterday": -2, "the day after tomorrow": 2,
}  # fmt: skip


def _deictic(word: str, anchor: date, phrase: str) -> DateRange:
    word = re.sub(r"\s+", " ", word)
    if word == "overnight":
        return DateRange(anchor, anchor - timedelta(days=1), anchor, TimePrecision.DAY, phrase)
    if word in ("last night", "last evening"):
        day = anchor - timedelta(days=1)
        return DateRange(day, day, anchor, TimePrecision.DAY, phrase)
    return one_day(anchor + timedelta(days=_DEICTIC_DAYS.get(word, 0)), phrase)


_BACKWARD_DIRS = ("ago", "earlier", "before", "prior", "previously", "previous", "preceding")


def _shifted(base: date, n: int, unit: str) -> date:
    if unit in ("day", "night", "morning", "evening"):
        return base + timedelta(days=n)
    if unit in ("week", "weekend"):
        return base + timedelta(weeks=n)
    if unit == "month":
        return shift_months(base, n)
    return shift_years(base, n * {"year": 1, "decade": 10, "century": 100}[unit])


_HALF_WIDTH = {"week": 3, "weekend": 1, "month": 15, "year": 182, "decade": 1826, "century": 18262}


def _offset(expr: TemporalExpression, anchor: date, reference: date) -> DateRange:
    g = expr.get
    word = g("dir").lower()
    sign = -1 if word in _BACKWARD_DIRS else 1
    base = anchor if word in ("ago", "from now", "hence") or "now" in word else reference
    unit = g("unit").lower()
    best = _shifted(base, sign * _number(g("n")), unit)
    half = _HALF_WIDTH.get(unit, 0)
    return one_day(best, expr.text) if half == 0 else around(best, half, expr.text)


def _ahead(expr: TemporalExpression, anchor: date) -> DateRange:
    unit = expr.get("unit").lower()
    end = _shifted(anchor, _number(expr.get("n")), unit)
    if expr.get("prep").lower() == "within":
        return date_range(anchor, end, expr.text)
    half = _HALF_WIDTH.get(unit, 0)
    return one_day(end, expr.text) if half == 0 else around(end, half, expr.text)
