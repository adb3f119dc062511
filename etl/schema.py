"""The one place that names the output columns, their types and the closed sets.

Both the ETL and the dashboard import from here; nothing else spells a column name
of events.csv or mentions.csv.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum, StrEnum


class EventType(StrEnum):
    ARMED_CLASH = "armed_clash"
    TERRITORIAL_CHANGE = "territorial_change"
    REMOTE_STRIKE = "remote_strike"
    DIPLOMACY = "diplomacy"
    AGREEMENT = "agreement"
    AID_OR_SANCTION = "aid_or_sanction"
    STATEMENT = "statement"
    LEGAL = "legal"
    OTHER = "other"


class Status(StrEnum):
    REPORTED = "reported"
    CLAIMED = "claimed"
    PLANNED = "planned"


class TimePrecision(IntEnum):
    DAY = 1
    WEEK = 2
    MONTH = 3
    YEAR = 4


class GeoPrecision(IntEnum):
    TOWN = 1
    NEAR_TOWN = 2
    REGION = 3
    COUNTRY = 4


TIME_PRECISION_WORDS = {
    TimePrecision.DAY: "exact day",
    TimePrecision.WEEK: "within a week",
    TimePrecision.MONTH: "within a month",
    TimePrecision.YEAR: "within a year",
}

GEO_PRECISION_WORDS = {
    GeoPrecision.TOWN: "town",
    GeoPrecision.NEAR_TOWN: "near a town / part of a region",
    GeoPrecision.REGION: "region",
    GeoPrecision.COUNTRY: "country",
}

# Types that may describe the same real-world event (merge and matching groups).
TYPE_GROUPS: tuple[frozenset[EventType], ...] = (
    frozenset({EventType.ARMED_CLASH, EventType.TERRITORIAL_CHANGE}),
    frozenset({EventType.DIPLOMACY}),
    frozenset({EventType.AGREEMENT}),
    frozenset({EventType.REMOTE_STRIKE}),
    frozenset({EventType.AID_OR_SANCTION}),
    frozenset({EventType.STATEMENT}),
    frozenset({EventType.LEGAL}),
    frozenset({EventType.OTHER}),
)


def compatible_types(a: EventType, b: EventType) -> bool:
    return any(a in group and b in group for group in TYPE_GROUPS)


# ---- events.csv -------------------------------------------------------------

# The fields of an event as extracted: shared by events.csv and mentions.csv.
EXTRACTED_FIELDS: tuple[str, ...] = (
    "date",
    "date_start",
    "date_end",
    "time_precision",
    "event_type",
    "sub_event_type",
    "summary",
    "actor1",
    "actor2",
    "actors",
    "location",
    "admin1",
    "country",
    "iso3",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "injured",
    "status",
    "attributed_to",
)

EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    *EXTRACTED_FIELDS,
    "source_count",
    "sources",
    "first_reported",
    "evidence",
    "confidence",
)

# Extra provenance columns the ETL adds after the contract's columns.
EVENT_EXTRA_COLUMNS: tuple[str, ...] = ("mention_count", "notes", "source_urls")

# Columns the analyst review adds to the corrected view ("as extracted" / "edited").
REVIEW_COLUMNS: tuple[str, ...] = ("review", "verified")
AS_EXTRACTED, EDITED = "as extracted", "edited"

# Fields an analyst may correct (dates and places bring their companion columns).
EDITABLE_FIELDS: tuple[str, ...] = tuple(f for f in EXTRACTED_FIELDS if f != "injured")

DATE_COLUMNS = ("date", "date_start", "date_end", "first_reported")
INT_COLUMNS = ("time_precision", "geo_precision", "fatalities", "injured", "source_count")
FLOAT_COLUMNS = ("latitude", "longitude", "confidence")

# pandas dtypes for reading the files back (dates are parsed separately).
EVENT_DTYPES: dict[str, str] = {
    **{c: "string" for c in EVENT_COLUMNS},
    **{c: "Int64" for c in INT_COLUMNS},
    **{c: "float64" for c in FLOAT_COLUMNS},
    "mention_count": "Int64",
    "notes": "string",
    "source_urls": "string",
}

# ---- mentions.csv -----------------------------------------------------------

MENTION_COLUMNS: tuple[str, ...] = (
    "mention_id",
    "event_id",
    "doc_id",
    "file",
    "outlet",
    "published",
    "paragraph",
    "sentence_index",
    "char_start",
    "char_end",
    "quote",
    "trigger",
    "date_phrase",
    "date_source",
    *EXTRACTED_FIELDS,
    "confidence",
    "title",
    "url",
)


# ---- records ----------------------------------------------------------------


@dataclass(frozen=True)
class DateRange:
    """A resolved date: best estimate, range of uncertainty and precision code."""

    best: date
    start: date
    end: date
    precision: TimePrecision
    phrase: str = ""

    @property
    def width_days(self) -> int:
        return (self.end - self.start).days

    def overlaps(self, other: DateRange, slack_days: int = 0) -> bool:
        return (self.start - other.end).days <= slack_days and (
            other.start - self.end
        ).days <= slack_days


@dataclass(frozen=True)
class Place:
    """A geocoded place."""

    name: str
    latitude: float | None
    longitude: float | None
    country: str
    iso3: str
    admin1: str
    precision: GeoPrecision
    population: int = 0
    matched: str = ""


@dataclass(frozen=True)
class Mention:
    """One event as stated in one sentence of one document, before merging."""

    mention_id: str
    doc_id: str
    file: str
    outlet: str
    published: date | None
    paragraph: int
    sentence_index: int
    char_start: int
    char_end: int
    quote: str
    trigger: str
    event_type: EventType
    sub_event_type: str
    status: Status
    attributed_to: str
    actor1: str
    actor2: str
    actors: tuple[str, ...]
    persons: tuple[str, ...]
    place: Place | None
    date: DateRange | None
    date_source: str
    fatalities: int | None
    injured: int | None
    summary: str
    confidence: float
    speaker_group: str = ""
    priority: int = 99  # the trigger's priority: lower is more specific
    url: str = ""  # the article's address (from the manifest), http/https only
    title: str = ""  # the article's title


@dataclass(frozen=True)
class Event:
    """A real-world event merged from one or more mentions."""

    event_id: str
    date: DateRange
    event_type: EventType
    sub_event_type: str
    summary: str
    actor1: str
    actor2: str
    actors: tuple[str, ...]
    place: Place | None
    fatalities: int | None
    injured: int | None
    status: Status
    attributed_to: str
    sources: tuple[str, ...]
    first_reported: date | None
    evidence: str
    confidence: float
    mention_ids: tuple[str, ...] = field(default=())
    notes: str = ""
    urls: tuple[str, ...] = ()  # the addresses of the articles that report it


# ---- lists in one cell --------------------------------------------------------
# Several names in one CSV cell are `;`-joined; a `;` or `\` inside a name is escaped with
# a backslash ("Daily Times (Lahore\; wire copy)"), so a name never splits in two.


def join_names(names: Iterable[str]) -> str:
    return ";".join(n.replace("\\", "\\\\").replace(";", "\\;") for n in names)


def split_names(cell: object) -> list[str]:
    """The names of a `join_names` cell (empty names dropped); not a string → []."""
    if not isinstance(cell, str):
        return []
    names, current, escaped = [], [], False
    for ch in cell:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ";":
            names.append("".join(current))
            current = []
        else:
            current.append(ch)
    names.append("".join(current))
    return [n.strip() for n in names if n.strip()]


def web_address(url: str) -> str:
    """`url` when it is an http(s) address, else "" (no javascript:, file:, data: links)."""
    url = url.strip()
    return url if re.match(r"^https?://[^\s<>\"']+$", url, re.IGNORECASE) else ""
