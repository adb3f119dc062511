import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data import (
    DataError,
    DataMissing,
    as_of,
    default_paths,
    events_file,
    load_events,
    load_mentions,
    read_events,
)
from etl.schema import EVENT_COLUMNS

DATA = Path(__file__).resolve().parent / "data"


def test_reads_the_seed_output_with_the_schema_types(seed_data):
    events = load_events(seed_data)
    assert list(events.columns[: len(EVENT_COLUMNS)]) == list(EVENT_COLUMNS)
    assert str(events["date"].dtype).startswith("datetime64")
    assert str(events["source_count"].dtype) == "Int64"
    assert events["latitude"].dtype == "float64"
    assert len(events) > 10
    assert as_of(events) == events["first_reported"].max()


def test_csv_and_parquet_give_the_same_frame(seed_data):
    from_parquet = read_events(seed_data / "events.parquet")
    from_csv = read_events(seed_data / "events.csv")
    pd.testing.assert_frame_equal(from_parquet, from_csv, check_dtype=False)


def test_a_hand_edited_csv_is_preferred_to_an_older_parquet(seed_data, tmp_path):
    for name in ("events.csv", "events.parquet"):
        shutil.copy(seed_data / name, tmp_path / name)
    assert events_file(tmp_path).name == "events.parquet"
    later = (tmp_path / "events.parquet").stat().st_mtime + 3600
    os.utime(tmp_path / "events.csv", (later, later))
    assert events_file(tmp_path).name == "events.csv"


def test_missing_folder_or_file_is_data_missing(tmp_path):
    with pytest.raises(DataMissing, match="no data folder"):
        load_events(tmp_path / "nope")
    with pytest.raises(DataMissing, match=r"no events\.csv"):
        load_events(tmp_path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"date,summary\n2025-03-01,x\n", "missing column"),
        ("event_id,date,event_type\nE1,2025-03-01,caf\xe9\n".encode("latin-1"), "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "cannot read|not UTF-8|missing column"),
    ],
)
def test_unreadable_files_are_a_clear_error_and_left_alone(tmp_path, content, message):
    path = tmp_path / "events.csv"
    path.write_bytes(content)
    with pytest.raises(DataError, match=message):
        load_events(tmp_path)
    assert path.read_bytes() == content


def test_header_only_file_is_an_empty_table(tmp_path):
    (tmp_path / "events.csv").write_text(",".join(EVENT_COLUMNS) + "\n", encoding="utf-8")
    events = load_events(tmp_path)
    assert events.empty and as_of(events) is None


def test_mentions_are_optional(tmp_path, seed_data):
    assert load_mentions(tmp_path).empty
    mentions = load_mentions(seed_data)
    assert {"event_id", "quote", "outlet"} <= set(mentions.columns) and len(mentions) > 0


def test_paths_come_from_the_environment(tmp_path):
    paths = default_paths({"DASHBOARD_DATA_DIR": str(tmp_path)})
    assert paths.data_dir == tmp_path
    assert paths.seeds_dir.name == "seeds"


def test_small_fixture_is_typed(small_events):
    assert small_events.loc[small_events["event_id"] == "E04", "latitude"].isna().all()
    assert (DATA / "events_small.csv").is_file()
