"""One event in full: its fields with precision codes in words, and its sources (pure)."""

from __future__ import annotations

import pandas as pd

from etl.schema import (
    GEO_PRECISION_WORDS,
    TIME_PRECISION_WORDS,
    GeoPrecision,
    Status,
    TimePrecision,
    web_address,
)

SOURCE_COLUMNS = ("outlet", "published", "date_phrase", "quote", "title", "url", "file")
STATUS_WORDS = {
    Status.REPORTED: "reported as having happened",
    Status.CLAIMED: "claimed by one side, not independently confirmed",
    Status.PLANNED: "planned or expected, not yet happened",
}


def _text(value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and pd.isna(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def time_precision_words(code: object) -> str:
    try:
        return TIME_PRECISION_WORDS[TimePrecision(int(code))]  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return "unknown"


def geo_precision_words(code: object) -> str:
    if code is None or code is pd.NA:
        return "no place"
    try:
        return GEO_PRECISION_WORDS[GeoPrecision(int(code))]  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return "no place"


def when(event: pd.Series) -> str:
    """'2025-03-11 (exact day)' or '2025-03-03 – 2025-03-09 (within a week)'."""
    start, end = _text(event["date_start"]), _text(event["date_end"])
    span = start if start == end else f"{start} – {end}"
    return f"{span} ({time_precision_words(event['time_precision'])})"


def where(event: pd.Series) -> str:
    parts = [_text(event[c]) for c in ("location", "admin1", "country")]
    names = list(dict.fromkeys(p for p in parts if p))
    if not names:
        return "no place stated"
    return f"{', '.join(names)} ({geo_precision_words(event['geo_precision'])})"


def fields(event: pd.Series) -> list[tuple[str, str]]:
    """(label, value) pairs for the detail panel, codes explained in words."""
    status = _text(event["status"])
    claim = _text(event["attributed_to"])
    status_text = STATUS_WORDS.get(status, status)  # type: ignore[call-overload]
    if claim:
        status_text += f" — attributed to {claim}"
    lat, lon = event["latitude"], event["longitude"]
    coords = "" if pd.isna(lat) or pd.isna(lon) else f"{float(lat):.4f}, {float(lon):.4f}"
    rows = [
        ("Event", _text(event["summary"])),
        ("When", when(event)),
        ("Best date", _text(event["date"])),
        (
            "Type",
            f"{_text(event['event_type']).replace('_', ' ')} / {_text(event['sub_event_type'])}",
        ),
        ("Status", status_text),
        (
            "Main actors",
            " vs ".join(a for a in (_text(event["actor1"]), _text(event["actor2"])) if a),
        ),
        ("All actors", _text(event["actors"]).replace(";", ", ")),
        ("Where", where(event)),
        ("Coordinates", coords),
        ("ISO3", _text(event["iso3"])),
        ("Fatalities", _text(event["fatalities"])),
        ("Injured", _text(event["injured"])),
        (
            "Sources",
            f"{_text(event['source_count'])}: {_text(event['sources']).replace(';', ', ')}",
        ),
        ("First reported", _text(event["first_reported"])),
        ("Confidence", _text(event["confidence"])),
        ("Event id", _text(event["event_id"])),
    ]
    return [(label, value) for label, value in rows if value]


def sources(mentions: pd.DataFrame, event_id: str) -> pd.DataFrame:
    """Every mention merged into the event: outlet, publication date, date phrase, quote."""
    if mentions.empty or "event_id" not in mentions.columns:
        return pd.DataFrame(columns=list(SOURCE_COLUMNS))
    rows = mentions.loc[mentions["event_id"] == event_id]
    present = [c for c in SOURCE_COLUMNS if c in rows.columns]
    out = rows[present].sort_values(present[:2]).reset_index(drop=True)
    if "url" in out.columns:  # only web addresses become links
        out["url"] = [web_address(u) or None if isinstance(u, str) else None for u in out["url"]]
    return out
