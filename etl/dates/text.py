"""`resolve_text`: every temporal expression of a text, each with its date or the reason
it has none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from etl.dates.expressions import TemporalExpression, find_expressions
from etl.dates.resolver import Unresolvable, as_date, resolve_expression
from etl.dates.tense import Tense, clause_tense, words_tense
from etl.nlp import Sentence, doc_sentences
from etl.schema import DateRange

# Expressions counted from the previous date of the text ("a year later"), not the anchor;
# they do not become the reference for the next ones.
_COUNTED = frozenset({"offset", "period"})


@dataclass(frozen=True)
class ResolvedDate:
    """One expression found in a text: where, what, and its date (or why there is none)."""

    expression: TemporalExpression
    tense: Tense | None
    range: DateRange | None
    reason: str = ""  # why `range` is None

    @property
    def text(self) -> str:
        return self.expression.text

    @property
    def start(self) -> int:
        return self.expression.start

    @property
    def end(self) -> int:
        return self.expression.end

    @property
    def date(self) -> date | None:
        """The best single date."""
        return self.range.best if self.range else None

    @property
    def date_start(self) -> date | None:
        return self.range.start if self.range else None

    @property
    def date_end(self) -> date | None:
        return self.range.end if self.range else None

    @property
    def precision(self) -> int | None:
        """1 day, 2 week, 3 month, 4 year (or wider); None when unresolved."""
        return int(self.range.precision) if self.range else None


def _tense_of(
    expr: TemporalExpression, text: str, sentences: list[Sentence], offset: int
) -> Tense | None:
    for sent in sentences:
        lo = sent.start - offset
        if lo <= expr.start < lo + len(sent.text):
            return clause_tense(sent, expr.start - lo, expr.end - lo)
    return words_tense(text, expr.start, expr.end)


def resolve_text(
    text: str | Any,
    anchor: date | datetime | None,
    *,
    tense: Tense | str | None = None,
    parse: Sentence | None = None,
    reference: date | datetime | None = None,
) -> list[ResolvedDate]:
    """Find and resolve every temporal expression of `text` against `anchor`.

    `text` is a string or a spaCy `Doc`; with a Doc, or with `parse` (an `etl.nlp.Sentence`
    of the same text), each expression takes the tense of its own clause from the parse,
    otherwise from cue words of its clause. `tense` ("past", "present", "future") overrides
    that for all. Expressions counted from another date ("a year later", "the following
    day") count from the previous date of the text, else from `reference`, else `anchor`.

    >>> [r.date.isoformat() for r in resolve_text("yesterday", date(2025, 3, 12))]
    ['2025-03-11']
    >>> r = resolve_text("talks will resume on March 20", date(2025, 3, 12))[0]
    >>> (r.text, r.date.isoformat(), r.precision)
    ('March 20', '2025-03-20', 1)
    >>> resolve_text("at the time", date(2025, 3, 12))[0].reason
    'refers to a date told elsewhere in the text'
    """
    if isinstance(text, str):
        sentences = [parse] if parse is not None else []
        offset = parse.start if parse is not None else 0
    else:  # a spaCy Doc
        sentences, text, offset = doc_sentences(text), text.text, 0
    fixed = Tense(tense) if tense is not None else None
    previous = as_date(reference)
    out: list[ResolvedDate] = []
    for expr in find_expressions(text):
        clause = fixed if fixed is not None else _tense_of(expr, text, sentences, offset)
        try:
            found = resolve_expression(expr, anchor, tense=clause, reference=previous)
        except Unresolvable as exc:
            out.append(ResolvedDate(expr, clause, None, str(exc)))
            continue
        out.append(ResolvedDate(expr, clause, found))
        if expr.kind not in _COUNTED:
            previous = found.best
    return out
