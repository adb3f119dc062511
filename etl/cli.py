"""Command line: a thin layer over `etl.ingest`, `etl.pipeline`, `etl.outputs`, `etl.evaluate`.

    python -m etl run [--input seeds] [--output data] [--geocoder offline|nominatim]
    python -m etl add FILE... --outlet NAME --published YYYY-MM-DD [--data data]
    python -m etl evaluate --gold PATH [--events data/events.csv]

Domain errors become one clear line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from etl.build import MAX_UPLOAD_BYTES, BuildResult, Upload, UploadError, add_articles, build
from etl.engine import EngineError
from etl.evaluate import format_score, score
from etl.ingest import DEFAULT_MAX_BYTES, CorpusError
from etl.nlp import ModelMissing, load_analyzer
from etl.store import StoreError

EXIT_USAGE = 2
EXIT_INPUT = 3


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_INPUT) -> None:
        super().__init__(message)
        self.code = code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="extract events from a folder of articles")
    r.add_argument(
        "--input", default="seeds", type=Path, help="folder of articles (default: seeds)"
    )
    r.add_argument("--output", default="data", type=Path, help="output folder (default: data)")
    r.add_argument("--geocoder", choices=("offline", "nominatim"), default="offline")
    r.add_argument("--model", default=None,
                   help="spaCy pipeline to load, a package name or a folder (default: "
                        "ETL_SPACY_MODEL or the first installed English model)")  # fmt: skip
    r.add_argument("--workers", type=int, default=1,
                   help="extract on a local Dask cluster of this many worker processes")  # fmt: skip
    r.add_argument("--scheduler", default=os.environ.get("ETL_DASK_SCHEDULER") or None,
                   help="extract on a running Dask cluster: its scheduler address, e.g. "
                   "tcp://10.0.0.5:8786 (or ETL_DASK_SCHEDULER)")  # fmt: skip
    r.add_argument("--fallback-encoding", default=None,
                   help="decode files that are not UTF-8 with this encoding (e.g. cp1252)")  # fmt: skip
    r.add_argument("--max-mb", type=float, default=DEFAULT_MAX_BYTES / 1e6,
                   help="skip files larger than this (MB)")  # fmt: skip
    r.add_argument("--no-progress", action="store_true", help="no progress bar")
    r.add_argument("--no-cache", action="store_true",
                   help="extract every document again (default: reuse <output>/.cache)")  # fmt: skip
    r.add_argument("--user-agent", default=os.environ.get("ETL_USER_AGENT", ""),
                   help="Nominatim user agent (or ETL_USER_AGENT)")  # fmt: skip
    r.add_argument("--nominatim-url", default=os.environ.get("ETL_NOMINATIM_URL", ""),
                   help="Nominatim base URL, e.g. http://127.0.0.1:8080 (or ETL_NOMINATIM_URL)")  # fmt: skip
    a = sub.add_parser("add", help="add articles to a data folder and update it incrementally")
    a.add_argument("files", nargs="+", type=Path, help=".txt, .md or .html articles")
    a.add_argument("--data", default="data", type=Path, help="data folder (default: data)")
    a.add_argument("--outlet", required=True, help="the outlet that published them")
    a.add_argument("--published", type=date.fromisoformat, default=None,
                   help="publication date, YYYY-MM-DD")  # fmt: skip
    a.add_argument("--title", default="")
    a.add_argument("--max-mb", type=float, default=MAX_UPLOAD_BYTES / 1e6,
                   help="refuse files larger than this (MB)")  # fmt: skip
    e = sub.add_parser(
        "evaluate",
        help="run and score the evaluation sets (seeds, ../shared/eval/dev), or score an "
        "events.csv against a gold file (--gold)",
    )
    e.add_argument("--gold", type=Path, default=None, help="score --events against this gold")
    e.add_argument("--events", default=Path("data/events.csv"), type=Path)
    e.add_argument("--set", action="append", default=None, dest="sets",
                   help="evaluate only this set (seeds, dev); repeatable")  # fmt: skip
    e.add_argument("--model", default=None, help="spaCy pipeline (package name or folder)")
    e.add_argument("--json", action="store_true", help="print the scores as JSON")
    return parser


def _progress(enabled: bool) -> Any:
    def wrap(items: Iterable[Any], total: int) -> Iterable[Any]:
        if not enabled or total < 2:
            return items
        from tqdm import tqdm

        return tqdm(items, total=total, desc="documents", unit="doc", file=sys.stderr)

    return wrap


def _geocoder(args: argparse.Namespace) -> Any:
    if args.geocoder == "offline":
        return None
    from urllib.parse import urlparse

    from etl.gazetteer import cache_dir
    from etl.geocode import cached_nominatim

    if not args.user_agent:
        raise CliError("--geocoder nominatim needs --user-agent or ETL_USER_AGENT", EXIT_USAGE)
    url = urlparse(args.nominatim_url or "https://nominatim.openstreetmap.org")
    return cached_nominatim(
        args.user_agent,
        cache_dir() / f"nominatim-{url.netloc.replace(':', '_')}.json",
        domain=url.netloc,
        scheme=url.scheme or "https",
        min_delay_seconds=float(os.environ.get("ETL_NOMINATIM_DELAY", "1.0")),
    )


def _report(result: BuildResult) -> None:
    r = result.run.report
    print(
        f"{len(r['documents_read'])} documents read ({r['documents_extracted']} extracted, "
        f"{r['documents_from_cache']} from the cache), {len(r['documents_skipped'])} skipped, "
        f"{r['mentions']} mentions, {r['events']} events "
        f"({r['timings_seconds']['total']:.1f} s, model: {r['model']})"
    )
    review = result.review
    if review["corrections"]:
        print(f"review: {review['applied']} of {review['corrections']} corrections apply")
    for o in review["orphaned"]:
        print(
            f"warning: correction #{o['id']} ({o['action']} of {o['event_id']} by {o['user']}, "
            f"{o['at']}) no longer matches any event",
            file=sys.stderr,
        )
    for p in result.paths:
        print(f"wrote {p}")


def _warned(report: dict[str, Any], caught: list[warnings.WarningMessage]) -> None:
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
        report["warnings"].append(str(w.message))


def cmd_run(args: argparse.Namespace) -> int:
    read_kwargs = {"max_bytes": int(args.max_mb * 1e6), "fallback_encoding": args.fallback_encoding}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = build(
                args.input,
                args.output,
                use_cache=not args.no_cache,
                read_kwargs=read_kwargs,
                geocoder=_geocoder(args),
                model=args.model,
                workers=max(1, args.workers),
                scheduler=args.scheduler,
                progress=_progress(not args.no_progress),
            )
        except (CorpusError, StoreError, ModelMissing, EngineError) as exc:
            raise CliError(str(exc)) from exc
    r = result.run.report
    _skips(r)
    for w in r["warnings"]:
        print(f"warning: {w}", file=sys.stderr)
    for name in r["documents_without_date"]:
        print(f"warning: {name}: no publication date; its relative dates stay unresolved",
              file=sys.stderr)  # fmt: skip
    _warned(r, caught)
    _report(result)
    return 0


def _skips(r: dict[str, Any]) -> None:
    for s in r["documents_skipped"]:
        print(f"skipped {s['file']}: {s['reason']}", file=sys.stderr)
    for q in r.get("quarantined", []):
        print(f"quarantined {q['file']}: moved to {q['moved_to']}", file=sys.stderr)


def cmd_add(args: argparse.Namespace) -> int:
    uploads = []
    for path in args.files:
        try:
            uploads.append(Upload(path.name, path.read_bytes()))
        except OSError as exc:
            raise CliError(
                f"{path}: unreadable ({exc.strerror or exc}); nothing was added"
            ) from exc
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = add_articles(
                args.data, uploads, outlet=args.outlet, published=args.published,
                title=args.title, max_bytes=int(args.max_mb * 1e6),
            )  # fmt: skip
        except (UploadError, CorpusError, StoreError, ModelMissing) as exc:
            raise CliError(str(exc)) from exc
    _skips(result.run.report)
    _warned(result.run.report, caught)
    _report(result)
    return 0


def cmd_evaluate_sets(args: argparse.Namespace) -> int:
    from etl.evalsets import default_sets, evaluate_set, format_result

    sets = [s for s in default_sets() if not args.sets or s.name in args.sets]
    if not sets:
        raise CliError("no evaluation set found (the gold files live in ../shared/eval/)")
    try:
        analyzer = load_analyzer(args.model)
    except ModelMissing as exc:
        raise CliError(str(exc)) from exc
    for eval_set in sets:
        try:
            print(format_result(evaluate_set(eval_set, analyzer)), end="\n\n", flush=True)
        except CorpusError as exc:
            raise CliError(str(exc)) from exc
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    if args.gold is None:
        return cmd_evaluate_sets(args)
    for path in (args.gold, args.events):
        if not path.exists():
            raise CliError(f"file not found: {path}")
    try:
        gold = pd.read_csv(args.gold, dtype=str, keep_default_na=False)
        predicted = pd.read_csv(args.events, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read CSV: {exc}") from exc
    missing = {"event_id", "date", "event_type"} - set(predicted.columns)
    if missing:
        raise CliError(f"{args.events} lacks columns: {', '.join(sorted(missing))}")
    s = score(gold, predicted)
    if args.json:
        print(json.dumps({k: v for k, v in s.__dict__.items()}, indent=2, default=str))
    else:
        print(format_score(s, gold, predicted))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            return cmd_run(args)
        if args.command == "add":
            return cmd_add(args)
        return cmd_evaluate(args)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("error: interrupted; previous outputs left as they were", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
