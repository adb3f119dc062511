"""Exports of the filtered selection: spreadsheet-safe CSV and GeoJSON (pure functions).

The CSV has exactly the `events.csv` columns of the contract. A text cell that a
spreadsheet would read as a formula (starting with =, +, -, @, tab or carriage
return) is prefixed with an apostrophe; numbers and dates are written as such.
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

import pandas as pd

from etl.csvfile import formula_safe, frame_bytes
from etl.schema import DATE_COLUMNS, EVENT_COLUMNS, FLOAT_COLUMNS, INT_COLUMNS

TEXT_COLUMNS = tuple(
    c for c in EVENT_COLUMNS if c not in (*DATE_COLUMNS, *INT_COLUMNS, *FLOAT_COLUMNS)
)


def _iso(value: object) -> str | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp | date):
        return value.isoformat()[:10]
    return str(value)[:10] or None


def export_frame(events: pd.DataFrame) -> pd.DataFrame:
    """The contract's columns in order, dates as ISO days, text cells formula-safe."""
    out = pd.DataFrame(index=events.index)
    for column in EVENT_COLUMNS:
        series = (
            events[column] if column in events.columns else pd.Series(pd.NA, index=events.index)
        )
        if column in DATE_COLUMNS:
            out[column] = [_iso(v) for v in series]
        elif column in INT_COLUMNS:
            out[column] = pd.to_numeric(series, errors="coerce").astype("Int64")
        elif column in FLOAT_COLUMNS:
            out[column] = pd.to_numeric(series, errors="coerce").astype("float64")
        else:
            out[column] = [None if pd.isna(v) else formula_safe(str(v)) for v in series]
    return out.reset_index(drop=True)


def frame_to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """RFC 4180 CSV (CRLF rows; a cell holding a line break is quoted), UTF-8 with BOM.

    Text cells are formula-safe; numeric columns are written as numbers.
    """
    return frame_bytes(frame, for_spreadsheets=True)


def to_csv_bytes(events: pd.DataFrame) -> bytes:
    """The selection with exactly the `events.csv` columns, spreadsheet-safe."""
    return frame_to_csv_bytes(export_frame(events))


def _json_value(value: object) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp | date):
        return value.isoformat()[:10]
    if hasattr(value, "item"):
        return value.item()
    return value


def to_geojson(events: pd.DataFrame) -> dict[str, Any]:
    """A FeatureCollection of the events that have a place (Point, lon/lat WGS84)."""
    features = []
    for row in events.to_dict("records"):
        lat, lon = _json_value(row.get("latitude")), _json_value(row.get("longitude"))
        if lat is None or lon is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": row["event_id"],
                "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                "properties": {c: _json_value(row.get(c)) for c in EVENT_COLUMNS},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def to_geojson_bytes(events: pd.DataFrame) -> bytes:
    return json.dumps(to_geojson(events), ensure_ascii=False, indent=1).encode("utf-8")


def export_name(stem: str, as_of: date | pd.Timestamp | None, suffix: str) -> str:
    """File name carrying the data's as-of date, e.g. events_as-of_2025-03-14.csv."""
    day = _iso(as_of) if as_of is not None else None
    return f"{stem}_as-of_{day}.{suffix}" if day else f"{stem}.{suffix}"


if __name__ == "__main__":
    import sys

    from dashboard.export_cli import main

    sys.exit(main())
