"""What a user waits for, measured in headless Debian chromium (Playwright): prints figures.

For each size (default 10k, 100k and 1M synthetic events, `dashboard_bench.synthetic_events`)
the app is served by `python -m dashboard.launch` over a data folder of that size, and:

- first render: from opening the page to the event count shown and both charts drawn;
- filter change: from raising "Minimum sources" to the new count shown, no element
  stale, the app idle and the browser past two animation frames (charts redrawn); the
  median of three changes (1 -> 2 -> 3 -> 4, each a selection the page has not seen);
- server memory: resident set of the Streamlit process with one session, then two.

    python benchmarks/browser_bench.py [N ...]
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dashboard_bench import synthetic_events  # noqa: E402

CHANGES = 3  # filter changes timed per size; the median is printed (the machine is noisy)
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions"]
IDLE = """() => !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stStatusWidget"] button')
    && new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"""
DRAWN = """() => ['timeline', 'map'].every(k =>
    document.querySelector('.st-key-' + k + ' .js-plotly-plot')?._fullData?.length > 0)"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of `pid` and its children, from /proc (MB)."""
    total = 0
    for p in [pid, *children(pid)]:
        try:
            text = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        kb = next(int(line.split()[1]) for line in text.splitlines() if line.startswith("VmRSS"))
        total += kb
    return total / 1024


def children(pid: int) -> list[int]:
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(k) for k in kids]


def write_data(n: int, folder: Path) -> None:
    events = synthetic_events(n)
    events.to_parquet(folder / "events.parquet", index=False)
    events.to_csv(folder / "events.csv", index=False)


def shown(page) -> str:
    return page.locator('[data-testid="stMetricValue"]').first.inner_text()


def measure(n: int, browser) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        write_data(n, data)
        port = free_port()
        env = {**os.environ, "DASHBOARD_DATA_DIR": str(data), "DASHBOARD_SEEDS_DIR": "/none"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "dashboard.launch", "--server.port", str(port),
             "--server.fileWatcherType", "none"],
            cwd=tmp, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = ctx.new_page()
            t0 = time.perf_counter()
            page.goto(url)
            page.wait_for_function(
                f"() => document.querySelector('[data-testid=stMetricValue]')"
                f"?.textContent.replace(/,/g, '') === '{n}'",
                timeout=600_000,
            )
            page.wait_for_function(DRAWN, timeout=600_000)
            page.wait_for_function(IDLE, timeout=600_000)
            first = time.perf_counter() - t0
            one = rss_mb(proc.pid)
            box = page.locator('[data-testid="stNumberInput"]').filter(has_text="Minimum sources")
            changes = []
            for _ in range(CHANGES):  # 1 -> 2 -> 3 -> 4: each a selection not seen before
                before = shown(page)
                t0 = time.perf_counter()
                box.locator('[data-testid="stNumberInputStepUp"]').click()
                page.wait_for_function(
                    f"() => document.querySelector('[data-testid=stMetricValue]')"
                    f"?.textContent !== '{before}'",
                    timeout=600_000,
                )
                page.wait_for_function(IDLE, timeout=600_000)
                changes.append(time.perf_counter() - t0)
            change = statistics.median(changes)
            second = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            second.goto(url)
            second.wait_for_function(DRAWN, timeout=600_000)
            second.wait_for_function(IDLE, timeout=600_000)
            two = rss_mb(proc.pid)
            ctx.close()
            second.context.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return (
        f"{n:>9,} events | first render {first:6.1f} s | filter change -> charts redrawn "
        f"{change:6.2f} s (median of {CHANGES}) | server RSS {one:6.0f} MB (1 session), {two:6.0f} MB (2 sessions)"
    )


def main(sizes: list[int]) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("browser benchmark skipped: Debian's chromium is not installed")
        return
    print("Dashboard in headless chromium (Playwright), synthetic events:")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=FLAGS)
        for n in sizes:
            print(measure(n, browser), flush=True)
        browser.close()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
