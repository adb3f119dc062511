"""Command line: a thin layer over `etl.ingest`, `etl.pipeline`, `etl.outputs`, `etl.evaluate`.

    python -m etl run [--input seeds] [--output data] [--geocoder offline|nominatim]
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
from pathlib import Path
from typing import Any

import pandas as pd

from etl.evaluate import format_score, score
from etl.ingest import DEFAULT_MAX_BYTES, CorpusError, read_corpus
from etl.outputs import events_frame, mentions_frame, write_outputs
from etl.pipeline import run

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
                   help="spaCy pipeline to load, or 'rules' (default: ETL_SPACY_MODEL or the "
                        "first installed English model)")  # fmt: skip
    r.add_argument("--workers", type=int, default=1, help="processes for extraction")
    r.add_argument("--fallback-encoding", default=None,
                   help="decode files that are not UTF-8 with this encoding (e.g. cp1252)")  # fmt: skip
    r.add_argument("--max-mb", type=float, default=DEFAULT_MAX_BYTES / 1e6,
                   help="skip files larger than this (MB)")  # fmt: skip
    r.add_argument("--no-progress", action="store_true", help="no progress bar")
    r.add_argument("--user-agent", default=os.environ.get("ETL_USER_AGENT", ""),
                   help="Nominatim user agent (or ETL_USER_AGENT)")  # fmt: skip
    r.add_argument("--nominatim-url", default=os.environ.get("ETL_NOMINATIM_URL", ""),
                   help="Nominatim base URL, e.g. http://127.0.0.1:8080 (or ETL_NOMINATIM_URL)")  # fmt: skip
    e = sub.add_parser("evaluate", help="score events.csv against a gold file")
    e.add_argument("--gold", required=True, type=Path)
    e.add_argument("--events", default=Path("data/events.csv"), type=Path)
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

    from etl.geocode import cache_dir, cached_nominatim

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


def cmd_run(args: argparse.Namespace) -> int:
    try:
        corpus = read_corpus(
            args.input, max_bytes=int(args.max_mb * 1e6), fallback_encoding=args.fallback_encoding
        )
    except CorpusError as exc:
        raise CliError(str(exc)) from exc
    for s in corpus.skipped:
        print(f"skipped {s.file}: {s.reason}", file=sys.stderr)
    for w in corpus.warnings:
        print(f"warning: {w}", file=sys.stderr)
    undated = [d.file for d in corpus.documents if d.published is None]
    for name in undated:
        print(f"warning: {name}: no publication date; its relative dates stay unresolved",
              file=sys.stderr)  # fmt: skip
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run(
            corpus.documents,
            geocoder=_geocoder(args),
            model=args.model,
            workers=max(1, args.workers),
            skipped=corpus.skipped,
            warnings=corpus.warnings,
            progress=_progress(not args.no_progress),
        )
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
        result.report["warnings"].append(str(w.message))
    paths = write_outputs(
        args.output,
        events_frame(result.events),
        mentions_frame(result.mentions, result.assignment),
        result.report,
    )
    r = result.report
    print(
        f"{len(corpus.documents)} documents read, {len(corpus.skipped)} skipped, "
        f"{r['mentions']} mentions, {r['events']} events "
        f"({r['timings_seconds']['total']:.1f} s, model: {r['model']})"
    )
    for p in paths:
        print(f"wrote {p}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
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
        return cmd_evaluate(args)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("error: interrupted; previous outputs left as they were", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
