"""Analyst corrections applied to the extracted events (pure).

A correction is an `Override` in an append-only log. It is anchored to the
*mentions* of the event it was made on, not to the event id: an event is found
again after an ETL re-run, or after new articles joined it, as the event that now
holds most of those mentions. An override whose mentions all vanished is
*orphaned*: it is reported, never silently dropped.

The log is replayed in order: edits set fields (a later edit of the same field
wins; edits of different fields, from different sessions, all stand), hide and
verify set flags, merge folds one event into another, split turns an event back
into one event per mention, and revert cancels an earlier entry.
"""

from __future__ import annotations

import calendar
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

import pandas as pd

from etl.schema import (
    AS_EXTRACTED,
    EDITABLE_FIELDS,
    EDITED,
    EVENT_COLUMNS,
    EVENT_EXTRA_COLUMNS,
    EventType,
    GeoPrecision,
    Status,
    TimePrecision,
    join_names,
    split_names,
)


class Action(StrEnum):
    EDIT = "edit"
    HIDE = "hide"
    UNHIDE = "unhide"
    VERIFY = "verify"
    UNVERIFY = "unverify"
    MERGE = "merge"
    SPLIT = "split"
    REVERT = "revert"


class ReviewError(ValueError):
    """A correction that cannot be made (bad value, nothing to split, …)."""


@dataclass(frozen=True)
class Override:
    """One entry of the review log."""

    id: int
    action: Action
    anchor: tuple[str, ...]
    event_id: str = ""
    other: tuple[str, ...] = ()
    fields: Mapping[str, Any] = field(default_factory=dict)
    before: Mapping[str, Any] = field(default_factory=dict)
    user: str = ""
    at: str = ""
    note: str = ""
    reverts: int | None = None


@dataclass(frozen=True)
class Reviewed:
    """The corrected view and what the log did to it."""

    events: pd.DataFrame
    hidden: pd.DataFrame
    mention_event: dict[str, str]
    applied: tuple[int, ...]
    orphaned: tuple[Override, ...]


# ---- values -------------------------------------------------------------------


def date_range(day: date, precision: TimePrecision) -> tuple[date, date]:
    """The uncertainty range a date of this precision stands for."""
    if precision is TimePrecision.DAY:
        return day, day
    if precision is TimePrecision.WEEK:
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if precision is TimePrecision.MONTH:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    return date(day.year, 1, 1), date(day.year, 12, 31)


def _text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def clean_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Validated, typed edits (dates as ISO strings); `ReviewError` names a bad value."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ReviewError(f"not an editable field: {', '.join(sorted(unknown))}")
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name in ("date", "date_start", "date_end"):
            try:
                out[name] = date.fromisoformat(str(value)[:10]).isoformat()
            except ValueError as exc:
                raise ReviewError(f"{name}: not a date ({value!r})") from exc
        elif name == "time_precision":
            out[name] = int(TimePrecision(int(value)))
        elif name == "geo_precision":
            out[name] = None if value is None else int(GeoPrecision(int(value)))
        elif name == "event_type":
            out[name] = EventType(str(value)).value
        elif name == "status":
            out[name] = Status(str(value)).value
        elif name == "fatalities":
            if value is not None and (int(value) < 0 or int(value) != value):
                raise ReviewError(f"fatalities: a whole number ≥ 0, not {value!r}")
            out[name] = None if value is None else int(value)
        elif name in ("latitude", "longitude"):
            limit = 90 if name == "latitude" else 180
            if value is not None and not -limit <= float(value) <= limit:
                raise ReviewError(f"{name}: must lie between -{limit} and {limit}")
            out[name] = None if value is None else float(value)
        elif name == "summary":
            if not _text(value):
                raise ReviewError("summary: cannot be empty")
            out[name] = _text(value)
        else:
            out[name] = _text(value)
    return out


def date_fields(day: date, precision: TimePrecision) -> dict[str, Any]:
    start, end = date_range(day, precision)
    return {
        "date": day.isoformat(),
        "date_start": start.isoformat(),
        "date_end": end.isoformat(),
        "time_precision": int(precision),
    }


def actor_fields(actor1: str | None, actor2: str | None, actors: str | None) -> dict[str, Any]:
    """actor1/actor2 and the actors list with both of them in it."""
    rest = [a for a in (actors or "").split(";") if a.strip()]
    names = list(dict.fromkeys(a for a in (actor1, actor2, *rest) if a))
    return {"actor1": actor1, "actor2": actor2, "actors": ";".join(names) or None}


# ---- replay -------------------------------------------------------------------


def split_event_id(mention_id: str) -> str:
    """The stable id of the event a split makes of one mention."""
    return "E" + hashlib.sha1(f"split:{mention_id}".encode()).hexdigest()[:10]


def _resolve(anchor: Sequence[str], mention_event: Mapping[str, str]) -> str | None:
    """The event now holding most of the anchor's mentions (ties: the first mention's)."""
    counts = Counter(mention_event[m] for m in anchor if m in mention_event)
    if not counts:
        return None
    best = max(counts.values())
    return next(mention_event[m] for m in anchor if counts.get(mention_event.get(m, "")) == best)


def _mention_event_row(mention: Mapping[str, Any]) -> dict[str, Any]:
    row = {c: mention.get(c) for c in (*EVENT_COLUMNS, *EVENT_EXTRA_COLUMNS)}
    row.update(
        event_id=split_event_id(str(mention["mention_id"])),
        source_count=1,
        sources=mention.get("outlet") or mention.get("file"),
        first_reported=mention.get("published"),
        evidence=mention.get("quote"),
        mention_count=1,
        notes="split from a merged event by an analyst",
    )
    return row


def _merged(target: dict[str, Any], other: Mapping[str, Any]) -> dict[str, Any]:
    sources = list(dict.fromkeys(
        s for cell in (target.get("sources"), other.get("sources")) for s in split_names(cell)
    ))  # fmt: skip

    def days(key: str) -> list[pd.Timestamp]:
        values = (target.get(key), other.get(key))
        return [pd.Timestamp(v) for v in values if not _missing(v)]

    starts, ends, firsts = days("date_start"), days("date_end"), days("first_reported")
    merged = dict(target)
    merged.update(
        sources=join_names(sources),
        source_count=len(sources),
        mention_count=int(target.get("mention_count") or 1) + int(other.get("mention_count") or 1),
        date_start=min(starts).date().isoformat() if starts else None,
        date_end=max(ends).date().isoformat() if ends else None,
        first_reported=min(firsts).date().isoformat() if firsts else None,
        notes="; ".join(
            n
            for n in (target.get("notes"), f"merged with {other['event_id']} by an analyst")
            if n and not _missing(n)
        ),
    )
    return merged


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str | list | tuple) and bool(pd.isna(value)))


def active(log: Iterable[Override]) -> list[Override]:
    """The log without reverted entries (and without the reverts themselves)."""
    entries = list(log)
    reverted = {o.reverts for o in entries if o.action is Action.REVERT}
    return [o for o in entries if o.action is not Action.REVERT and o.id not in reverted]


def apply(events: pd.DataFrame, mentions: pd.DataFrame, log: Iterable[Override]) -> Reviewed:
    """Replay the review log over the extracted events (inputs are not changed)."""
    entries = sorted(active(log), key=lambda o: o.id)
    mention_event = dict(zip(mentions["mention_id"].astype(str).tolist(),
                             mentions["event_id"].astype(str).tolist(), strict=True))  # fmt: skip
    base = events.assign(review=AS_EXTRACTED, verified=False)
    if not entries:
        return Reviewed(base, base.iloc[0:0], mention_event, (), ())
    index = {e: i for i, e in enumerate(base["event_id"].astype(str).tolist())}
    if not index:
        return Reviewed(base, base, mention_event, (), tuple(entries))
    rows: dict[str, dict[str, Any]] = {}
    structural = {o.action for o in entries} & {Action.MERGE, Action.SPLIT}
    members: dict[str, list[str]] = {}
    if structural:
        for mid, eid in mention_event.items():
            members.setdefault(eid, []).append(mid)
    removed: set[str] = set()
    hidden: set[str] = set()
    applied: list[int] = []
    orphaned: list[Override] = []

    def row(eid: str) -> dict[str, Any]:
        if eid not in rows:
            rows[eid] = base.iloc[index[eid]].to_dict()
        return rows[eid]

    for o in entries:
        target = _resolve(o.anchor, mention_event)
        if target is None or (target not in index and target not in rows) or target in removed:
            orphaned.append(o)
            continue
        if o.action is Action.EDIT:
            row(target).update(dict(o.fields), review=EDITED)
        elif o.action is Action.HIDE:
            hidden.add(target)
        elif o.action is Action.UNHIDE:
            hidden.discard(target)
        elif o.action in (Action.VERIFY, Action.UNVERIFY):
            row(target)["verified"] = o.action is Action.VERIFY
        elif o.action is Action.MERGE:
            other = _resolve(o.other, mention_event)
            if other is None or other == target or other in removed:
                orphaned.append(o)
                continue
            rows[target] = {**_merged(row(target), row(other)), "review": EDITED}
            for mid in members.pop(other, []):
                mention_event[mid] = target
                members.setdefault(target, []).append(mid)
            removed.add(other)
            hidden.discard(other)
        elif o.action is Action.SPLIT:
            mids = members.get(target, [])
            if len(mids) < 2:
                orphaned.append(o)
                continue
            found = mentions.loc[mentions["mention_id"].astype(str).isin(mids)]
            mention_rows = {str(m["mention_id"]): m for m in found.to_dict("records")}
            for mid in mids:
                piece = {
                    **_mention_event_row(mention_rows[mid]),
                    "review": EDITED,
                    "verified": False,
                }
                rows[piece["event_id"]] = piece
                mention_event[mid] = piece["event_id"]
                members[piece["event_id"]] = [mid]
            members.pop(target, None)
            removed.add(target)
        applied.append(o.id)
    full = _rebuild(base, rows, removed)
    is_hidden = full["event_id"].astype(str).isin(hidden)
    return Reviewed(
        full[~is_hidden].reset_index(drop=True),
        full[is_hidden].reset_index(drop=True),
        mention_event,
        tuple(applied),
        tuple(orphaned),
    )


def _rebuild(
    base: pd.DataFrame, rows: Mapping[str, dict[str, Any]], drop: set[str]
) -> pd.DataFrame:
    """`base` with changed rows replaced, new rows added and `drop` removed, in date order."""
    ids = base["event_id"].astype(str)
    changed = [r for k, r in rows.items() if k not in drop]
    parts = [base[~ids.isin(drop | set(rows))]]
    if changed:
        extra = pd.DataFrame(changed, columns=base.columns)
        for column, dtype in base.dtypes.items():
            values = extra[column]
            if pd.api.types.is_datetime64_any_dtype(dtype):
                extra[column] = pd.to_datetime(values, format="ISO8601").astype(dtype)
            elif pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_float_dtype(dtype):
                numbers = pd.to_numeric(values, errors="coerce")
                integer = pd.api.types.is_integer_dtype(dtype)
                extra[column] = (numbers.round() if integer else numbers).astype(dtype)
            else:
                extra[column] = values.astype(dtype)
        parts.append(extra)
    out = pd.concat(parts)
    return out.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)


def history(log: Iterable[Override], mention_ids: Iterable[str]) -> list[Override]:
    """The log entries about an event (by its mentions), with the reverts of them."""
    mids = set(mention_ids)
    about = [o for o in log if mids & set(o.anchor) or mids & set(o.other)]
    ids = {o.id for o in about}
    reverts = [o for o in log if o.action is Action.REVERT and o.reverts in ids]
    return sorted([*about, *reverts], key=lambda o: o.id)
