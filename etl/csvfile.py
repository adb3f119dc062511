"""The one CSV writer of the project: every CSV it writes (events, mentions, manifests,
downloads, audit trails) goes through `frame_bytes` or `rows_bytes`.

A text cell that a spreadsheet would read as a formula (starting with =, +, -, @, tab
or carriage return) is prefixed with an apostrophe; numeric columns are written as
numbers. `plain_cell` undoes the prefix for the project's own readers (manifests).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: object) -> object:
    """`value` made safe for a spreadsheet cell (text only; other values unchanged)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def plain_cell(value: str) -> str:
    """A cell as it was before `formula_safe`."""
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = [formula_safe(v) for v in safe[column]]
    return safe


def frame_bytes(frame: pd.DataFrame, *, for_spreadsheets: bool = False) -> bytes:
    """A frame as formula-safe CSV. `for_spreadsheets`: RFC 4180 CRLF rows and a UTF-8 BOM
    (what spreadsheet programs expect of a download); else LF rows, UTF-8 without BOM."""
    if for_spreadsheets:
        text = _safe_frame(frame).to_csv(index=False, lineterminator="\r\n")
        return text.encode("utf-8-sig")
    return _safe_frame(frame).to_csv(index=False, lineterminator="\n").encode("utf-8")


def rows_bytes(header: Sequence[str] | None, rows: Iterable[Sequence[object]]) -> bytes:
    """Rows (and an optional header) as formula-safe CSV, LF rows, UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows([formula_safe(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8")


def plain_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame read from a CSV written here, with every text cell as it was."""
    return frame.map(lambda v: plain_cell(v) if isinstance(v, str) else v)
