"""The real page in headless Debian chromium, driven by Playwright.

The app is served by `streamlit run` on 127.0.0.1 over the ETL's seed output. The
test loads the page, checks that the timeline and the map draw their points,
filters by an actor, downloads the CSV and checks that no request left 127.0.0.1.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

from dashboard.data import load_events
from dashboard.filters import Filters, apply
from dashboard.keyevents import default_key_events

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions",
]  # fmt: skip
LOCAL_SCHEMES = ("data", "blob", "about")


def assert_all_local(requests: list[str]) -> None:
    """Every request the page made stayed on 127.0.0.1 (or was data:, blob:, about:)."""
    outside = [
        u for u in requests
        if urlparse(u).scheme not in LOCAL_SCHEMES and urlparse(u).hostname != "127.0.0.1"
    ]  # fmt: skip
    assert requests and not outside, outside


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Debian's chromium is not installed: run ./run test, which installs it")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(data_dir: Path) -> Iterator[str]:
    """The app over `data_dir` on a free port, started as `./run dashboard` starts it, from
    another folder than the project's (whose .streamlit/config.toml is then not read)."""
    port = free_port()
    env = {
        **os.environ,
        "DASHBOARD_DATA_DIR": str(data_dir),
        "DASHBOARD_SEEDS_DIR": "/nonexistent",
        "REVIEW_USER": "browser-analyst",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard.launch", "--server.port", str(port),
         "--server.fileWatcherType", "none"],
        cwd=data_dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("streamlit did not start: " + proc.stdout.read().decode(errors="replace"))
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(seed_data):
    with serve(seed_data) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
        yield b
        b.close()


def events_shown(page) -> int:
    value = page.locator('[data-testid="stMetricValue"]').first.inner_text()
    return int(value.replace(",", ""))


def wait_for_count(page, predicate, timeout_s: float = 30) -> int:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            n = events_shown(page)
            if predicate(n):
                return n
        except ValueError:
            pass
        page.wait_for_timeout(250)
    raise AssertionError("the event count did not change as expected")


def plot(page, key: str):
    """The plotly chart of the Streamlit element with this key."""
    return page.locator(f".st-key-{key} .js-plotly-plot")


def plot_points(page, key: str) -> int:
    """Marks drawn in the chart's plot area (the range slider's small copy left out)."""
    return plot(page, key).evaluate(
        """el => [...el.querySelectorAll('.scatterlayer path.point')]
            .filter(p => !p.closest('.rangeslider-container')).length"""
    )


def wait_for_points(page, key: str) -> None:
    page.wait_for_function(
        f"document.querySelector('.st-key-{key} .js-plotly-plot')"
        "?.querySelectorAll('path.point').length > 0",
        timeout=60_000,
    )


def label_boxes(page, key: str) -> list[dict]:
    """Bounding boxes (from the DOM) of the map's place labels: its annotations but the
    basemap's source note."""
    return plot(page, key).evaluate(
        """el => [...el.querySelectorAll('g.annotation')]
            .filter(g => !g.textContent.includes('Natural Earth'))
            .map(g => { const r = g.getBoundingClientRect();
                        return {text: g.textContent, x0: r.left, y0: r.top,
                                x1: r.right, y1: r.bottom}; })"""
    )


def assert_no_overlap(boxes: list[dict]) -> None:
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["x1"] <= b["x0"] or b["x1"] <= a["x0"] or a["y1"] <= b["y0"] or b["y1"] <= a["y0"]
            )
            assert apart, (a, b)


def timeline_event_ids(page, key: str = "timeline") -> list[str]:
    """The event ids of the timeline's marks (one per drawn point)."""
    return plot(page, key).evaluate(
        """el => el.data.filter(t => t.mode === 'markers' && t.customdata)
            .flatMap(t => t.customdata.map(c => c[0]))"""
    )


def test_dashboard_in_a_real_browser(server, browser, seed_data, tmp_path):
    events = load_events(seed_data)
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server)
    wait_for_points(page, "map")
    wait_for_count(page, lambda n: n == len(events))

    # the timeline draws one mark per event, the map every placed event, labels apart
    ids = timeline_event_ids(page)
    assert sorted(ids) == sorted(events["event_id"]) and len(set(ids)) == len(ids)
    assert plot_points(page, "timeline") == len(events)
    placed = int(events["latitude"].notna().sum())
    assert plot_points(page, "map") >= placed > 0
    labels = label_boxes(page, "map")
    assert labels
    assert_no_overlap(labels)

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    plot(page, "map").screenshot(path=str(ARTIFACTS / "dashboard-map.png"))
    plot(page, "timeline").screenshot(path=str(ARTIFACTS / "dashboard-timeline.png"))

    # filter by one actor: the count changes and the URL carries the filter
    actor = "Ukraine"
    expected = len(apply(events, Filters(actors=(actor,))))
    assert 0 < expected < len(events)
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Actors")
    box.locator("input").fill(actor)
    page.get_by_role("option", name=actor, exact=True).click()
    assert wait_for_count(page, lambda n: n != len(events)) == expected
    page.wait_for_function(f"location.search.includes('actor={actor}')")
    page.keyboard.press("Escape")
    page.screenshot(path=str(ARTIFACTS / "dashboard-filtered.png"), full_page=True)

    # the CSV download holds exactly the filtered rows
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename.startswith("events_as-of_")
    path = tmp_path / "download.csv"
    download.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == expected
    assert all(actor in r["actors"].split(";") for r in rows)

    assert_all_local(requests)
    context.close()


def test_briefing_view_in_a_real_browser(server, browser, seed_data, tmp_path):
    from pptx import Presentation

    events = load_events(seed_data)
    selected = apply(events, Filters(actors=("Ukraine",), statements=False))
    expected = selected.loc[selected["event_id"].isin(default_key_events(selected))]
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page.goto(f"{server}/?actor=Ukraine&statements=0")
    wait_for_count(page, lambda n: n == len(selected))

    # the dashboard's link opens the briefing of the same selection in a new tab
    with context.expect_page() as opened:
        page.get_by_role("link", name="Open briefing view").click()
    brief = opened.value
    brief.wait_for_selector("ol.events li", timeout=60_000)
    assert "view=briefing" in brief.url and "actor=Ukraine" in brief.url
    items = brief.locator("ol.events li")
    assert items.count() == len(expected)
    numbers = [t.split(".")[0] for t in items.all_inner_texts()]
    assert numbers == [str(i) for i in range(1, len(expected) + 1)]
    assert "Caveats" in brief.locator(".caveats").inner_text()
    assert not brief.locator('[data-testid="stSidebar"]').is_visible()
    for chrome in ("stToolbar", "stMainMenu", "stHeader"):
        assert not brief.get_by_test_id(chrome).is_visible(), chrome
    # large type that really applies: the computed font sizes in the browser
    sizes = brief.locator("ol.events b.summary").evaluate_all(
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    details = brief.locator("ol.events .small").evaluate_all(
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert len(sizes) == len(expected) and min(sizes) >= 24 and min(details) >= 20

    # the map carries the key events' numbers beside their places, labels apart
    wait_for_points(brief, "b_map")
    labels = label_boxes(brief, "b_map")
    assert_no_overlap(labels)
    shown = {n.strip() for label in labels for n in re.findall(r"\b\d+\b", label["text"])}
    assert shown and shown <= set(map(str, range(1, len(expected) + 1)))
    ARTIFACTS.mkdir(exist_ok=True)
    brief.screenshot(path=str(ARTIFACTS / "briefing-view.png"), full_page=True)
    brief.locator(".js-plotly-plot").nth(0).scroll_into_view_if_needed()
    brief.screenshot(path=str(ARTIFACTS / "briefing-view-map.png"))

    # the slides download opens in python-pptx with one numbered line per event
    with brief.expect_download(timeout=90_000) as info:
        brief.get_by_role("button", name="Download Slides").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.suffix == ".pptx"
    texts = [
        p.text
        for slide in Presentation(str(path)).slides
        for shape in slide.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
    ]
    assert sum(1 for t in texts if t.split(". ")[0].isdigit()) == len(expected)
    assert_all_local(requests)
    context.close()


def test_edit_a_date_in_a_real_browser(browser, seed_data, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(seed_data, data)
    events = load_events(data)
    event_id = events.loc[events["time_precision"] == 1, "event_id"].iloc[0]
    with serve(data) as url:
        context = browser.new_context(
            viewport={"width": 1400, "height": 1100}, accept_downloads=True
        )
        page = context.new_page()
        page.goto(f"{url}/?event={event_id}")
        wait_for_points(page, "map")
        page.get_by_text("Review and correct this event").click()
        field = page.get_by_label("Date", exact=True)  # year, month and day segments
        field.locator('[role="spinbutton"]').first.click()
        page.keyboard.type("20250203")
        page.keyboard.press("Tab")
        page.get_by_role("button", name="Save corrections").click()
        page.get_by_text("Saved: date").wait_for(timeout=60_000)  # a busy machine: as the map
        page.wait_for_function(
            """([id, day]) => {
                const plot = document.querySelector('.st-key-timeline .js-plotly-plot');
                return (plot.data || []).some(t => (t.customdata || []).some(
                    (c, i) => Array.isArray(c) && c[0] === id && String(t.x[i]).startsWith(day)));
            }""",
            arg=[event_id, "2025-02-03"],
            timeout=60_000,
        )
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-edited.png"))
        with page.expect_download() as info:
            page.get_by_role("button", name="Download CSV").click()
        path = tmp_path / "edited.csv"
        info.value.save_as(path)
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        assert next(r for r in rows if r["event_id"] == event_id)["date"] == "2025-02-03"
        context.close()


def _listening(port: int) -> list[str]:
    """Local addresses (hex, as in /proc/net/tcp*) of the sockets listening on `port`."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table, encoding="ascii") as fh:
            for line in fh.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.rsplit(":", 1)
                if state == "0A" and int(hex_port, 16) == port:
                    found.append(address)
    return found


def test_the_dashboard_started_from_another_folder_listens_on_localhost_only(server):
    port = int(urlparse(server).port or 0)
    addresses = _listening(port)
    loopback = {"0100007F", "00000000000000000000000001000000"}
    assert addresses and set(addresses) <= loopback, addresses


SECOND_CORPUS = {
    "a1.txt": (
        "Fighting spreads", "Test Wire", "2025-06-11",
        "RSF fighters captured the town of Bara on Monday, local officials said.\n\n"
        "A drone strike hit Port Sudan on Sunday, the army said.\n\n"
        "Heavy fighting broke out in El Obeid on Tuesday between the army and the RSF.\n",
    ),
    "a2.txt": (
        "Shelling and talks", "Test Daily", "2025-06-12",
        "The Sudanese army shelled Omdurman on Wednesday, residents said.\n\n"
        "Envoys of the army and the RSF met in Washington on Tuesday for talks on a truce.\n",
    ),
    "a3.txt": (
        "Drones over Kosti", "Other Post", "2025-06-13",
        "Drones struck Kosti on Thursday, killing five people, the health ministry said.\n\n"
        "The RSF attacked a market in Al-Fashir on Wednesday, aid workers said.\n",
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def second_corpus(tmp_path_factory):
    """Events of another conflict, built by the ETL from articles written for this test:
    several places in one country and one far away (talks in Washington)."""
    from etl.cli import main

    src = tmp_path_factory.mktemp("second-corpus")
    with open(src / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "title", "outlet", "published", "url"])
        for name, (title, outlet, day, text) in SECOND_CORPUS.items():
            (src / name).write_text(text, encoding="utf-8")
            writer.writerow([name, title, outlet, day, ""])
    out = tmp_path_factory.mktemp("second-data")
    assert main(["run", "--input", str(src), "--output", str(out), "--no-progress"]) == 0
    return out


def test_a_second_corpus_map_fits_the_bulk_and_labels_stay_apart(second_corpus, browser):
    events = load_events(second_corpus)
    placed = events.dropna(subset=["latitude"])
    far = placed.loc[placed["longitude"] < -30]
    near = placed.loc[placed["longitude"] > 0]
    assert len(far) == 1 and len(near) >= 4  # the corpus gives what the test is about
    with serve(second_corpus) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1100})
        page = context.new_page()
        page.goto(url)
        wait_for_points(page, "map")
        wait_for_count(page, lambda n: n == len(events))
        x0, x1 = plot(page, "map").evaluate("el => el._fullLayout.xaxis.range")
        y0, y1 = plot(page, "map").evaluate("el => el._fullLayout.yaxis.range")
        lon, lat = float(far["longitude"].iloc[0]), float(far["latitude"].iloc[0])
        assert not (x0 <= lon <= x1 and y0 <= lat <= y1)  # the lone far event is not in view
        assert near["longitude"].between(x0, x1).all() and near["latitude"].between(y0, y1).all()
        assert page.get_by_text("Outside the first view").is_visible()
        labels = label_boxes(page, "map")
        assert len(labels) >= 3
        assert_no_overlap(labels)
        ids = timeline_event_ids(page)
        assert sorted(ids) == sorted(events["event_id"])
        assert plot_points(page, "timeline") == len(events)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "second-corpus.png"))
        plot(page, "map").screenshot(path=str(ARTIFACTS / "second-corpus-map.png"))
        plot(page, "timeline").screenshot(path=str(ARTIFACTS / "second-corpus-timeline.png"))
        context.close()
