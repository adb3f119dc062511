"""Writing the run's outputs: events.csv/.parquet, mentions.csv, run_report.json.

An I/O edge. Every file is first written in full to a temporary folder beside the
outputs, then moved into place with atomic renames, so a run that fails or is
killed midway leaves the previous outputs as they were.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from etl.csvfile import frame_bytes
from etl.schema import (
    EVENT_COLUMNS,
    EVENT_DTYPES,
    EVENT_EXTRA_COLUMNS,
    MENTION_COLUMNS,
    DateRange,
    Event,
    Mention,
    Place,
    join_names,
    split_names,
)

OUTPUT_FILES = ("mentions.csv", "events.parquet", "run_report.json", "events.csv")


def place_fields(place: Place | None) -> dict[str, Any]:
    if place is None:
        return dict.fromkeys(
            ("location", "admin1", "country", "iso3", "latitude", "longitude", "geo_precision")
        )
    return {
        "location": place.name,
        "admin1": place.admin1 or None,
        "country": place.country or None,
        "iso3": place.iso3 or None,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geo_precision": int(place.precision),
    }


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write one file so that readers see the old bytes or the new, never a part."""
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


def _date_fields(d: DateRange | None) -> dict[str, Any]:
    if d is None:
        return dict.fromkeys(("date", "date_start", "date_end", "time_precision"))
    return {
        "date": d.best.isoformat(),
        "date_start": d.start.isoformat(),
        "date_end": d.end.isoformat(),
        "time_precision": int(d.precision),
    }


def event_row(e: Event) -> dict[str, Any]:
    return {
        "event_id": e.event_id,
        **_date_fields(e.date),
        "event_type": e.event_type.value,
        "sub_event_type": e.sub_event_type,
        "summary": e.summary,
        "actor1": e.actor1 or None,
        "actor2": e.actor2 or None,
        "actors": join_names(e.actors) or None,
        **place_fields(e.place),
        "fatalities": e.fatalities,
        "injured": e.injured,
        "status": e.status.value,
        "attributed_to": e.attributed_to or None,
        "source_count": len(e.sources),
        "sources": join_names(e.sources),
        "first_reported": e.first_reported.isoformat() if e.first_reported else None,
        "evidence": e.evidence,
        "confidence": e.confidence,
        "mention_count": len(e.mention_ids),
        "notes": e.notes or None,
        "source_urls": join_names(e.urls) or None,
    }


def mention_row(m: Mention, event_id: str | None) -> dict[str, Any]:
    return {
        "mention_id": m.mention_id,
        "event_id": event_id,
        "doc_id": m.doc_id,
        "file": m.file,
        "outlet": m.outlet,
        "published": m.published.isoformat() if m.published else None,
        "paragraph": m.paragraph,
        "sentence_index": m.sentence_index,
        "char_start": m.char_start,
        "char_end": m.char_end,
        "quote": m.quote,
        "trigger": m.trigger,
        "date_phrase": m.date.phrase if m.date else None,
        "date_source": m.date_source,
        **_date_fields(m.date),
        "event_type": m.event_type.value,
        "sub_event_type": m.sub_event_type,
        "summary": m.summary,
        "actor1": m.actor1 or None,
        "actor2": m.actor2 or None,
        "actors": join_names((*m.actors, *m.persons)) or None,
        **place_fields(m.place),
        "fatalities": m.fatalities,
        "injured": m.injured,
        "status": m.status.value,
        "attributed_to": m.attributed_to or None,
        "confidence": m.confidence,
        "title": m.title or None,
        "url": m.url or None,
    }


def events_frame(events: list[Event]) -> pd.DataFrame:
    columns = [*EVENT_COLUMNS, *EVENT_EXTRA_COLUMNS]
    frame = pd.DataFrame([event_row(e) for e in events], columns=columns)
    return frame.astype({c: EVENT_DTYPES[c] for c in columns})


def mentions_frame(mentions: list[Mention], assignment: dict[str, str]) -> pd.DataFrame:
    rows = [mention_row(m, assignment.get(m.mention_id)) for m in mentions]
    return pd.DataFrame(rows, columns=list(MENTION_COLUMNS))


def write_outputs(
    out_dir: Path,
    events: pd.DataFrame,
    mentions: pd.DataFrame,
    report: dict[str, Any],
) -> list[Path]:
    """Write all outputs atomically into `out_dir`; returns the final paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        (staging / "mentions.csv").write_bytes(frame_bytes(mentions))
        # in parquet the sources are a list column; in CSV a `join_names` cell
        listed = events
        if "sources" in events.columns:
            listed = events.assign(sources=[split_names(c) for c in events["sources"]])
        listed.to_parquet(staging / "events.parquet", index=False)
        (staging / "run_report.json").write_text(
            json.dumps(report, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
        )
        (staging / "events.csv").write_bytes(frame_bytes(events))
        for name in OUTPUT_FILES:
            with open(staging / name, "rb") as fh:
                os.fsync(fh.fileno())
        final = []
        for name in OUTPUT_FILES:
            os.replace(staging / name, out_dir / name)
            final.append(out_dir / name)
        return final
    finally:
        shutil.rmtree(staging, ignore_errors=True)
