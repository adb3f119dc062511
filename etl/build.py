"""Building and updating a data folder: full runs and articles added later (an I/O edge).

`build` reads the input folder and the articles added since (`<data>/added/`),
runs the pipeline with the extraction cache (so only new or changed documents are
extracted), checks the analyst's review log against the new events and writes the
outputs atomically. `add_articles` validates uploads (type, size, text) before
anything is written, stores them in `<data>/added/` with their outlet and date,
then calls `build`: the existing articles come from the cache, only the new ones
are extracted, and merging puts their reports together with the events they
share.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from etl import review
from etl.cache import ExtractionCache
from etl.csvfile import plain_cell, rows_bytes
from etl.ingest import (
    MANIFEST_COLUMNS,
    MANIFEST_NAME,
    Corpus,
    CorpusError,
    DecodeError,
    ManifestRow,
    document_from_bytes,
    read_corpus,
)
from etl.outputs import events_frame, mentions_frame, write_bytes_atomic, write_outputs
from etl.pipeline import RunResult, run
from etl.store import ReviewStore

ADDED_DIR = "added"
QUARANTINE_DIR = "quarantine"
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
REPORT_NAME = "run_report.json"


class UploadError(ValueError):
    """Uploaded articles refused; nothing was stored."""


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


@dataclass(frozen=True)
class BuildResult:
    run: RunResult
    paths: list[Path]
    review: dict[str, Any]


def review_report(
    events: pd.DataFrame, mentions: pd.DataFrame, store: ReviewStore
) -> dict[str, Any]:
    """Which corrections still apply to these events and which no longer match any."""
    log = store.log()
    result = review.apply(events, mentions, log)
    return {
        "corrections": len(review.active(log)),
        "applied": len(result.applied),
        "orphaned": [
            {"id": o.id, "action": o.action.value, "event_id": o.event_id, "user": o.user,
             "at": o.at, "fields": dict(o.fields), "note": o.note}
            for o in result.orphaned
        ],
    }  # fmt: skip


def _merge_corpora(parts: Sequence[Corpus]) -> Corpus:
    out = Corpus()
    for part in parts:
        out.documents.extend(part.documents)
        out.skipped.extend(part.skipped)
        out.warnings.extend(part.warnings)
    return out


def read_inputs(input_dir: Path, data_dir: Path, **read_kwargs: Any) -> Corpus:
    """The input folder's articles and those added to the data folder since."""
    parts = [read_corpus(input_dir, **read_kwargs)]
    added = data_dir / ADDED_DIR
    if added.is_dir() and any(p.name != MANIFEST_NAME for p in added.iterdir()):
        parts.append(read_corpus(added, **read_kwargs))
    return _merge_corpora(parts)


def build(
    input_dir: Path,
    data_dir: Path,
    *,
    use_cache: bool = True,
    read_kwargs: dict[str, Any] | None = None,
    progress: Callable[[Iterable[Any], int], Iterable[Any]] | None = None,
    **run_kwargs: Any,
) -> BuildResult:
    """Run the ETL over `input_dir` (+ added articles) into `data_dir`, atomically."""
    corpus = read_inputs(input_dir, data_dir, **(read_kwargs or {}))
    result = run(
        corpus.documents,
        skipped=corpus.skipped,
        warnings=corpus.warnings,
        progress=progress,
        cache=ExtractionCache.of(data_dir) if use_cache else None,
        **run_kwargs,
    )
    events, mentions = (
        events_frame(result.events),
        mentions_frame(result.mentions, result.assignment),
    )
    report = review_report(events, mentions, ReviewStore.of(data_dir))
    result.report["input"] = str(input_dir.resolve())
    result.report["quarantined"] = quarantine(
        data_dir, input_dir, result.report["documents_skipped"]
    )
    result.report["review"] = report
    paths = write_outputs(data_dir, events, mentions, result.report)
    return BuildResult(result, paths, report)


def quarantine(
    data_dir: Path, input_dir: Path, skipped: list[dict[str, str]]
) -> list[dict[str, str]]:
    """Move added articles that could not be read or extracted out of `<data>/added/` into
    `<data>/quarantine/` (with the reason beside each), so they never break a later run."""
    added = data_dir / ADDED_DIR
    moved: list[dict[str, str]] = []
    for skip in skipped:
        source = added / Path(skip["file"]).name
        if not source.is_file() or (input_dir / source.name).is_file():
            continue
        target_dir = data_dir / QUARANTINE_DIR
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / source.name
        source.replace(target)
        write_bytes_atomic(
            target_dir / f"{source.name}.reason.txt", (skip["reason"] + "\n").encode()
        )
        moved.append({"file": source.name, "reason": skip["reason"], "moved_to": str(target)})
    if moved:
        _drop_manifest_rows(added / MANIFEST_NAME, {m["file"] for m in moved})
    return moved


def _drop_manifest_rows(manifest: Path, files: set[str]) -> None:
    if not manifest.is_file():
        return
    rows = list(csv.reader(io.StringIO(manifest.read_text("utf-8"))))
    kept = [r for n, r in enumerate(rows) if n == 0 or not r or plain_cell(r[0]) not in files]
    write_bytes_atomic(manifest, rows_bytes(None, [[plain_cell(c) for c in r] for r in kept]))


def last_input(data_dir: Path) -> Path:
    """The input folder of the last run (recorded in its report)."""
    try:
        report = json.loads((data_dir / REPORT_NAME).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise CorpusError(f"no readable {REPORT_NAME} in {data_dir}: run the ETL first") from exc
    folder = Path(report.get("input") or "")
    if not report.get("input") or not folder.is_dir():
        raise CorpusError(
            f"the articles of the last run ({folder}) are not there: run the full ETL again"
        )
    return folder


def _safe_name(name: str, taken: set[str]) -> str:
    stem, suffix = Path(Path(name).name).stem, Path(name).suffix.lower()
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.") or "article"
    candidate, n = f"{stem}{suffix}", 2
    while candidate.lower() in taken:
        candidate, n = f"{stem}-{n}{suffix}", n + 1
    return candidate


def prepare(
    uploads: Sequence[Upload],
    meta: ManifestRow,
    taken: set[str],
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> list[Upload]:
    """Check every upload (type, size, text) and give it a free name; `UploadError` if any fails."""
    if not uploads:
        raise UploadError("no article given")
    problems, ready = [], []
    names = {t.lower() for t in taken}
    for upload in uploads:
        name = _safe_name(upload.name, names)
        try:
            document_from_bytes(name, upload.data, meta, max_bytes=max_bytes)
        except DecodeError as exc:
            problems.append(f"{upload.name}: {exc}")
            continue
        names.add(name.lower())
        ready.append(Upload(name, upload.data))
    if problems:
        raise UploadError("refused, nothing was added: " + "; ".join(problems))
    return ready


def _content_hashes(folders: Sequence[Path]) -> dict[str, str]:
    return {
        hashlib.sha256(p.read_bytes()).hexdigest(): p.name
        for folder in folders if folder.is_dir()
        for p in folder.iterdir() if p.is_file() and p.name != MANIFEST_NAME
    }  # fmt: skip


def _manifest_bytes(existing: str, rows: Sequence[ManifestRow]) -> bytes:
    old = [[plain_cell(c) for c in r] for r in csv.reader(io.StringIO(existing)) if r]
    new = [[r.file, r.title, r.outlet, r.published.isoformat() if r.published else "", r.url]
           for r in rows]  # fmt: skip
    if not old:
        return rows_bytes(MANIFEST_COLUMNS, new)
    return rows_bytes(None, [*old, *new])


def add_articles(
    data_dir: Path,
    uploads: Sequence[Upload],
    *,
    outlet: str,
    published: date | None,
    title: str = "",
    url: str = "",
    max_bytes: int = MAX_UPLOAD_BYTES,
    **run_kwargs: Any,
) -> BuildResult:
    """Store new articles in `<data>/added/` and update the outputs incrementally."""
    input_dir = last_input(data_dir)
    added = data_dir / ADDED_DIR
    taken = {p.name for p in input_dir.iterdir()} | (
        {p.name for p in added.iterdir()} if added.is_dir() else set()
    )
    meta = ManifestRow(file="", title=title, outlet=outlet.strip(), published=published, url=url)
    ready = prepare(uploads, meta, taken, max_bytes)
    known = _content_hashes([input_dir, added])
    repeated = [u.name for u in ready if hashlib.sha256(u.data).hexdigest() in known]
    if repeated:
        raise UploadError(
            f"refused, nothing was added: already in the corpus ({', '.join(repeated)})"
        )
    added.mkdir(parents=True, exist_ok=True)
    manifest = added / MANIFEST_NAME
    existing = manifest.read_text("utf-8") if manifest.is_file() else ""
    for upload in ready:
        write_bytes_atomic(added / upload.name, upload.data)
    rows = [ManifestRow(u.name, title, outlet.strip(), published, url) for u in ready]
    write_bytes_atomic(manifest, _manifest_bytes(existing, rows))
    return build(input_dir, data_dir, **run_kwargs)
