"""Reading the ETL's outputs into frames for the dashboard (an I/O edge).

Columns and types come from `etl.schema`, the one module that names them. A missing
data folder is `DataMissing` (the app says what to run, or builds from the seeds);
a file that exists but cannot be read is `DataError` and nothing is written over it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from etl import review
from etl.csvfile import plain_frame
from etl.review import Override
from etl.schema import (
    DATE_COLUMNS,
    EVENT_COLUMNS,
    EVENT_DTYPES,
    EVENT_EXTRA_COLUMNS,
    MENTION_COLUMNS,
    join_names,
)
from etl.store import ReviewStore, StoreError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EVENTS_CSV = "events.csv"
EVENTS_PARQUET = "events.parquet"
MENTIONS_CSV = "mentions.csv"
REQUIRED_COLUMNS = ("event_id", "date", "event_type")
# A parquet file counts as the same run's output unless the CSV is newer than this.
SAME_RUN_SECONDS = 60.0


class DataError(Exception):
    """The events file exists but cannot be used."""


class DataMissing(DataError):
    """There is no events file yet."""


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    seeds_dir: Path


def default_paths(env: dict[str, str] | None = None) -> Paths:
    """Data and seed folders: `DASHBOARD_DATA_DIR` / `DASHBOARD_SEEDS_DIR`, else the project's."""
    env = dict(os.environ) if env is None else env
    return Paths(
        data_dir=Path(env.get("DASHBOARD_DATA_DIR") or PROJECT_ROOT / "data"),
        seeds_dir=Path(env.get("DASHBOARD_SEEDS_DIR") or PROJECT_ROOT / "seeds"),
    )


def events_file(data_dir: Path) -> Path:
    """The file to read: the parquet copy when it belongs to the same run, else events.csv."""
    csv_path, parquet_path = data_dir / EVENTS_CSV, data_dir / EVENTS_PARQUET
    if not data_dir.is_dir():
        raise DataMissing(f"no data folder at {data_dir}")
    if parquet_path.is_file() and (
        not csv_path.is_file()
        or csv_path.stat().st_mtime - parquet_path.stat().st_mtime <= SAME_RUN_SECONDS
    ):
        return parquet_path
    if csv_path.is_file():
        return csv_path
    raise DataMissing(f"no {EVENTS_CSV} in {data_dir}")


def normalise_events(raw: pd.DataFrame) -> pd.DataFrame:
    """The contract's columns with their types; date columns as datetime64 (day)."""
    missing = [c for c in REQUIRED_COLUMNS if c not in raw.columns]
    if missing:
        raise DataError(f"not an events table: missing column(s) {', '.join(missing)}")
    frame = raw.copy()
    if "sources" in frame.columns:  # a list column in parquet
        frame["sources"] = [
            join_names(list(c)) if not isinstance(c, str) and hasattr(c, "__iter__") else c
            for c in frame["sources"]
        ]
    for column in (*EVENT_COLUMNS, *EVENT_EXTRA_COLUMNS):
        if column not in frame.columns:
            frame[column] = None
    try:
        for column, dtype in EVENT_DTYPES.items():
            if column in DATE_COLUMNS:
                frame[column] = pd.to_datetime(frame[column], errors="coerce", format="ISO8601")
            elif dtype == "string":
                frame[column] = frame[column].astype("string")
            else:
                numbers = pd.to_numeric(frame[column], errors="coerce")
                frame[column] = numbers.round() if dtype == "Int64" else numbers
                frame[column] = frame[column].astype(dtype)
    except (ValueError, TypeError) as exc:
        raise DataError(f"events table has a badly typed column: {exc}") from exc
    frame["date_start"] = frame["date_start"].fillna(frame["date"])
    frame["date_end"] = frame["date_end"].fillna(frame["date"])
    order = [*EVENT_COLUMNS, *EVENT_EXTRA_COLUMNS]
    rest = [c for c in frame.columns if c not in order]
    return frame[order + rest].reset_index(drop=True)


def read_events(path: Path) -> pd.DataFrame:
    """Read one events file (CSV or parquet) and normalise it."""
    try:
        if path.suffix == ".parquet":
            raw = pd.read_parquet(path)
        else:
            if path.stat().st_size == 0:
                raise DataError(f"{path.name} is empty (0 bytes): re-run the ETL")
            raw = plain_frame(pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""]))
    except DataError:
        raise
    except UnicodeDecodeError as exc:
        raise DataError(f"{path.name} is not UTF-8 text: {exc.reason}") from exc
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read {path.name}: {exc}") from exc
    return normalise_events(raw)


def load_extracted(data_dir: Path) -> pd.DataFrame:
    """The events as the ETL wrote them, before any analyst correction."""
    return read_events(events_file(data_dir))


@dataclass(frozen=True)
class ReviewedData:
    """The corrected view of a data folder: what every page and export shows."""

    events: pd.DataFrame
    hidden: pd.DataFrame
    mentions: pd.DataFrame
    log: tuple[Override, ...]
    orphaned: tuple[Override, ...]
    store_problem: str = ""  # why the review store cannot be read: the events are as extracted


def load_reviewed(data_dir: Path) -> ReviewedData:
    """Extracted events with the review log replayed over them; mentions follow merges."""
    extracted = load_extracted(data_dir)
    mentions = load_mentions(data_dir)
    problem = ""
    try:
        log = tuple(ReviewStore.of(data_dir).log())
    except StoreError as exc:
        log, problem = (), str(exc)
    result = review.apply(extracted, mentions, log)
    remapped = mentions.assign(
        event_id=mentions["mention_id"].map(result.mention_event).fillna(mentions["event_id"])
    )
    events = result.events.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)
    loaded = ReviewedData(events, _own(result.hidden), remapped, log, result.orphaned, problem)
    del result, extracted
    # the reading and sorting buffers, freed, back to the system (0.5 GB at 1M events)
    pa.default_memory_pool().release_unused()
    return loaded


def _own(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` holding only its own rows: an empty selection of a large frame is a
    zero-length view that keeps every buffer of the frame alive (400 MB at 1M events)."""
    if not frame.empty:
        return frame
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in frame.dtypes.items()})


def load_events(data_dir: Path) -> pd.DataFrame:
    """The events every view and export shows: extracted, then corrected by the analysts."""
    return load_reviewed(data_dir).events


def load_mentions(data_dir: Path) -> pd.DataFrame:
    """Provenance rows; an empty frame (with the columns) when the file is absent or bad."""
    path = data_dir / MENTIONS_CSV
    empty = pd.DataFrame({c: pd.Series(dtype="string") for c in MENTION_COLUMNS})
    if not path.is_file():
        return empty
    try:
        frame = plain_frame(pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""]))
    except (OSError, ValueError):
        return empty
    return frame if "event_id" in frame.columns else empty


def data_version(data_dir: Path) -> tuple[float, ...]:
    """Modification times of the files read and the review log's revision, for cache keys."""
    names = (EVENTS_CSV, EVENTS_PARQUET, MENTIONS_CSV)
    times = tuple((data_dir / n).stat().st_mtime if (data_dir / n).exists() else 0.0 for n in names)
    try:
        revision = ReviewStore.of(data_dir).revision()
    except StoreError:
        revision = (-1, -1)
    return (*times, *map(float, revision))


def as_of(events: pd.DataFrame) -> pd.Timestamp | None:
    """The data's as-of date: the latest publication date (first_reported) in it."""
    if events.empty:
        return None
    latest = events["first_reported"].max()
    if pd.isna(latest):
        latest = events["date"].max()
    return None if pd.isna(latest) else pd.Timestamp(latest).normalize()


def build_from_seeds(
    seeds_dir: Path,
    data_dir: Path,
    progress: Callable[[Iterable[Any], int], Iterable[Any]] | None = None,
) -> list[Path]:
    """Run the ETL over the seed corpus into `data_dir` (atomically)."""
    from etl.build import build
    from etl.ingest import CorpusError

    try:
        return build(seeds_dir, data_dir, progress=progress).paths
    except CorpusError as exc:
        raise DataMissing(str(exc)) from exc
