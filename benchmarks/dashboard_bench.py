"""Dashboard benchmarks on synthetic events that follow the schema: prints figures.

For 10k, 100k and 1M events: file load time (parquet and CSV), filter time for a
typical analyst filter, and figure-build time (timeline + map), plus the size of
the figures sent to the browser. Goal: filter -> figures <= 300 ms at 100k.

    python benchmarks/dashboard_bench.py [N ...]
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import charts, mapchart  # noqa: E402
from dashboard.basemap import read_basemap  # noqa: E402
from dashboard.data import normalise_events, read_events  # noqa: E402
from dashboard.filters import ActorMatch, Filters, apply  # noqa: E402
from etl.schema import EventType, Status  # noqa: E402

ACTORS = [
    "Russia", "Ukraine", "United States", "Russian forces", "Ukrainian forces", "NATO",
    "European Union", "Belarus", "Vladimir Putin", "Volodymyr Zelensky", "Donald Trump",
    "Dmitry Peskov", "Marco Rubio", "Steve Witkoff", "Sergey Lavrov", "Andriy Yermak",
]  # fmt: skip
PLACES = [
    ("Kyiv", "Ukraine", "UKR", 50.45, 30.52), ("Kharkiv", "Ukraine", "UKR", 49.99, 36.23),
    ("Odesa", "Ukraine", "UKR", 46.48, 30.73), ("Sudzha", "Russia", "RUS", 51.19, 35.27),
    ("Moscow", "Russia", "RUS", 55.75, 37.62), ("Jeddah", "Saudi Arabia", "SAU", 21.49, 39.19),
    ("Washington", "United States", "USA", 38.90, -77.04), ("Pokrovsk", "Ukraine", "UKR", 48.28, 37.18),
]  # fmt: skip
WORDS = [
    "officials",
    "said",
    "the",
    "strike",
    "hit",
    "the",
    "port",
    "overnight",
    "while",
    "talks",
    "went",
    "on",
    "in",
    "the",
    "capital",
]


def synthetic_events(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    day0 = np.datetime64("2023-01-01")
    best = day0 + rng.integers(0, 3 * 365, n).astype("timedelta64[D]")
    width = np.where(rng.random(n) < 0.2, rng.choice([6, 30], n), 0).astype("timedelta64[D]")
    a1 = rng.integers(0, len(ACTORS), n)
    a2 = (a1 + rng.integers(1, len(ACTORS), n)) % len(ACTORS)
    extra = rng.integers(0, len(ACTORS), n)
    place = rng.integers(0, len(PLACES), n)
    has_place = rng.random(n) > 0.15
    jitter = rng.normal(0, 0.3, (n, 2))
    words = np.array(WORDS)
    evidence = [" ".join(words[rng.integers(0, len(words), 22)]) + "." for _ in range(min(n, 5000))]
    actors = np.array(ACTORS)
    frame = pd.DataFrame(
        {
            "event_id": [f"E{i:07d}" for i in range(n)],
            "date": best.astype(str), "date_start": (best - width // 2).astype(str),
            "date_end": (best + width // 2).astype(str),
            "time_precision": np.where(width > np.timedelta64(0, "D"), 2, 1),
            "event_type": rng.choice([t.value for t in EventType], n),
            "sub_event_type": "synthetic",
            "summary": [f"{actors[i]} event {k}" for k, i in enumerate(a1)],
            "actor1": actors[a1], "actor2": actors[a2],
            "actors": [f"{actors[i]};{actors[j]};{actors[k]}" for i, j, k in zip(a1, a2, extra, strict=True)],
            "location": np.where(has_place, [PLACES[p][0] for p in place], None),
            "country": np.where(has_place, [PLACES[p][1] for p in place], None),
            "iso3": np.where(has_place, [PLACES[p][2] for p in place], None),
            "latitude": np.where(has_place, [PLACES[p][3] for p in place] + jitter[:, 0], np.nan),
            "longitude": np.where(has_place, [PLACES[p][4] for p in place] + jitter[:, 1], np.nan),
            "geo_precision": np.where(has_place, 1, None),
            "status": rng.choice([s.value for s in Status], n, p=[0.8, 0.15, 0.05]),
            "source_count": rng.integers(1, 6, n),
            "sources": "Outlet A;Outlet B",
            "first_reported": best.astype(str),
            "evidence": [evidence[i % len(evidence)] for i in range(n)],
            "confidence": rng.random(n).round(2),
        }
    )  # fmt: skip
    return normalise_events(frame)


def timed(fn, repeat: int = 3):
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def bench(n: int, basemap) -> None:
    events = synthetic_events(n)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, pq_path = Path(tmp) / "events.csv", Path(tmp) / "events.parquet"
        events.to_csv(csv_path, index=False)
        events.to_parquet(pq_path, index=False)
        t_pq, _ = timed(lambda: read_events(pq_path), 1)
        t_csv, _ = timed(lambda: read_events(csv_path), 1)
    f = Filters(
        date_from=date(2024, 1, 1), date_to=date(2025, 6, 30), actors=("Russia", "Ukraine"),
        actor_match=ActorMatch.ANY, statements=False, min_sources=2,
    )  # fmt: skip
    t_filter, selected = timed(lambda: apply(events, f))
    t_text, _ = timed(lambda: apply(events, Filters(text="port")))
    t_timeline, tl = timed(lambda: charts.timeline_figure(selected))
    t_map, mp = timed(lambda: mapchart.map_figure(selected, basemap))
    t_json, payload = timed(lambda: len(tl.to_json()) + len(mp.to_json()), 1)
    total = t_filter + t_timeline + t_map
    mode = "aggregated" if charts.is_aggregated(selected) else "one mark per event"
    print(
        f"{n:>9,} events | load parquet {t_pq * 1000:7.0f} ms, csv {t_csv * 1000:7.0f} ms | "
        f"filter {t_filter * 1000:5.0f} ms ({len(selected):,} kept), text search {t_text * 1000:5.0f} ms | "
        f"timeline {t_timeline * 1000:5.0f} ms, map {t_map * 1000:5.0f} ms ({mode}) | "
        f"filter->figures {total * 1000:5.0f} ms | figure JSON {payload / 1e6:5.2f} MB "
        f"({t_json * 1000:.0f} ms) | frame {events.memory_usage(deep=True).sum() / 1e6:6.0f} MB"
    )


def main(sizes: list[int]) -> None:
    basemap = read_basemap()
    for n in sizes:
        bench(n, basemap)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the benchmark process: {peak:.0f} MB")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
