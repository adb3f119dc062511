"""Dates: find the temporal expressions of news text and resolve them against a date.

The public API:

- `resolve_text(text, anchor, *, tense=None)` → a `ResolvedDate` per expression: its span
  (`start`, `end`, `text`), best `date`, `date_start..date_end`, `precision` (1 day,
  2 week, 3 month, 4 year) and a `reason` when it has no date. `anchor` is a `date` or a
  `datetime`; `text` a string or a spaCy `Doc` (then each expression takes the tense of
  its own clause from the parse).
- `resolve(expr_or_text, anchor, *, tense=None)` → the `DateRange` of one expression (or
  of the first expression of a string), or None.
- `find_expressions(text)` → the `TemporalExpression`s of a text, unresolved.
- `find_full_date(text)` → the first full calendar date a text states.

>>> from datetime import date
>>> wednesday = date(2025, 3, 12)
>>> resolve("last Friday night", wednesday).best
datetime.date(2025, 3, 7)
>>> r = resolve("June last year", wednesday)
>>> (r.start, r.end)
(datetime.date(2024, 6, 1), datetime.date(2024, 6, 30))
>>> resolve("the deadline is Jan. 14", date(2025, 1, 7)).best
datetime.date(2025, 1, 14)
>>> resolve("on Friday", wednesday, tense="future").best
datetime.date(2025, 3, 14)
"""

from __future__ import annotations

from datetime import date, datetime

from etl.dates.expressions import (
    ABSOLUTE_KINDS,
    TemporalExpression,
    find_expressions,
    is_future_expression,
)
from etl.dates.resolver import Unresolvable, as_date, resolve_expression
from etl.dates.tense import Tense, clause_tense, words_tense
from etl.dates.text import ResolvedDate, resolve_text
from etl.schema import DateRange

__all__ = [
    "ABSOLUTE_KINDS",
    "ResolvedDate",
    "TemporalExpression",
    "Tense",
    "Unresolvable",
    "as_date",
    "clause_tense",
    "find_expressions",
    "find_full_date",
    "is_future_expression",
    "resolve",
    "resolve_text",
    "words_tense",
]


def resolve(
    expr: TemporalExpression | str,
    anchor: date | datetime | None,
    *,
    tense: Tense | str | None = None,
    reference: date | datetime | None = None,
) -> DateRange | None:
    """The date range of one expression (or of the first one in a string), or None."""
    clause = Tense(tense) if tense is not None else None
    if isinstance(expr, str):
        found = resolve_text(expr, anchor, tense=clause, reference=reference)
        return next((r.range for r in found if r.range is not None), None)
    try:
        return resolve_expression(expr, anchor, tense=clause, reference=reference)
    except Unresolvable:
        return None


def find_full_date(text: str) -> date | None:
    """The first full calendar date a text states (to date an undated document)."""
    for expr in find_expressions(text):
        if expr.kind in ("iso", "mdy", "dmy"):
            found = resolve(expr, None)
            if found is not None:
                return found.best
    return None
