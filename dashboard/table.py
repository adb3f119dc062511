"""The events table as a person reads it (pure): words instead of codes, no "None".

Precision codes become words ("exact day", "region"), event types lose their
underscores, `;`-joined names read as lists, and empty cells stay empty. The
downloads keep the codes of the interface contract; this is only what is shown.
"""

from __future__ import annotations

import pandas as pd

from dashboard.charts import period_texts, type_label
from dashboard.detail import geo_precision_words, time_precision_words
from etl.schema import split_names

COLUMNS = [
    "date", "date known to", "type", "sub-type", "summary", "actors", "place",
    "place known to", "status", "sources", "outlets", "fatalities", "evidence", "event id",
]  # fmt: skip


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _names(cell: object) -> str:
    return ", ".join(split_names(cell))


def table_frame(events: pd.DataFrame) -> pd.DataFrame:
    """One row per event with the columns `COLUMNS`, all in words."""
    places = [
        ", ".join(dict.fromkeys(p for p in (_text(a), _text(b), _text(c)) if p))
        for a, b, c in zip(events["location"], events["admin1"], events["country"], strict=True)
    ]
    deaths = events["fatalities"]
    return pd.DataFrame(
        {
            "date": period_texts(events),
            "date known to": [time_precision_words(t) for t in events["time_precision"]],
            "type": [type_label(t) if _text(t) else "" for t in events["event_type"]],
            "sub-type": [_text(t) for t in events["sub_event_type"]],
            "summary": [_text(t) for t in events["summary"]],
            "actors": [_names(a) for a in events["actors"]],
            "place": places,
            "place known to": [
                geo_precision_words(g) if p else "no place"
                for g, p in zip(events["geo_precision"], places, strict=True)
            ],
            "status": [_text(s) for s in events["status"]],
            "sources": events["source_count"].fillna(1).astype(int).to_numpy(),
            "outlets": [_names(s) for s in events["sources"]],
            "fatalities": ["" if pd.isna(n) else str(int(n)) for n in deaths],
            "evidence": [_text(t) for t in events["evidence"]],
            "event id": events["event_id"].astype(str).to_numpy(),
        },
        columns=COLUMNS,
    )
