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
from geopy.distance import EARTH_RADIUS

from dashboard.basemap import SOURCE_NOTE, WIDE_VIEW_DEGREES, Basemap, BBox, Shape, touches
from dashboard.charts import (
    HIGHLIGHT,
    HOVER_TEMPLATE,
    TYPE_COLOURS,
    hover_fields,
    is_aggregated,
    type_label,
    types_present,
)
from dashboard.maplabels import Wanted, annotation, place, point_box

TILE_STYLES = ("open-street-map", "carto-positron", "carto-darkmatter")
_WORLD: BBox = (-170.0, -58.0, 180.0, 80.0)
OUTLIER_FACTOR = 3.0
OUTLIER_KM = 800.0
MAX_OUTLIER_SHARE = 0.2
AREA_LEVEL = 3  # geo_precision of a region (3) or a whole country (4)
MAX_LABELS = 30
MAX_NUMBERS = 4


@dataclass(frozen=True)
class MapView:
    bbox: BBox
    scale_ratio: float  # y units per x unit, so shapes keep their proportions


def _haversine_km(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    p1, p2 = np.radians(lat), math.radians(lat0)
    dl = np.radians(lon - lon0)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * math.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def bulk(events: pd.DataFrame) -> pd.Series:
    """Which placed events make the bulk of the map (True) and which are far outliers.

    An event is an outlier when it lies more than `OUTLIER_FACTOR` times the typical
    distance (the 75th percentile) from the median point, and at least `OUTLIER_KM`
    away; outliers are left out of the view only while they are few (a fifth at most).
    """
    points = events[["latitude", "longitude"]].dropna()  # two columns, not the frame
    keep = pd.Series(True, index=points.index)
    if len(points) < 3:
        return keep
    lat, lon = points["latitude"].to_numpy(float), points["longitude"].to_numpy(float)
    dist = _haversine_km(lat, lon, float(np.median(lat)), float(np.median(lon)))
    limit = max(OUTLIER_FACTOR * float(np.quantile(dist, 0.75)), OUTLIER_KM)
    far = dist > limit
    if 0 < far.sum() <= MAX_OUTLIER_SHARE * len(points):
        keep[:] = ~far
    return keep


def outliers(events: pd.DataFrame) -> pd.DataFrame:
    """The placed events left out of the map's first view (see `bulk`)."""
    keep = bulk(events)
    return events.loc[keep.index[~keep.to_numpy()]]


def outlier_note(events: pd.DataFrame) -> str | None:
    """'Outside the first view (zoom out): Washington (2 events), Ottawa (1 event).'"""
    far = outliers(events)
    if far.empty:
        return None
    names = far["location"].fillna(far["country"]).fillna("unnamed place").astype(str)
    counts = names.value_counts()
    listed = ", ".join(f"{n} ({c} event{'s' if c != 1 else ''})" for n, c in counts.items())
    return f"Outside the first view (zoom out to see them): {listed}."


def fit_view(events: pd.DataFrame, min_span: float = 4.0) -> MapView:
    """A view around the bulk of the placed events, padded; the world when none has a
    place. Far outliers (see `bulk`) stay reachable by zooming out."""
    keep = bulk(events)
    placed = events.loc[keep.index[keep.to_numpy()], ["latitude", "longitude"]]
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
    if not is_aggregated(events):
        placed = events.dropna(subset=["latitude", "longitude"])
        return placed.assign(n=placed["source_count"].fillna(1).astype(int))
    # counts per cell read three columns, not every column of a million rows
    placed = events[["event_type", "latitude", "longitude"]].dropna(
        subset=["latitude", "longitude"]
    )
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
    return go.Scatter(  # float32: half the bytes to the browser, metres of precision
        x=np.concatenate([s.lons for s in shapes]).astype(np.float32),
        y=np.concatenate([s.lats for s in shapes]).astype(np.float32),
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
    regional = max(lon1 - lon0, lat1 - lat0) <= WIDE_VIEW_DEGREES
    if basemap.regions is not None and regional:
        lons, lats = basemap.regions.within(
            (lon0 - margin, lat0 - margin, lon1 + margin, lat1 + margin)
        )
        if len(lons):
            traces.append(
                go.Scatter(
                    x=lons.astype(np.float32), y=lats.astype(np.float32), mode="lines",
                    name="region boundaries", showlegend=False,
                    line={"color": "#b3aa98", "width": 0.6, "dash": "dot"}, hoverinfo="skip",
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


def _inside_shape(events: pd.DataFrame, shape: Shape) -> bool:
    lon0, lat0, lon1, lat1 = shape.bbox
    lon, lat = events["longitude"], events["latitude"]
    return bool(((lon >= lon0) & (lon <= lon1) & (lat >= lat0) & (lat <= lat1)).any())


def _label_wishes(
    markers: pd.DataFrame, basemap: Basemap, view: BBox, numbers: dict[str, str]
) -> list[Wanted]:
    """Place names (with the briefing numbers of their events) and the names of the
    disputed areas that hold a selected event. Events at one spot share one label,
    named after the most precise place there (Moscow, not Russia drawn at Moscow)."""
    lon0, lat0, lon1, lat1 = view
    inview = markers.loc[
        markers["longitude"].between(lon0, lon1) & markers["latitude"].between(lat0, lat1)
    ]
    disputed = {
        s.name: s
        for s in reversed(basemap.disputed)
        if touches(s.bbox, view) and _inside_shape(inview, s)
    }
    names = inview["location"].fillna(inview["country"]).fillna("").astype(str)
    spot = inview["latitude"].round(2).astype(str) + "," + inview["longitude"].round(2).astype(str)
    by_precision = inview.assign(_name=names, _spot=spot).sort_values(
        "geo_precision", kind="stable"
    )
    label_of = by_precision.groupby("_spot", sort=False)["_name"].transform("first")
    wishes: list[Wanted] = []
    for where, group in by_precision.groupby(label_of, sort=False):
        where = str(where)
        if where in disputed:
            where = f"{disputed.pop(where).name} (disputed)"
        nums = [numbers[e] for e in group["event_id"].astype(str) if e in numbers]
        more = [f"+{len(nums) - MAX_NUMBERS}"] if len(nums) > MAX_NUMBERS else []
        text = " ".join(x for x in (html.escape(where), ", ".join(nums[:MAX_NUMBERS] + more)) if x)
        if text:
            wishes.append(
                Wanted(
                    text=text,
                    lon=float(group["longitude"].iloc[0]),
                    lat=float(group["latitude"].iloc[0]),
                    radius=float(_marker_size(group["n"]).max()) / 2,
                    size=13 if nums else 12,
                    rank=len(group) + (1000 if nums else 0),
                )
            )
    for shape in disputed.values():
        wishes.append(
            Wanted(
                text=html.escape(f"{shape.name} (disputed)"),
                lon=(shape.bbox[0] + shape.bbox[2]) / 2,
                lat=(shape.bbox[1] + shape.bbox[3]) / 2,
                radius=0.0,
                size=11,
                rank=-1.0,
            )
        )
    return wishes


def place_labels(
    events: pd.DataFrame, basemap: Basemap, view: MapView, numbers: dict[str, str] | None = None
) -> list[dict]:
    """Annotations naming the places of the selection (with the briefing numbers of
    their events) and the disputed areas that hold an event, placed so that none
    overlaps another or a marker."""
    if is_aggregated(events):
        return []
    markers = _marker_frame(events)
    wishes = _label_wishes(markers, basemap, view.bbox, numbers or {})
    obstacles = [
        point_box(lon, lat, size / 2, view.bbox, view.scale_ratio)
        for lon, lat, size in zip(
            markers["longitude"], markers["latitude"], _marker_size(markers["n"]), strict=True
        )
    ]
    placed = place(wishes, view.bbox, view.scale_ratio, obstacles)[:MAX_LABELS]
    return [annotation(p, color="#803030" if "(disputed)" in p.text else "#1a1a1a") for p in placed]


def _marker_size(n: pd.Series) -> np.ndarray:
    return np.clip(8 + 5 * np.sqrt(n.to_numpy(dtype=float)), 8, 40)


def _is_area(part: pd.DataFrame) -> np.ndarray:
    if "geo_precision" not in part:
        return np.zeros(len(part), dtype=bool)
    return (part["geo_precision"].fillna(0) >= AREA_LEVEL).to_numpy()


def _marker_traces(events: pd.DataFrame, highlight: str | None, tiles: bool) -> list[Any]:
    """One marker trace per event type and place precision (and a ring on the selected
    event): a town-level event is a filled dot, a region- or country-level one an open
    ring at the area's point, so an approximate place does not read as a town."""
    markers = _marker_frame(events)
    aggregated = is_aggregated(events)
    custom = None if aggregated else hover_fields(markers)
    types = markers["event_type"].fillna("").to_numpy()
    area = np.zeros(len(markers), dtype=bool) if aggregated else _is_area(markers)
    traces: list[Any] = []
    for etype in types_present(markers):
        colour = TYPE_COLOURS.get(etype, "#969696")
        first = True
        for is_area in (False, True):
            sel = (types == etype) & (area == is_area)
            if not sel.any():
                continue
            part = markers.loc[sel]
            style: dict[str, Any] = {"color": colour, "size": _marker_size(part["n"])}
            if tiles:
                style |= {"opacity": 0.4 if is_area else 0.9}
            elif is_area:
                style |= {"symbol": "circle-open", "line": {"width": 3, "color": colour}}
            else:
                style |= {"opacity": 0.85, "line": {"width": 1, "color": "white"}}
            coords = (
                {"lon": part["longitude"], "lat": part["latitude"]}
                if tiles
                else {"x": part["longitude"], "y": part["latitude"]}
            )
            trace = go.Scattermap if tiles else go.Scatter
            traces.append(
                trace(
                    **coords,
                    mode="markers",
                    name=type_label(etype),
                    legendgroup=etype,
                    showlegend=first,
                    marker=style,
                    customdata=part["n"] if aggregated else custom[sel],
                    hovertemplate=(
                        "%{customdata} event(s)<extra></extra>" if aggregated else HOVER_TEMPLATE
                    ),
                )
            )
            first = False
    if not tiles and area.any():
        traces.extend(_precision_legend())
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


def _precision_legend() -> list[go.Scatter]:
    """Legend entries for the two marker forms."""
    return [
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=name,
            legendgroup="place",
            legendgrouptitle_text="place",
            marker={"color": "#555", "size": 11} | style,
        )
        for name, style in (
            ("town or exact place", {"symbol": "circle"}),
            ("region or country (at its centre)", {"symbol": "circle-open", "line": {"width": 3}}),
        )
    ]


def region_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Placed events per first-level region (admin1; the country where no region is
    known), at the middle of their events: region, country, n, latitude, longitude."""
    placed = events.dropna(subset=["latitude", "longitude"])
    if placed.empty:
        return pd.DataFrame(columns=["region", "country", "n", "latitude", "longitude"])
    country = placed["country"].fillna("").astype(str)
    region = placed["admin1"].fillna("").astype(str)
    region = region.where(region.str.strip() != "", country.where(country != "", "unnamed"))
    grouped = placed.assign(region=region, country=country).groupby(
        ["region", "country"], sort=False
    )
    out = grouped.agg(
        n=("event_id", "size"), latitude=("latitude", "median"), longitude=("longitude", "median")
    )
    return out.reset_index().sort_values("n", ascending=False, kind="stable")


def region_figure(events: pd.DataFrame, basemap: Basemap) -> go.Figure:
    """Counts per first-level region as labelled circles (sized by count) on the basemap."""
    counts = region_counts(events)
    view = fit_view(events)
    fig = go.Figure(_basemap_traces(basemap, view.bbox))
    sizes = np.clip(12 + 6 * np.sqrt(counts["n"].to_numpy(float)), 12, 60)
    if not counts.empty:
        fig.add_trace(
            go.Scatter(
                x=counts["longitude"],
                y=counts["latitude"],
                mode="markers",
                name="events per region",
                marker={"size": sizes, "color": "rgba(33,102,172,0.55)",
                        "line": {"width": 1, "color": "#1a4a7a"}},
                customdata=np.column_stack(
                    [[html.escape(r) for r in counts["region"]],
                     [html.escape(c) for c in counts["country"]], counts["n"]]
                ),
                hovertemplate="%{customdata[0]}, %{customdata[1]}: %{customdata[2]} event(s)"
                "<extra></extra>",
            )
        )  # fmt: skip
    wishes = [
        Wanted(
            text=f"{html.escape(r)} · {n}",
            lon=float(lon),
            lat=float(lat),
            radius=float(z) / 2,
            rank=float(n),
        )
        for r, n, lon, lat, z in zip(
            counts["region"],
            counts["n"],
            counts["longitude"],
            counts["latitude"],
            sizes,
            strict=True,
        )
    ]
    labels = [annotation(p) for p in place(wishes, view.bbox, view.scale_ratio)[:MAX_LABELS]]
    _map_layout(fig, view, labels)
    return fig


def map_figure(
    events: pd.DataFrame,
    basemap: Basemap,
    highlight: str | None = None,
    tiles: str | None = None,
    numbers: dict[str, str] | None = None,
) -> go.Figure:
    """Markers coloured by type and sized by source count, fitted to the bulk of the
    selection, the places named beside them.

    The default draws `basemap` (no tile server, no network); `tiles` names an online
    tile style instead. `numbers` (event id -> its number in a briefing) are written
    after the place names.
    """
    view = fit_view(events)
    if tiles:
        return _tile_map(_marker_traces(events, highlight, tiles=True), view, tiles)
    fig = go.Figure(
        [
            *_basemap_traces(basemap, view.bbox),
            *_marker_traces(events, highlight, tiles=False),
        ]
    )
    _map_layout(fig, view, place_labels(events, basemap, view, numbers))
    return fig


def _map_layout(fig: go.Figure, view: MapView, labels: list[dict]) -> None:
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
            *labels,
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
