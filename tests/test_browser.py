"""The real page in headless Debian chromium, driven by Playwright.

The app is served by `streamlit run` on 127.0.0.1 over the ETL's seed output. The
test loads the page, checks that the timeline and the map draw their points,
filters by an actor, downloads the CSV and checks that no request left 127.0.0.1.
"""

from __future__ import annotations

import csv
import io
import os
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


def plot_points(page, index: int) -> int:
    plot = page.locator(".js-plotly-plot").nth(index)
    return plot.locator(".scatterlayer path.point").count()


def test_dashboard_in_a_real_browser(server, browser, seed_data, tmp_path):
    events = load_events(seed_data)
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server)
    page.wait_for_selector(".js-plotly-plot >> nth=1", timeout=60_000)
    wait_for_count(page, lambda n: n == len(events))

    # the timeline and the map are drawn, with points
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot')[1]?.querySelectorAll('path.point').length > 0"
    )
    timeline_points, map_points = plot_points(page, 0), plot_points(page, 1)
    assert timeline_points >= len(events)  # an event with two actors sits in two lanes
    placed = int(events["latitude"].notna().sum())
    assert map_points >= placed > 0
    assert page.locator(".js-plotly-plot").nth(1).locator(".scatterlayer .trace").count() > 2

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)

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
    expected = apply(events, Filters(actors=("Ukraine",), statements=False))
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page.goto(f"{server}/?actor=Ukraine&statements=0")
    wait_for_count(page, lambda n: n == len(expected))

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

    # the map carries the same numbers beside its markers, and the timeline is drawn
    brief.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot')[1]?.querySelectorAll('path.point').length > 0"
    )
    map_labels = brief.locator(".js-plotly-plot").nth(0).locator(".textpoint text")
    shown = {n.strip() for t in map_labels.all_text_contents() for n in t.split(",") if n.strip()}
    placed = briefing_numbers_placed(expected)
    assert shown == placed
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


def briefing_numbers_placed(selected) -> set[str]:
    """The briefing numbers of the selected events that have a place."""
    from dashboard.briefing import numbered

    n = numbered(selected)
    return set(n.loc[n["latitude"].notna(), "number"].astype(str))


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
        page.wait_for_selector(".js-plotly-plot >> nth=1", timeout=60_000)
        page.get_by_text("Review and correct this event").click()
        field = page.get_by_label("Date", exact=True)  # year, month and day segments
        field.locator('[role="spinbutton"]').first.click()
        page.keyboard.type("20250203")
        page.keyboard.press("Tab")
        page.get_by_role("button", name="Save corrections").click()
        page.get_by_text("Saved: date").wait_for(timeout=30_000)
        page.wait_for_function(
            """([id, day]) => {
                const plot = document.querySelectorAll('.js-plotly-plot')[0];
                return (plot.data || []).some(t => (t.customdata || []).some(
                    (c, i) => Array.isArray(c) && c[0] === id && String(t.x[i]).startsWith(day)));
            }""",
            arg=[event_id, "2025-02-03"],
            timeout=30_000,
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
