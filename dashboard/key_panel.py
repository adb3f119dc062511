"""The analyst's key events for the briefing (a Streamlit edge over `keyevents`).

The list starts as the suggested main events of the selection and follows the
filters until the analyst changes it: a pin from the event detail, a number typed in
the list (blank or 0 unpins), or "suggest again". The list travels in the URL
(`key=`), so the briefing view and a shared link open with the same events.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import keyevents
from dashboard.charts import period_texts

IDS, CUSTOM, VERSION = "v_key", "_key_custom", "_key_version"
PARAM = "key"


def seed_from_url(params: dict[str, list[str]]) -> None:
    """The first run of a session takes the list from the URL, if it has one."""
    ids = keyevents.from_param(params.get(PARAM, []))
    if ids and IDS not in st.session_state:
        st.session_state[IDS] = ids
        st.session_state[CUSTOM] = True


def current(selected: pd.DataFrame) -> list[str]:
    """The key event ids for this selection, in the briefing's order."""
    state = st.session_state
    if state.get(CUSTOM):
        return keyevents.keep_present(state.get(IDS, []), selected)
    ids = keyevents.default_key_events(selected)
    state[IDS] = ids
    return ids


def url_value() -> str | None:
    """The `key=` parameter while the analyst has chosen the list, else None."""
    state = st.session_state
    return keyevents.to_param(state.get(IDS, [])) if state.get(CUSTOM) else None


def _set(ids: list[str]) -> None:
    st.session_state[IDS] = ids
    st.session_state[CUSTOM] = True
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1


def _suggest_again() -> None:
    st.session_state[CUSTOM] = False
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1


def pin_button(event_id: str, ids: list[str]) -> None:
    """Pin the shown event to the briefing, or unpin it."""
    if event_id in ids:
        st.button(
            f"Unpin from the briefing (it is number {ids.index(event_id) + 1})",
            key="k_unpin",
            on_click=lambda: _set(keyevents.unpin(ids, event_id)),
        )
    else:
        st.button(
            "Pin to the briefing's key events",
            key="k_pin",
            on_click=lambda: _set(keyevents.pin(ids, event_id)),
        )


def render(selected: pd.DataFrame, ids: list[str]) -> None:
    """The numbered list; typing a number reorders it, blank or 0 unpins."""
    key = keyevents.ordered(selected, ids)
    editor_key = f"k_editor_{st.session_state.get(VERSION, 0)}"
    custom = st.session_state.get(CUSTOM)
    st.caption(
        ("Chosen by you. " if custom else "Suggested: the main reported, claimed and planned ")
        + ("" if custom else "events of the selection, statements and background left out. ")
        + "Type a number to move an event, clear it to unpin; pin more from the event detail."
    )
    if key.empty:
        st.info("No key events: pin events from the event detail below.")
    else:
        shown = pd.DataFrame(
            {
                "number": key["number"].astype(float),
                "date": period_texts(key),
                "summary": key["summary"].fillna("").astype(str),
            }
        )

        def reorder() -> None:
            edits = st.session_state[editor_key].get("edited_rows", {})
            numbers = shown["number"].tolist()
            for row, change in edits.items():
                numbers[int(row)] = change.get("number", numbers[int(row)])
            _set(keyevents.renumber(key["event_id"].astype(str).tolist(), numbers))

        st.data_editor(
            shown,
            key=editor_key,
            hide_index=True,
            width="stretch",
            disabled=["date", "summary"],
            on_change=reorder,
            column_config={
                "number": st.column_config.NumberColumn("no.", min_value=0, step=1, width="small"),
                "summary": st.column_config.TextColumn("summary", width="large"),
            },
        )
    if custom:
        st.button("Suggest the key events again", key="k_suggest", on_click=_suggest_again)
