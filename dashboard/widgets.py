"""The sidebar: widgets read into a `Filters` value, mirrored in the URL query string.

On a session's first run the widgets are seeded from the query string (values that
no longer exist in the data are dropped); on every run the current filters are
written back, so the address bar always holds a shareable link to the view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from dashboard.charts import type_label
from dashboard.filters import (
    ActorMatch,
    Filters,
    Lanes,
    Options,
    from_query,
    status_options,
    to_query,
)
from dashboard.mapchart import TILE_STYLES
from dashboard.period import PRESETS, preset_range

OFFLINE = "offline"
SEEDED = "_query_seeded"
VIEW_KEYS = {"lanes": "v_lanes", "map": "v_tiles", "event": "v_event"}


@dataclass(frozen=True)
class View:
    """Display choices that are not filters."""

    lanes: Lanes = Lanes.ACTOR
    tiles: str | None = None
    regions: bool = False  # the map shows counts per first-level region


def _query() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def _seed(opts: Options) -> None:
    """Widget state from the URL (first run of a session) or the defaults."""
    if st.session_state.get(SEEDED):
        return
    params = _query()
    f = from_query(params)
    bounds = opts.bounds
    actors = {a for _, a in opts.actors}
    state = st.session_state
    if bounds:
        lo, hi = bounds
        start = min(max(f.date_from or lo, lo), hi)
        end = max(min(f.date_to or hi, hi), start)
        state.f_dates = (start, end)
    state.f_actors = [a for a in f.actors if a in actors]
    state.f_match = f.actor_match.value
    state.f_types = [t for t in f.event_types if t in opts.types]
    state.f_countries = [c for c in f.countries if c in opts.countries]
    state.f_status = [s for s in f.statuses if s in status_options()]
    state.f_min_sources = f.min_sources
    state.f_text = f.text
    state.f_statements = f.statements
    state.f_outlets = [o for o in f.outlets if o in opts.outlets]
    state.f_sub_types = [t for t in f.sub_types if t in opts.sub_types]
    state.f_regions = [r for r in f.regions if r in opts.regions]
    state.f_verified = f.verified_only
    lanes = (params.get("lanes") or [Lanes.ACTOR.value])[0]
    state.v_lanes = lanes if lanes in Lanes._value2member_map_ else Lanes.ACTOR.value
    tiles = (params.get("map") or [OFFLINE])[0]
    state.v_tiles = tiles if tiles in TILE_STYLES else OFFLINE
    state.v_event = (params.get("event") or [None])[0]
    state[SEEDED] = True


def _prune(key: str, options: list[str]) -> list[str]:
    """Drop selections the data no longer offers (after an ETL re-run), then return options."""
    allowed = set(options)
    current = st.session_state.get(key) or []
    st.session_state[key] = [v for v in current if v in allowed]
    return options


BOUNDS = "_f_bounds"


def _fit_dates(bounds: tuple[date, date]) -> None:
    """Keep the date range valid when the data's span changes (re-run, hide, unhide).

    A range left at the full span follows the new span; a narrowed one is clamped.
    """
    state = st.session_state
    old, picked = state.get(BOUNDS), state.get("f_dates")
    state[BOUNDS] = bounds
    if not picked or old == bounds:
        return
    picked = tuple(picked)
    if old is not None and picked == tuple(old):
        state.f_dates = bounds
        return
    lo, hi = bounds
    start = min(max(picked[0], lo), hi)
    end = max(min(picked[-1], hi), start)
    state.f_dates = (start, end) if len(picked) > 1 else (start,)


def reset() -> None:
    """Forget every filter (a button callback): the next run seeds the defaults."""
    for key in [k for k in st.session_state if str(k).startswith(("f_", "v_"))]:
        del st.session_state[key]
    st.query_params.clear()
    st.session_state[SEEDED] = False


ALL_DATES = "all dates"


def _preset(as_of: date | None, bounds: tuple[date, date]) -> None:
    """Set the date range from the picked preset (a callback), counted back from the
    data's as-of date."""
    choice = st.session_state.get("f_preset")
    if choice in PRESETS and as_of is not None:
        st.session_state.f_dates = preset_range(as_of, PRESETS[choice], bounds)
    elif choice == ALL_DATES:
        st.session_state.f_dates = bounds


def sidebar(opts: Options, as_of: date | None = None) -> tuple[Filters, View]:
    _seed(opts)
    sb = st.sidebar
    sb.header("Filters")
    bounds = opts.bounds
    date_from: date | None = None
    date_to: date | None = None
    if bounds:
        _fit_dates(bounds)
        sb.pills(
            f"Quick dates (to the data's as-of date, {as_of.isoformat() if as_of else '—'})",
            [*PRESETS, ALL_DATES],
            key="f_preset",
            on_change=_preset,
            args=(as_of, bounds),
        )
        picked = sb.date_input(
            "Dates", min_value=bounds[0], max_value=bounds[1], key="f_dates", format="YYYY-MM-DD"
        )
        picked = tuple(picked) if isinstance(picked, tuple | list) else (picked,)
        date_from = picked[0] if picked else None
        date_to = picked[1] if len(picked) > 1 else None
        if (date_from, date_to) == bounds:
            date_from = date_to = None
    pairs = opts.actors
    side = dict((a, s) for s, a in pairs)
    actors = sb.multiselect(
        "Actors (grouped by side)",
        _prune("f_actors", [a for _, a in pairs]),
        key="f_actors",
        format_func=lambda a: a if side.get(a) == a else f"{side.get(a, '')} › {a}",
        placeholder="all actors",
    )
    match = sb.radio(
        "Match",
        [m.value for m in ActorMatch],
        key="f_match",
        horizontal=True,
        format_func=lambda m: "any of them" if m == "any" else "all of them",
    )
    types = sb.multiselect(
        "Event types",
        _prune("f_types", list(opts.types)),
        key="f_types",
        format_func=type_label,
        placeholder="all types",
    )
    statements = sb.toggle("Include statements", key="f_statements")
    countries = sb.multiselect(
        "Countries",
        _prune("f_countries", list(opts.countries)),
        key="f_countries",
        placeholder="all countries",
    )
    regions = sb.multiselect(
        "Regions (first level)",
        _prune("f_regions", list(opts.regions)),
        key="f_regions",
        placeholder="all regions",
    )
    sub_types = sb.multiselect(
        "Sub-types",
        _prune("f_sub_types", list(opts.sub_types)),
        key="f_sub_types",
        placeholder="all sub-types",
    )
    outlets = sb.multiselect(
        "Outlets", _prune("f_outlets", list(opts.outlets)), key="f_outlets",
        placeholder="all outlets",
    )  # fmt: skip
    statuses = sb.multiselect(
        "Status", status_options(), key="f_status", placeholder="reported, claimed, planned"
    )
    verified = sb.toggle(
        "Verified by an analyst only", key="f_verified",
        help="Events an analyst marked as verified in the review.",
    )  # fmt: skip
    min_sources = sb.number_input(
        "Minimum sources", min_value=1, max_value=opts.most_sources, step=1, key="f_min_sources"
    )
    text = sb.text_input("Search summary and evidence", key="f_text")
    sb.button("Clear filters", key="f_reset", on_click=reset)
    sb.header("View")
    lanes = sb.radio(
        "Timeline lanes",
        [lane.value for lane in Lanes],
        key="v_lanes",
        horizontal=True,
        format_func=lambda v: "per actor" if v == Lanes.ACTOR else "per event type",
    )
    tiles = sb.selectbox(
        "Map background",
        [OFFLINE, *TILE_STYLES],
        key="v_tiles",
        format_func=lambda v: (
            "bundled outlines (offline)" if v == OFFLINE else f"{v} tiles (needs internet)"
        ),
    )
    filters = Filters(
        date_from=date_from,
        date_to=date_to,
        actors=tuple(actors),
        actor_match=ActorMatch(match),
        event_types=tuple(types),
        countries=tuple(countries),
        statuses=tuple(statuses),
        min_sources=int(min_sources),
        text=text,
        statements=bool(statements),
        outlets=tuple(outlets),
        sub_types=tuple(sub_types),
        regions=tuple(regions),
        verified_only=bool(verified),
    )
    regions_map = sb.toggle(
        "Map: counts per region", key="v_regions",
        help="Events per first-level region (province, oblast, state) instead of single events.",
    )  # fmt: skip
    return filters, View(
        lanes=Lanes(lanes), tiles=None if tiles == OFFLINE else tiles, regions=bool(regions_map)
    )


def sync_url(
    filters: Filters, view: View, event_id: str | None, extra: dict[str, str | None]
) -> None:
    """Write the current view into the query string (only when it changed); `extra`
    parameters are written where they have a value."""
    wanted: dict[str, str | list[str]] = dict(to_query(filters))
    wanted |= {k: v for k, v in extra.items() if v}
    if view.lanes is not Lanes.ACTOR:
        wanted["lanes"] = view.lanes.value
    if view.tiles:
        wanted["map"] = view.tiles
    if event_id:
        wanted["event"] = event_id
    normal = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if normal != _query():
        st.query_params.from_dict(wanted)
