"""An event's date through the parse: the date expression in the trigger's own clause
(not a bound such as "until May 9", not one describing an argument), else one of the
reporting clause above it; an undated sequel ("after talks on Tuesday") takes the day
it followed, and "a day after" counts back from the main clause's day."""

from __future__ import annotations

from dataclasses import dataclass

from etl.dates import TemporalExpression
from etl.events.arguments import attribute
from etl.nlp import Sentence

MAX_DATE_PATH = 8
# Prepositions that make a date a bound, not the time of the event ("until May 9").
BOUND_PREPS = frozenset({"until", "till", "by", "before", "to", "after", "since", "ahead", "from"})


def _bound(sent: Sentence, head: int) -> bool:
    t = sent.tokens[head]
    return t.lower in BOUND_PREPS or (t.dep == "pobj" and sent.tokens[t.head].lower in BOUND_PREPS)


@dataclass(frozen=True)
class DateChoice:
    expression: TemporalExpression
    own: bool  # in the trigger's own clause (not only the reporting clause)
    path: int


def expression_head(sent: Sentence, expr: TemporalExpression) -> int | None:
    return sent.span_head(expr.start, expr.end)


def choose_date(
    sent: Sentence,
    trigger: int,
    expressions: list[TemporalExpression],
    reporting: set[int],
    taken_by_others: dict[int, int],
) -> DateChoice | None:
    """The trigger's date expression: the nearest in the tree within its own clause; else
    one of the reporting clause above it (the day it was announced)."""
    own: list[tuple[int, int, TemporalExpression]] = []
    reported: list[tuple[int, int, TemporalExpression]] = []
    for n, expr in enumerate(expressions):
        head = expression_head(sent, expr)
        found = attribute(sent, trigger, head, reporting)
        if found is None:
            continue
        path, via = found
        if path > MAX_DATE_PATH or _bound(sent, head) or _describes_argument(sent, trigger, head):
            continue
        # a date nearer another trigger of the sentence is that trigger's
        if n in taken_by_others and taken_by_others[n] < path:
            continue
        (reported if via else own).append(
            (path, abs(expr.start - sent.tokens[trigger].start), expr)
        )
    if own:
        path, _, expr = min(own, key=lambda x: (x[0], x[1]))
        return DateChoice(expr, True, path)
    if reported:
        path, _, expr = min(reported, key=lambda x: (x[0], x[1]))
        return DateChoice(expr, False, path)
    return None


NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "several": 3, "few": 2}  # fmt: skip
UNIT_DAYS = {"day": 1, "week": 7, "hour": 0}


def days_before(sent: Sentence, trigger: int) -> int | None:
    """How many days before the main clause's time an event is told: "it comes *a day
    after* Blinken visited Ukraine", "*two days after* the strike, Russia launched …"."""
    tok = sent.tokens[trigger]
    clause = trigger if tok.pos in ("VERB", "AUX") else tok.head
    while sent.tokens[clause].dep == "conj" and sent.tokens[clause].head != clause:
        clause = sent.tokens[clause].head  # "visited Ukraine and *pledged* aid"
    kids = [sent.tokens[c] for c in sent.children[clause]]
    marks = [k for k in kids if k.dep == "mark" and k.lower == "after"]
    if marks:  # "a day" hangs on the verb or on "after"
        spans = [k for k in kids if k.dep == "npadvmod"]
        spans += [sent.tokens[c] for c in sent.children[marks[0].i]
                  if sent.tokens[c].dep == "npadvmod"]  # fmt: skip
    elif tok.dep == "pobj" and sent.tokens[tok.head].lower == "after":
        spans = [
            sent.tokens[c] for c in sent.children[tok.head] if sent.tokens[c].dep == "npadvmod"
        ]
    else:
        return None
    for span in spans:
        unit = UNIT_DAYS.get(span.lemma)
        if unit is None:
            continue
        count = 1
        for c in sent.children[span.i]:
            word = sent.tokens[c]
            if word.lower in NUMBER_WORDS:
                count = NUMBER_WORDS[word.lower]
            elif word.text.isdigit():
                count = int(word.text)
        return count * unit
    return None


AFTER_PREPS = frozenset({"after", "following"})


def date_after(
    sent: Sentence, trigger: int, expressions: list[TemporalExpression]
) -> TemporalExpression | None:
    """The date of what the trigger's clause says it followed: "*after* talks on Tuesday,
    the administration announced …" — the event is told as that day's sequel."""
    verb = trigger if sent.tokens[trigger].pos in ("VERB", "AUX") else sent.tokens[trigger].head
    clauses = [verb]
    if (
        sent.tokens[verb].dep == "ccomp"
    ):  # "after the meeting on Tuesday, they said they had agreed"
        clauses.append(sent.tokens[verb].head)
    for c in (c for v in clauses for c in sent.children[v]):
        tok = sent.tokens[c]
        if tok.dep not in ("prep", "advcl") or tok.lower not in AFTER_PREPS:
            continue  # ("following" is parsed as a verb, an advcl)
        inside = set(sent.subtree(c))
        for expr in expressions:
            if expression_head(sent, expr) in inside:
                return expr
    return None


RELATIVE_WORDS = frozenset({"who", "whom", "whose", "which", "that"})


def _describes_argument(sent: Sentence, trigger: int, head: int | None) -> bool:
    """A date in a relative clause below the trigger tells about one of its arguments:
    "detained its pilot, *who was returned to India on Friday*"."""
    if head is None:
        return False
    for t in sent.ancestors(head):
        if t == trigger:
            return False
        if sent.tokens[t].dep == "relcl" and any(
            sent.tokens[c].lower in RELATIVE_WORDS for c in sent.children[t]
        ):
            return trigger in sent.ancestors(t)
    return False
