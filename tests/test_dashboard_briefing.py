"""Briefing exports: ACLED CSV, the standalone HTML, and the export command line."""

import csv
import io
import json
from pathlib import Path

import pytest

from dashboard import acled, briefing
from dashboard.export_cli import main as export_main
from etl.schema import EventType


def test_acled_columns_and_valid_codes(small_events):
    out = acled.to_acled(small_events)
    assert tuple(out.columns) == acled.ACLED_COLUMNS
    for etype, sub in zip(out["event_type"], out["sub_event_type"], strict=True):
        assert sub in acled.ACLED_EVENT_TYPES[etype]
    assert set(out["time_precision"].dropna()) <= {1, 2, 3}
    assert set(out["geo_precision"].dropna()) <= {1, 2, 3}
    row = out.set_index("event_id_cnty")
    assert (row.loc["E03", "event_type"], row.loc["E03", "sub_event_type"]) == (
        "Battles", "Government regains territory",
    )  # fmt: skip
    assert row.loc["E02", "sub_event_type"] == "Air/drone strike"
    assert row.loc["E02", "fatalities"] == 2 and row.loc["E01", "fatalities"] == 0
    assert row.loc["E07", "time_precision"] == 3  # a year-level date capped to ACLED's 3
    assert row.loc["E06", "geo_precision"] == 3  # country-level place capped to 3
    assert "type=diplomacy" in row.loc["E01", "tags"]  # no ACLED equivalent: kept in tags
    assert row.loc["E01", "event_date"] == "2025-03-11"


@pytest.mark.parametrize("etype", [t.value for t in EventType])
def test_every_type_maps_to_an_acled_code(etype):
    main, sub = acled.acled_type(etype, "")
    assert sub in acled.ACLED_EVENT_TYPES[main]


def test_briefing_numbers_caveats_and_sources(small_events):
    lines = briefing.key_events(small_events)
    assert [line["number"] for line in lines] == [str(i) for i in range(1, len(small_events) + 1)]
    assert lines[0]["event_id"] == "E07"  # chronological: the 2014 event first
    claimed = next(line for line in lines if line["event_id"] == "E02")
    assert claimed["status"] == "claimed by Ukraine"
    caveats = " ".join(briefing.caveats(small_events))
    assert "3 of 8 dates are approximate" in caveats
    assert "5 of 8 events rest on a single source" in caveats
    assert briefing.sources(small_events)[0] == ("Outlet A", 4)
    assert briefing.caveats(small_events.iloc[0:0]) == []


def test_export_cli_writes_each_format(seed_data, tmp_path):
    for fmt, name in (
        ("csv", "e.csv"),
        ("acled", "a.csv"),
        ("geojson", "e.geojson"),
        ("html", "b.html"),
    ):
        out = tmp_path / name
        assert export_main(["--data", str(seed_data), "--actors", "Russia,Ukraine",
                            "--from", "2025-03-10", "--format", fmt, "-o", str(out)]) == 0  # fmt: skip
        assert out.stat().st_size > 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "e.csv").read_text("utf-8-sig"))))
    assert rows and all({"Russia", "Ukraine"} & set(r["actors"].split(";")) for r in rows)
    acled_rows = list(csv.DictReader(io.StringIO((tmp_path / "a.csv").read_text("utf-8-sig"))))
    assert len(acled_rows) == len(rows) and "sub_event_type" in acled_rows[0]
    gj = json.loads((tmp_path / "e.geojson").read_text("utf-8"))
    assert gj["type"] == "FeatureCollection"
    assert all(
        f["geometry"]["type"] == "Point" and len(f["geometry"]["coordinates"]) == 2
        for f in gj["features"]
    )


def test_empty_selection_is_a_message_not_a_broken_file(seed_data, tmp_path, capsys):
    out = tmp_path / "x.html"
    assert (
        export_main(
            [
                "--data",
                str(seed_data),
                "--text",
                "no such words",
                "--format",
                "html",
                "-o",
                str(out),
            ]
        )
        == 1
    )
    assert "no events match" in capsys.readouterr().err
    assert not out.exists()
    assert (
        export_main(["--data", str(tmp_path / "missing"), "--format", "csv", "-o", str(out)]) == 1
    )


def test_html_briefing_opens_offline_with_its_key_events(seed_data, tmp_path):
    from dashboard.data import load_events
    from dashboard.filters import Filters, apply
    from dashboard.keyevents import default_key_events

    from .test_browser import CHROMIUM_FLAGS, chromium_path

    out = tmp_path / "briefing.html"
    assert (
        export_main(
            ["--data", str(seed_data), "--actors", "Ukraine", "--format", "html", "-o", str(out)]
        )
        == 0
    )
    selected = apply(load_events(seed_data), Filters(actors=("Ukraine",)))
    expected = selected.loc[selected["event_id"].isin(default_key_events(selected))]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        context = browser.new_context(offline=True, viewport={"width": 1300, "height": 1000})
        requests: list[str] = []
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith("file:") else route.abort()
            ),
        )
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(out.as_uri())
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot path.point').length > 0")
        assert page.locator("ol.events li").count() == len(expected)
        for event_id in expected["event_id"]:
            assert page.locator(f"#event-{event_id}").count() == 1
        assert page.locator(".js-plotly-plot").count() == 2
        shots = Path(__file__).resolve().parent.parent / "test-artifacts"
        shots.mkdir(exist_ok=True)
        page.screenshot(path=str(shots / "briefing.png"), full_page=True)
        browser.close()
    assert requests and all(u.startswith("file:") for u in requests), requests
