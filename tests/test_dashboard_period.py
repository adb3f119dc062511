from datetime import date

import pandas as pd

from dashboard import period


def test_the_bulk_ignores_one_background_date(small_events):
    s = period.span(small_events)
    assert s.start.year == 2014 and s.has_outliers  # E07, a 2014 event recalled
    assert s.bulk_start.year == 2025 and s.bulk_days < 60
    assert "most events 2025-" in period.describe_span(s)
    recent = small_events.loc[small_events["time_precision"] == 1]
    assert not period.span(recent).has_outliers  # nothing stands out: the whole span


def test_presets_count_back_from_the_as_of_date_within_the_data():
    bounds = (date(2025, 1, 1), date(2025, 3, 20))
    assert period.preset_range(date(2025, 3, 13), 7, bounds) == (
        date(2025, 3, 7),
        date(2025, 3, 13),
    )
    assert period.preset_range(date(2025, 1, 3), 30, bounds) == (date(2025, 1, 1), date(2025, 1, 3))


def test_first_view_is_padded_around_the_bulk(small_events):
    lo, hi = period.first_view(small_events)
    s = period.span(small_events)
    assert lo < s.bulk_start and hi > s.bulk_end and lo > pd.Timestamp("2024-01-01")
