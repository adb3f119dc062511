"""When the bulk of a selection happened (pure): robust to a few background dates.

An article that recalls "the 2014 annexation" adds one event years before the news
it reports. Spans, first views and default key events are taken from the bulk of
the dated events instead, so that one background mention does not squeeze the rest
into a corner; the full span stays one slider drag away.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

BULK_SHARE = 0.8  # the middle share of events that makes "the bulk"
MIN_PAD = pd.Timedelta(days=3)
PRESETS = {"last 7 days": 7, "last 30 days": 30, "last 90 days": 90}


@dataclass(frozen=True)
class Span:
    """The full span of a selection and the window of its bulk."""

    start: pd.Timestamp
    end: pd.Timestamp
    bulk_start: pd.Timestamp
    bulk_end: pd.Timestamp

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def bulk_days(self) -> int:
        return (self.bulk_end - self.bulk_start).days + 1

    @property
    def has_outliers(self) -> bool:
        return (self.bulk_start, self.bulk_end) != (self.start, self.end)


def span(events: pd.DataFrame) -> Span | None:
    """The span of `events`; the bulk is their middle `BULK_SHARE` by date, widened to
    the whole span when that is less than twice as long (nothing then stands out).

    Dates known only to the year or month (precision 3–4) count only if nothing
    more precise exists: they are the usual background mentions.
    """
    if events.empty or events["date"].isna().all():
        return None
    start, end = events["date_start"].min(), events["date_end"].max()
    precise = events.loc[events["time_precision"].fillna(1) <= 2, "date"].dropna()
    dates = precise if len(precise) else events["date"].dropna()
    tail = (1 - BULK_SHARE) / 2
    lo, hi = dates.quantile(tail), dates.quantile(1 - tail)
    lo = min(lo, dates.max() - pd.Timedelta(days=6))  # a week at least
    hi = max(hi, dates.max()) if (dates.max() - hi) * 4 < (hi - lo) else hi
    bulk_start, bulk_end = max(pd.Timestamp(lo).normalize(), start), pd.Timestamp(hi).normalize()
    if (end - start) < 2 * (bulk_end - bulk_start + pd.Timedelta(days=1)):
        bulk_start, bulk_end = start, end
    return Span(start=start, end=end, bulk_start=bulk_start, bulk_end=min(bulk_end, end))


def first_view(events: pd.DataFrame) -> list[pd.Timestamp] | None:
    """The x range a timeline opens on: the bulk, padded."""
    s = span(events)
    if s is None:
        return None
    lo, hi = s.bulk_start, s.bulk_end + pd.Timedelta(days=1)
    pad = max((hi - lo) * 0.04, MIN_PAD)
    return [lo - pad, hi + pad]


def preset_range(as_of: date, days: int, bounds: tuple[date, date]) -> tuple[date, date]:
    """The last `days` days up to the as-of date, within the data's bounds."""
    lo, hi = bounds
    end = min(max(as_of, lo), hi)
    start = max(end - timedelta(days=days - 1), lo)
    return start, end


def describe_span(s: Span | None) -> str:
    """'2025-03-03 to 2025-03-14; 3 earlier or later events go back to 2014-01-01'."""
    if s is None:
        return "no events"
    bulk = f"{s.bulk_start.date().isoformat()} to {s.bulk_end.date().isoformat()}"
    if not s.has_outliers:
        return bulk
    return f"most events {bulk}; all {s.start.date().isoformat()} to {s.end.date().isoformat()}"
