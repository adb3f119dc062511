"""Plotly figures for the selection: shared styling, hover labels, and the timeline.

Pure functions: a filtered events frame in, a `go.Figure` out; nothing here reads files
or touches Streamlit. Article text goes into hover labels HTML-escaped, so a quote is
always shown as text. Above `POINT_LIMIT` events the charts show counts per day and
per area instead of one mark per event (`is_aggregated` tells the app to say so).
"""

from __future__ import annotations

import html
import math
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.columns import lookup
from dashboard.detail import geo_precision_words, time_precision_words
from dashboard.filters import Lanes
from dashboard.period import first_view
from etl.schema import EventType, Status, split_names

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


def type_label(value: str) -> str:
    return str(value).replace("_", " ")


def is_aggregated(events: pd.DataFrame) -> bool:
    return len(events) > POINT_LIMIT


_WRAP = re.compile(r"(.{1,90})(?:\s+|$)")
MAX_LABEL_CHARS = 540


def _text(value: object) -> str:
    """Article text made safe for a plotly label: escaped, wrapped with <br>."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value)
    if len(text) > MAX_LABEL_CHARS:
        text = text[: MAX_LABEL_CHARS - 1] + "…"
    wrapped = _WRAP.sub(lambda m: m.group(1) + "\n", text).rstrip("\n")
    return html.escape(wrapped, quote=False).replace("\n", "<br>")


def hover_fields(events: pd.DataFrame) -> np.ndarray:
    """customdata for hover and click: id, summary, place, date, precision, sources, quote."""
    places = events["location"].fillna("").astype(str)
    country = events["country"].fillna("").astype(str)
    place_text = [
        (f"{p}, {c}" if p and c and p != c else p or c or "no place")
        for p, c in zip(places, country, strict=True)
    ]
    date_text = period_texts(events)
    actors = [html.escape(", ".join(split_names(a))) or "no actor named" for a in events["actors"]]
    geo_words = [geo_precision_words(g) for g in events["geo_precision"]]
    return np.column_stack(
        [
            events["event_id"].astype(str).to_numpy(),
            [_text(s) for s in events["summary"]],
            [html.escape(p) for p in place_text],
            date_text,
            [time_precision_words(t) for t in events["time_precision"]],
            events["source_count"].fillna(1).astype(int).to_numpy(),
            [_text(e) for e in events["evidence"]],
            events["status"].fillna("").astype(str).to_numpy(),
            geo_words,
            actors,
        ]
    )


def period_texts(events: pd.DataFrame) -> list[str]:
    """`period_text` of every row of `events`."""
    return [
        period_text(d, s, e, p)
        for d, s, e, p in zip(
            events["date"],
            events["date_start"],
            events["date_end"],
            events["time_precision"],
            strict=True,
        )
    ]


def period_text(
    day: pd.Timestamp, start: pd.Timestamp, end: pd.Timestamp, precision: object
) -> str:
    """The date as precise as it is known: '2025-03-11', 'March 2025', '2014', or a range."""
    if start == end:
        return day.date().isoformat()
    code = 0 if precision is None or pd.isna(precision) else int(precision)
    if code == 4 and start.year == end.year:
        return str(start.year)
    if code == 3 and (start.year, start.month) == (end.year, end.month):
        return start.strftime("%B %Y")
    return f"{start.date().isoformat()} – {end.date().isoformat()}"


HOVER_TEMPLATE = (
    "<b>%{customdata[1]}</b><br>%{customdata[3]} (%{customdata[4]})<br>"
    "actors: %{customdata[9]}<br>"
    "%{customdata[2]} (%{customdata[8]})<br>%{customdata[7]} · %{customdata[5]} source(s)"
    "<br><i>%{customdata[6]}</i><extra></extra>"
)


# ---- timeline ----------------------------------------------------------------------


def lane_frame(events: pd.DataFrame, lanes: Lanes, view: list | None = None) -> pd.DataFrame:
    """One row per event, in one lane: its first actor's (or its type's).

    Actor lanes are the most frequent first actors among the events of the first view
    (`view`, a date range); the other actors share the lane `OTHER_LANE`, events
    without an actor `NO_ACTOR`. Every event's actors are in its hover label.
    """
    if lanes is Lanes.TYPE:
        out = events.assign(lane=events["event_type"].map(type_label))
        return out.reset_index(drop=True)
    lane = events["actor1"].fillna(NO_ACTOR).astype(str)
    inside = lane
    if view is not None:
        inside = lane[((events["date_end"] >= view[0]) & (events["date_start"] <= view[1]))]
    counts = inside.value_counts()
    keep = [x for x in counts.index if x != NO_ACTOR][: MAX_LANES - 1]
    lane = lane.where(lane.isin(keep) | (lane == NO_ACTOR), OTHER_LANE)
    return events.assign(lane=lane).reset_index(drop=True)


def _lane_order(lf: pd.DataFrame, lanes: Lanes) -> list[str]:
    if lanes is Lanes.TYPE:
        order = [type_label(t) for t in EventType]
        return [lane for lane in order if lane in set(lf["lane"])]
    counts = lf["lane"].value_counts()
    tail = [x for x in (OTHER_LANE, NO_ACTOR) if x in counts.index]
    return [x for x in counts.index if x not in tail] + tail


MARK_PX = 13  # vertical room one mark of a busy day needs


def _lane_px(lf: pd.DataFrame, aggregated: bool) -> int:
    """Lane height: room for the busiest day's marks, one above the other (40–110 px)."""
    if aggregated or lf.empty:
        return 40
    busiest = int(lf.groupby([lf["lane"], lf["date"].dt.normalize()]).size().max())
    return int(min(max(40, MARK_PX * busiest / 0.7), 110))


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
    """The span to show first: the bulk of the events (`period.first_view`).

    Background events years before the others (an invasion recalled in an article) stay
    reachable with the range slider.
    """
    view = first_view(events)
    return view if view is not None else [pd.Timestamp.now() - pd.Timedelta(days=7)] * 2


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
    events: pd.DataFrame,
    lanes: Lanes = Lanes.ACTOR,
    highlight: str | None = None,
    labels: dict[str, str] | None = None,
    edges: bool = False,
) -> go.Figure:
    """x = date, one mark per event in its lane (first actor, or type); colour = type,
    symbol = status.

    Exact dates are points; uncertain ones also get a bar over date_start..date_end (a
    year-only date is a year-long bar). `labels` (event id -> short text, e.g. the
    briefing numbers) are written above their marks; the highlighted event is labelled
    with its summary. With `edges` (a still image, which cannot be panned) the events
    outside the first view are drawn as arrows at its edge, labelled with their date.
    """
    if events.empty:
        return _empty("No events match the filters", 320)
    view = initial_range(events)
    lf = lane_frame(events, lanes, view)
    order = _lane_order(lf, lanes)
    y_of = {lane: i for i, lane in enumerate(order)}
    y0 = lookup(lf["lane"], y_of)
    fig = go.Figure()
    if is_aggregated(events):
        _aggregated_timeline(fig, lf, y0)
    else:
        y = _spread(lf, y0)
        _event_timeline(fig, lf, y, highlight)
        _labels(fig, lf, y, _label_texts(lf, labels or {}, highlight))
        if edges:
            _edge_marks(fig, lf, y, view)
    fig.update_layout(
        height=max(380, 150 + _lane_px(lf, aggregated=is_aggregated(events)) * len(order)),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        hovermode="closest",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "groupclick": "toggleitem"},
        xaxis={
            "type": "date",
            "range": view,
            # the slider draws every mark a second time: only for single events
            "rangeslider": {"visible": not is_aggregated(events), "thickness": 0.08},
        },
        yaxis={
            "tickmode": "array",
            "tickvals": list(range(len(order))),
            "ticktext": [html.escape(x) for x in order],
            "autorange": "reversed",
            "zeroline": False,
            "title": {"text": LANE_TITLES[lanes], "font": {"size": 12, "color": "#666"}},
        },
        dragmode="pan",
    )
    return fig


LANE_TITLES = {
    Lanes.ACTOR: "lane = first actor (one mark per event)",
    Lanes.TYPE: "lane = event type (one mark per event)",
}
LABEL_CHARS = 40


def _label_texts(lf: pd.DataFrame, labels: dict[str, str], highlight: str | None) -> list[str]:
    texts = []
    for event_id, summary in zip(lf["event_id"].astype(str), lf["summary"], strict=True):
        text = labels.get(event_id, "")
        if event_id == highlight and isinstance(summary, str) and summary:
            short = summary if len(summary) <= LABEL_CHARS else summary[: LABEL_CHARS - 1] + "…"
            text = f"{text} {short}".strip()
        texts.append(text)
    return texts


def _edge_marks(fig: go.Figure, lf: pd.DataFrame, y: pd.Series, view: list) -> None:
    """Events before or after the view: one arrow per lane at its edge, saying how many
    and how far ("3 earlier, from 2014")."""
    lo, hi = pd.Timestamp(view[0]), pd.Timestamp(view[1])
    for rows, edge, symbol, side, word in (
        (lf["date"] < lo, lo, "triangle-left", "middle right", "earlier"),
        (lf["date"] > hi, hi, "triangle-right", "middle left", "later"),
    ):
        if not rows.any():
            continue
        part = lf.loc[rows].assign(_y=y[rows].round())
        xs, ys, texts = [], [], []
        for lane_y, group in part.groupby("_y", sort=True):
            i = group["date"].idxmin() if word == "earlier" else group["date"].idxmax()
            when = period_text(
                group.at[i, "date"],
                group.at[i, "date_start"],
                group.at[i, "date_end"],
                group.at[i, "time_precision"],
            )
            xs.append(edge)
            ys.append(lane_y)
            texts.append(f"{len(group)} {word}, {'from' if word == 'earlier' else 'to'} {when}")
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="markers+text",
                marker={"symbol": symbol, "size": 14, "color": "#555"},
                text=texts,
                textposition=side,
                textfont={"size": 12, "color": "#333"},
                name="outside the window",
                hoverinfo="skip",
                showlegend=False,
            )
        )


def _labels(fig: go.Figure, lf: pd.DataFrame, y: pd.Series, texts: list[str]) -> None:
    """Short labels beside the labelled marks (escaped: summaries are article text)."""
    rows = np.array([bool(t) for t in texts])
    if not rows.any():
        return
    fig.add_trace(
        go.Scatter(
            x=lf["date"][rows],
            y=y[rows],
            mode="text",
            text=[" " * 2 + html.escape(t) for t, keep in zip(texts, rows, strict=True) if keep],
            textfont={"size": 13, "color": "#111"},
            textposition="middle right",
            hoverinfo="skip",
            showlegend=False,
            name="labels",
        )
    )


def types_present(frame: pd.DataFrame) -> list[str]:
    present = set(frame["event_type"].dropna())
    return [t.value for t in EventType if t.value in present] + sorted(present - set(EventType))


def _bar_segments(
    lf: pd.DataFrame, y: pd.Series, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """x/y arrays drawing each row's date_start..date_end as a segment, gaps between."""
    k = int(rows.sum())
    xs = np.full((k, 3), None, dtype=object)
    xs[:, 0] = lf["date_start"][rows].dt.strftime("%Y-%m-%d").to_numpy()
    xs[:, 1] = (lf["date_end"][rows] + pd.Timedelta(days=1)).dt.strftime("%Y-%m-%d").to_numpy()
    ys = np.full((k, 3), np.nan)
    ys[:, 0] = ys[:, 1] = y[rows].to_numpy()
    return xs.ravel(), ys.ravel()


def _event_timeline(fig: go.Figure, lf: pd.DataFrame, y: pd.Series, highlight: str | None) -> None:
    custom = hover_fields(lf)
    uncertain = (lf["date_start"] != lf["date_end"]).to_numpy()
    types = lf["event_type"].fillna("").to_numpy()
    statuses = lf["status"].fillna("").to_numpy()
    for etype in types_present(lf):
        sel = types == etype
        colour = TYPE_COLOURS.get(etype, "#969696")
        bars = sel & uncertain
        if bars.any():
            xs, ys = _bar_segments(lf, y, bars)
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
        first = True
        for status in [*STATUS_SYMBOLS, *sorted(set(statuses[sel]) - set(STATUS_SYMBOLS))]:
            part = sel & (statuses == status)
            if not part.any():
                continue
            fig.add_trace(
                go.Scatter(
                    x=lf["date"][part],
                    y=y[part],
                    mode="markers",
                    name=type_label(etype),
                    legendgroup=etype,
                    showlegend=first,
                    customdata=custom[part],
                    hovertemplate=HOVER_TEMPLATE,
                    marker={
                        "color": colour,
                        "symbol": STATUS_SYMBOLS.get(status, "circle"),
                        "size": 11,
                        "line": {"width": 1, "color": "white"},
                    },
                )
            )
            first = False
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


AGGREGATE_LIMIT = 1_500  # marks an aggregated timeline sends to the browser, at most (SVG)
BINS = (("day", "D"), ("week", "W-SUN"), ("month", "M"), ("quarter", "Q"), ("year", "Y"))


def _bin_starts(days: np.ndarray, freq: str) -> np.ndarray:
    """The first day of each date's period (`days`: datetime64[D]; a week starts Monday)."""
    if freq == "D":
        return days
    if freq == "W-SUN":
        monday = np.datetime64("1970-01-05", "D")  # a Monday
        return monday + ((days - monday) // 7) * 7
    months = days.astype("datetime64[M]")
    if freq == "Q":
        n = months.astype(np.int64)
        months = (n - n % 3).astype("datetime64[M]")
    if freq == "Y":
        months = days.astype("datetime64[Y]").astype("datetime64[M]")
    return months.astype("datetime64[D]")


def aggregate_counts(lf: pd.DataFrame, y0: pd.Series) -> tuple[pd.DataFrame, str]:
    """Counts per type, lane and period: per day, or per week, month, quarter or year,
    the finest that keeps the marks within `AGGREGATE_LIMIT` (integer keys, one
    counting pass per unit tried: 1M events in a fraction of a second)."""
    types, type_names = pd.factorize(lf["event_type"].astype(str))
    y = y0.to_numpy(dtype=float)
    lanes, lane_values = pd.factorize(y)
    dates = lf["date"].to_numpy(dtype="datetime64[D]")
    valid = ~np.isnat(dates)
    types, lanes, dates = types[valid], lanes[valid], dates[valid]
    grouped, unit = pd.DataFrame(columns=["event_type", "y", "bin", "n"]), "day"
    for unit, freq in BINS:  # noqa: B007 (the unit reached is returned)
        starts = _bin_starts(dates, freq)
        day = starts.astype(np.int64)
        key = (types.astype(np.int64) * len(lane_values) + lanes) * (1 << 32) + (
            day - day.min() if len(day) else day
        )
        if len(pd.unique(key)) <= AGGREGATE_LIMIT or freq == "Y":  # hashing: no sort
            uniq, counts = np.unique(key, return_counts=True)
            offset = day.min() if len(day) else 0
            combo, days = uniq // (1 << 32), uniq % (1 << 32) + offset
            grouped = pd.DataFrame(
                {
                    "event_type": np.asarray(type_names)[combo // len(lane_values)],
                    "y": lane_values[combo % len(lane_values)],
                    "bin": pd.to_datetime(days.astype("datetime64[D]")),
                    "n": counts,
                }
            )
            break
    return grouped, unit


def _aggregated_timeline(fig: go.Figure, lf: pd.DataFrame, y0: pd.Series) -> None:
    grouped, unit = aggregate_counts(lf, y0)
    for etype, part in grouped.groupby("event_type", sort=False):
        fig.add_trace(
            go.Scatter(  # SVG: WebGL costs a context per redraw, slow without a GPU
                x=part["bin"],
                y=part["y"],
                mode="markers",
                name=type_label(str(etype)),
                marker={
                    "color": TYPE_COLOURS.get(str(etype), "#969696"),
                    "size": np.clip(4 + 3 * np.sqrt(part["n"]), 4, 30),
                    "opacity": 0.7,
                },
                customdata=part["n"],
                hovertemplate=f"{unit} of %{{x|%Y-%m-%d}}: %{{customdata}} event(s)<extra></extra>",
            )
        )


# ---- per week ----------------------------------------------------------------------

WEEKLY_MEASURES = ("events", "fatalities")


def weekly(events: pd.DataFrame, measure: str = "events") -> pd.DataFrame:
    """Events (or stated fatalities) per week (weeks start on Monday) and type; only
    events dated to the day or the week count, so a month or a year is not put on an
    invented week."""
    dated = events.loc[events["time_precision"].fillna(1) <= 2]
    week = dated["date"].dt.to_period("W-SUN").dt.start_time
    values = dated["fatalities"].fillna(0) if measure == "fatalities" else 1
    frame = pd.DataFrame({"week": week, "event_type": dated["event_type"], "value": values})
    return frame.groupby(["week", "event_type"], observed=True)["value"].sum().reset_index()


def weekly_figure(events: pd.DataFrame, measure: str = "events") -> go.Figure:
    """Stacked bars per week and type: the rhythm of the selection at a glance."""
    counts = weekly(events, measure)
    if counts.empty or not counts["value"].any():
        return _empty(f"No {measure} dated to the day or week in the selection", 260)
    fig = go.Figure()
    for etype in types_present(counts):
        part = counts.loc[counts["event_type"] == etype]
        fig.add_trace(
            go.Bar(
                x=part["week"],
                y=part["value"],
                name=type_label(etype),
                marker_color=TYPE_COLOURS.get(etype, "#969696"),
                hovertemplate=f"week of %{{x|%Y-%m-%d}}: %{{y}} {measure}<extra>"
                f"{type_label(etype)}</extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        height=300,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"},
        xaxis={"type": "date", "title": {"text": "week (Monday to Sunday)"}},
        yaxis={"title": {"text": measure}},
        bargap=0.15,
    )
    return fig
