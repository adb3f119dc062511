"""Event triggers: the lexicon (a data file) compiled into matchers.

A trigger pattern is a small language: alternatives with `|`, groups in
parentheses, `word*` for any ending, `~` for a gap of up to five words.
`requires` must also occur in the sentence; `excludes` must not occur within a
few words of the trigger. `anchor` says what a mention needs to count as an
event: `place`, `date` (a date of its own), `any` (either) or `actor` (a named
actor: decisions such as aid or sanctions need no place).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from etl.schema import EventType

_GAP = r"(?:\W+\w[\w'’-]*){0,5}?\W+"


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile the trigger mini-language to a case-insensitive regex."""
    out: list[str] = []
    for token in re.findall(r"\(|\)|\||~|[^\s()|~]+", pattern):
        if token in ("(", ")"):
            out.append("(?:" if token == "(" else ") ")
        elif token == "|":
            out.append("|")
        elif token == "~":
            out.append(_GAP)
        else:
            word = re.escape(token.rstrip("*")).replace(r"\[", "[").replace(r"\]", "]")
            out.append(word + (r"[\w-]*" if token.endswith("*") else ""))
            out.append(" ")
    regex = "".join(out).replace(" " + _GAP, _GAP)
    regex = re.sub(r" (?=\||\)|$)", "", regex).replace(" ", r"\s+")
    return re.compile(rf"(?<![\w-])(?:{regex})(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class Trigger:
    priority: int
    event_type: EventType
    sub_event_type: str
    pattern: re.Pattern[str]
    requires: re.Pattern[str] | None
    excludes: re.Pattern[str] | None
    anchor: str
    summary: str


@dataclass(frozen=True)
class TriggerMatch:
    trigger: Trigger
    text: str
    start: int
    end: int


def load_triggers(rows: list[dict[str, str]]) -> tuple[Trigger, ...]:
    triggers = []
    for row in rows:
        anchor = row["anchor"].strip()
        if anchor not in ("any", "place", "date", "actor"):
            raise ValueError(f"triggers.csv: bad anchor {anchor!r} in {row['pattern']!r}")
        triggers.append(
            Trigger(
                priority=int(row["priority"]),
                event_type=EventType(row["event_type"].strip()),
                sub_event_type=row["sub_event_type"].strip(),
                pattern=compile_pattern(row["pattern"]),
                requires=compile_pattern(row["requires"]) if row["requires"].strip() else None,
                excludes=compile_pattern(row["excludes"]) if row["excludes"].strip() else None,
                anchor=anchor,
                summary=row["summary"].strip(),
            )
        )
    return tuple(sorted(triggers, key=lambda t: t.priority))


@lru_cache(maxsize=1)
def default_triggers() -> tuple[Trigger, ...]:
    text = resources.files("etl.lexicons").joinpath("triggers.csv").read_text("utf-8")
    return load_triggers(list(csv.DictReader(text.splitlines())))


def find_triggers(text: str, triggers: tuple[Trigger, ...]) -> list[TriggerMatch]:
    """Trigger matches in `text`: non-overlapping, the first (highest-priority) wins."""
    found: list[TriggerMatch] = []
    for trig in triggers:
        if trig.requires and not trig.requires.search(text):
            continue
        for m in trig.pattern.finditer(text):
            if any(m.start() < f.end and f.start < m.end() for f in found):
                continue
            if trig.excludes:
                window = text[max(0, m.start() - 30) : m.end() + 30]
                if trig.excludes.search(window):
                    continue
            found.append(TriggerMatch(trig, m.group(0), m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)
