from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.filters import (
    INTERNATIONAL,
    OTHER_ACTORS,
    ActorMatch,
    Filters,
    actor_options,
    apply,
    date_bounds,
    describe,
    from_query,
    to_query,
    type_options,
)
from etl.actors import default_lexicon


def ids(frame):
    return sorted(frame["event_id"])


def test_no_filters_selects_everything_sorted_by_date(small_events):
    out = apply(small_events, Filters())
    assert len(out) == len(small_events)
    assert out["date"].is_monotonic_increasing


def test_filtering_never_mutates_its_input(small_events):
    before = small_events.copy(deep=True)
    f = Filters(actors=("Ukraine",), text="drone", min_sources=1, statements=False)
    out = apply(small_events, f)
    out.loc[:, "summary"] = "changed"
    pd.testing.assert_frame_equal(small_events, before)


def test_actor_any_versus_all(small_events):
    any_ = apply(small_events, Filters(actors=("Ukraine", "Russia")))
    all_ = apply(small_events, Filters(actors=("Ukraine", "Russia"), actor_match=ActorMatch.ALL))
    assert ids(any_) == ["E01", "E02", "E04", "E05", "E06", "E07", "E08"]
    assert ids(all_) == ["E07"]


def test_actor_match_is_whole_name_not_substring(small_events):
    # "Russia" must not match "Russian forces" in E03's actors cell.
    assert "E03" not in ids(apply(small_events, Filters(actors=("Russia",))))
    assert ids(apply(small_events, Filters(actors=("Russian forces",)))) == ["E02", "E03"]


def test_date_range_keeps_events_whose_uncertainty_overlaps(small_events):
    f = Filters(date_from=date(2025, 3, 12), date_to=date(2025, 3, 12))
    # E05 is "this month" (2025-03-01..31) and E08 "within a week" (10..16): both overlap.
    assert ids(apply(small_events, f)) == ["E02", "E05", "E06", "E08"]


def test_types_status_country_sources_text_and_statements(small_events):
    assert ids(apply(small_events, Filters(event_types=("diplomacy",)))) == ["E01", "E04"]
    assert ids(apply(small_events, Filters(statuses=("planned", "claimed")))) == ["E02", "E04"]
    assert ids(apply(small_events, Filters(countries=("Saudi Arabia",)))) == ["E01"]
    assert ids(apply(small_events, Filters(min_sources=2))) == ["E01", "E03", "E05"]
    assert ids(apply(small_events, Filters(text="PORT"))) == ["E02"]  # evidence, any case
    assert ids(apply(small_events, Filters(text="sudzha"))) == ["E03"]  # summary
    assert "E06" not in ids(apply(small_events, Filters(statements=False)))
    assert apply(small_events, Filters(text="no such words")).empty


def test_query_string_round_trip_of_a_full_filter():
    f = Filters(
        date_from=date(2025, 3, 10), date_to=date(2025, 3, 14), actors=("Russia", "Ukraine"),
        actor_match=ActorMatch.ALL, event_types=("diplomacy", "remote_strike"),
        countries=("Russia",), statuses=("claimed",), min_sources=2, text="Jeddah talks",
        statements=False,
    )  # fmt: skip
    q = to_query(f)
    assert q["actor"] == ["Russia", "Ukraine"] and q["match"] == "all" and q["from"] == "2025-03-10"
    params = {k: v if isinstance(v, list) else [v] for k, v in q.items()}
    assert from_query(params) == f
    assert to_query(Filters()) == {}


names = st.text(alphabet=st.characters(blacklist_characters=",", blacklist_categories=("Cs",)), min_size=1, max_size=12).filter(str.strip)  # fmt: skip


@given(
    actors=st.lists(names, max_size=3, unique=True),
    match=st.sampled_from(list(ActorMatch)),
    text=st.text(max_size=20),
    min_sources=st.integers(1, 9),
    statements=st.booleans(),
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 1, 1)),
)
def test_query_round_trip_property(actors, match, text, min_sources, statements, day):
    f = Filters(
        date_from=day, actors=tuple(actors), actor_match=match if actors else ActorMatch.ANY,
        text=text.strip(), min_sources=min_sources, statements=statements,
    )  # fmt: skip
    params = {k: v if isinstance(v, list) else [v] for k, v in to_query(f).items()}
    assert from_query(params) == f


def test_malformed_query_values_are_ignored_not_fatal():
    f = from_query({"from": ["yesterday"], "match": ["most"], "min_sources": ["-3"], "q": [""]})
    assert f == Filters()


def test_actor_options_grouped_by_side(small_events):
    pairs = actor_options(small_events, default_lexicon())
    sides = [s for s, _ in pairs]
    # grouped: each side's actors are contiguous
    assert all(
        sides.index(s) + sides.count(s) - 1 == max(i for i, x in enumerate(sides) if x == s)
        for s in set(sides)
    )
    assert ("Russia", "Vladimir Putin") in pairs and ("Russia", "Russian forces") in pairs
    assert ("United States", "Marco Rubio") in pairs
    # states and forces come before persons within a side
    russia = [a for s, a in pairs if s == "Russia"]
    assert russia.index("Russia") < russia.index("Dmitry Peskov")
    assert INTERNATIONAL not in sides and OTHER_ACTORS not in sides


def test_options_and_bounds(small_events):
    assert type_options(small_events)[:4] == [
        "armed_clash",
        "territorial_change",
        "remote_strike",
        "diplomacy",
    ]
    assert date_bounds(small_events) == (date(2014, 1, 1), date(2025, 3, 31))


@pytest.mark.parametrize(
    ("f", "text"),
    [
        (Filters(), "all events"),
        (
            Filters(actors=("Russia", "Ukraine"), actor_match=ActorMatch.ALL),
            "actors: Russia and Ukraine",
        ),
        (
            Filters(date_from=date(2025, 3, 10), min_sources=2),
            "2025-03-10 to …; at least 2 sources",
        ),
    ],
)
def test_describe_in_one_line(f, text):
    assert describe(f) == text


def test_outlet_sub_type_region_and_verified_filters(small_events):
    from dashboard.filters import outlet_options, region_options, sub_type_options

    assert outlet_options(small_events)[0] == "Outlet A"
    by_outlet = apply(small_events, Filters(outlets=("Outlet A",)))
    assert len(by_outlet) == 4 and all("Outlet A" in s for s in by_outlet["sources"])
    assert "drone strike" in sub_type_options(small_events)
    drones = apply(small_events, Filters(sub_types=("drone strike",)))
    assert set(drones["sub_event_type"]) == {"drone strike"}
    assert "Odesa Oblast" in region_options(small_events)
    assert list(apply(small_events, Filters(regions=("Odesa Oblast",)))["event_id"]) == ["E02"]
    marked = small_events.assign(verified=small_events["event_id"] == "E03")
    assert list(apply(marked, Filters(verified_only=True))["event_id"]) == ["E03"]
    f = Filters(outlets=("Outlet A",), sub_types=("drone strike",), regions=("Odesa Oblast",),
                verified_only=True)  # fmt: skip
    assert from_query({k: v if isinstance(v, list) else [v] for k, v in to_query(f).items()}) == f
    assert "verified only" in describe(f) and "outlets: Outlet A" in describe(f)
