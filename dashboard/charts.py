"""Plotly figures for the selection: the timeline and the map (pure functions).

Each takes a filtered events frame and returns a `go.Figure`; nothing here reads files
or touches Streamlit. Article text goes into hover labels HTML-escaped, so a quote is
always shown as text. Above `POINT_LIMIT` events the charts show counts per day and
per area instead of one mark per event (`is_aggregated` tells the app to say so).
"""

from __future__ import annotations

import html
import math
import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.basemap import SOURCE_NOTE, Basemap, BBox
from dashboard.filters import Lanes
from etl.schema import (
    GEO_PRECISION_WORDS,
    TIME_PRECISION_WORDS,
    EventType,
    Status,
)

POINT_LIMIT = 5_000
MAX_LANES = 14
NO_ACTOR = "(no actor)"
OTHER_LANE = "Other actors"
HIGHLIGHT = "#d62728"

TYPE_COLOURS: dict[str, str] = {
    EventType.ARMED_CLASH: "#b2182b",
    EventType.TERRITORIAL_CHANGE: "#e66101",
    EventType.REMOTE_STRIKE: "#f1a340",
    EventType.DIPLOMACY: "#2166ac",
    EventType.AGREEMENT: "#1a9850",
    EventType.AID_OR_SANCTION: "#7b3294",
    EventType.STATEMENT: "#5e6b7a",
    EventType.LEGAL: "#8c510a",
    EventType.OTHER: "#969696",
}
STATUS_SYMBOLS: dict[str, str] = {
    Status.REPORTED: "circle",
    Status.CLAIMED: "diamond",
    Status.PLANNED: "circle-open",
}
TILE_STYLES = ("open-street-map", "carto-positron", "carto-darkmatter")
_WORLD: BBox = (-170.0, -58.0, 180.0, 80.0)


def type_label(value: str) -> str:
    return str(value).replace("_", " ")


def is_aggregated(events: pd.DataFrame) -> bool:
    return len(events) > POINT_LIMIT


def _text(value: object, width: int = 90) -> str:
    """Article text made safe for a plotly label: escaped, wrapped with <br>."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    lines = textwrap.wrap(str(value), width=width) or [""]
    return "<br>".join(html.escape(line, quote=False) for line in lines[:6])


def _words(mapping: dict, value: object) -> str:
    try:
        return str(mapping[int(value)])  # type: ignore[call-overload]
    except (KeyError, TypeError, ValueError):
        return "unknown"


def hover_fields(events: pd.DataFrame) -> np.ndarray:
    """customdata for hover and click: id, summary, place, date, precision, sources, quote."""
    places = events["location"].fillna("").astype(str)
    country = events["country"].fillna("").astype(str)
    place_text = [
        (f"{p}, {c}" if p and c and p != c else p or c or "no place")
        for p, c in zip(places, country, strict=True)
    ]
    date_text = [
        d.date().isoformat() if s == e else f"{s.date().isoformat()} – {e.date().isoformat()}"
        for d, s, e in zip(events["date"], events["date_start"], events["date_end"], strict=True)
    ]
    geo_words = [
        _words(GEO_PRECISION_WORDS, g) if pd.notna(g) else "no place"
        for g in events["geo_precision"]
    ]
    return np.column_stack(
        [
            events["event_id"].astype(str).to_numpy(),
            [_text(s) for s in events["summary"]],
            [html.escape(p) for p in place_text],
            date_text,
            [_words(TIME_PRECISION_WORDS, t) for t in events["time_precision"]],
            events["source_count"].fillna(1).astype(int).to_numpy(),
            [_text(e) for e in events["evidence"]],
            events["status"].fillna("").astype(str).to_numpy(),
            geo_words,
        ]
    )


HOVER_TEMPLATE = (
    "<b>%{customdata[1]}</b><br>%{customdata[3]} (%{customdata[4]})<br>"
    "%{customdata[2]} (%{customdata[8]})<br>%{customdata[7]} · %{customdata[5]} source(s)"
    "<br><i>%{customdata[6]}</i><extra></extra>"
)


# ---- timeline ----------------------------------------------------------------------


def lane_frame(events: pd.DataFrame, lanes: Lanes) -> pd.DataFrame:
    """One row per (event, lane): lanes are actor1/actor2, or the event type."""
    if lanes is Lanes.TYPE:
        out = events.assign(lane=events["event_type"].map(type_label))
        return out.reset_index(drop=True)
    a1 = events.assign(lane=events["actor1"].fillna(NO_ACTOR))
    a2 = events.loc[events["actor2"].notna() & (events["actor2"] != events["actor1"])]
    out = pd.concat([a1, a2.assign(lane=a2["actor2"])], ignore_index=True)
    counts = out["lane"].value_counts()
    if len(counts) > MAX_LANES:
        keep = set(counts.index[: MAX_LANES - 1])
        out["lane"] = out["lane"].where(out["lane"].isin(keep), OTHER_LANE)
        out = out.drop_duplicates(["event_id", "lane"])
    return out.reset_index(drop=True)


def _lane_order(lf: pd.DataFrame, lanes: Lanes) -> list[str]:
    if lanes is Lanes.TYPE:
        order = [type_label(t) for t in EventType]
        return [lane for lane in order if lane in set(lf["lane"])]
    counts = lf["lane"].value_counts()
    tail = [x for x in (OTHER_LANE, NO_ACTOR) if x in counts.index]
    return [x for x in counts.index if x not in tail] + tail


def _spread(lf: pd.DataFrame, y0: pd.Series) -> pd.Series:
    """Offsets events that share a lane and a day, so none hides another."""
    day = lf["date"].dt.normalize()
    rank = lf.groupby([lf["lane"], day]).cumcount()
    size = lf.groupby([lf["lane"], day])["event_id"].transform("size")
    step = 0.7 / size.clip(lower=1)
    return y0 + (rank - (size - 1) / 2) * step.where(size > 1, 0)


def _empty(message: str, height: int) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=message, showarrow=False, font={"size": 16}, x=0.5, y=0.5, xref="paper", yref="paper"
    )
    fig.update_layout(height=height, xaxis={"visible": False}, yaxis={"visible": False})
    return fig


def initial_range(events: pd.DataFrame) -> list[pd.Timestamp]:
    """The span to show first: all events, unless a few old ones would squash the rest.

    Background events years before the others (an invasion recalled in an article) stay
    reachable with the range slider.
    """
    lo, hi = events["date_start"].min(), events["date_end"].max()
    core_lo = events["date"].quantile(0.1)
    if (hi - core_lo) * 4 < (hi - lo):
        lo = core_lo
    pad = max((hi - lo) * 0.03, pd.Timedelta(days=1))
    return [lo - pad, hi + pad]


def _status_legend(fig: go.Figure) -> None:
    for status, symbol in STATUS_SYMBOLS.items():
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=str(status),
                marker={"symbol": symbol, "color": "#444", "size": 10},
                legendgroup="status",
                legendgrouptitle_text="status",
            )
        )


def timeline_figure(
    events: pd.DataFrame, lanes: Lanes = Lanes.ACTOR, highlight: str | None = None
) -> go.Figure:
    """x = date, one lane per actor (or type); colour = type, symbol = status.

    Exact dates are points; uncertain ones also get a bar over date_start..date_end.
    """
    if events.empty:
        return _empty("No events match the filters", 320)
    lf = lane_frame(events, lanes)
    order = _lane_order(lf, lanes)
    y_of = {lane: i for i, lane in enumerate(order)}
    y0 = lf["lane"].map(y_of).astype(float)
    fig = go.Figure()
    if is_aggregated(events):
        _aggregated_timeline(fig, lf, y0)
    else:
        _event_timeline(fig, lf, _spread(lf, y0), highlight)
    fig.update_layout(
        height=max(380, 150 + 40 * len(order)),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        hovermode="closest",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "groupclick": "toggleitem"},
        xaxis={
            "type": "date",
            "range": initial_range(events),
            "rangeslider": {"visible": True, "thickness": 0.08},
        },
        yaxis={
            "tickmode": "array",
            "tickvals": list(range(len(order))),
            "ticktext": [html.escape(x) for x in order],
            "autorange": "reversed",
            "zeroline": False,
        },
        dragmode="pan",
    )
    return fig


def _event_timeline(fig: go.Figure, lf: pd.DataFrame, y: pd.Series, highlight: str | None) -> None:
    custom = hover_fields(lf)
    uncertain = (lf["date_start"] != lf["date_end"]).to_numpy()
    for etype in [t.value for t in EventType] + sorted(
        set(lf["event_type"].dropna()) - set(EventType)
    ):
        sel = (lf["event_type"] == etype).fillna(False).to_numpy()
        if not sel.any():
            continue
        colour = TYPE_COLOURS.get(etype, "#969696")
        bars = sel & uncertain
        if bars.any():
            xs: list[object] = []
            ys: list[object] = []
            for s, e, yy in zip(lf["date_start"][bars], lf["date_end"][bars], y[bars], strict=True):
                xs += [s, e + pd.Timedelta(days=1), None]
                ys += [yy, yy, None]
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line={"color": colour, "width": 7},
                    opacity=0.35,
                    hoverinfo="skip",
                    showlegend=False,
                    legendgroup=etype,
                )
            )
        symbols = [STATUS_SYMBOLS.get(s, "circle") for s in lf["status"][sel]]
        fig.add_trace(
            go.Scatter(
                x=lf["date"][sel],
                y=y[sel],
                mode="markers",
                name=type_label(etype),
                legendgroup=etype,
                customdata=custom[sel],
                hovertemplate=HOVER_TEMPLATE,
                marker={
                    "color": colour,
                    "symbol": symbols,
                    "size": 11,
                    "line": {"width": 1, "color": "white"},
                },
            )
        )
    _status_legend(fig)
    if highlight is not None:
        hit = (lf["event_id"] == highlight).to_numpy()
        if hit.any():
            fig.add_trace(
                go.Scatter(
                    x=lf["date"][hit],
                    y=y[hit],
                    mode="markers",
                    name="selected",
                    hoverinfo="skip",
                    marker={
                        "symbol": "circle-open",
                        "size": 22,
                        "color": HIGHLIGHT,
                        "line": {"width": 3},
                    },
                )
            )


def _aggregated_timeline(fig: go.Figure, lf: pd.DataFrame, y0: pd.Series) -> None:
    grouped = (
        lf.assign(day=lf["date"].dt.normalize(), y=y0)
        .groupby(["event_type", "y", "day"], observed=True)
        .size()
        .rename("n")
        .reset_index()
    )
    for etype, part in grouped.groupby("event_type", sort=False):
        fig.add_trace(
            go.Scattergl(
                x=part["day"],
                y=part["y"],
                mode="markers",
                name=type_label(str(etype)),
                marker={
                    "color": TYPE_COLOURS.get(str(etype), "#969696"),
                    "size": np.clip(4 + 3 * np.sqrt(part["n"]), 4, 30),
                    "opacity": 0.7,
                },
                customdata=part["n"],
                hovertemplate="%{x|%Y-%m-%d}: %{customdata} event(s)<extra></extra>",
            )
        )


# ---- map ---------------------------------------------------------------------------


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


def _basemap_traces(basemap: Basemap, view: BBox) -> list[go.Scatter]:
    lon0, lat0, lon1, lat1 = view
    margin = 0.3 * max(lon1 - lon0, lat1 - lat0)
    countries, disputed = basemap.within(
        (lon0 - margin, lat0 - margin, lon1 + margin, lat1 + margin)
    )
    traces = []
    if countries:
        xs: list[float | None] = []
        ys: list[float | None] = []
        for shape in countries:
            xs += [*shape.lons, None]
            ys += [*shape.lats, None]
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                fillcolor="#eeeae2",
                line={"color": "#9a9a9a", "width": 0.7},
                hoverinfo="skip",
                name="countries",
                showlegend=False,
            )
        )
    if disputed:
        xs, ys = [], []
        for shape in disputed:
            xs += [*shape.lons, None]
            ys += [*shape.lats, None]
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                fillpattern={"shape": "/", "fgcolor": "#a05050", "size": 6, "solidity": 0.15},
                fillcolor="rgba(0,0,0,0)",
                line={"color": "#a05050", "width": 1, "dash": "dash"},
                name="disputed area",
                hoveron="fills",
                hoverinfo="name",
            )
        )
    return traces


def _disputed_labels(basemap: Basemap, view: BBox) -> list[dict]:
    """Names of the disputed areas wholly inside the view, e.g. "Crimea (disputed)"."""
    lon0, lat0, lon1, lat1 = view
    return [
        {
            "x": (s.bbox[0] + s.bbox[2]) / 2,
            "y": (s.bbox[1] + s.bbox[3]) / 2,
            "text": html.escape(f"{s.name} (disputed)"),
            "showarrow": False,
            "font": {"size": 10, "color": "#803030"},
        }
        for s in basemap.disputed
        if lon0 <= s.bbox[0]
        and s.bbox[2] <= lon1
        and lat0 <= s.bbox[1]
        and s.bbox[3] <= lat1
        and (s.bbox[2] - s.bbox[0]) > (lon1 - lon0) / 40
    ]


def _marker_size(n: pd.Series) -> np.ndarray:
    return np.clip(8 + 5 * np.sqrt(n.to_numpy(dtype=float)), 8, 40)


def map_figure(
    events: pd.DataFrame, basemap: Basemap, highlight: str | None = None, tiles: str | None = None
) -> go.Figure:
    """Markers coloured by type and sized by source count, fitted to the selection.

    The default draws `basemap` (no tile server, no network); `tiles` names an online
    tile style instead.
    """
    view = fit_view(events)
    markers = _marker_frame(events)
    if tiles:
        return _tile_map(markers, events, view, tiles, highlight)
    fig = go.Figure(_basemap_traces(basemap, view.bbox))
    aggregated = is_aggregated(events)
    custom = None if aggregated else hover_fields(markers)
    for etype, part_idx in markers.groupby("event_type", sort=False).groups.items():
        sel = markers.index.isin(part_idx)
        part = markers.loc[sel]
        fig.add_trace(
            go.Scatter(
                x=part["longitude"],
                y=part["latitude"],
                mode="markers",
                name=type_label(str(etype)),
                marker={
                    "color": TYPE_COLOURS.get(str(etype), "#969696"),
                    "size": _marker_size(part["n"]),
                    "opacity": 0.85,
                    "line": {"width": 1, "color": "white"},
                    "symbol": [
                        "circle" if aggregated else STATUS_SYMBOLS.get(s, "circle")
                        for s in part.get("status", pd.Series(["reported"] * len(part)))
                    ],
                },
                customdata=part["n"] if aggregated else custom[sel],
                hovertemplate=(
                    "%{customdata} event(s)<extra></extra>" if aggregated else HOVER_TEMPLATE
                ),
            )
        )
    if highlight is not None and not aggregated:
        hit = markers.loc[markers["event_id"] == highlight]
        if not hit.empty:
            fig.add_trace(
                go.Scatter(
                    x=hit["longitude"],
                    y=hit["latitude"],
                    mode="markers",
                    name="selected",
                    hoverinfo="skip",
                    marker={
                        "symbol": "circle-open",
                        "size": 30,
                        "color": HIGHLIGHT,
                        "line": {"width": 3},
                    },
                )
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


def _tile_map(
    markers: pd.DataFrame, events: pd.DataFrame, view: MapView, style: str, highlight: str | None
) -> go.Figure:
    aggregated = is_aggregated(events)
    custom = None if aggregated else hover_fields(markers)
    fig = go.Figure()
    for etype, part_idx in markers.groupby("event_type", sort=False).groups.items():
        sel = markers.index.isin(part_idx)
        part = markers.loc[sel]
        fig.add_trace(
            go.Scattermap(
                lon=part["longitude"],
                lat=part["latitude"],
                mode="markers",
                name=type_label(str(etype)),
                marker={
                    "color": TYPE_COLOURS.get(str(etype), "#969696"),
                    "size": _marker_size(part["n"]),
                },
                customdata=part["n"] if aggregated else custom[sel],
                hovertemplate=(
                    "%{customdata} event(s)<extra></extra>" if aggregated else HOVER_TEMPLATE
                ),
            )
        )
    if highlight is not None and not aggregated:
        hit = markers.loc[markers["event_id"] == highlight]
        fig.add_trace(
            go.Scattermap(
                lon=hit["longitude"],
                lat=hit["latitude"],
                mode="markers",
                name="selected",
                marker={"size": 26, "color": HIGHLIGHT, "opacity": 0.5},
            )
        )
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
