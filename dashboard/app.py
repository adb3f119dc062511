"""Conflict-events dashboard: timeline, map, per-actor filters, evidence, downloads.

    streamlit run dashboard/app.py

A thin script: widgets are read into a `Filters` value, pure functions from
`dashboard.filters`, `charts`, `detail` and `export` do the work, this file renders.
Data comes from `DASHBOARD_DATA_DIR` (default `data/`); when it has no events file yet,
the events are built from `DASHBOARD_SEEDS_DIR` (default `seeds/`) with a progress bar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import (
    articles_panel,
    briefing_view,
    charts,
    detail,
    export,
    key_panel,
    keyevents,
    mapchart,
    period,
    review_panel,
)
from dashboard.basemap import Basemap, read_basemap
from dashboard.corrections import place_from_name
from dashboard.data import (
    DataError,
    DataMissing,
    Paths,
    ReviewedData,
    as_of,
    build_from_seeds,
    data_version,
    default_paths,
    load_reviewed,
)
from dashboard.filters import Filters, Options, apply, describe, from_query, options, split_list
from dashboard.pack import MIME, Format, extension, render
from dashboard.plain import literal
from dashboard.render import browser_path
from dashboard.table import table_frame
from dashboard.widgets import sidebar, sync_url
from etl.actors import ActorLexicon, default_lexicon
from etl.gazetteer import default_gazetteer
from etl.geocode import OfflineGeocoder, PlaceResolver
from etl.store import ReviewStore, user_name

TABLE_LIMIT = 300  # rows sent to the browser; the downloads hold every event
UNPLACED_LIMIT = 200


# The one exception to "st.cache_data for frames": the loaded events are shared by every
# session and rerun, read-only (pandas copy-on-write keeps derived frames apart).
# st.cache_data would hand each rerun its own unpickled copy: at 1M events 0.5 GB and
# 0.5 s per rerun, and 3 GB resident with two sessions (measured).
@st.cache_resource(show_spinner="Loading events…", max_entries=2)
def _reviewed(data_dir: str, version: tuple[float, ...]) -> ReviewedData:
    return load_reviewed(Path(data_dir))


@st.cache_data(show_spinner=False, max_entries=4)
def _options(data_dir: str, version: tuple[float, ...]) -> Options:
    """The filter widgets' options for one version of the data."""
    return options(_reviewed(data_dir, version).events, _lexicon())


@st.cache_resource(show_spinner="Loading the gazetteer…")
def _resolver() -> PlaceResolver:
    gazetteer = default_gazetteer()
    return PlaceResolver(OfflineGeocoder(gazetteer), gazetteer)


@st.cache_resource(show_spinner=False)
def _basemap() -> Basemap:
    return read_basemap()


@st.cache_resource(show_spinner=False)
def _lexicon() -> ActorLexicon:
    return default_lexicon()


def _progress_bar() -> Callable[[Iterable[Any], int], Iterator[Any]]:
    bar = st.progress(0.0, text="Building the events from the seed articles…")

    def wrap(items: Iterable[Any], total: int) -> Iterator[Any]:
        for done, item in enumerate(items, start=1):
            yield item
            bar.progress(done / max(total, 1), text=f"Read {done} of {total} articles")

    return wrap


def _no_data(paths: Paths, reason: str) -> None:
    st.title("Conflict events timeline")
    st.info(
        f"No events yet ({reason}). Build them from a folder of articles, then reload:\n\n"
        f"`python -m etl run --input seeds --output {paths.data_dir}`\n\n"
        "or run `./run dashboard`, which builds them from the bundled seeds and opens this page."
    )


def _load(paths: Paths) -> ReviewedData | None:
    try:
        return _reviewed(str(paths.data_dir), data_version(paths.data_dir))
    except DataMissing as missing:
        if not paths.seeds_dir.is_dir():
            _no_data(paths, str(missing))
            return None
        try:
            build_from_seeds(paths.seeds_dir, paths.data_dir, progress=_progress_bar())
        except DataError as exc:
            _no_data(paths, str(exc))
            return None
        st.rerun()
    except DataError as exc:
        st.title("Conflict events timeline")
        st.error(
            f"The events file cannot be read: {literal(exc)}\n\nNothing was changed or overwritten. "
            "Re-run the ETL to rebuild it, or fix the file."
        )
    return None


def _current(data_dir: Path) -> Callable[[str], pd.Series | None]:
    """The event as it is in the store now (another session may have changed it)."""

    def find(event_id: str) -> pd.Series | None:
        events = _reviewed(str(data_dir), data_version(data_dir)).events
        rows = events.loc[events["event_id"] == event_id]
        return None if rows.empty else rows.iloc[0]

    return find


def _pick_from_chart(key: str) -> Callable[[], None]:
    def pick() -> None:
        state = st.session_state.get(key)
        points = state.selection.points if state else []
        for point in points:
            custom = point.get("customdata")
            if isinstance(custom, list) and custom:
                st.session_state.v_event = str(custom[0])
                return

    return pick


def _pick_from_table() -> None:
    rows = st.session_state.table.selection.rows
    ids = st.session_state.get("_table_ids", [])
    if rows and rows[0] < len(ids):
        st.session_state.v_event = ids[rows[0]]


def _header(events: pd.DataFrame, selected: pd.DataFrame, summary: str) -> None:
    day = as_of(events)
    st.title("Conflict events timeline")
    st.caption(
        f"Data as of {day.date().isoformat() if day is not None else 'unknown'} · {literal(summary)}"
    )
    sources = split_list(selected["sources"].dropna().unique())
    s = period.span(selected)
    days = "–" if s is None else f"{s.bulk_days:,} day{'s' if s.bulk_days != 1 else ''}"
    c1, c2, c3 = st.columns(3)
    c1.metric("Events", f"{len(selected):,}", help=f"of {len(events):,} in the data")
    c2.metric("Sources", f"{len(sources):,}", help=literal("; ".join(sources)) or None)
    c3.metric(
        "Main period",
        days,
        help="The span of the middle 80% of the events by date, so that one background "
        "date (a 2014 event recalled in an article) does not stretch it.",
    )
    st.caption(f"Selection: {period.describe_span(s)}")


def _weekly(selected: pd.DataFrame) -> None:
    # drawn only while open: a closed chart costs every rerun (server and browser)
    box = st.expander("Events and fatalities per week", key="x_weekly", on_change="rerun")
    if not box.open:
        return
    with box:
        measure = st.radio(
            "Count", charts.WEEKLY_MEASURES, key="v_weekly", horizontal=True,
            label_visibility="collapsed",
        )  # fmt: skip
        st.plotly_chart(
            charts.weekly_figure(selected, measure), key="weekly", config={"displaylogo": False}
        )


def _detail(
    selected: pd.DataFrame, mentions: pd.DataFrame, event_id: str | None
) -> pd.Series | None:
    listed = selected.tail(TABLE_LIMIT)
    if event_id is not None and event_id not in set(listed["event_id"]):
        listed = pd.concat([listed, selected.loc[selected["event_id"] == event_id]])
    options = listed["event_id"].tolist()
    labels = dict(zip(options, listed["date"].dt.strftime("%Y-%m-%d"), strict=True))
    summaries = dict(zip(options, listed["summary"].fillna(""), strict=True))
    st.selectbox(
        "Event detail (or click a point, or a table row)",
        [None, *options],
        key="v_event",
        format_func=lambda e: "—" if e is None else f"{labels[e]} · {summaries[e]}",
    )
    if event_id is None:
        return None
    row = selected.loc[selected["event_id"] == event_id].iloc[0]
    left, right = st.columns([2, 3])
    fields = pd.DataFrame(detail.fields(row), columns=["field", "value"])
    left.dataframe(fields, hide_index=True, width="stretch", key="detail_fields")
    quotes = detail.sources(mentions, event_id)
    right.markdown(f"**Sources ({len(quotes)} mention(s))**")
    right.dataframe(
        quotes,
        hide_index=True,
        width="stretch",
        key="detail_sources",
        column_config={
            "quote": st.column_config.TextColumn("quote", width="large"),
            "url": st.column_config.LinkColumn("article", display_text="open article"),
        },
    )
    return row


DOWNLOADS = {
    Format.CSV: "CSV (filtered events)",
    Format.GEOJSON: "GeoJSON (placed events)",
    Format.ACLED: "ACLED-style CSV",
    Format.HTML: "Briefing (HTML, works offline)",
    Format.PPTX: "Slides (PowerPoint)",
}
STEMS = {Format.ACLED: "events_acled", Format.HTML: "briefing", Format.PPTX: "briefing"}


def _downloads(
    selected: pd.DataFrame,
    day: pd.Timestamp | None,
    summary: str,
    formats: list[Format],
    key_ids: list[str],
) -> None:
    """One download button per format; each file is made only when its button is clicked."""
    as_date = day.date() if day is not None else None
    no_place = selected["latitude"].isna().all()
    for column, fmt in zip(st.columns(len(formats)), formats, strict=True):
        reason = None
        if selected.empty:
            reason = "the selection is empty"
        elif fmt is Format.GEOJSON and no_place:
            reason = "no selected event has a place"
        elif fmt is Format.PPTX and browser_path() is None:
            reason = "drawing the charts needs Chromium (apt-get install chromium)"
        column.download_button(
            f"Download {DOWNLOADS[fmt]}",
            data=lambda fmt=fmt: render(selected, fmt, summary, as_date, _basemap(), key_ids),
            file_name=export.export_name(STEMS.get(fmt, "events"), day, extension(fmt)),
            mime=MIME[fmt],
            key=f"dl_{fmt.value}",
            on_click="ignore",
            disabled=reason is not None,
            help=f"Not available: {reason}." if reason else None,
        )
    if selected.empty:
        st.caption("Nothing to download: the selection is empty.")


def _briefing(events: pd.DataFrame) -> None:
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    filters = from_query(params)
    day = as_of(events)
    selected, key_ids = briefing_view.render(
        events,
        filters,
        _basemap(),
        day.date() if day is not None else None,
        keyevents.from_param(params.get(key_panel.PARAM, [])) or None,
    )
    if not selected.empty:
        _downloads(selected, day, describe(filters), [Format.HTML, Format.PPTX], key_ids)


def _briefing_link(filters: Filters) -> None:
    st.link_button(
        "Open briefing view ↗",
        briefing_view.link(filters, briefing_view=True, key=key_panel.url_value()),
        help="The selection as a page to present: large type, numbered events, no sidebar.",
    )


def main() -> None:
    presenting = briefing_view.is_briefing(st.query_params)
    st.set_page_config(
        page_title="Conflict events briefing" if presenting else "Conflict events timeline",
        layout="wide",
        initial_sidebar_state="collapsed" if presenting else "auto",
    )
    paths = default_paths()
    data = _load(paths)
    if data is None:
        return
    events = data.events
    if events.empty and data.hidden.empty:
        st.title("Conflict events timeline")
        st.warning("The events file holds no events. Add articles and re-run the ETL.")
        return
    if presenting:
        _briefing(events)
        return
    mentions = data.mentions
    store, user = ReviewStore.of(paths.data_dir), user_name()
    if data.store_problem:
        st.warning(
            f"Corrections are unavailable — {literal(data.store_problem)}. The events are shown "
            "as extracted and the review is read-only. The file was left untouched: restore it "
            "from a backup, or move it aside to start a new review log."
        )
    key_panel.seed_from_url({k: st.query_params.get_all(k) for k in st.query_params})
    day = as_of(events)
    opts = _options(str(paths.data_dir), data_version(paths.data_dir))
    filters, view = sidebar(opts, day.date() if day is not None else None)
    selected = apply(events, filters)
    key_ids = key_panel.current(selected)
    ids = set(selected["event_id"])
    if st.session_state.get("v_event") not in ids:
        st.session_state.v_event = None
    event_id = st.session_state.get("v_event")
    _header(events, selected, describe(filters))
    _briefing_link(filters)
    if selected.empty:
        st.warning("No events match these filters. Widen the dates or clear some filters.")
    elif charts.is_aggregated(selected):
        st.info(
            f"{len(selected):,} events selected: above {charts.POINT_LIMIT:,} the timeline "
            "shows counts per day and the map counts per half-degree cell. Narrow the "
            "filters to see single events with their evidence."
        )
    st.subheader("Timeline")
    st.plotly_chart(
        charts.timeline_figure(
            selected, view.lanes, event_id, labels={e: str(n) for n, e in enumerate(key_ids, 1)}
        ),
        key="timeline",
        on_select=_pick_from_chart("timeline"),
        selection_mode="points",
        config={"displaylogo": False, "scrollZoom": True},
    )
    _weekly(selected)
    st.subheader("Map")
    st.plotly_chart(
        mapchart.region_figure(selected, _basemap())
        if view.regions
        else mapchart.map_figure(selected, _basemap(), event_id, tiles=view.tiles),
        key="map",
        on_select=_pick_from_chart("map"),
        selection_mode="points",
        config={"displaylogo": False, "scrollZoom": True},
    )
    far = mapchart.outlier_note(selected)
    if far:
        st.caption(literal(far))
    unplaced = mapchart.unplaced(selected)
    if not unplaced.empty:
        more = f" (the latest {UNPLACED_LIMIT:,} listed)" if len(unplaced) > UNPLACED_LIMIT else ""
        box = st.expander(
            f"{len(unplaced):,} event(s) with no place, not on the map{more}",
            key="x_unplaced",
            on_change="rerun",
        )
        if box.open:
            box.dataframe(
                table_frame(unplaced.tail(UNPLACED_LIMIT))[["date", "summary", "type", "outlets"]],
                hide_index=True,
                width="stretch",
                key="unplaced",
            )
    st.subheader("Key events for the briefing")
    key_panel.render(selected, key_ids)
    st.subheader("Selected event")
    review_panel.flash()
    row = _detail(selected, mentions, event_id)
    if row is not None:
        key_panel.pin_button(str(row["event_id"]), key_ids)
        if data.store_problem:
            st.caption("Review: read-only (the review store cannot be used).")
        else:
            review_panel.render(
                row, data, store, user, lambda name: place_from_name(name, _resolver()),
                _current(paths.data_dir),
            )  # fmt: skip
    st.subheader("Events")
    shown = selected.tail(TABLE_LIMIT)
    if len(selected) > TABLE_LIMIT:
        st.caption(
            f"Showing the latest {TABLE_LIMIT:,} of {len(selected):,} events by date; "
            "the downloads hold them all."
        )
    st.session_state._table_ids = shown["event_id"].tolist()
    st.dataframe(
        table_frame(shown),
        hide_index=True,
        width="stretch",
        key="table",
        on_select=_pick_from_table,
        selection_mode="single-row",
        column_config={
            "summary": st.column_config.TextColumn("summary", width="medium"),
            "evidence": st.column_config.TextColumn("evidence", width="large"),
        },
    )
    _downloads(selected, as_of(events), describe(filters), list(DOWNLOADS), key_ids)
    st.subheader("Review and articles")
    if not data.store_problem:
        review_panel.hidden_and_orphaned(data, store, user)
    articles_panel.render(paths.data_dir, _resolver)
    sync_url(filters, view, event_id, {key_panel.PARAM: key_panel.url_value()})


main()
