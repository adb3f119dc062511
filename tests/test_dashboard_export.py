import io
import json
from datetime import date

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import export
from dashboard.data import normalise_events, read_events
from etl.csvfile import FORMULA_PREFIXES, formula_safe
from etl.schema import EVENT_COLUMNS


def read_back(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")


def test_csv_has_exactly_the_contract_columns(small_events):
    back = read_back(export.to_csv_bytes(small_events))
    assert tuple(back.columns) == EVENT_COLUMNS
    assert len(back) == len(small_events)


def test_formula_cells_are_neutralised(small_events):
    back = read_back(export.to_csv_bytes(small_events)).set_index("event_id")
    assert back.loc["E02", "evidence"].startswith("'=HYPERLINK")
    assert back.loc["E06", "evidence"].startswith("'-Peskov")
    assert back.loc["E08", "evidence"].startswith("'@A court")
    assert back.loc["E05", "longitude"] == "-77.0364"  # numbers stay numbers
    for column in back.columns:
        assert not back[column].str.startswith(("=", "+", "@")).any(), column


@pytest.mark.parametrize(
    ("value", "safe"),
    [("=1+1", "'=1+1"), ("+7", "'+7"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tcmd", "'\tcmd"), ("plain", "plain"), ("", ""), (3, 3)],
)  # fmt: skip
def test_neutralise(value, safe):
    assert formula_safe(value) == safe


text = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\r\t,\"'=+-@"),
    max_size=40,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    summaries=st.lists(text, min_size=1, max_size=5),
    lat=st.floats(-89, 89, allow_nan=False),
    lon=st.floats(-179, 179, allow_nan=False),
    sources=st.integers(1, 50),
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
)
def test_csv_round_trip(summaries, lat, lon, sources, day):
    n = len(summaries)
    raw = pd.DataFrame(
        {
            "event_id": [f"E{i}" for i in range(n)], "date": [day.isoformat()] * n,
            "event_type": ["statement"] * n, "summary": summaries, "evidence": summaries,
            "latitude": [lat] * n, "longitude": [lon] * n, "source_count": [sources] * n,
        }
    )  # fmt: skip
    events = normalise_events(raw)
    back = pd.read_csv(io.BytesIO(export.to_csv_bytes(events)), dtype=str, keep_default_na=False,
                       na_values=[""], encoding="utf-8-sig")  # fmt: skip
    assert len(back) == n
    assert back["summary"].fillna("").tolist() == [formula_safe(s) for s in summaries]
    assert back["date"].tolist() == [day.isoformat()] * n
    assert float(back["latitude"][0]) == pytest.approx(lat)
    assert float(back["longitude"][0]) == pytest.approx(lon)
    assert back["source_count"].astype(int).tolist() == [sources] * n
    assert not back["summary"].fillna("").str.startswith(FORMULA_PREFIXES).any()


def test_exported_csv_reads_back_into_the_dashboard(small_events, tmp_path):
    path = tmp_path / "events.csv"
    path.write_bytes(export.to_csv_bytes(small_events))
    again = read_events(path)
    assert list(again["event_id"]) == list(small_events["event_id"])
    pd.testing.assert_series_equal(again["date"], small_events["date"])
    pd.testing.assert_series_equal(again["latitude"], small_events["latitude"])


def test_geojson_holds_the_placed_events(small_events):
    gj = json.loads(export.to_geojson_bytes(small_events))
    assert gj["type"] == "FeatureCollection"
    placed = small_events.dropna(subset=["latitude"])
    assert [f["id"] for f in gj["features"]] == list(placed["event_id"])
    first = gj["features"][0]
    assert first["geometry"]["type"] == "Point"
    lon, lat = first["geometry"]["coordinates"]
    assert (lat, lon) == (21.4901, 39.1862)  # GeoJSON order: longitude, latitude
    assert set(first["properties"]) == set(EVENT_COLUMNS)
    assert first["properties"]["date"] == "2025-03-11"
    assert first["properties"]["fatalities"] is None


def test_file_names_carry_the_as_of_date():
    assert (
        export.export_name("events", pd.Timestamp("2025-03-13"), "csv")
        == "events_as-of_2025-03-13.csv"
    )
    assert export.export_name("events", None, "geojson") == "events.geojson"


def test_property_tests_have_no_wall_clock_deadline():
    # A busy CI machine must not turn a correct round-trip red (hypothesis' 200 ms default).
    assert settings().deadline is None
