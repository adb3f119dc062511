"""`python -m dashboard.export`: the dashboard's exports for a saved filter, no app needed.

    python -m dashboard.export --actors Russia,Ukraine --from 2025-03-10 \\
        --format html|pptx|csv|acled|geojson -o FILE [--data data]

A thin layer over `dashboard.filters` and `dashboard.pack`: a domain error (no data,
unreadable file, empty selection, no browser to draw the slides' charts) is one line
on stderr and exit 1;
the output is written atomically, so a failed export leaves no partial file.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from dashboard.basemap import read_basemap
from dashboard.data import DataError, as_of, default_paths, load_events
from dashboard.filters import ActorMatch, Filters, apply, describe
from dashboard.pack import Format, render
from dashboard.render import RenderError
from etl.outputs import write_bytes_atomic


def _list(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m dashboard.export", description=__doc__.split("\n")[0]
    )
    p.add_argument("--data", type=Path, default=default_paths().data_dir, help="ETL output folder")
    p.add_argument("--from", dest="date_from", type=date.fromisoformat)
    p.add_argument("--to", dest="date_to", type=date.fromisoformat)
    p.add_argument("--actors", type=_list, default=())
    p.add_argument("--all-actors", action="store_true", help="match all the actors, not any")
    p.add_argument(
        "--types", type=_list, default=(), help="event types, e.g. diplomacy,remote_strike"
    )
    p.add_argument("--countries", type=_list, default=())
    p.add_argument("--status", type=_list, default=())
    p.add_argument("--min-sources", type=int, default=1)
    p.add_argument("--text", default="")
    p.add_argument("--no-statements", action="store_true")
    p.add_argument(
        "--key",
        type=_list,
        default=None,
        help="the briefing's key events, event ids in order (default: the suggested ones)",
    )
    p.add_argument("--format", type=Format, choices=list(Format), required=True)
    p.add_argument("-o", "--output", type=Path, required=True)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    filters = Filters(
        date_from=args.date_from, date_to=args.date_to, actors=args.actors,
        actor_match=ActorMatch.ALL if args.all_actors else ActorMatch.ANY,
        event_types=args.types, countries=args.countries, statuses=args.status,
        min_sources=max(1, args.min_sources), text=args.text, statements=not args.no_statements,
    )  # fmt: skip
    try:
        events = load_events(args.data)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    selected = apply(events, filters)
    if selected.empty:
        print(f"error: no events match ({describe(filters)}); nothing was written", file=sys.stderr)
        return 1
    day = as_of(events)
    try:
        data = render(selected, args.format, describe(filters), day.date() if day else None,
                      read_basemap(), args.key)  # fmt: skip
    except RenderError as exc:
        print(f"error: {exc}; nothing was written", file=sys.stderr)
        return 1
    write_bytes_atomic(args.output, data)
    print(f"wrote {args.output} ({len(selected)} events, {args.format})")
    return 0
