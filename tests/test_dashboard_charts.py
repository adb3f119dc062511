import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import charts, detail, mapchart
from dashboard.basemap import read_basemap
from dashboard.filters import Lanes


@pytest.fixture(scope="module")
def basemap():
    return read_basemap()


def marker_traces(fig):
    return [t for t in fig.data if t.mode == "markers" and t.customdata is not None]


def test_timeline_has_one_mark_per_event_in_its_first_actors_lane(small_events):
    fig = charts.timeline_figure(small_events, Lanes.ACTOR)
    ids = [c[0] for t in marker_traces(fig) for c in t.customdata]
    assert sorted(ids) == sorted(small_events["event_id"])  # each event once, none twice
    lanes = charts.lane_frame(small_events, Lanes.ACTOR)
    assert (lanes["lane"] == small_events["actor1"].fillna(charts.NO_ACTOR)).all()
    assert "first actor" in fig.layout.yaxis.title.text
    assert fig.layout.xaxis.rangeslider.visible


def test_hover_names_every_actor_of_an_event(small_events):
    custom = charts.hover_fields(small_events)
    both = small_events.loc[small_events["actor2"].notna()].index[0]
    row = small_events.loc[both]
    assert row["actor1"] in custom[both, 9] and row["actor2"] in custom[both, 9]


def test_year_only_dates_read_as_the_year_not_an_invented_day():
    day = pd.Timestamp("2014-07-02")
    assert charts.period_text(day, pd.Timestamp("2014-01-01"), pd.Timestamp("2014-12-31"), 4) == (
        "2014"
    )
    march = (pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-31"))
    assert charts.period_text(day, *march, 3) == "March 2025"


def test_first_view_is_the_bulk_and_one_old_event_gets_no_lane_of_its_own(small_events):
    old = small_events.iloc[[0]].assign(
        event_id="OLD", actor1="Background actor", actors="Background actor",
        date=pd.Timestamp("2014-07-02"), date_start=pd.Timestamp("2014-01-01"),
        date_end=pd.Timestamp("2014-12-31"), time_precision=4,
    )  # fmt: skip
    events = pd.concat([small_events, old], ignore_index=True)
    fig = charts.timeline_figure(events, Lanes.ACTOR)
    lo, hi = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    assert lo > pd.Timestamp("2025-01-01") and hi >= small_events["date"].max()
    assert "Background actor" not in fig.layout.yaxis.ticktext
    assert charts.lane_frame(events, Lanes.ACTOR, [lo, hi])["lane"].iloc[-1] == charts.OTHER_LANE


def test_labels_are_written_beside_their_marks_and_escaped(small_events):
    fig = charts.timeline_figure(small_events, Lanes.TYPE, highlight="E02", labels={"E01": "1"})
    text = next(t for t in fig.data if t.name == "labels")
    assert sorted(t.strip("\u2007") for t in text.text) == [
        "1",
        "Russian forces drone strike on Odesa",
    ]
    tagged = small_events.assign(summary="<b>bold</b> claim")
    fig = charts.timeline_figure(tagged, Lanes.TYPE, highlight="E02")
    (label,) = next(t for t in fig.data if t.name == "labels").text
    assert label.strip("\u2007") == "&lt;b&gt;bold&lt;/b&gt; claim"


def test_timeline_lanes_per_type_and_symbols_per_status(small_events):
    fig = charts.timeline_figure(small_events, Lanes.TYPE)
    assert sum(len(t.x) for t in marker_traces(fig)) == len(small_events)
    assert "diplomacy" in fig.layout.yaxis.ticktext and "remote strike" in fig.layout.yaxis.ticktext
    dip = [t for t in marker_traces(fig) if t.name == "diplomacy"]
    assert {t.marker.symbol for t in dip} == {
        "circle",
        "circle-open",
    }  # reported talks, planned call
    assert {t.marker.color for t in dip} == {charts.TYPE_COLOURS["diplomacy"]}
    assert [t.showlegend for t in dip].count(True) == 1  # one legend entry per type


def test_uncertain_dates_are_bars_over_their_range(small_events):
    fig = charts.timeline_figure(small_events, Lanes.TYPE)
    bars = [t for t in fig.data if t.mode == "lines"]
    xs = [x for t in bars for x in t.x if x is not None]
    assert "2025-03-01" in xs and "2025-04-01" in xs  # E05, a month, drawn to the end of the 31st
    assert "2025-03-11" not in xs  # E01 is an exact day: a point, no bar


def test_hover_text_is_escaped_never_html(small_events):
    custom = charts.hover_fields(small_events)
    evidence = custom[list(small_events["event_id"]).index("E02"), 6]
    assert "<b>" not in evidence and "&lt;b&gt;Drones&lt;/b&gt;" in evidence


def test_selected_event_is_highlighted(small_events):
    fig = charts.timeline_figure(small_events, Lanes.TYPE, highlight="E03")
    hl = [t for t in fig.data if t.name == "selected"]
    assert len(hl) == 1 and len(hl[0].x) == 1
    assert (
        mapchart.map_figure(small_events, read_basemap(), highlight="E03").data[-1].name
        == "selected"
    )


def test_empty_selection_gives_a_message_not_a_broken_chart(small_events, basemap):
    empty = small_events.iloc[0:0]
    fig = charts.timeline_figure(empty)
    assert "No events" in fig.layout.annotations[0].text
    m = mapchart.map_figure(empty, basemap)
    assert not marker_traces(m)
    assert any(t.fill == "toself" for t in m.data)  # the basemap is still drawn


def test_map_draws_offline_basemap_with_disputed_areas(small_events, basemap):
    fig = mapchart.map_figure(small_events, basemap)
    assert not any(isinstance(t, go.Scattermap) for t in fig.data)
    countries = next(t for t in fig.data if t.name == "countries")
    assert len(countries.x) > 1000
    disputed = next(t for t in fig.data if t.name == "disputed area" and t.fill == "toself")
    assert disputed.fillpattern.shape == "/"
    labels = [a.text for a in fig.layout.annotations]
    assert any("Natural Earth" in a for a in labels)
    crimea = mapchart.map_figure(small_events.loc[small_events["event_id"] == "E07"], basemap)
    assert "Crimea (disputed)" in [a.text for a in crimea.layout.annotations]
    moscow = mapchart.map_figure(small_events.loc[small_events["event_id"] == "E08"], basemap)
    assert not any("disputed" in a.text for a in moscow.layout.annotations)  # none in view


def test_a_regional_map_draws_first_level_region_boundaries_a_world_map_does_not(
    small_events, basemap
):
    moscow = mapchart.map_figure(small_events.loc[small_events["event_id"] == "E08"], basemap)
    lines = next(t for t in moscow.data if t.name == "region boundaries")
    view = mapchart.fit_view(small_events.loc[small_events["event_id"] == "E08"])
    lon0, lat0, lon1, lat1 = view.bbox
    inside = (lines.x >= lon0) & (lines.x <= lon1) & (lines.y >= lat0) & (lines.y <= lat1)
    assert inside.sum() > 50  # the oblasts around Moscow, not the whole world
    assert np.nanmax(np.abs(lines.x - 37.6)) < 60
    world = small_events.assign(longitude=np.linspace(-120, 140, len(small_events)))
    assert not any(t.name == "region boundaries" for t in mapchart.map_figure(world, basemap).data)


def test_region_lines_of_a_view_are_the_lines_whose_box_touches_it():
    from dashboard.basemap import parse_region_lines

    coordinates = [[[0, 0], [1, 1]], [[10, 10], [11, 12], [12, 10]], [[0.5, -5], [0.5, 5]]]
    geometry = {"type": "MultiLineString", "coordinates": coordinates}
    lines = parse_region_lines({"features": [{"geometry": geometry}]})
    lons, lats = lines.within((0.2, 0.2, 2, 2))
    assert list(lons[:2]) == [0, 1] and np.isnan(lons[2])  # the first line, then a gap
    assert list(lats[3:5]) == [-5, 5] and len(lons) == 6  # and the third; not the second
    assert len(lines.within((50, 50, 60, 60))[0]) == 0


def test_map_first_view_leaves_out_a_lone_far_event_and_says_which(small_events, basemap):
    view = mapchart.fit_view(small_events)
    assert view.bbox[0] > -20  # Washington (E05) is not in the first view …
    assert list(mapchart.outliers(small_events)["event_id"]) == ["E05"]  # … it is listed
    fig = mapchart.map_figure(small_events, basemap)
    assert sum(len(t.x) for t in marker_traces(fig)) == small_events["latitude"].notna().sum()
    two = small_events.loc[small_events["event_id"].isin(["E05", "E08"])]
    assert mapchart.outliers(two).empty  # two far-apart events: both are the bulk


def boxes_overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_place_labels_never_overlap_and_carry_briefing_numbers(small_events, basemap):
    crowded = pd.concat(
        [small_events.assign(event_id=small_events["event_id"] + f"-{i}",
                             longitude=small_events["longitude"] + i * 0.05) for i in range(6)],
        ignore_index=True,
    )  # fmt: skip
    view = mapchart.fit_view(crowded)
    numbers = {"E08-0": "1", "E08-1": "2", "E06-0": "3"}
    labels = mapchart.place_labels(crowded, basemap, view, numbers)
    assert labels and len({a["text"] for a in labels}) == len(labels)
    from dashboard import maplabels

    wanted = [maplabels.Wanted(a["text"], a["x"], a["y"]) for a in labels]
    placed = maplabels.place(wanted * 3, view.bbox, view.scale_ratio)
    assert all(
        not boxes_overlap(p.box, q.box) for i, p in enumerate(placed) for q in placed[i + 1 :]
    )
    assert any(a["text"].startswith("Moscow") and "1" in a["text"] for a in labels)


def test_region_and_country_level_events_are_rings_with_a_legend(small_events, basemap):
    fig = mapchart.map_figure(small_events, basemap)
    rings = [t for t in marker_traces(fig) if t.marker.symbol == "circle-open"]
    ids = {c[0] for t in rings for c in t.customdata}
    assert ids == {"E06", "E07"}  # Russia (country) and Crimea (region)
    assert "region or country (at its centre)" in {t.name for t in fig.data}


def test_map_markers_sized_by_sources_and_view_fits_them(small_events, basemap):
    fig = mapchart.map_figure(small_events, basemap)
    traces = marker_traces(fig)
    placed = small_events.dropna(subset=["latitude"])
    assert sum(len(t.x) for t in traces) == len(placed)
    placed = placed.loc[placed["event_id"] != "E05"]  # the lone far event is left out
    dip = next(t for t in traces if t.name == "diplomacy")  # E01 only: 3 sources
    strike = next(t for t in traces if t.name == "remote strike")  # E02: 1 source
    assert dip.marker.size[0] > strike.marker.size[0]
    x0, x1 = fig.layout.xaxis.range
    y0, y1 = fig.layout.yaxis.range
    assert x0 < placed["longitude"].min() and x1 > placed["longitude"].max()
    assert y0 < placed["latitude"].min() and y1 > placed["latitude"].max()
    assert fig.layout.yaxis.scaleanchor == "x"


def test_a_regional_view_keeps_only_nearby_outlines(small_events, basemap):
    ukraine = small_events.loc[small_events["event_id"].isin(["E02", "E03"])]
    near = mapchart.map_figure(ukraine, basemap)
    world = mapchart.map_figure(
        small_events.loc[small_events["event_id"].isin(["E05", "E08"])], basemap
    )
    lons = lambda f: next(t for t in f.data if t.name == "countries").x  # noqa: E731
    rings = lambda f: int(np.isnan(lons(f)).sum())  # noqa: E731
    assert rings(near) < rings(world)  # the countries around Kyiv, not the world's
    # the wider the view, the fewer points per outline (the world at 0.4°)
    per_degree = lambda f: len(lons(f)) / (np.nanmax(lons(f)) - np.nanmin(lons(f)))  # noqa: E731
    assert per_degree(near) > per_degree(world)


def test_events_without_a_place_are_listed_not_dropped(small_events):
    assert list(mapchart.unplaced(small_events)["event_id"]) == ["E04"]


def test_online_tiles_are_an_option(small_events, basemap):
    fig = mapchart.map_figure(small_events, basemap, tiles="open-street-map")
    assert fig.layout.map.style == "open-street-map"
    assert all(isinstance(t, go.Scattermap) for t in fig.data)


def synthetic(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    base = pd.Timestamp("2025-01-01")
    days = base + pd.to_timedelta(rng.integers(0, 90, n), unit="D")
    frame = pd.DataFrame(
        {
            "event_id": [f"E{i}" for i in range(n)],
            "date": days, "date_start": days, "date_end": days, "time_precision": 1,
            "event_type": rng.choice(["remote_strike", "diplomacy", "statement"], n),
            "summary": "s", "actor1": rng.choice(["Russia", "Ukraine"], n), "actor2": pd.NA,
            "actors": "Russia;Ukraine", "location": "x", "country": "Ukraine",
            "latitude": rng.uniform(45, 52, n), "longitude": rng.uniform(24, 40, n),
            "geo_precision": 1, "status": "reported", "source_count": 1, "evidence": "e",
        }
    )  # fmt: skip
    return frame.astype({"actor2": "string"})


def test_large_selections_are_aggregated(basemap):
    big = synthetic(charts.POINT_LIMIT + 1)
    assert charts.is_aggregated(big)
    tl = charts.timeline_figure(big)
    assert sum(int(np.sum(t.customdata)) for t in tl.data) == len(big)
    assert sum(len(t.x) for t in tl.data) < len(big)
    m = mapchart.map_figure(big, basemap)
    counts = [t for t in m.data if t.mode == "markers" and t.customdata is not None]
    assert sum(int(np.sum(t.customdata)) for t in counts) == len(big)


def test_detail_explains_codes_in_words(small_events):
    row = small_events.loc[small_events["event_id"] == "E05"].iloc[0]
    fields = dict(detail.fields(row))
    assert fields["When"] == "2025-03-01 – 2025-03-31 (within a month)"
    assert fields["Where"] == "Washington, District of Columbia, United States (town)"
    row2 = small_events.loc[small_events["event_id"] == "E02"].iloc[0]
    assert "claimed by one side" in dict(detail.fields(row2))["Status"]
    assert "attributed to Ukraine" in dict(detail.fields(row2))["Status"]
    row4 = small_events.loc[small_events["event_id"] == "E04"].iloc[0]
    assert dict(detail.fields(row4))["Where"] == "no place stated"


def test_weekly_counts_by_type_leave_out_month_and_year_dates(small_events):
    counts = charts.weekly(small_events)
    dated = small_events.loc[small_events["time_precision"] <= 2]
    assert counts["value"].sum() == len(dated)
    assert (counts["week"].dt.day_of_week == 0).all()  # weeks start on Monday
    deaths = charts.weekly(small_events, "fatalities")
    assert deaths["value"].sum() == dated["fatalities"].fillna(0).sum()
    fig = charts.weekly_figure(small_events)
    assert fig.layout.barmode == "stack" and {t.type for t in fig.data} == {"bar"}


def test_counts_per_region_label_each_region_once(small_events, basemap):
    counts = mapchart.region_counts(small_events)
    assert counts["n"].sum() == small_events["latitude"].notna().sum()
    assert "Odesa Oblast" in set(counts["region"])
    fig = mapchart.region_figure(small_events, basemap)
    bubbles = next(t for t in fig.data if t.name == "events per region")
    assert len(bubbles.x) == len(counts)
    texts = [a.text for a in fig.layout.annotations if "·" in a.text]
    assert texts and len(texts) == len(set(texts))


def test_an_aggregated_timeline_sends_a_bounded_number_of_marks(monkeypatch):
    big = synthetic(charts.POINT_LIMIT + 1)
    monkeypatch.setattr(charts, "AGGREGATE_LIMIT", 500)
    fig = charts.timeline_figure(big)
    counted = [t for t in fig.data if t.customdata is not None]
    marks = sum(len(t.x) for t in counted)
    assert 0 < marks <= 500
    assert all(t.hovertemplate.startswith("week of") for t in counted)
    assert sum(int(n) for t in counted for n in t.customdata) == len(big)


def test_the_basemap_is_parsed_once_then_read_from_the_cache(tmp_path, monkeypatch):
    from dashboard import basemap as bm

    first = bm.read_basemap(cache=tmp_path)
    assert list(tmp_path.glob("basemap-*.pkl"))

    def never(_):
        raise AssertionError("parsed again")

    monkeypatch.setattr(bm, "_parse_assets", never)
    second = bm.read_basemap(cache=tmp_path)
    assert len(second.countries) == len(first.countries) and second.regions is not None
    monkeypatch.undo()
    for damaged in tmp_path.glob("*.pkl"):
        damaged.write_bytes(b"not a pickle")
    assert len(bm.read_basemap(cache=tmp_path).countries) == len(first.countries)
