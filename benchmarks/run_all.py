"""ETL benchmarks: prints figures, asserts nothing.

0. extraction quality on the seeds and on ../shared/eval/dev when present, and date
   resolution on TempEval-3 (../shared/eval/dates, `dates_bench.py`) against dateparser,
   and toponym resolution on LGL and GeoVirus (../shared/eval/geo, `geo_bench.py`);
   merging 10k / 50k / 200k synthetic mentions with the growth rate (`merge_bench.py`);
1. wall time and peak memory of `python -m etl run` on the seeds, in a fresh process
   (with the gazetteer index cached, and cold: index built from scratch);
2. tokens/s of the whole pipeline against bare spaCy on the same paragraphs (dev set);
3. speed-up of --workers 2 over --workers 1 on the seeds repeated;
4. incremental updates: a re-run with the extraction cache, and adding one article;
5. replaying the analyst review log over many events;
6. the dashboard's functions at 10k / 100k / 1M events (`dashboard_bench.py`) and what a
   user waits for in headless chromium: first render, filter change to charts redrawn,
   server memory with one and two sessions (`browser_bench.py`).
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "dev"
sys.path.insert(0, str(ROOT))


def timed_run(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one ETL run in a child process."""
    code = (
        "import resource, runpy, sys; sys.argv = ['etl'] + sys.argv[1:];\n"
        "try:\n    runpy.run_module('etl', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
    )
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, **(env or {})},
    )  # fmt: skip
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    peak_kb = int(proc.stderr.strip().splitlines()[-1])
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak_kb, 0) / 1024 if peak_kb else children / 1024


def bench_seed_run() -> None:
    with tempfile.TemporaryDirectory() as out:
        wall, peak = timed_run(["run", "--input", "seeds", "--output", out, "--no-progress"])
        print(
            f"run on seeds (fresh process, gazetteer cached): {wall:6.2f} s wall, {peak:7.1f} MB peak"
        )
        with tempfile.TemporaryDirectory() as cache:
            wall, peak = timed_run(
                ["run", "--input", "seeds", "--output", out, "--no-progress", "--no-cache"],
                {"ETL_CACHE_DIR": cache},
            )
        print(
            f"run on seeds (cold: gazetteer index built):      {wall:6.2f} s wall, {peak:7.1f} MB peak"
        )


def bench_tokens_per_second() -> None:
    from etl.actors import default_lexicon
    from etl.clean import clean
    from etl.events import Extractor, default_event_lexicon
    from etl.extraction import extract_document
    from etl.gazetteer import default_gazetteer
    from etl.geocode import OfflineGeocoder, PlaceResolver
    from etl.ingest import read_corpus
    from etl.nlp import SpacyAnalyzer, load_analyzer

    corpus = DEV / "articles" if (DEV / "articles").is_dir() else ROOT / "seeds"
    docs = read_corpus(corpus).documents
    analyzer = load_analyzer()
    assert isinstance(analyzer, SpacyAnalyzer)
    gaz = default_gazetteer()
    extractor = Extractor(
        default_lexicon(), default_event_lexicon(), PlaceResolver(OfflineGeocoder(gaz), gaz)
    )
    texts = [p.text for d in docs for p in clean(d.text, d.title)[0]]
    tokens = sum(len(doc) for doc in analyzer.nlp.pipe(texts))  # warm-up and token count
    t0 = time.perf_counter()
    for _ in analyzer.nlp.pipe(texts, batch_size=analyzer.batch_size):
        pass
    bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d in docs:
        extract_document(d, analyzer, extractor)
    full = time.perf_counter() - t0
    print(
        f"tokens/s on {corpus.name} ({analyzer.name}, {tokens} tokens): bare spaCy {tokens / bare:8.0f}, "
        f"whole pipeline {tokens / full:8.0f}  -> pipeline/bare time = {full / bare:.2f}x"
    )


def bench_quality() -> None:
    """Extraction quality per set, scored like ../shared/eval/score.py (etl.evaluate)."""
    from etl.evalsets import default_sets, evaluate_set
    from etl.nlp import load_analyzer

    analyzer = load_analyzer()
    print(
        "quality       | predicted | precision | required recall |   F1  | date exact | median km"
    )
    for eval_set in default_sets():
        r = evaluate_set(eval_set, analyzer)
        s = r.score
        km = f"{s.median_place_error_km:.1f}" if s.median_place_error_km is not None else "-"
        print(
            f"{r.name:13s} | {len(r.predicted):9d} | {s.precision:9.3f} | "
            f"{s.recall:8.3f} ({s.required_matched}/{s.required_total}) | {s.f1:.3f} | "
            f"{s.date_exact_at_precision_rate:10.3f} | {km:>9s}"
        )


def bench_workers(copies: int = 30) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for i in range(copies):
            for src in (ROOT / "seeds").glob("*.txt"):
                shutil.copy(src, corpus / f"{i:03d}_{src.name}")
        out = Path(tmp) / "out"
        times = {}
        for workers in (1, 2):
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "etl", "run", "--input", str(corpus), "--output", str(out),
                 "--workers", str(workers), "--no-progress", "--no-cache"],
                cwd=ROOT, check=True, capture_output=True,
            )  # fmt: skip
            times[workers] = time.perf_counter() - t0
        n = copies * 5
        print(
            f"--workers on {n} documents: 1 worker {times[1]:6.2f} s, 2 workers {times[2]:6.2f} s "
            f"-> speed-up {times[1] / times[2]:.2f}x"
        )


def bench_incremental() -> None:
    with tempfile.TemporaryDirectory() as out:
        args = ["run", "--input", str(ROOT / "seeds"), "--output", out, "--no-progress"]
        full, full_peak = timed_run(args)
        again, again_peak = timed_run(args)
        article = Path(out) / "new.txt"
        article.write_text(
            "Kyiv, 14 March 2025\n\nRussian drones struck Odesa overnight on Friday, "
            "damaging the port, officials said.\n",
            encoding="utf-8",
        )
        add, add_peak = timed_run(["add", str(article), "--data", out, "--outlet", "Bench Wire",
                                   "--published", "2025-03-14"])  # fmt: skip
    print(
        f"incremental: full run {full:5.2f} s ({full_peak:.0f} MB); re-run, all cached "
        f"{again:5.2f} s ({again_peak:.0f} MB); add one article {add:5.2f} s ({add_peak:.0f} MB)"
    )


def bench_review(n_events: int = 100_000, n_overrides: int = 1_000) -> None:
    import pandas as pd
    from dashboard_bench import synthetic_events

    from etl.review import Action, Override, apply

    events = synthetic_events(n_events)
    mentions = pd.DataFrame({"mention_id": "M" + events["event_id"].astype(str),
                             "event_id": events["event_id"].astype(str)})  # fmt: skip
    ids = events["event_id"].astype(str).tolist()
    actions = (Action.EDIT, Action.VERIFY, Action.HIDE)
    log = [
        Override(i, actions[i % 3], (f"M{ids[(i * 7919) % n_events]}",),
                 fields={"summary": f"fixed {i}"} if i % 3 == 0 else {})
        for i in range(1, n_overrides + 1)
    ]  # fmt: skip
    apply(events, mentions, [])
    t0 = time.perf_counter()
    apply(events, mentions, [])
    empty = time.perf_counter() - t0
    t0 = time.perf_counter()
    out = apply(events, mentions, log)
    full = time.perf_counter() - t0
    print(
        f"review replay over {n_events:,} events: no log {empty * 1000:6.0f} ms; "
        f"{n_overrides:,} corrections {full * 1000:6.0f} ms ({len(out.hidden)} hidden)"
    )


if __name__ == "__main__":
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    bench_quality()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from dates_bench import DEFAULT as DATES_DIR
    from dates_bench import evaluate as bench_dates

    if DATES_DIR.is_dir():
        bench_dates(DATES_DIR)
    from geo_bench import DEFAULT_DIR as GEO_DIR
    from geo_bench import main as bench_geo

    bench_geo(sorted(GEO_DIR.glob("*.xml")))
    from merge_bench import main as bench_merge

    bench_merge([10_000, 50_000, 200_000])
    bench_seed_run()
    bench_tokens_per_second()
    bench_workers(copies=60)
    bench_incremental()
    bench_review()
    from dashboard_bench import main as bench_dashboard

    bench_dashboard([10_000, 100_000, 1_000_000])
    from browser_bench import main as bench_browser

    bench_browser([10_000, 100_000, 1_000_000])
