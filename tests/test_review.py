"""Analyst review: the replay of the log (pure), the SQLite store, and re-runs of the ETL."""

from __future__ import annotations

import hashlib
import multiprocessing
import shutil
import threading
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard.corrections import FormValues, changes, form_values, place_from_name
from dashboard.data import load_events, load_extracted, load_reviewed
from dashboard.export import to_csv_bytes
from dashboard.export_cli import main as export_main
from etl.build import Upload, UploadError, add_articles, build
from etl.review import (
    Action,
    Override,
    ReviewError,
    apply,
    clean_fields,
    date_range,
    split_event_id,
)
from etl.schema import EDITED, EXTRACTED_FIELDS, TimePrecision
from etl.store import ReviewStore, audit_frame, user_name

# ---- the replay, on the hand-made table -------------------------------------------


@pytest.fixture(scope="module")
def small_mentions(small_events):
    """One mention per source of each hand-made event (ids M<event>.<n>)."""
    rows = []
    for _, e in small_events.iterrows():
        for n, outlet in enumerate(str(e["sources"]).split(";"), start=1):
            row = {c: e[c] for c in EXTRACTED_FIELDS}
            for c in ("date", "date_start", "date_end"):
                row[c] = e[c].date().isoformat() if pd.notna(e[c]) else None
            row.update(mention_id=f"M{e['event_id']}.{n}", event_id=e["event_id"],
                       outlet=outlet, published="2025-03-12", quote=f"quote {n} of {e['event_id']}")  # fmt: skip
            rows.append(row)
    return pd.DataFrame(rows).astype({"time_precision": str, "geo_precision": str})


def entry(i, action, event, n=1, **kw):
    anchor = tuple(f"M{event}.{k}" for k in range(1, n + 1))
    return Override(id=i, action=action, anchor=anchor, event_id=event, **kw)


def by_id(frame):
    return frame.set_index("event_id")


def test_no_log_is_the_extraction_marked_as_such(small_events, small_mentions):
    out = apply(small_events, small_mentions, [])
    assert len(out.events) == len(small_events)
    assert set(out.events["review"]) == {"as extracted"} and not out.events["verified"].any()


def test_edits_of_different_fields_all_stand_and_the_last_edit_of_a_field_wins(
    small_events, small_mentions
):
    log = [
        entry(1, Action.EDIT, "E02", fields={"summary": "first"}),
        entry(2, Action.EDIT, "E02", fields={"fatalities": 4}),
        entry(3, Action.EDIT, "E02", fields={"summary": "second"}),
        entry(4, Action.VERIFY, "E03"),
    ]
    events = by_id(apply(small_events, small_mentions, log).events)
    assert events.loc["E02", "summary"] == "second" and events.loc["E02", "fatalities"] == 4
    assert events.loc["E02", "review"] == EDITED and bool(events.loc["E03", "verified"])
    assert events.loc["E03", "review"] == "as extracted"
    assert small_events.set_index("event_id").loc["E02", "summary"] != "second"  # input untouched


def test_an_edited_date_keeps_dtypes_and_order(small_events, small_mentions):
    fields = clean_fields({"date": "2025-01-15", "date_start": "2025-01-01",
                           "date_end": "2025-01-31", "time_precision": 3})  # fmt: skip
    out = apply(small_events, small_mentions, [entry(1, Action.EDIT, "E03", fields=fields)]).events
    assert out["date"].dtype == small_events["date"].dtype
    row = by_id(out).loc["E03"]
    assert row["date"] == pd.Timestamp("2025-01-15") and row["time_precision"] == 3
    assert out["date"].is_monotonic_increasing


def test_hide_removes_the_event_and_unhide_brings_it_back(small_events, small_mentions):
    hidden = apply(small_events, small_mentions, [entry(1, Action.HIDE, "E02")])
    assert "E02" not in set(hidden.events["event_id"]) and list(hidden.hidden["event_id"]) == [
        "E02"
    ]
    back = apply(small_events, small_mentions,
                 [entry(1, Action.HIDE, "E02"), entry(2, Action.UNHIDE, "E02")])  # fmt: skip
    assert "E02" in set(back.events["event_id"]) and back.hidden.empty
    reverted = apply(small_events, small_mentions,
                     [entry(1, Action.HIDE, "E02"), Override(2, Action.REVERT, (), reverts=1)])  # fmt: skip
    assert "E02" in set(reverted.events["event_id"])


def test_merge_then_split_round_trips(small_events, small_mentions):
    merge = entry(1, Action.MERGE, "E06", other=("ME08.1",))
    merged = apply(small_events, small_mentions, [merge])
    assert "E08" not in set(merged.events["event_id"])
    row = by_id(merged.events).loc["E06"]
    e6, e8 = by_id(small_events).loc["E06"], by_id(small_events).loc["E08"]
    assert row["date_start"] == min(e6["date_start"], e8["date_start"])
    assert row["mention_count"] == 2 and merged.mention_event["ME08.1"] == "E06"
    assert set(row["sources"].split(";")) == set(e6["sources"].split(";")) | set(
        e8["sources"].split(";")
    )

    split = apply(small_events, small_mentions, [merge, entry(2, Action.SPLIT, "E06")])
    assert len(split.events) == len(small_events)
    pieces = by_id(split.events).loc[[split_event_id("ME06.1"), split_event_id("ME08.1")]]
    for piece, original in zip(pieces.itertuples(), (e6, e8), strict=True):
        assert piece.summary == original["summary"] and piece.date == original["date"]
        assert piece.event_type == original["event_type"] and piece.location == original["location"]
        assert piece.source_count == 1 and piece.review == EDITED


def test_an_edited_date_then_a_merge(small_events, small_mentions):
    edit = entry(1, Action.EDIT, "E06", fields=clean_fields({"date_start": "2025-01-02"}))
    merge = entry(2, Action.MERGE, "E06", other=("ME08.1",))
    row = by_id(apply(small_events, small_mentions, [edit, merge]).events).loc["E06"]
    assert row["date_start"] == pd.Timestamp("2025-01-02") and row["mention_count"] == 2


def test_an_override_whose_mentions_vanished_is_reported(small_events, small_mentions):
    gone = Override(
        7, Action.EDIT, ("M-no-such-mention",), event_id="Egone", fields={"summary": "x"}
    )
    out = apply(small_events, small_mentions, [gone, entry(8, Action.VERIFY, "E01")])
    assert [o.id for o in out.orphaned] == [7] and out.applied == (8,)
    assert apply(
        small_events, small_mentions, [entry(1, Action.SPLIT, "E02")]
    ).orphaned  # 1 mention


def test_corrections_follow_the_event_that_holds_most_of_their_mentions(
    small_events, small_mentions
):
    # E01 had three mentions; after a re-run two of them sit in event "EX" (new id)
    moved = small_mentions.assign(
        event_id=small_mentions["event_id"].where(
            ~small_mentions["mention_id"].isin(["ME01.1", "ME01.2"]), "EX"
        )
    )
    events = pd.concat([small_events, small_events.iloc[[0]].assign(event_id="EX")])
    out = apply(events, moved, [entry(1, Action.EDIT, "E01", n=3, fields={"summary": "fixed"})])
    assert by_id(out.events).loc["EX", "summary"] == "fixed"
    assert by_id(out.events).loc["E01", "summary"] != "fixed"


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"date": "13/03/2025"}, "not a date"), ({"time_precision": 9}, "9"),
     ({"event_type": "party"}, "party"), ({"latitude": 95}, "between"),
     ({"summary": "  "}, "empty"), ({"fatalities": -1}, "whole number"),
     ({"event_id": "E9"}, "not an editable field")],
)  # fmt: skip
def test_bad_values_are_refused(fields, message):
    with pytest.raises((ReviewError, ValueError), match=message):
        clean_fields(fields)


def test_date_ranges_follow_the_precision():
    day = date(2025, 3, 12)
    assert date_range(day, TimePrecision.DAY) == (day, day)
    assert date_range(day, TimePrecision.WEEK) == (date(2025, 3, 10), date(2025, 3, 16))
    assert date_range(day, TimePrecision.MONTH) == (date(2025, 3, 1), date(2025, 3, 31))
    assert date_range(day, TimePrecision.YEAR) == (date(2025, 1, 1), date(2025, 12, 31))


def test_the_form_yields_only_what_changed(small_events, resolver):
    row = by_id(small_events).loc["E03"].to_dict() | {"event_id": "E03"}
    start = form_values(row)
    assert changes(row, start, lambda name: None) == ({}, {})
    moved = FormValues(**{**start.__dict__, "location": "Kursk", "actor2": "Ukraine"})
    fields, before = changes(row, moved, lambda name: place_from_name(name, resolver))
    assert fields["location"] == "Kursk" and fields["country"] == "Russia"
    assert abs(fields["latitude"] - 51.73) < 0.1 and before["location"] == "Sudzha"
    assert fields["actor2"] == "Ukraine" and "Ukrainian forces" not in fields["actors"]
    with pytest.raises(ReviewError, match="not found"):
        changes(row, FormValues(**{**start.__dict__, "location": "Nowhereville"}), lambda n: None)


# ---- the store --------------------------------------------------------------------


def test_store_appends_with_who_and_when_and_exports_the_trail(tmp_path):
    store = ReviewStore.of(tmp_path)
    assert store.log() == [] and store.revision() == (0, 0)
    first = store.record(Action.EDIT, ("M1",), user="alice", event_id="E1",
                         fields={"summary": "new"}, before={"summary": "old"}, note="typo")  # fmt: skip
    store.record(Action.REVERT, (), user="bob", reverts=first)
    log = store.log()
    assert [(o.action, o.user) for o in log] == [(Action.EDIT, "alice"), (Action.REVERT, "bob")]
    assert log[0].fields == {"summary": "new"} and log[0].before == {"summary": "old"}
    assert log[0].at.startswith(str(date.today().year)) and store.revision() == (2, 2)
    trail = audit_frame(log)
    assert list(trail["user"]) == ["alice", "bob"] and trail.loc[1, "reverts"] == first


def _hammer(path: str, user: str, n: int) -> None:
    store = ReviewStore(Path(path))
    for i in range(n):
        store.record(
            Action.EDIT, ("M1",), user=user, event_id="E1", fields={"summary": f"{user}{i}"}
        )


def test_concurrent_edits_from_two_sessions_lose_nothing(tmp_path):
    path = str(tmp_path / "review.sqlite")
    threads = [threading.Thread(target=_hammer, args=(path, u, 40)) for u in ("s1", "s2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_hammer, args=(path, u, 25)) for u in ("p1", "p2")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert all(p.exitcode == 0 for p in procs)
    users = [o.user for o in ReviewStore(Path(path)).log()]
    assert sorted(set(users)) == ["p1", "p2", "s1", "s2"]
    assert (
        len(users) == 2 * 40 + 2 * 25 and len({o.id for o in ReviewStore(Path(path)).log()}) == 130
    )


def test_user_name_comes_from_configuration(tmp_path):
    settings = tmp_path / "settings.toml"
    settings.write_text('[review]\nuser = "Analyst Jo"\n', encoding="utf-8")
    assert user_name(settings, env={}) == "Analyst Jo"
    assert user_name(settings, env={"REVIEW_USER": "desk-2"}) == "desk-2"
    assert user_name(tmp_path / "absent.toml", env={}) != ""


# ---- with the real ETL output --------------------------------------------------------


@pytest.fixture
def data(seed_data, tmp_path):
    """A private copy of the seed output (with its extraction cache)."""
    out = tmp_path / "data"
    shutil.copytree(seed_data, out)
    return out


def _anchor(data_dir: Path, event_id: str) -> tuple[str, ...]:
    mentions = load_reviewed(data_dir).mentions
    return tuple(mentions.loc[mentions["event_id"] == event_id, "mention_id"])


def _state(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }  # fmt: skip


def test_an_override_survives_a_rerun_and_a_new_article(data, seeds_dir):
    events = load_extracted(data)
    target = events.loc[events["mention_count"] >= 2].iloc[0]
    store = ReviewStore.of(data)
    store.record(Action.EDIT, _anchor(data, target["event_id"]), user="t",
                 event_id=target["event_id"], fields={"summary": "Corrected by hand"})  # fmt: skip
    hidden = events.loc[events["mention_count"] == 1].iloc[0]["event_id"]
    store.record(Action.HIDE, _anchor(data, hidden), user="t", event_id=hidden)

    result = build(seeds_dir, data)
    assert result.run.report["documents_extracted"] == 0  # every article came from the cache
    assert result.review == {"corrections": 2, "applied": 2, "orphaned": []}
    shown = load_events(data)
    assert "Corrected by hand" in set(shown["summary"]) and hidden not in set(shown["event_id"])

    quote = str(target["evidence"])
    text = f"Kyiv, {target['date'].date().isoformat()}\n\n{quote}\n"
    added = add_articles(data, [Upload("wire.txt", text.encode())], outlet="Wire Service",
                         published=target["first_reported"].date())  # fmt: skip
    assert added.run.report["documents_extracted"] == 1
    assert added.run.report["documents_from_cache"] == result.run.report[
        "documents_extracted"
    ] + len(result.run.report["documents_read"])
    shown = load_events(data)
    fixed = shown.loc[shown["summary"] == "Corrected by hand"]
    assert len(fixed) == 1 and "Wire Service" in fixed.iloc[0]["sources"]  # merged, still corrected
    assert hidden not in set(shown["event_id"])
    assert (data / "added" / "wire.txt").is_file()


def test_the_cache_tells_models_and_geocoders_apart(resolver):
    from etl.geocode import cached_nominatim
    from etl.nlp import expected_name, load_analyzer
    from etl.pipeline import cache_key

    assert cache_key(None, None, None) == cache_key(None, load_analyzer(), None)  # app = CLI
    assert expected_name("en_core_web_md") == "en_core_web_md"
    assert cache_key("en_core_web_md", None, None) != cache_key(None, None, None)
    online = cached_nominatim("t", Path("/nonexistent/x.json"), domain="127.0.0.1:9", scheme="http")
    assert cache_key(None, None, online).endswith("|Nominatim:127.0.0.1:9")


def test_a_vanished_event_is_reported_by_the_next_run(data, seeds_dir, capsys):
    from etl.cli import main

    ReviewStore.of(data).record(Action.EDIT, ("Mgone",), user="t", event_id="Egone",
                                fields={"summary": "x"})  # fmt: skip
    assert main(["run", "--input", str(seeds_dir), "--output", str(data), "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "correction #1 (edit of Egone by t" in err and "no longer matches any event" in err
    assert load_reviewed(data).orphaned[0].id == 1


def test_hidden_events_leave_every_export(data, tmp_path):
    events = load_events(data)
    victim = events.iloc[0]["event_id"]
    ReviewStore.of(data).record(Action.HIDE, _anchor(data, victim), user="t", event_id=victim)
    assert victim not in to_csv_bytes(load_events(data)).decode("utf-8-sig")
    for fmt in ("csv", "acled", "geojson", "html"):
        out = tmp_path / f"x.{fmt}"
        assert export_main(["--data", str(data), "--format", fmt, "-o", str(out)]) == 0
        assert victim not in out.read_text("utf-8-sig")


@pytest.mark.parametrize(
    ("upload", "reason"),
    [(Upload("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00binary"), "binary"),
     (Upload("big.txt", b"word " * 600_000), "too large"),
     (Upload("sheet.xlsx", b"PK\x03\x04"), "unsupported file type"),
     (Upload("empty.txt", b""), "empty")],
)  # fmt: skip
def test_a_refused_upload_changes_nothing(data, upload, reason):
    before = _state(data)
    with pytest.raises(UploadError, match=reason):
        add_articles(data, [Upload("fine.txt", b"Kyiv, 12 March 2025\n\nTalks began."), upload],
                     outlet="X", published=date(2025, 3, 12))  # fmt: skip
    assert _state(data) == before
