"""The key events of a briefing (pure): a sensible default, and the analyst's order.

The default picks the main reported, claimed and planned events of the selection:
no statements, no background dates before the bulk of the selection (see `period`),
then the events with the most sources, combat and agreements before other types,
fatalities before none. The analyst can pin, unpin and renumber; the briefing view,
the HTML and the slides number the events in that order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from dashboard.columns import lookup
from dashboard.period import span
from etl.schema import EventType, Status

DEFAULT_COUNT = 8
TYPE_WEIGHT = {
    EventType.TERRITORIAL_CHANGE: 3.0,
    EventType.ARMED_CLASH: 2.5,
    EventType.REMOTE_STRIKE: 2.5,
    EventType.AGREEMENT: 2.5,
    EventType.AID_OR_SANCTION: 2.0,
    EventType.DIPLOMACY: 1.5,
    EventType.LEGAL: 1.0,
}
STATUS_WEIGHT = {Status.REPORTED: 1.0, Status.CLAIMED: 0.5, Status.PLANNED: 0.5}
SEP = ","


COLUMNS = ["event_id", "date", "date_end", "event_type", "status", "source_count",
           "fatalities", "time_precision"]  # fmt: skip


def candidates(events: pd.DataFrame) -> pd.DataFrame:
    """Events a briefing could lead with: not statements, not before the bulk window
    (only the columns the ranking reads: a million rows are not copied whole)."""
    s = span(events)
    events = events[[c for c in COLUMNS if c in events.columns]]
    keep = events["event_type"] != EventType.STATEMENT.value
    if s is not None:
        keep &= events["date_end"] >= s.bulk_start
    keep &= events["time_precision"].fillna(1) <= 3
    return events.loc[keep.fillna(False).astype(bool)]


def score(events: pd.DataFrame) -> pd.Series:
    """How much an event deserves a place in the briefing (higher first)."""
    sources = events["source_count"].fillna(1).clip(upper=6)
    kind = lookup(events["event_type"], TYPE_WEIGHT, 0.5)
    status = lookup(events["status"], STATUS_WEIGHT, 0.5)
    deaths = (events["fatalities"].fillna(0) > 0).astype(float)
    precise = (events["time_precision"].fillna(1) == 1).astype(float) * 0.5
    return sources * 1.5 + kind + status + deaths + precise


def default_key_events(events: pd.DataFrame, count: int = DEFAULT_COUNT) -> list[str]:
    """The ids of the `count` main events of the selection, in date order."""
    pool = candidates(events)
    if pool.empty:
        return []
    scores = score(pool)
    pool = pool.loc[scores.nlargest(count, keep="all").index]  # ties at the cut all kept
    ranked = pool.assign(_score=scores.loc[pool.index]).sort_values(
        ["_score", "date", "event_id"], ascending=[False, False, True], kind="stable"
    )
    top = ranked.head(count).sort_values(["date", "event_id"], kind="stable")
    return top["event_id"].astype(str).tolist()


def keep_present(ids: Iterable[str], events: pd.DataFrame) -> list[str]:
    """`ids` in their order, without repeats and without those not in `events`."""
    wanted = list(dict.fromkeys(ids))
    ids_column = events["event_id"].astype(str)
    present = set(ids_column[ids_column.isin(wanted)])
    return [i for i in wanted if i in present]


def renumber(ids: Sequence[str], numbers: Sequence[float | None]) -> list[str]:
    """The ids reordered by the numbers an analyst typed over 1, 2, 3, …; a blank or 0
    unpins an event.

    On a tie the event whose number was changed goes first, so typing 1 on the fifth
    event moves it to the top.
    """
    kept = [
        (float(n), float(n) == i + 1, i, event_id)
        for i, (event_id, n) in enumerate(zip(ids, numbers, strict=True))
        if n is not None and not pd.isna(n) and n > 0
    ]
    return [event_id for *_, event_id in sorted(kept)]


def pin(ids: Sequence[str], event_id: str) -> list[str]:
    return [*ids, event_id] if event_id not in ids else list(ids)


def unpin(ids: Sequence[str], event_id: str) -> list[str]:
    return [i for i in ids if i != event_id]


def to_param(ids: Sequence[str]) -> str:
    return SEP.join(ids)


def from_param(values: Sequence[str]) -> list[str]:
    return [i.strip() for v in values for i in v.split(SEP) if i.strip()]


def ordered(events: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """The key events in the analyst's order with their briefing number (1, 2, …)."""
    wanted = keep_present(ids, events)
    rows = events.loc[events["event_id"].astype(str).isin(wanted)]
    by_id = rows.assign(_id=rows["event_id"].astype(str)).drop_duplicates("_id")
    picked = by_id.set_index("_id").reindex(wanted)
    return picked.reset_index(drop=True).assign(number=range(1, len(picked) + 1))
