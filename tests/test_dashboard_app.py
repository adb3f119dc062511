"""The Streamlit wiring, run headless with streamlit.testing.v1.AppTest."""

import csv
import io
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import export
from dashboard.data import load_events, load_reviewed
from dashboard.filters import Filters, apply
from dashboard.keyevents import default_key_events
from etl.schema import EVENT_COLUMNS

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


def shown(elements) -> str:
    """What the page displays for these Markdown elements (backslash escapes resolved)."""
    return " ".join(re.sub(r"\\(.)", r"\1", str(e.value)) for e in elements)


def app(monkeypatch, data_dir, seeds_dir=None, query=None) -> AppTest:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    monkeypatch.setenv("DASHBOARD_SEEDS_DIR", str(seeds_dir or data_dir / "no-seeds"))
    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def query(at, key):
    value = at.query_params.get(key)
    return value if isinstance(value, list) else [value]


def frame_with(at, column):
    """The shown table that has `column` (static tables expose no key to AppTest)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def texts(at):
    return " ".join(str(e.value) for kind in ("info", "warning", "error") for e in at.get(kind))


def with_an_unplaced_event(data_dir: Path, tmp_path: Path) -> Path:
    """A copy of an ETL output in which the first event has lost its place, so that the
    list of unplaced events has something to show whatever the seeds give."""
    out = tmp_path / "data"
    shutil.copytree(data_dir, out)
    (out / "events.parquet").unlink(missing_ok=True)  # the edited CSV is what is read
    with (out / "events.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for column in ("location", "admin1", "latitude", "longitude", "geo_precision"):
        rows[0][column] = ""
    with (out / "events.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return out


def test_runs_on_the_real_seed_output(monkeypatch, seed_data, tmp_path):
    data = with_an_unplaced_event(seed_data, tmp_path)
    at = app(monkeypatch, data)
    assert not at.exception
    events = load_events(data)
    assert metric(at, "Events") == str(len(events))
    charts = at.get("plotly_chart")
    assert [c.key for c in charts] == ["timeline", "map"]  # per week: drawn when opened
    table = next(d.value for d in at.dataframe if d.key == "table")
    assert "remote_strike" not in set(table["type"]) and "date known to" in table.columns
    assert "table" in {d.key for d in at.dataframe}
    # the events with no place are listed under the map, in a section drawn when opened
    # (AppTest does not report the key of a dataframe without selection: found by columns)
    unplaced = int(events["latitude"].isna().sum())
    assert unplaced > 0
    assert any(f"{unplaced} event(s) with no place" in e.label for e in at.expander)
    at.session_state["x_weekly"] = True
    at.session_state["x_unplaced"] = True
    at.run()
    assert len(at.get("plotly_chart")) == 3  # timeline, events per week, map
    listed = [
        d.value
        for d in at.dataframe
        if list(d.value.columns) == ["date", "summary", "type", "outlets"]
    ]
    assert sum(len(v) for v in listed) == unplaced
    # the key events for the briefing: suggested, numbered 1..n, no statements
    key = next(d.value for d in at.dataframe if str(d.key).startswith("k_editor"))
    assert 0 < len(key) <= 8 and list(key["no."] if "no." in key else key["number"]) == list(
        range(1, len(key) + 1)
    )
    keys = [b.key for b in at.get("download_button")]
    assert keys == ["dl_csv", "dl_geojson", "dl_acled", "dl_html", "dl_pptx"]


def test_actor_filter_changes_the_counts(monkeypatch, seed_data):
    at = app(monkeypatch, seed_data)
    before = int(metric(at, "Events"))
    at.multiselect(key="f_actors").select("Belarus").run()
    assert not at.exception
    expected = len(apply(load_events(seed_data), Filters(actors=("Belarus",))))
    assert int(metric(at, "Events")) == expected < before
    assert query(at, "actor") == ["Belarus"]
    (link,) = at.get("link_button")
    assert link.proto.url == "./?actor=Belarus&view=briefing"  # the briefing of this selection


def test_a_shared_link_reopens_the_filtered_view(monkeypatch, seed_data):
    at = app(
        monkeypatch, seed_data, query={"actor": "Ukraine", "statements": "0", "type": "diplomacy"}
    )
    assert not at.exception
    f = Filters(actors=("Ukraine",), statements=False, event_types=("diplomacy",))
    assert int(metric(at, "Events")) == len(apply(load_events(seed_data), f))
    assert at.multiselect(key="f_actors").value == ["Ukraine"]
    assert at.toggle(key="f_statements").value is False


def test_choosing_an_event_shows_its_detail_and_sources(monkeypatch, seed_data):
    at = app(monkeypatch, seed_data)
    events = load_events(seed_data)
    multi = events.sort_values("source_count").iloc[-1]
    at.selectbox(key="v_event").select(multi["event_id"]).run()
    assert not at.exception
    fields = frame_with(at, "field")
    assert multi["summary"] in fields["value"].tolist()
    sources = frame_with(at, "quote")
    assert len(sources) >= multi["source_count"]
    assert query(at, "event") == [multi["event_id"]]


def test_no_match_is_a_message_and_charts_still_render(monkeypatch, seed_data):
    at = app(monkeypatch, seed_data)
    at.text_input(key="f_text").input("no event says this").run()
    assert not at.exception
    assert metric(at, "Events") == "0"
    assert "No events match" in texts(at)
    assert len(at.get("plotly_chart")) == 2


def test_header_only_file_runs_without_exception(monkeypatch, tmp_path):
    (tmp_path / "events.csv").write_text(",".join(EVENT_COLUMNS) + "\n", encoding="utf-8")
    at = app(monkeypatch, tmp_path)
    assert not at.exception
    assert "holds no events" in texts(at)


def test_unreadable_file_is_an_error_and_is_not_overwritten(monkeypatch, tmp_path):
    path = tmp_path / "events.csv"
    path.write_bytes(b"\xff\xfe not a table")
    at = app(monkeypatch, tmp_path, seeds_dir=tmp_path)
    assert not at.exception
    assert "cannot be read" in texts(at) and "Nothing was changed" in texts(at)
    assert path.read_bytes() == b"\xff\xfe not a table"


def test_no_data_and_no_seeds_says_what_to_run(monkeypatch, tmp_path):
    at = app(monkeypatch, tmp_path / "data")
    assert not at.exception
    assert "python -m etl run" in texts(at)


@pytest.mark.slow
def test_builds_the_data_from_seeds_when_missing(monkeypatch, tmp_path, seeds_dir):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in sorted(p.name for p in seeds_dir.glob("*.txt"))[:2]:
        shutil.copy(seeds_dir / name, seeds / name)
    shutil.copy(seeds_dir / "manifest.csv", seeds / "manifest.csv")
    at = app(monkeypatch, tmp_path / "data", seeds_dir=seeds)
    assert not at.exception
    assert (tmp_path / "data" / "events.csv").is_file()
    assert int(metric(at, "Events")) == len(load_events(tmp_path / "data")) > 0


def test_briefing_view_has_no_sidebar_and_numbers_the_selection(monkeypatch, seed_data):
    at = app(monkeypatch, seed_data, query={"view": "briefing", "actor": "Belarus"})
    assert not at.exception
    assert len(at.sidebar.children) == 0 and not at.multiselect  # no filter widgets
    expected = default_key_events(apply(load_events(seed_data), Filters(actors=("Belarus",))))
    page = " ".join(h.proto.body for h in at.get("html"))
    assert "actors: Belarus" in page
    assert page.count('<li id="event-') == len(expected) > 0
    for i in range(1, len(expected) + 1):
        assert f'<span class="num">{i}.</span>' in page
    assert "Caveats" in page and "<h2>Sources</h2>" in page
    assert len(at.get("plotly_chart")) == 2  # map and timeline
    assert [b.key for b in at.get("download_button")] == ["dl_html", "dl_pptx"]


def test_briefing_view_follows_the_analysts_key_events_in_their_order(monkeypatch, seed_data):
    events = load_events(seed_data)
    statement = events.loc[events["event_type"] == "statement", "event_id"].iloc[0]
    last, first = events["event_id"].iloc[0], events["event_id"].iloc[-1]
    query = {"view": "briefing", "key": f"{first},{statement},{last}"}
    at = app(monkeypatch, seed_data, query=query)
    assert not at.exception
    page = " ".join(h.proto.body for h in at.get("html"))
    found = [page.index(f'<li id="event-{e}"') for e in (first, statement, last)]
    assert found == sorted(found) and page.count('<li id="event-') == 3


def test_pinning_from_the_detail_adds_the_event_to_the_key_events(monkeypatch, seed_data):
    at = app(monkeypatch, seed_data)
    events = load_events(seed_data)
    statement = events.loc[events["event_type"] == "statement", "event_id"].iloc[0]
    at.selectbox(key="v_event").set_value(statement).run()
    at.button(key="k_pin").click().run()
    assert not at.exception
    key = next(d.value for d in at.dataframe if str(d.key).startswith("k_editor"))
    assert statement in at.session_state["v_key"] and len(key) == len(at.session_state["v_key"])
    assert at.query_params["key"].endswith(statement)


def test_briefing_of_an_empty_selection_says_so(monkeypatch, seed_data):
    at = app(monkeypatch, seed_data, query={"view": "briefing", "q": "no-such-words-anywhere"})
    assert not at.exception
    assert "nothing to brief" in texts(at)
    assert not at.get("download_button") and not at.get("plotly_chart")


@pytest.fixture
def own_data(seed_data, tmp_path):
    out = tmp_path / "data"
    shutil.copytree(seed_data, out)
    return out


def timeline_dates(at, event_id):
    """The x values of the timeline's points of one event (from the figure sent to the page)."""
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return {
        str(x)[:10]
        for trace in spec["data"]
        for x, custom in zip(trace.get("x", []), trace.get("customdata", []), strict=False)
        if isinstance(custom, list) and custom and custom[0] == event_id
    }


def test_edit_a_date_see_it_on_the_timeline_and_in_the_csv(monkeypatch, own_data):
    monkeypatch.setenv("REVIEW_USER", "apptest-analyst")
    events = load_events(own_data)
    event_id = events.loc[events["time_precision"] == 1, "event_id"].iloc[0]
    at = app(monkeypatch, own_data)
    at.selectbox(key="v_event").set_value(event_id).run()
    assert "2025-02-03" not in timeline_dates(at, event_id)
    assert "as extracted" in " ".join(str(c.value) for c in at.caption)
    at.date_input(key="r_date").set_value(date(2025, 2, 3))
    at.text_input(key="r_note").input("the article says Monday")
    at.button(key="r_save").click().run()
    assert not at.exception
    assert "Saved" in shown(at.success)
    assert timeline_dates(at, event_id) == {"2025-02-03"}
    assert "edited (1 change" in " ".join(str(c.value) for c in at.caption)
    audit = next(d.value for d in at.dataframe if "before" in d.value.columns)
    assert list(audit["user"]) == ["apptest-analyst"] and "Monday" in audit.iloc[0]["note"]
    rows = list(
        csv.DictReader(io.StringIO(export.to_csv_bytes(load_events(own_data)).decode("utf-8-sig")))
    )
    assert next(r for r in rows if r["event_id"] == event_id)["date"] == "2025-02-03"


def test_hide_and_verify_from_the_page(monkeypatch, own_data):
    at = app(monkeypatch, own_data)
    total = int(metric(at, "Events"))
    first = load_events(own_data)["event_id"].iloc[0]
    at.selectbox(key="v_event").set_value(first).run()
    at.button(key="r_verify").click().run()
    assert "verified" in " ".join(str(c.value) for c in at.caption)
    at.button(key="r_hide").click().run()
    assert not at.exception and int(metric(at, "Events")) == total - 1
    assert at.selectbox(key="v_event").value is None
    at.selectbox(key="r_unhide_pick").set_value(first).run()
    at.button(key="r_unhide").click().run()
    assert int(metric(at, "Events")) == total


def test_paste_an_article_from_the_page(monkeypatch, own_data):
    at = app(monkeypatch, own_data)
    at.text_input(key="a_outlet").input("Pasted Wire")
    at.button(key="a_add").click().run()
    assert "give the outlet and the publication date" in shown(at.error)
    text = "Kyiv, 14 March 2025\n\nRussian drones struck Odesa overnight on Friday, officials said."
    at.date_input(key="a_published").set_value(date(2025, 3, 14))
    at.text_area(key="a_text").input(text)
    at.button(key="a_add").click().run()
    assert not at.exception, at.exception
    assert "Added 1 article(s): 1 extracted" in shown(at.success)
    mentions = load_reviewed(own_data).mentions
    assert "Pasted Wire" in set(mentions["outlet"])
    assert at.text_area(key="a_text").value == ""


def test_undo_the_last_change(monkeypatch, own_data):
    events = load_events(own_data)
    event_id = events["event_id"].iloc[-1]
    original = events["summary"].iloc[-1]
    at = app(monkeypatch, own_data)
    at.selectbox(key="v_event").set_value(event_id).run()
    assert at.button(key="r_undo").disabled
    at.text_area(key="r_summary").input("A better summary")
    at.button(key="r_save").click().run()
    shown = load_events(own_data).set_index("event_id")
    assert shown.loc[event_id, "summary"] == "A better summary"
    at.button(key="r_undo").click().run()
    assert not at.exception
    assert load_events(own_data).set_index("event_id").loc[event_id, "summary"] == original
    assert at.text_area(key="r_summary").value == original


def test_markdown_in_the_search_link_is_shown_as_typed(monkeypatch, seed_data):
    planted = "[win](http://evil.example/x) ![i](http://evil.example/i.png) **b** <img src=x>"
    at = app(monkeypatch, seed_data, query={"q": planted})
    assert not at.exception
    (header,) = [c.value for c in at.caption if "Data as of" in str(c.value)]
    unescaped = re.sub(r"\\.", "", header)
    assert "](" not in unescaped and "![" not in unescaped and "**" not in unescaped
    assert "<img" not in header
    assert planted.replace("<", "&lt;").replace(">", "&gt;") in shown(
        [c for c in at.caption if c.value == header]
    )


def test_a_corrupt_review_store_leaves_the_events_readable_and_names_the_file(
    monkeypatch, own_data
):
    store = own_data / "review.sqlite"
    store.write_bytes(b"this is not a database" * 100)
    at = app(monkeypatch, own_data)
    assert not at.exception
    warning = shown(at.warning)
    assert str(store) in warning and "read-only" in warning
    assert "cannot be read" not in texts(at)  # not blamed on the events file
    assert metric(at, "Events") == str(len(pd.read_csv(own_data / "events.csv")))
    assert store.read_bytes() == b"this is not a database" * 100  # left untouched


def _open(monkeypatch, data_dir, event_id, name):
    at = app(monkeypatch, data_dir)
    at.selectbox(key="v_event").set_value(event_id).run()
    at.text_input(key="r_user").input(name).run()
    return at


def _log(data_dir):
    from etl.store import ReviewStore

    return ReviewStore.of(data_dir).log()


def test_two_analysts_editing_at_once_do_not_undo_each_other(monkeypatch, own_data):
    monkeypatch.delenv("REVIEW_USER", raising=False)
    event_id = load_events(own_data)["event_id"].iloc[0]
    alice = _open(monkeypatch, own_data, event_id, "Alice")
    bob = _open(monkeypatch, own_data, event_id, "Bob")
    bob.text_area(key="r_summary").input("Bob's summary")
    bob.button(key="r_save").click().run()
    assert "Saved: summary" in shown(bob.success)
    # Alice's form was open before Bob saved; her page reruns (a filter, a click) first
    alice.run()
    alice.number_input(key="r_fatalities").set_value(7)
    alice.button(key="r_save").click().run()
    assert not alice.exception and "Saved: fatalities" in shown(alice.success)
    event = load_events(own_data).set_index("event_id").loc[event_id]
    assert (event["summary"], int(event["fatalities"])) == ("Bob's summary", 7)
    assert [(o.user, sorted(o.fields)) for o in _log(own_data)] == [
        ("Bob", ["summary"]),
        ("Alice", ["fatalities"]),
    ]


def test_a_field_both_analysts_changed_is_a_conflict_the_analyst_resolves(monkeypatch, own_data):
    event_id = load_events(own_data)["event_id"].iloc[0]
    alice = _open(monkeypatch, own_data, event_id, "Alice")
    bob = _open(monkeypatch, own_data, event_id, "Bob")
    bob.text_area(key="r_summary").input("Bob's summary")
    bob.button(key="r_save").click().run()
    alice.text_area(key="r_summary").input("Alice's summary")
    alice.button(key="r_save").click().run()
    assert "summary changed since you opened the form" in shown(alice.error)
    assert len(_log(own_data)) == 1  # nothing overwritten
    choice = alice.radio(key="r_conflict_summary")
    assert list(choice.options) == [
        "keep theirs: Bob's summary",
        "use mine: Alice's summary",
    ]
    choice.set_value("mine")
    alice.button(key="r_conflict_save").click().run()
    assert not alice.exception
    assert load_events(own_data).set_index("event_id").loc[event_id, "summary"] == "Alice's summary"
    assert [o.user for o in _log(own_data)] == ["Bob", "Alice"]
