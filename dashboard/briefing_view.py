"""The briefing view: the selection as a page to present (a Streamlit edge).

Opened as `?view=briefing&<filters>` (the dashboard's "Open briefing view" link), so
a briefer can put one address on the projector: no sidebar, large type, the
numbered key events, the map with the same numbers, the timeline, the caveats and
the sources, with the HTML and slide downloads at the foot.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import briefing, charts, mapchart
from dashboard.basemap import Basemap
from dashboard.filters import Filters, apply, describe, to_query

VIEW_PARAM, BRIEFING = "view", "briefing"
LIST_LIMIT = 300
_CHROME = """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stSidebarNav"] {display: none !important}
.block-container {max-width: 1300px; padding-top: 2rem}
.briefing h2 {font-size: 1.6em; margin: .8em 0 .2em}
"""


def is_briefing(params: Mapping[str, str]) -> bool:
    return params.get(VIEW_PARAM) == BRIEFING


def link(filters: Filters, *, briefing_view: bool) -> str:
    """A relative address of the dashboard or of the briefing view for these filters."""
    query = dict(to_query(filters))
    if briefing_view:
        query[VIEW_PARAM] = BRIEFING
    return "./?" + urlencode(query, doseq=True) if query else "./"


def _html(body: str) -> None:
    st.html(f'<div class="briefing">{body}</div>')


def render(
    events: pd.DataFrame, filters: Filters, basemap: Basemap, day: date | None
) -> pd.DataFrame:
    """Draw the briefing of `filters` over `events`; return the selection."""
    selected = apply(events, filters)
    st.html(f"<style>{briefing.STYLE}{_CHROME}</style>")
    back = link(filters, briefing_view=False)
    _html(
        briefing.header_html(day, describe(filters), len(selected))
        + f'<p class="small"><a href="{back}" target="_self">← back to the dashboard</a></p>'
    )
    if selected.empty:
        st.warning("No events match these filters: nothing to brief.")
        return selected
    listed = (
        selected if len(selected) <= LIST_LIMIT else briefing.numbered(selected).head(LIST_LIMIT)
    )
    more = (
        f'<p class="small">The first {LIST_LIMIT} of {len(selected):,} events; the downloads '
        "hold them all. Narrow the filters for a shorter briefing.</p>"
        if len(selected) > LIST_LIMIT
        else ""
    )
    _html(
        f"<h2>Key events</h2>{briefing.events_html(listed)}{more}{briefing.caveats_html(selected)}"
    )
    _html("<h2>Map</h2>")
    st.plotly_chart(
        mapchart.map_figure(selected, basemap, labels=briefing.labels(selected)),
        key="b_map",
        config={"displaylogo": False, "scrollZoom": True},
    )
    _html("<h2>Timeline</h2>")
    st.plotly_chart(
        charts.timeline_figure(selected), key="b_timeline", config={"displaylogo": False}
    )
    _html(f"<h2>Sources</h2>{briefing.sources_html(selected)}")
    return selected
