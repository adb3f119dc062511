"""`python -m dashboard.export`: the dashboard's exports for a saved filter, no app needed.

    python -m dashboard.export --actors Russia,Ukraine --from 2025-03-10 \\
        --format html|csv|acled|geojson -o FILE [--data data]

A thin layer over `dashboard.filters`, `export`, `acled` and `briefing`: a domain
error (no data, unreadable file, empty selection) is one line on stderr and exit 1;
the output is written atomically, so a failed export leaves no partial file.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from dashboard import acled, briefing, export
from dashboard.basemap import read_basemap
from dashboard.charts import timeline_figure
from dashboard.data import DataError, as_of, default_paths, load_events
from dashboard.filters import ActorMatch, Filters, apply, describe
from dashboard.mapchart import map_figure

FORMATS = ("csv", "acled", "geojson", "html")


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
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("-o", "--output", type=Path, required=True)
    return p


def render(events, fmt: str, filters: Filters, day: date | None) -> bytes:
    if fmt == "csv":
        return export.to_csv_bytes(events)
    if fmt == "acled":
        return export.frame_to_csv_bytes(acled.to_acled(events))
    if fmt == "geojson":
        return export.to_geojson_bytes(events)
    basemap = read_basemap()
    page = briefing.briefing_html(
        events, day, describe(filters), timeline_figure(events),
        map_figure(events, basemap, labels=briefing.labels(events)),
    )  # fmt: skip
    return page.encode("utf-8")


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.chmod(tmp, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
    write_atomic(args.output, render(selected, args.format, filters, day.date() if day else None))
    print(f"wrote {args.output} ({len(selected)} events, {args.format})")
    return 0
