import pandas as pd

from dashboard import keyevents


def test_default_leads_with_well_sourced_events_not_statements_or_background(small_events):
    old = small_events.iloc[[0]].assign(
        event_id="OLD", source_count=9, time_precision=4, date=pd.Timestamp("2014-07-02"),
        date_start=pd.Timestamp("2014-01-01"), date_end=pd.Timestamp("2014-12-31"),
    )  # fmt: skip
    events = pd.concat([small_events, old], ignore_index=True)
    ids = keyevents.default_key_events(events, count=3)
    assert len(ids) == 3 and "OLD" not in ids
    picked = events.set_index("event_id").loc[ids]
    assert (picked["event_type"] != "statement").all()
    assert list(picked["date"]) == sorted(picked["date"])  # in date order
    best = keyevents.candidates(events).assign(s=keyevents.score)
    assert best.sort_values("s").iloc[-1]["event_id"] in ids


def test_the_analysts_numbers_order_the_briefing():
    ids = ["A", "B", "C", "D", "E"]
    assert keyevents.renumber(ids, [1, 2, 3, 4, 1]) == ["E", "A", "B", "C", "D"]
    assert keyevents.renumber(ids, [1, None, 0, 4, 5]) == ["A", "D", "E"]  # blank/0 unpin
    assert keyevents.renumber(ids, [5, 4, 3, 2, 1]) == ["E", "D", "C", "B", "A"]


def test_pins_and_url_form_round_trip(small_events):
    ids = keyevents.pin(["E03"], "E01")
    assert keyevents.pin(ids, "E01") == ["E03", "E01"]
    assert keyevents.unpin(ids, "E03") == ["E01"]
    assert keyevents.from_param([keyevents.to_param(ids)]) == ids
    numbered = keyevents.ordered(small_events, ["E03", "GONE", "E01", "E03"])
    assert list(numbered["event_id"]) == ["E03", "E01"] and list(numbered["number"]) == [1, 2]
