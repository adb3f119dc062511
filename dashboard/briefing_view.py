"""The briefing view: the selection as a page to present (a Streamlit edge).

Opened as `?view=briefing&<filters>` (the dashboard's "Open briefing view" link), so
a briefer can put one address on the projector: no sidebar, large type, the
numbered key events, the map with the same numbers, the timeline, the caveats and
the sources, with the HTML and slide downloads at the foot.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import briefing
from dashboard.basemap import Basemap
from dashboard.filters import Filters, apply, describe, to_query
from dashboard.keyevents import default_key_events, keep_present, ordered, to_param
from dashboard.mapchart import outlier_note
from dashboard.pack import briefing_figures

VIEW_PARAM, BRIEFING = "view", "briefing"
_CHROME = """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stSidebarNav"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stMainMenu"],
[data-testid="stDecoration"], [data-testid="stStatusWidget"], #MainMenu, footer
{display: none !important}
.block-container, [data-testid="stMainBlockContainer"] {max-width: 1400px; padding-top: 1.5rem}
.briefing, .briefing p, .briefing li, .briefing span, .briefing a {font-size: 24px !important;
  line-height: 1.35 !important; color: #1a1a1a !important}
.briefing h1 {font-size: 48px !important; line-height: 1.15 !important}
.briefing h2 {font-size: 36px !important; margin: .8em 0 .2em}
.briefing ol.events li b.summary {font-size: 30px !important}
.briefing .num {font-size: 30px !important}
.briefing .small, .briefing .small a {font-size: 24px !important; color: #333 !important}
"""


def is_briefing(params: Mapping[str, str]) -> bool:
    return params.get(VIEW_PARAM) == BRIEFING


def link(filters: Filters, *, briefing_view: bool, key: str | None = None) -> str:
    """A relative address of the dashboard or of the briefing view for these filters
    (and the analyst's key events, `key`)."""
    query = dict(to_query(filters))
    if briefing_view:
        query[VIEW_PARAM] = BRIEFING
    if key:
        query["key"] = key
    return "./?" + urlencode(query, doseq=True) if query else "./"


def _html(body: str) -> None:
    st.html(f'<div class="briefing">{body}</div>')


def render(
    events: pd.DataFrame,
    filters: Filters,
    basemap: Basemap,
    day: date | None,
    key_ids: list[str] | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Draw the briefing of `filters` over `events`, leading with the key events
    `key_ids` (default: the suggested ones); return the selection and the key ids."""
    selected = apply(events, filters)
    st.html(f"<style>{briefing.STYLE}{_CHROME}</style>")
    back = link(filters, briefing_view=False, key=to_param(key_ids) if key_ids else None)
    _html(
        briefing.header_html(day, describe(filters), len(selected))
        + f'<p class="small"><a href="{back}" target="_self">← back to the dashboard</a></p>'
    )
    if selected.empty:
        st.warning("No events match these filters: nothing to brief.")
        return selected, []
    ids = keep_present(key_ids, selected) if key_ids else default_key_events(selected)
    key = ordered(selected, ids)
    others = briefing.others_line(selected, key)
    _html(
        f"<h2>Key events</h2>{briefing.events_html(key)}"
        + (f'<p class="small">{html.escape(others)}</p>' if others else "")
        + briefing.caveats_html(selected)
    )
    timeline, map_fig = briefing_figures(selected, key, basemap)
    _html("<h2>Map</h2>")
    st.plotly_chart(map_fig, key="b_map", config={"displaylogo": False, "scrollZoom": True})
    far = outlier_note(selected)
    if far:
        _html(f'<p class="small">{html.escape(far)}</p>')
    _html("<h2>Timeline</h2>")
    st.plotly_chart(timeline, key="b_timeline", config={"displaylogo": False})
    _html(f"<h2>Sources</h2>{briefing.sources_html(selected)}")
    return selected, ids
