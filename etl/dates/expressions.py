"""Find temporal expressions in text: "late Wednesday", "June last year", "the 1990s".

Each pattern names one kind of expression; where matches overlap the longest wins, and
adjacent expressions that qualify each other ("Friday" + "last week", "June" + "of last
year", "Tuesday," + "March 11", "8 p.m." + "Saturday") are joined into one `compound`.
Month and weekday names come from the standard library's `calendar`; month names that
are also words ("may", "march") count only when capitalised next to a date word, or
with a day or year number.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace

MONTHS: dict[str, int] = {
    **{calendar.month_name[m].lower(): m for m in range(1, 13)},
    **{calendar.month_abbr[m].lower(): m for m in range(1, 13)},
    "sept": 9,
}
WEEKDAYS: dict[str, int] = {calendar.day_name[d].lower(): d for d in range(7)}
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "the": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "a hundred": 100,
    "several": 3, "a few": 3, "few": 3, "a couple of": 2, "couple of": 2,
}  # fmt: skip
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty first": 21,
}  # fmt: skip

_FULL_MONTHS = "|".join(calendar.month_name[m] for m in range(1, 13))
_ABBR_MONTHS = "|".join(["Sept", *(calendar.month_abbr[m] for m in range(1, 13) if m != 5)])


def _mon(name: str = "mon") -> str:
    return rf"(?P<{name}>(?:{_FULL_MONTHS}|(?:{_ABBR_MONTHS})\.?)(?![\w]))"


_MON = _mon()
_WD = "(?P<wd>" + "|".join(calendar.day_name[d] for d in range(7)) + ")"
_YEAR = r"(?:1[6-9]|20)\d\d"
_DAY = r"(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_NUM = r"(?P<n>\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
_ORD = "|".join(sorted(ORDINALS, key=len, reverse=True))
_PART = (
    r"(?:(?P<part>early|mid|late|the\s+(?:end|start|beginning|middle|turn)\s+of)[-\s]+(?:in\s+)?)?"
)
_TOD = r"(?:\s+(?P<tod>morning|afternoon|evening|night))?"
_CLOCK = (
    r"(?:\d{1,2}(?:[:.]\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|(?:[01]?\d|2[0-3]):[0-5]\d"
    r"(?:\s*(?:GMT|UTC|local\s+time|ET|EST|EDT|BST|CET|CEST|IST))?|noon|midnight)"
)

_PATTERNS: tuple[tuple[str, str], ...] = (
    ("iso", rf"\b(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
    ("mdy", rf"\b{_MON}\s+{_DAY},?\s+(?P<y>{_YEAR})\b"),
    ("dmy", rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON},?\s+(?P<y>{_YEAR})\b"),
    ("md", rf"\b{_MON}\s+(?:the\s+)?{_DAY}\b(?!\s*(?:,\s*)?{_YEAR}\b)(?![:.]\d)"),
    ("dm", rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON}(?!,?\s*{_YEAR}\b)"),
    (
        "month",
        rf"\b{_PART}(?:(?P<rel>last|this|next|past|previous|coming)\s+)?{_MON}"
        rf"(?:,?\s+(?:of\s+)?(?P<y>{_YEAR})\b)?",
    ),
    (
        "year",
        rf"\b{_PART}(?:(?:the\s+)?(?:fiscal\s+)?year\s+)?(?P<y>{_YEAR})"
        rf"(?:\s*(?:-|–|—|/|\bto\b|\bthrough\b|\buntil\b)\s*(?P<y2>{_YEAR}|\d\d))?\b(?![-/.,]?\d)",
    ),
    ("decade", rf"\b(?:the\s+)?{_PART}(?:(?P<dec>(?:1[5-9]|20)\d0)|['’](?P<dec2>\d0))['’]?s\b"),
    ("century", rf"\b(?:the\s+)?{_PART}(?P<cent>\d{{1,2}}(?:st|nd|rd|th)|{_ORD})[-\s]+century\b"),
    (
        "quarter",
        rf"\b(?:the\s+)?(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th)\s+"
        rf"(?:fiscal\s+)?(?P<qh>quarter|half)(?:\s+of\s+(?:the\s+)?(?:fiscal\s+)?(?:year\s+)?"
        rf"(?P<y>{_YEAR}))?\b",
    ),
    ("quarter", rf"\b(?P<qh>Q|H)(?P<qn>[1-4])(?:\s+(?:of\s+)?(?P<y>{_YEAR}))?\b"),
    (
        "period",
        r"\b(?:(?P<part>early|mid|late|earlier|later|the\s+(?:end|start|beginning|middle)\s+of)"
        r"[-\s]+(?:in\s+)?)?(?:the\s+)?(?P<rel>last|this|next|past|previous|coming|current|"
        r"following|same)\s+(?:fiscal\s+)?(?P<unit>week|weekend|month|quarter|year|decade)\b",
    ),
    (
        "period",
        r"\b(?P<part>(?:by\s+|at\s+|until\s+)?the\s+(?:end|start|beginning|middle)\s+of)\s+"
        r"(?:the\s+)?(?P<unit>week|month|year)\b|\b(?P<unit2>year)-end\b",
    ),
    (
        "season",
        r"\b(?:(?P<part>early|mid|late)[-\s]+)?(?:(?P<rel>last|this|next|past|coming)\s+|the\s+)?"
        rf"(?P<season>spring|summer|autumn|winter)(?:\s+(?:of\s+)?(?P<y>{_YEAR}))?\b",
    ),
    (
        "season",
        r"\b(?:(?P<part>early|mid|late)[-\s]+)?(?:(?P<rel>last|this|next|past|coming)\s+|the\s+)"
        rf"?(?P<season>fall)(?:\s+(?:of\s+)?(?P<y>{_YEAR}))\b|\b(?P<rel2>last|this|next)\s+fall\b",
    ),
    (
        "weekday",
        r"\b(?:(?P<part>late|early)\s+(?:on\s+)?)?(?:(?P<rel>last|this\s+coming|this\s+past|"
        r"this|next|coming|past|on|by|until|till|before|after|since)\s+)?"
        + _WD
        + r"(?:'s|’s)?"
        + _TOD
        + r"\b",
    ),
    (
        "deictic",
        r"\b(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|"
        r"tomorrow|today|tonight|overnight|last\s+night|last\s+evening|this\s+(?:morning|"
        r"afternoon|evening)|(?:earlier|later)\s+today|(?:earlier|later)\s+in\s+the\s+day)"
        + _TOD
        + r"\b",
    ),
    (
        "offset",
        rf"\b{_NUM}\s+(?P<unit>day|night|week|weekend|month|year|decade|century)s?\s+"
        r"(?P<dir>ago|earlier|later|before|after|prior|from\s+now|hence|previously)\b",
    ),
    (
        "offset",
        r"\b(?P<n>the)\s+(?P<dir>previous|preceding|following|next)\s+"
        r"(?P<unit>day|night|morning|evening|week|weekend|month|year)\b",
    ),
    (
        "ahead",
        rf"\b(?P<prep>in|within)\s+{_NUM}\s+(?P<unit>day|week|month|year)s?(?:['’]\s*time)?\b"
        r"(?!\s+of\b)",
    ),
    (
        "recent",
        r"\b(?<!as )(?:in\s+)?(?P<word>recent\s+(?:days|weeks|months)|recently|recent)\b",
    ),
    ("coming", r"\b(?:in\s+)?(?:the\s+)?(?P<word>coming|next\s+few)\s+(?P<unit>days|weeks)\b"),
    (
        "anaphor",
        r"\b(?:that|the\s+same)\s+(?:day|night|morning|afternoon|evening|week|weekend|month|"
        r"year)\b|\bat\s+the\s+time\b",
    ),
    ("clock", rf"(?<![\w:.]){_CLOCK}(?![\w:])"),
)
_COMPILED = tuple((kind, re.compile(p, re.IGNORECASE)) for kind, p in _PATTERNS)

# Words before a number that make it a quantity, not a year; words after that make it one.
_QUANTITY_BEFORE = re.compile(
    r"(?:[$£€#]|\b(?:about|some|nearly|almost|around|over|under|than|least|up\s+to|"
    r"approximately|roughly|estimated|no\.?|number|top|page|flight|route|resolution))\s*$",
    re.IGNORECASE,
)
_QUANTITY_AFTER = re.compile(
    r"^\s*(?:%|percent|per\b|km|kilomet|miles?\b|met(?:er|re)s?\b|feet|people|persons|troops|"
    r"soldiers|civilians|fighters|men\b|women|children|residents|tons|tonnes|dollars|euros|"
    r"units|rounds|drones|missiles|shells|times|hours|minutes|killed|dead|wounded|injured|"
    r"homes|houses|buildings|vehicles|tanks|calories|votes|seats|members|pages|cases)",
    re.IGNORECASE,
)
_SPAN_BEFORE = re.compile(
    r"\b(?:first|last|only|since|once|twice|times|\w{3,}est)\b[^,;.]*$", re.IGNORECASE
)
# A cue that makes a lone capitalised "May" (or any lone month) a date, not a verb.
_MONTH_CUE = re.compile(
    r"\b(?:in|since|until|till|by|early|mid|late|last|next|this|of|from|through|during|"
    r"before|after|between|and|to|or|end|start|beginning|middle)\W*$",
    re.IGNORECASE,
)
_LEAD = re.compile(r"\b(until|till|by|since|from|before|after)\s+$", re.IGNORECASE)
_JOINER = re.compile(r"^\s*(?:,\s*)?(?:(?:of|on|at|in|from)\s+)?(?:the\s+)?$", re.IGNORECASE)
# Kinds that name a day, a span a day belongs to, and a time of day.
_DAY_KINDS = frozenset({"weekday", "deictic", "md", "dm", "mdy", "dmy", "iso"})
_DATE_KINDS = frozenset({"md", "dm", "mdy", "dmy", "iso"})
# Kinds that need no anchor date.
ABSOLUTE_KINDS = frozenset({"iso", "mdy", "dmy", "year", "decade", "century"})
_IN_YEAR_KINDS = frozenset({"month", "md", "dm", "season", "quarter"})


@dataclass(frozen=True)
class TemporalExpression:
    kind: str
    text: str
    start: int
    end: int
    groups: tuple[tuple[str, str], ...]
    # for a compound ("Friday last week"): the qualified expression and its frame
    parts: tuple[TemporalExpression, ...] = ()

    def get(self, name: str) -> str:
        for key, value in self.groups:
            if key == name:
                return value
        return ""


def _month_ok(text: str, match: re.Match[str], has_number: bool) -> bool:
    """A month name that could be a word ("may", "march", "Mar") needs support."""
    name = match.group("mon")
    if has_number:
        return True
    if name.rstrip(".").lower() not in (calendar.month_name[m].lower() for m in range(1, 13)):
        return False  # an abbreviation alone ("Dec", "Sept") is not taken
    if name.islower():
        return name not in ("may", "march")
    if name == "May" and not (match.group("part") or match.group("rel")):
        return bool(_MONTH_CUE.search(text[: match.start()]))
    return True


def _acceptable(kind: str, text: str, m: re.Match[str]) -> bool:
    groups = m.groupdict()
    if groups.get("mon") and not _month_ok(text, m, bool(groups.get("d") or groups.get("y"))):
        return False
    if kind == "year" and not groups.get("part") and not groups.get("y2"):
        before, after = text[max(0, m.start() - 30) : m.start()], text[m.end() : m.end() + 20]
        if _QUANTITY_BEFORE.search(before) or _QUANTITY_AFTER.match(after):
            return False
    if kind == "ahead" and _SPAN_BEFORE.search(text[max(0, m.start() - 40) : m.start()]):
        return False  # "the first talks in two weeks": a span of time, not a date ahead
    # "q3" or "h1" in lower case is not a quarter
    return not (kind == "quarter" and groups.get("qn") and m.group("qh") not in ("Q", "H"))


def _relational(text: str, expr: TemporalExpression) -> bool:
    """'two days after the attack': counted from an event, not from a date."""
    if expr.kind != "offset" or expr.get("dir").lower() not in ("after", "before", "prior"):
        return False
    rest = text[expr.end :].lstrip()
    if expr.get("dir").lower() == "prior":
        return rest.lower().startswith("to ")
    return bool(rest) and (rest[0].isalnum() or rest[0] in "\"“'‘")


def find_expressions(text: str) -> list[TemporalExpression]:
    """All temporal expressions in `text`, longest first where they overlap, in text order,
    with adjacent qualifying expressions joined."""
    found: list[TemporalExpression] = []
    for kind, rx in _COMPILED:
        for m in rx.finditer(text):
            if not _acceptable(kind, text, m):
                continue
            groups = tuple((k, v) for k, v in m.groupdict().items() if v)
            found.append(TemporalExpression(kind, m.group(0), m.start(), m.end(), groups))
    found.sort(key=lambda e: (-(e.end - e.start), e.start))
    kept: list[TemporalExpression] = []
    for expr in found:
        if all(expr.end <= k.start or expr.start >= k.end for k in kept):
            kept.append(expr)
    kept.sort(key=lambda e: e.start)
    kept = [
        TemporalExpression("relational", e.text, e.start, e.end, e.groups)
        if _relational(text, e)
        else e
        for e in kept
    ]
    return [_with_lead(text, e) for e in _join(text, kept)]


def _with_lead(text: str, expr: TemporalExpression) -> TemporalExpression:
    """Keep the preposition before the expression ("until", "since"): it says the way."""
    lead = _LEAD.search(text, max(0, expr.start - 12), expr.start)
    if lead is None:
        return expr
    return replace(expr, groups=(*expr.groups, ("lead", lead.group(1).lower())))


def _frame_of(first: TemporalExpression, second: TemporalExpression) -> bool:
    """Does `second` say which week / year `first` lies in ("Friday" + "last week")?"""
    if first.kind == "weekday" and second.kind == "period":
        return second.get("unit").lower() in ("week", "weekend") and bool(second.get("rel"))
    if first.kind in _IN_YEAR_KINDS and not first.get("y"):
        if second.kind == "period":
            return second.get("unit").lower() == "year" and bool(second.get("rel"))
        return second.kind == "year" and not second.get("part") and not second.get("y2")
    return False


def _join(text: str, exprs: list[TemporalExpression]) -> list[TemporalExpression]:
    out: list[TemporalExpression] = []
    for expr in exprs:
        prev = out[-1] if out else None
        if prev is None or not _JOINER.match(text[prev.end : expr.start]):
            out.append(expr)
            continue
        joined = _joined(prev, expr)
        if joined is None:
            out.append(expr)
            continue
        out[-1] = TemporalExpression(
            joined.kind, text[prev.start : expr.end], prev.start, expr.end, joined.groups,
            joined.parts,
        )  # fmt: skip
    return out


def _joined(first: TemporalExpression, second: TemporalExpression) -> TemporalExpression | None:
    if _frame_of(first, second):
        return TemporalExpression("compound", "", 0, 0, (), (first, second))
    # "Tuesday, March 11" / "March 11, Tuesday": the date says it all
    if first.kind == "weekday" and second.kind in _DATE_KINDS:
        return second
    if second.kind == "weekday" and first.kind in _DATE_KINDS:
        return first
    # "8 p.m. Saturday" / "Saturday at 8 p.m."
    if first.kind == "clock" and second.kind in _DAY_KINDS:
        return second
    if second.kind == "clock" and first.kind in _DAY_KINDS:
        return first
    return None


def is_future_expression(expr: TemporalExpression) -> bool:
    """Does the expression itself point forward ("next week", "tomorrow", "in two days")?"""
    lowered = expr.text.lower()
    if expr.kind == "ahead":
        return True
    if expr.kind == "offset":
        return bool(re.search(r"\b(?:from\s+now|hence)\b", lowered))
    if expr.kind in ABSOLUTE_KINDS or expr.get("y"):
        return False
    return bool(re.search(r"\b(?:next|coming|tomorrow|tonight|later|until|till|by)\b", lowered))
