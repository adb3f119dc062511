"""The briefing pack: a selection of events as the bytes of one export format.

One place that knows every format, used by the app's download buttons and by
`python -m dashboard.export`, so both give the same files.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum

import pandas as pd
import plotly.graph_objects as go

from dashboard import acled, briefing, export, slides
from dashboard.basemap import Basemap
from dashboard.charts import timeline_figure
from dashboard.keyevents import default_key_events, ordered
from dashboard.mapchart import map_figure
from dashboard.render import figure_png


class Format(StrEnum):
    CSV = "csv"
    ACLED = "acled"
    GEOJSON = "geojson"
    HTML = "html"
    PPTX = "pptx"


EXTENSIONS = {Format.ACLED: "csv"}
MIME = {
    Format.CSV: "text/csv",
    Format.ACLED: "text/csv",
    Format.GEOJSON: "application/geo+json",
    Format.HTML: "text/html",
    Format.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def extension(fmt: Format) -> str:
    return EXTENSIONS.get(fmt, fmt.value)


def briefing_figures(
    events: pd.DataFrame, key: pd.DataFrame, basemap: Basemap, still: bool = False
) -> tuple[go.Figure, go.Figure]:
    """The timeline and the map of a briefing, the key events labelled with their numbers
    (`still`: for an image, events outside the timeline's window drawn at its edge)."""
    numbers = dict(zip(key["event_id"].astype(str), key["number"].astype(str), strict=True))
    return (
        timeline_figure(events, labels=numbers, edges=still),
        map_figure(events, basemap, numbers=numbers),
    )


def render(
    events: pd.DataFrame,
    fmt: Format,
    filters_line: str,
    day: date | None,
    basemap: Basemap,
    key_ids: Sequence[str] | None = None,
) -> bytes:
    """The export's bytes (`render.RenderError` if a pptx chart cannot be drawn).

    Briefings lead with the key events `key_ids` in that order (default: the main
    events of the selection, `keyevents.default_key_events`)."""
    if fmt is Format.CSV:
        return export.to_csv_bytes(events)
    if fmt is Format.ACLED:
        return export.frame_to_csv_bytes(acled.to_acled(events))
    if fmt is Format.GEOJSON:
        return export.to_geojson_bytes(events)
    ids = default_key_events(events) if key_ids is None else key_ids
    key = ordered(events, ids)
    timeline, map_fig = briefing_figures(events, key, basemap, still=fmt is Format.PPTX)
    if fmt is Format.HTML:
        return briefing.briefing_html(events, key, day, filters_line, timeline, map_fig).encode()
    return slides.briefing_pptx(
        events,
        key,
        day,
        filters_line,
        figure_png(slides.still(timeline), width=1600, height=760),
        figure_png(slides.still(map_fig), width=1400, height=900),
    )
