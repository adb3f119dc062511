"""Analyst review of the selected event: correct, verify, hide, merge, split, audit.

A Streamlit edge over `dashboard.corrections` (what the form means) and
`etl.store` (the append-only SQLite log). Every button is a callback that appends
one entry to the log; the next run reloads the corrected view, so the timeline,
map, table and every download show the change at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.charts import type_label
from dashboard.corrections import (
    FORM_FIELDS,
    FormValues,
    Geocode,
    changes,
    conflicts,
    edited_fields,
    form_values,
    rebased,
)
from dashboard.data import ReviewedData
from dashboard.export import frame_to_csv_bytes
from dashboard.plain import literal
from etl.review import Action, Override, ReviewError, active, history
from etl.schema import AS_EXTRACTED, TIME_PRECISION_WORDS, EventType, Status, TimePrecision
from etl.store import ReviewStore, StoreError, audit_frame

SEEDED_FOR = "_review_for"
BASE = "_review_base"  # the values the form was opened with
CONFLICT = "_review_conflict"
MESSAGE = "_review_message"
ANALYST = "r_user"
Current = Callable[[str], "pd.Series | None"]
KEYS = {
    "date": "r_date", "time_precision": "r_precision", "event_type": "r_type",
    "sub_event_type": "r_sub", "actor1": "r_actor1", "actor2": "r_actor2",
    "location": "r_place", "latitude": "r_lat", "longitude": "r_lon", "status": "r_status",
    "fatalities": "r_fatalities", "summary": "r_summary",
}  # fmt: skip


def mention_ids(mentions: pd.DataFrame, event_id: str) -> tuple[str, ...]:
    rows = mentions.loc[mentions["event_id"] == event_id, "mention_id"]
    return tuple(rows.astype(str))


def _seed(row: pd.Series) -> None:
    """Fill the form from the event when another event is picked (or after a save)."""
    event_id = str(row["event_id"])
    if st.session_state.get(SEEDED_FOR) == event_id:
        return
    values = form_values(row.to_dict())
    for name in FORM_FIELDS:
        st.session_state[KEYS[name]] = getattr(values, name)
    st.session_state.r_note = ""
    st.session_state[SEEDED_FOR] = event_id
    st.session_state[BASE] = values
    st.session_state.pop(CONFLICT, None)


def _done(message: str, select: str | bool | None = False) -> None:
    st.session_state[MESSAGE] = message
    st.session_state[SEEDED_FOR] = None
    if select is not False:
        st.session_state.v_event = select


def analyst(default: str) -> str:
    """The name this browser session edits under (asked once, defaulting to the settings')."""
    name = str(st.session_state.get(ANALYST) or "").strip()
    return name or default


def _recorder(store: ReviewStore, user: str) -> Callable[..., int | None]:
    def record(action: Action, anchor: tuple[str, ...], **kwargs: Any) -> int | None:
        try:
            return store.record(action, anchor, user=analyst(user), **kwargs)
        except (StoreError, ReviewError) as exc:
            st.session_state[MESSAGE] = f"error: {exc}"
            return None

    return record


def flash() -> None:
    """The outcome of the last review action, shown once."""
    message = st.session_state.pop(MESSAGE, None)
    if message:
        (st.error if message.startswith("error:") else st.success)(literal(message))


def render(
    row: pd.Series,
    data: ReviewedData,
    store: ReviewStore,
    user: str,
    geocode: Geocode,
    current: Current,
) -> None:
    """The review box of one event (below its detail). `current(event_id)` is the event as
    it is now in the store (another analyst may have changed it since this page ran)."""
    event_id = str(row["event_id"])
    anchor = mention_ids(data.mentions, event_id)
    record = _recorder(store, user)
    entries = history(data.log, anchor)
    state = "✔ verified · " if bool(row.get("verified")) else ""
    state += "as extracted" if row.get("review", AS_EXTRACTED) == AS_EXTRACTED else (
        f"edited ({len(entries)} change{'s' if len(entries) != 1 else ''} in the audit trail)"
    )  # fmt: skip
    st.caption(f"Review: {state}")
    with st.expander("Review and correct this event", expanded=False):
        if ANALYST not in st.session_state:
            st.session_state[ANALYST] = user
        st.text_input(
            "Your name (recorded with each correction)", key=ANALYST,
            help="Asked once per browser session; the default comes from REVIEW_USER or "
            "settings.toml `[review] user`.",
        )  # fmt: skip
        st.caption(f"Editing as **{literal(analyst(user))}**.")
        _seed(row)
        _form(row, anchor, record, geocode, current)
        _conflict(row, anchor, record, geocode, current)
        _actions(row, data, anchor, record)
        _undo(entries, event_id, anchor, record)
        st.markdown("**Audit trail of this event**")
        trail = audit_frame(entries)
        if trail.empty:
            st.caption("No corrections yet: the event is as extracted.")
        else:
            st.dataframe(trail, hide_index=True, width="stretch", key="r_audit")


def _save(
    row: pd.Series, anchor: tuple[str, ...], record: Callable[..., Any], geocode: Geocode,
    current: Current, values: FormValues, chosen: list[str],
) -> None:  # fmt: skip
    """Write the `chosen` fields of the analyst's form over the event as it is now."""
    s = st.session_state
    fresh = current(str(row["event_id"]))
    if fresh is None:
        s[MESSAGE] = "error: the event was merged, split or hidden meanwhile; pick it again"
        return
    merged = rebased(form_values(fresh.to_dict()), values, chosen)
    try:
        fields, before = changes(fresh.to_dict(), merged, geocode)
    except (ReviewError, ValueError) as exc:
        s[MESSAGE] = f"error: {exc}"
        return
    if not fields:
        _done("Nothing changed.")
        return
    if record(Action.EDIT, anchor, event_id=str(row["event_id"]), fields=fields,
              before=before, note=s.get("r_note", "")) is not None:  # fmt: skip
        _done(f"Saved: {', '.join(sorted(fields))}.")


def _form(
    row: pd.Series, anchor: tuple[str, ...], record: Callable[..., Any], geocode: Geocode,
    current: Current,
) -> None:  # fmt: skip
    def save() -> None:
        s = st.session_state
        values = FormValues(**{name: s[KEYS[name]] for name in FORM_FIELDS})
        base = s.get(BASE) or form_values(row.to_dict())
        mine = edited_fields(base, values)
        if not mine:
            s[MESSAGE] = "Nothing changed."
            return
        fresh = current(str(row["event_id"]))
        now = form_values(fresh.to_dict()) if fresh is not None else base
        clash = conflicts(base, now, values, mine)
        if clash:
            s[CONFLICT] = {"event_id": str(row["event_id"]), "fields": clash, "mine": values,
                           "edited": mine}  # fmt: skip
            s[MESSAGE] = (
                "error: not saved — " + ", ".join(sorted(clash)) + " changed since you opened "
                "the form; choose below which value to keep"
            )
            return
        _save(row, anchor, record, geocode, current, values, mine)

    with st.form("review_form"):
        c1, c2, c3 = st.columns(3)
        c1.date_input("Date", key="r_date", format="YYYY-MM-DD", min_value=date(1900, 1, 1))
        c2.selectbox("Date precision", [int(p) for p in TimePrecision], key="r_precision",
                     format_func=lambda p: TIME_PRECISION_WORDS[TimePrecision(p)])  # fmt: skip
        c3.selectbox("Status", [s.value for s in Status], key="r_status")
        c1.selectbox("Type", [t.value for t in EventType], key="r_type", format_func=type_label)
        c2.text_input("Sub-type", key="r_sub")
        c3.number_input("Fatalities", min_value=0, step=1, key="r_fatalities")
        c1.text_input("Actor 1", key="r_actor1")
        c2.text_input("Actor 2", key="r_actor2")
        c3.text_input("Place (re-geocoded when renamed)", key="r_place")
        c1.number_input("Latitude", min_value=-90.0, max_value=90.0, format="%.4f", key="r_lat")
        c2.number_input("Longitude", min_value=-180.0, max_value=180.0, format="%.4f", key="r_lon")
        st.text_area("Summary", key="r_summary", height=68)
        st.text_input("Note for the audit trail (why)", key="r_note")
        st.form_submit_button("Save corrections", key="r_save", on_click=save)


def _conflict(
    row: pd.Series, anchor: tuple[str, ...], record: Callable[..., Any], geocode: Geocode,
    current: Current,
) -> None:  # fmt: skip
    """Both values of each field changed by someone else meanwhile; the analyst chooses."""
    pending = st.session_state.get(CONFLICT)
    if not pending or pending["event_id"] != str(row["event_id"]):
        return
    st.warning("Someone else changed these fields since you opened the form:")
    for name, (theirs, mine) in sorted(pending["fields"].items()):
        st.radio(
            name, ["theirs", "mine"], key=f"r_conflict_{name}", horizontal=True,
            format_func=lambda c, t=theirs, m=mine: f"keep theirs: {t}" if c == "theirs"
            else f"use mine: {m}",
        )  # fmt: skip

    def resolve() -> None:
        s = st.session_state
        chosen = [f for f in pending["edited"] if f not in pending["fields"]
                  or s.get(f"r_conflict_{f}") == "mine"]  # fmt: skip
        s.pop(CONFLICT, None)
        _save(row, anchor, record, geocode, current, pending["mine"], chosen)

    def cancel() -> None:
        st.session_state.pop(CONFLICT, None)
        _done("Kept the current values; your changes were not saved.")

    c1, c2 = st.columns(2)
    c1.button("Save with these choices", key="r_conflict_save", on_click=resolve)
    c2.button("Discard my changes", key="r_conflict_cancel", on_click=cancel)


def _actions(
    row: pd.Series, data: ReviewedData, anchor: tuple[str, ...], record: Callable[..., Any]
) -> None:
    event_id = str(row["event_id"])
    verified = bool(row.get("verified"))

    def verify() -> None:
        action = Action.UNVERIFY if verified else Action.VERIFY
        if record(action, anchor, event_id=event_id) is not None:
            _done("Verification mark removed." if verified else "Marked as verified.")

    def hide() -> None:
        if record(Action.HIDE, anchor, event_id=event_id, note="false positive") is not None:
            _done(f"Hidden: {event_id}. Unhide it under 'Hidden events'.", select=None)

    def split() -> None:
        if record(Action.SPLIT, anchor, event_id=event_id) is not None:
            _done(f"Split {event_id} into {len(anchor)} events, one per mention.", select=None)

    def merge() -> None:
        other = st.session_state.get("r_merge_with")
        if not other:
            st.session_state[MESSAGE] = "error: pick the event to merge into this one"
            return
        others = mention_ids(data.mentions, other)
        if record(Action.MERGE, anchor, event_id=event_id, other=others,
                  fields={"merged": other}) is not None:  # fmt: skip
            _done(f"Merged {other} into {event_id}.")

    c1, c2, c3 = st.columns(3)
    c1.button("Remove verified mark" if verified else "Mark as verified", key="r_verify",
              on_click=verify)  # fmt: skip
    c2.button("Hide (false positive)", key="r_hide", on_click=hide)
    c3.button(f"Split into its {len(anchor)} mentions", key="r_split", on_click=split,
              disabled=len(anchor) < 2, help="Undo a wrong merge: one event per mention.")  # fmt: skip
    events = data.events
    others = events.loc[events["event_id"] != event_id]
    labels = dict(zip(others["event_id"], others["date"].dt.strftime("%Y-%m-%d") + " · "
                      + others["summary"].fillna(""), strict=True))  # fmt: skip
    m1, m2 = st.columns([3, 1])
    m1.selectbox("Same real-world event as…", [None, *labels], key="r_merge_with",
                 format_func=lambda e: "—" if e is None else labels.get(e, e))  # fmt: skip
    m2.button("Merge into this event", key="r_merge", on_click=merge)


def _undo(
    entries: list[Override], event_id: str, anchor: tuple[str, ...], record: Callable[..., Any]
) -> None:
    undoable = [o for o in active(entries) if o.action is not Action.HIDE]
    last = undoable[-1] if undoable else None

    def undo() -> None:
        if last is not None and record(Action.REVERT, anchor, event_id=event_id,
                                       reverts=last.id) is not None:  # fmt: skip
            _done(f"Undone: #{last.id} ({last.action.value}).")

    st.button(
        f"Undo the last change (#{last.id}, {last.action.value})" if last else "Undo the last change",
        key="r_undo", on_click=undo, disabled=last is None,
    )  # fmt: skip


def hidden_and_orphaned(data: ReviewedData, store: ReviewStore, user: str) -> None:
    """Hidden events (to unhide), corrections that no longer apply, the whole audit trail."""
    record = _recorder(store, user)
    if not data.hidden.empty:
        with st.expander(f"Hidden events ({len(data.hidden)})"):
            st.dataframe(data.hidden[["date", "summary", "event_id"]], hide_index=True,
                         width="stretch", key="r_hidden")  # fmt: skip
            pick = st.selectbox("Unhide", [None, *data.hidden["event_id"]], key="r_unhide_pick")

            def unhide() -> None:
                pick = st.session_state.get("r_unhide_pick")
                if pick and record(Action.UNHIDE, mention_ids(data.mentions, pick),
                                   event_id=pick) is not None:  # fmt: skip
                    _done(f"{pick} is shown again.")

            st.button("Unhide", key="r_unhide", on_click=unhide, disabled=pick is None)
    if data.orphaned:
        st.warning(
            f"{len(data.orphaned)} correction(s) no longer match any event (their articles "
            "changed or were removed); they are kept in the audit trail: "
            + "; ".join(
                f"#{o.id} {o.action.value} of {o.event_id} by {literal(o.user)}"
                for o in data.orphaned
            )
        )
    if data.log:
        st.download_button(
            f"Download the audit trail ({len(data.log)} entries, CSV)",
            data=lambda: frame_to_csv_bytes(audit_frame(data.log)),
            file_name="review_audit.csv",
            mime="text/csv",
            key="dl_audit",
            on_click="ignore",
        )
