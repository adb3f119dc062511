from dashboard.table import COLUMNS, table_frame


def test_the_table_reads_in_words_not_codes(small_events):
    table = table_frame(small_events)
    assert list(table.columns) == COLUMNS and len(table) == len(small_events)
    assert "remote_strike" not in set(table["type"]) and "remote strike" in set(table["type"])
    assert set(table["date known to"]) <= {
        "exact day",
        "within a week",
        "within a month",
        "within a year",
    }
    cells = table.astype(str).to_numpy().ravel()
    assert not any(c in ("None", "nan", "<NA>", "NaT") or "00:00:00" in c for c in cells)
    no_place = table.loc[small_events["latitude"].isna().to_numpy()]
    assert set(no_place["place known to"]) == {"no place"}
    year = table.loc[(small_events["time_precision"] == 4).to_numpy(), "date"]
    assert all(len(d) == 4 and d.isdigit() for d in year)
