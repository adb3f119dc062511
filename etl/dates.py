"""Temporal expressions: find them in text and resolve them against an anchor date.

Pure functions. `find_expressions` locates phrases such as "late Wednesday",
"last month", "Feb. 12" or "February 2022"; `resolve` turns one into a
`DateRange` (best date, start..end, precision) relative to the publication date.
Weekdays and bare months point to the past unless the clause is about the future.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from etl.schema import DateRange, TimePrecision

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "several": 3, "a few": 3, "few": 3,
}  # fmt: skip
SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}

# Month names are matched case-sensitively (capitalised) so that "may" and
# "march" as words are not dates.
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:morning|afternoon|evening|night)"
_NUM = (
    r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few)"
)
_I = "(?i:{})"  # case-insensitive group for the words around names


def _ci(pattern: str) -> str:
    return _I.format(pattern)


_PATTERNS: tuple[tuple[str, str], ...] = (
    ("iso", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    (
        "mdy",
        rf"\b(?P<mon>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b",
    ),
    ("dmy", rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH}),?\s+(?P<y>(?:19|20)\d\d)\b"),
    ("md", rf"\b(?P<mon>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:,\s*)?\d)"),
    ("dm", rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH})\b(?!,?\s*\d)"),
    (
        "my",
        _ci(r"\b(?:(?P<part>early|mid|late)[-\s]+)?")
        + rf"(?P<mon>{_MONTH}),?\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)\b",
    ),
    (
        "rel_period",
        _ci(
            r"\b(?:(?P<part>early|mid|late|earlier|later)[-\s]+(?:in\s+)?)?"
            r"(?:the\s+(?:end|start|beginning)\s+of\s+)?"
            r"(?P<rel>last|this|next|past|previous)\s+(?P<unit>week|weekend|month|year)\b"
        ),
    ),
    (
        "season",
        _ci(
            r"\b(?:(?P<part>early|late)\s+)?(?P<rel>last|this|next|past)\s+"
            r"(?P<season>spring|summer|autumn|fall|winter)\b"
        ),
    ),
    (
        "month",
        _ci(
            r"\b(?:(?P<part>early|mid|late|earlier|later)[-\s]+(?:in\s+)?)?(?:(?P<rel>last|this|next)\s+)?"
        )
        + r"(?P<mon>January|February|March|April|June|July|August|September|October|November|December)\b",
    ),
    ("month_may", r"\b(?:in|since|until|by|early|mid-|late|last|next|this)\s+(?P<mon>May)\b"),
    (
        "weekday",
        _ci(r"\b(?:(?P<part>late|early)\s+(?:on\s+)?)?(?:(?P<rel>last|this|next|on)\s+)?")
        + rf"(?P<wd>{_WEEKDAY})(?:'s)?"
        + _ci(rf"(?:\s+(?P<tod>{_PART}))?")
        + r"\b",
    ),
    (
        "deictic",
        _ci(
            r"\b(?P<word>yesterday|today|tonight|tomorrow|overnight|last night|"
            r"this (?:morning|afternoon|evening)|earlier today|later today|"
            r"(?:earlier|later) in the day)\b"
        ),
    ),
    ("ago", _ci(rf"\b(?P<n>{_NUM})\s+(?P<unit>day|week|month|year)s?\s+ago\b")),
    ("rel_day", _ci(rf"\b(?P<n>{_NUM})\s+days?\s+(?P<dir>after|earlier|before|later)\b")),
    (
        "recent",
        _ci(r"\b(?<!as )(?:in\s+)?(?P<word>recent (?:days|weeks|months)|recently|recent)\b"),
    ),
    ("coming", _ci(r"\b(?:in\s+)?(?:the\s+)?(?P<word>coming|next few) (?P<unit>days|weeks)\b")),
    (
        "year",
        _ci(r"\b(?P<prep>in|since|of|from|until|by|during|early|late|mid-?)\s+(?:the\s+year\s+)?")
        + r"(?P<y>(?:19|20)\d\d)\b(?![-/]\d)",
    ),
)
_COMPILED = tuple((kind, re.compile(p)) for kind, p in _PATTERNS)


@dataclass(frozen=True)
class TemporalExpression:
    kind: str
    text: str
    start: int
    end: int
    groups: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str:
        for key, value in self.groups:
            if key == name:
                return value
        return ""


def find_expressions(text: str) -> list[TemporalExpression]:
    """All temporal expressions in `text`, longest first where they overlap, in text order."""
    found: list[TemporalExpression] = []
    for kind, rx in _COMPILED:
        for m in rx.finditer(text):
            groups = tuple((k, v) for k, v in m.groupdict().items() if v)
            found.append(TemporalExpression(kind, m.group(0), m.start(), m.end(), groups))
    found.sort(key=lambda e: (-(e.end - e.start), e.start))
    kept: list[TemporalExpression] = []
    for expr in found:
        if all(expr.end <= k.start or expr.start >= k.end for k in kept):
            kept.append(expr)
    return sorted(kept, key=lambda e: e.start)


# ---- resolution ---------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _mid(start: date, end: date) -> date:
    return start + timedelta(days=(end - start).days // 2)


def precision_for_width(days: int) -> TimePrecision:
    if days <= 0:
        return TimePrecision.DAY
    if days <= 10:
        return TimePrecision.WEEK
    if days <= 31:
        return TimePrecision.MONTH
    return TimePrecision.YEAR


def _range(start: date, end: date, phrase: str, best: date | None = None,
           precision: TimePrecision | None = None) -> DateRange:  # fmt: skip
    if end < start:
        start, end = end, start
    return DateRange(
        best=best or _mid(start, end),
        start=start,
        end=end,
        precision=precision or precision_for_width((end - start).days),
        phrase=phrase,
    )


def _day(d: date, phrase: str) -> DateRange:
    return DateRange(d, d, d, TimePrecision.DAY, phrase)


def _part_of(start: date, end: date, part: str) -> tuple[date, date]:
    """Narrow a period to its early / mid / late third."""
    part = part.lower()
    span = (end - start).days + 1
    third = max(span // 3, 1)
    if part in ("early", "earlier"):
        return start, start + timedelta(days=third - 1)
    if part == "mid":
        return start + timedelta(days=third), start + timedelta(days=2 * third - 1)
    if part in ("late", "later"):
        return end - timedelta(days=third - 1), end
    return start, end


def _month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _infer_year(month: int, day: int, anchor: date, future: bool) -> date | None:
    try:
        candidate = date(anchor.year, month, day)
    except ValueError:
        return None
    if future and candidate < anchor - timedelta(days=3):
        return candidate.replace(year=anchor.year + 1)
    if not future and candidate > anchor + timedelta(days=3):
        return candidate.replace(year=anchor.year - 1)
    return candidate


def _month_range(year: int, month: int, anchor: date, future: bool, part: str) -> tuple[date, date]:
    start, end = date(year, month, 1), _month_end(year, month)
    if (year, month) == (anchor.year, anchor.month) and not part:
        start, end = (anchor, end) if future else (start, anchor)
    return _part_of(start, end, part) if part else (start, end)


def resolve(
    expr: TemporalExpression, anchor: date | None, future: bool = False
) -> DateRange | None:
    """Resolve one expression against the anchor (publication) date.

    `future` says the clause is about what is planned or expected; it makes weekdays,
    bare months and "this week" point forward. Returns None when the expression needs an
    anchor and there is none, or is not a valid date.
    """
    kind, phrase = expr.kind, expr.text
    g = expr.get
    try:
        if kind in ("iso", "mdy", "dmy"):
            month = int(g("m")) if kind == "iso" else _month_number(g("mon"))
            return _day(date(int(g("y")), month, int(g("d"))), phrase)
        if kind == "my":
            y, m = int(g("y")), _month_number(g("mon"))
            start, end = date(y, m, 1), _month_end(y, m)
            if g("part"):
                start, end = _part_of(start, end, g("part"))
            return _range(start, end, phrase, precision=TimePrecision.MONTH)
        if kind == "year":
            y = int(g("y"))
            start, end = date(y, 1, 1), date(y, 12, 31)
            prep = g("prep").lower()
            if prep.startswith(("early", "late", "mid")):
                start, end = _part_of(start, end, prep.rstrip("-"))
            if anchor and y == anchor.year and not future:
                end = min(end, anchor)
            return _range(start, end, phrase, precision=TimePrecision.YEAR)
    except ValueError:
        return None
    if anchor is None:
        return None
    if kind in ("md", "dm"):
        d = _infer_year(_month_number(g("mon")), int(g("d")), anchor, future)
        return _day(d, phrase) if d else None
    if kind in ("month", "month_may"):
        return _resolve_month(g("mon"), g("rel").lower(), g("part").lower(), anchor, future, phrase)
    if kind == "rel_period":
        return _resolve_period(
            g("rel").lower(), g("unit").lower(), g("part").lower(), anchor, future, phrase
        )
    if kind == "season":
        return _resolve_season(
            g("season").lower(), g("rel").lower(), g("part").lower(), anchor, phrase
        )
    if kind == "weekday":
        return _resolve_weekday(g("wd"), g("rel").lower(), anchor, future, phrase)
    if kind == "deictic":
        return _resolve_deictic(g("word").lower(), anchor, phrase)
    if kind == "ago":
        return _resolve_ago(g("n").lower(), g("unit").lower(), anchor, phrase)
    if kind == "rel_day":
        n_word = g("n").lower()
        n = int(n_word) if n_word.isdigit() else NUMBER_WORDS.get(n_word, 1)
        sign = 1 if g("dir").lower() == "later" else -1
        return _day(anchor + timedelta(days=sign * n), phrase)
    if kind == "recent":
        word = g("word").lower()
        days = {"recent weeks": 28, "recent months": 90}.get(word, 7)
        start, end = anchor - timedelta(days=days), anchor - timedelta(days=1)
        best = end if days == 7 else None
        return _range(start, end, phrase, best=best)
    if kind == "coming":
        days = 7 if g("unit").lower() == "days" else 28
        return _range(anchor + timedelta(days=1), anchor + timedelta(days=days), phrase)
    return None


def _resolve_month(
    name: str, rel: str, part: str, anchor: date, future: bool, phrase: str
) -> DateRange:
    month = _month_number(name)
    year = anchor.year
    if rel == "last":
        if month >= anchor.month:
            year -= 1
    elif rel == "next":
        if month <= anchor.month:
            year += 1
    elif future or rel == "this":
        if month < anchor.month and not (rel == "this" and not future):
            year += 1
    elif month > anchor.month:
        year -= 1
    start, end = _month_range(year, month, anchor, future, part if part != "earlier" else "early")
    return _range(start, end, phrase, precision=TimePrecision.MONTH if not part else None)


def _resolve_period(
    rel: str, unit: str, part: str, anchor: date, future: bool, phrase: str
) -> DateRange:
    offset = {"last": -1, "past": -1, "previous": -1, "next": 1}.get(rel, 0)
    precision: TimePrecision | None = None
    if unit in ("week", "weekend"):
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=offset)
        start, end = monday, monday + timedelta(days=6)
        if unit == "weekend":
            start = monday + timedelta(days=5)
            if offset == 0 and not future and start > anchor:
                start, end = start - timedelta(weeks=1), end - timedelta(weeks=1)
        precision = TimePrecision.WEEK
    elif unit == "month":
        y, m = _shift_month(anchor.year, anchor.month, offset)
        start, end = date(y, m, 1), _month_end(y, m)
        precision = TimePrecision.MONTH
    else:
        y = anchor.year + offset
        start, end = date(y, 1, 1), date(y, 12, 31)
        precision = TimePrecision.YEAR
    if offset == 0 and unit != "weekend":
        if part == "earlier" or (not future and part != "later"):
            end = anchor - timedelta(days=1) if part == "earlier" else anchor
            end = max(end, start)
        elif part == "later" or future:
            start = min(anchor + timedelta(days=1) if part == "later" else anchor, end)
        part = "" if part in ("earlier", "later") else part
    if part:
        start, end = _part_of(start, end, part)
        precision = None
    if precision == TimePrecision.YEAR and (end - start).days <= 31:
        precision = None
    best = None
    if unit == "week" and (end - start).days == 6:
        best = start + timedelta(days=2)  # the middle of the working week
    return _range(start, end, phrase, best=best, precision=precision)


def _resolve_season(season: str, rel: str, part: str, anchor: date, phrase: str) -> DateRange:
    first, last = SEASONS[season]

    def bounds(year: int) -> tuple[date, date]:
        if first > last:  # winter spans the new year
            return date(year - 1, first, 1), _month_end(year, last)
        return date(year, first, 1), _month_end(year, last)

    start, end = bounds(anchor.year)
    if rel in ("last", "past"):
        if end >= anchor:
            start, end = bounds(anchor.year - 1)
    elif rel == "next" and start <= anchor:
        start, end = bounds(anchor.year + 1)
    if part:
        start, end = _part_of(start, end, part)
    return _range(start, end, phrase, precision=TimePrecision.MONTH)


def _resolve_weekday(name: str, rel: str, anchor: date, future: bool, phrase: str) -> DateRange:
    target = WEEKDAYS[name.lower()]
    back = (anchor.weekday() - target) % 7
    ahead = (target - anchor.weekday()) % 7
    if rel == "next":
        d = anchor + timedelta(days=ahead or 7)
    elif rel == "last":
        d = anchor - timedelta(days=back or 7)
    elif future:
        d = anchor + timedelta(days=ahead)
    else:
        d = anchor - timedelta(days=back)
    return _day(d, phrase)


def _resolve_deictic(word: str, anchor: date, phrase: str) -> DateRange:
    if word == "yesterday":
        return _day(anchor - timedelta(days=1), phrase)
    if word == "tomorrow":
        return _day(anchor + timedelta(days=1), phrase)
    if word == "overnight":
        return DateRange(anchor, anchor - timedelta(days=1), anchor, TimePrecision.DAY, phrase)
    if word == "last night":
        return DateRange(
            anchor - timedelta(days=1),
            anchor - timedelta(days=1),
            anchor,
            TimePrecision.DAY,
            phrase,
        )
    return _day(anchor, phrase)


def _resolve_ago(n_word: str, unit: str, anchor: date, phrase: str) -> DateRange:
    n = int(n_word) if n_word.isdigit() else NUMBER_WORDS.get(n_word, 1)
    if unit == "day":
        return _day(anchor - timedelta(days=n), phrase)
    if unit == "week":
        center = anchor - timedelta(weeks=n)
        return _range(center - timedelta(days=3), center + timedelta(days=3), phrase, best=center)
    if unit == "month":
        y, m = _shift_month(anchor.year, anchor.month, -n)
        return _range(date(y, m, 1), _month_end(y, m), phrase, precision=TimePrecision.MONTH)
    y = anchor.year - n
    return _range(date(y, 1, 1), date(y, 12, 31), phrase, precision=TimePrecision.YEAR)


# Expressions whose resolution depends on whether the clause is about the future.
def is_relative(expr: TemporalExpression) -> bool:
    return expr.kind not in ("iso", "mdy", "dmy", "my", "year")


def is_future_expression(expr: TemporalExpression) -> bool:
    lowered = expr.text.lower()
    return (
        "next" in lowered
        or "coming" in lowered
        or "later" in lowered
        or "tomorrow" in lowered
        or "tonight" in lowered
    )


_FULL_DATE = re.compile(
    rf"\b(?:(?P<mon>{_MONTH})\s+(?P<d>\d{{1,2}}),?\s+(?P<y>(?:19|20)\d\d)"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<mon2>{_MONTH})\s+(?P<y2>(?:19|20)\d\d)"
    r"|(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d))\b"
)


def find_full_date(text: str) -> date | None:
    """The first full calendar date a text states (to date an undated document)."""
    for m in _FULL_DATE.finditer(text):
        try:
            if m.group("iy"):
                return date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
            if m.group("mon"):
                return date(int(m.group("y")), _month_number(m.group("mon")), int(m.group("d")))
            return date(int(m.group("y2")), _month_number(m.group("mon2")), int(m.group("d2")))
        except ValueError:
            continue
    return None
