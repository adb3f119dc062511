"""The map of the selection (pure): bundled outlines by default, tiles as an option.

Coordinates are drawn on plain axes (longitude, latitude) with the latitude axis scaled
by 1/cos(mid-latitude), so shapes keep their proportions; no tile server and no network
request is involved unless `tiles` names an online style.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.basemap import SOURCE_NOTE, Basemap, BBox, Shape
from dashboard.charts import (
    HIGHLIGHT,
    HOVER_TEMPLATE,
    TYPE_COLOURS,
    hover_fields,
    is_aggregated,
    type_label,
    types_present,
)

TILE_STYLES = ("open-street-map", "carto-positron", "carto-darkmatter")
_WORLD: BBox = (-170.0, -58.0, 180.0, 80.0)


@dataclass(frozen=True)
class MapView:
    bbox: BBox
    scale_ratio: float  # y units per x unit, so shapes keep their proportions


def fit_view(events: pd.DataFrame, min_span: float = 4.0) -> MapView:
    """A view around the placed events, padded; the world when none has a place."""
    placed = events.dropna(subset=["latitude", "longitude"])
    if placed.empty:
        bbox = _WORLD
    else:
        lon0, lon1 = float(placed["longitude"].min()), float(placed["longitude"].max())
        lat0, lat1 = float(placed["latitude"].min()), float(placed["latitude"].max())
        pad_lon = max((lon1 - lon0) * 0.12, (min_span - (lon1 - lon0)) / 2, 0.5)
        pad_lat = max((lat1 - lat0) * 0.12, (min_span - (lat1 - lat0)) / 2, 0.5)
        bbox = (
            lon0 - pad_lon,
            max(lat0 - pad_lat, -85.0),
            lon1 + pad_lon,
            min(lat1 + pad_lat, 85.0),
        )
    mid_lat = max(min((bbox[1] + bbox[3]) / 2, 70.0), -70.0)
    return MapView(bbox=bbox, scale_ratio=1 / math.cos(math.radians(mid_lat)))


def unplaced(events: pd.DataFrame) -> pd.DataFrame:
    """Events with no coordinates (phone calls, statements without a place)."""
    return events.loc[events["latitude"].isna() | events["longitude"].isna()]


def _marker_frame(events: pd.DataFrame) -> pd.DataFrame:
    placed = events.dropna(subset=["latitude", "longitude"])
    if not is_aggregated(events):
        return placed.assign(n=placed["source_count"].fillna(1).astype(int))
    return (
        placed.assign(
            latitude=(placed["latitude"] * 2).round() / 2,
            longitude=(placed["longitude"] * 2).round() / 2,
        )
        .groupby(["event_type", "latitude", "longitude"], observed=True)
        .size()
        .rename("n")
        .reset_index()
    )


def _outline_trace(shapes: tuple[Shape, ...], **style: Any) -> go.Scatter:
    """All `shapes` as one filled line trace (rings separated by NaN gaps)."""
    return go.Scatter(
        x=np.concatenate([s.lons for s in shapes]),
        y=np.concatenate([s.lats for s in shapes]),
        mode="lines",
        fill="toself",
        **style,
    )


def _basemap_traces(basemap: Basemap, view: BBox) -> list[go.Scatter]:
    lon0, lat0, lon1, lat1 = view
    margin = 0.3 * max(lon1 - lon0, lat1 - lat0)
    countries, disputed = basemap.within(
        (lon0 - margin, lat0 - margin, lon1 + margin, lat1 + margin)
    )
    traces = []
    if countries:
        traces.append(
            _outline_trace(
                countries, name="countries", fillcolor="#eeeae2", showlegend=False,
                line={"color": "#9a9a9a", "width": 0.7}, hoverinfo="skip",
            )
        )  # fmt: skip
    if disputed:
        traces.append(
            _outline_trace(
                disputed, name="disputed area", fillcolor="rgba(0,0,0,0)",
                fillpattern={"shape": "/", "fgcolor": "#a05050", "size": 6, "solidity": 0.15},
                line={"color": "#a05050", "width": 1, "dash": "dash"},
                hoveron="fills", hoverinfo="name",
            )
        )  # fmt: skip
    return traces


def _disputed_labels(basemap: Basemap, view: BBox) -> list[dict]:
    """Names of the disputed areas wholly inside the view, e.g. "Crimea (disputed)"."""
    lon0, lat0, lon1, lat1 = view
    inside = {
        s.name: s
        for s in reversed(basemap.disputed)
        if lon0 <= s.bbox[0]
        and s.bbox[2] <= lon1
        and lat0 <= s.bbox[1]
        and s.bbox[3] <= lat1
        and (s.bbox[2] - s.bbox[0]) > (lon1 - lon0) / 40
    }  # one label per name, the first shape of that name
    return [
        {
            "x": (s.bbox[0] + s.bbox[2]) / 2,
            "y": (s.bbox[1] + s.bbox[3]) / 2,
            "text": html.escape(f"{s.name} (disputed)"),
            "showarrow": False,
            "font": {"size": 10, "color": "#803030"},
        }
        for s in inside.values()
    ]


def _marker_size(n: pd.Series) -> np.ndarray:
    return np.clip(8 + 5 * np.sqrt(n.to_numpy(dtype=float)), 8, 40)


def _marker_traces(
    events: pd.DataFrame, highlight: str | None, tiles: bool, labels: dict[str, str] | None = None
) -> list[Any]:
    """One marker trace per event type (and a ring on the selected event)."""
    markers = _marker_frame(events)
    aggregated = is_aggregated(events)
    custom = None if aggregated else hover_fields(markers)
    types = markers["event_type"].fillna("").to_numpy()
    traces: list[Any] = []
    for etype in types_present(markers):
        sel = types == etype
        part = markers.loc[sel]
        style = {"color": TYPE_COLOURS.get(etype, "#969696"), "size": _marker_size(part["n"])}
        if not tiles:
            style |= {"opacity": 0.85, "line": {"width": 1, "color": "white"}}
        coords = (
            {"lon": part["longitude"], "lat": part["latitude"]}
            if tiles
            else {"x": part["longitude"], "y": part["latitude"]}
        )
        trace = go.Scattermap if tiles else go.Scatter
        text = {}
        if labels and not aggregated:
            text = {
                "text": [labels.get(str(i), "") for i in part["event_id"]],
                "textposition": "top center",
                "textfont": {"size": 13, "color": "#222"},
            }
        traces.append(
            trace(
                **coords,
                **text,
                mode="markers+text" if text else "markers",
                name=type_label(etype),
                marker=style,
                customdata=part["n"] if aggregated else custom[sel],
                hovertemplate=(
                    "%{customdata} event(s)<extra></extra>" if aggregated else HOVER_TEMPLATE
                ),
            )
        )
    hit = markers.loc[markers["event_id"] == highlight] if highlight and not aggregated else None
    if hit is not None and not hit.empty:
        ring = {"size": 30, "color": HIGHLIGHT}
        if tiles:
            traces.append(
                go.Scattermap(
                    lon=hit["longitude"], lat=hit["latitude"], mode="markers", name="selected",
                    hoverinfo="skip", marker=ring | {"opacity": 0.45},
                )
            )  # fmt: skip
        else:
            traces.append(
                go.Scatter(
                    x=hit["longitude"], y=hit["latitude"], mode="markers", name="selected",
                    hoverinfo="skip", marker=ring | {"symbol": "circle-open", "line": {"width": 3}},
                )
            )  # fmt: skip
    return traces


def map_figure(
    events: pd.DataFrame,
    basemap: Basemap,
    highlight: str | None = None,
    tiles: str | None = None,
    labels: dict[str, str] | None = None,
) -> go.Figure:
    """Markers coloured by type and sized by source count, fitted to the selection.

    The default draws `basemap` (no tile server, no network); `tiles` names an online
    tile style instead. `labels` (event id -> text) writes a label by each marker,
    e.g. the event's number in a briefing.
    """
    view = fit_view(events)
    if tiles:
        return _tile_map(_marker_traces(events, highlight, tiles=True), view, tiles)
    fig = go.Figure(
        [
            *_basemap_traces(basemap, view.bbox),
            *_marker_traces(events, highlight, tiles=False, labels=labels),
        ]
    )
    lon0, lat0, lon1, lat1 = view.bbox
    fig.update_layout(
        height=520,
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        plot_bgcolor="#cfe0ee",
        xaxis={"range": [lon0, lon1], "visible": False, "constrain": "range"},
        yaxis={
            "range": [lat0, lat1],
            "visible": False,
            "scaleanchor": "x",
            "scaleratio": view.scale_ratio,
            "constrain": "range",
        },
        dragmode="pan",
        hovermode="closest",
        legend={"orientation": "h", "y": -0.02},
        annotations=[
            *_disputed_labels(basemap, view.bbox),
            {
                "text": SOURCE_NOTE,
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 1,
                "y": 0,
                "xanchor": "right",
                "yanchor": "bottom",
                "font": {"size": 9, "color": "#666"},
            },
        ],
    )
    return fig


def _tile_map(traces: list[Any], view: MapView, style: str) -> go.Figure:
    fig = go.Figure(traces)
    lon0, lat0, lon1, lat1 = view.bbox
    fig.update_layout(
        height=520,
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        map={
            "style": style,
            "center": {"lon": (lon0 + lon1) / 2, "lat": (lat0 + lat1) / 2},
            "zoom": max(0.0, min(12.0, math.log2(360 / max(lon1 - lon0, 0.01)) - 0.5)),
        },
        legend={"orientation": "h", "y": -0.02},
    )
    return fig
