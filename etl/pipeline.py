"""The ETL run: documents in, merged events, mentions and a run report out.

`run()` is pure apart from the injected analyzer and geocoder; reading the corpus
and writing outputs live in `etl.ingest` and `etl.outputs`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from geopy.geocoders.base import Geocoder

from etl.actors import ActorLexicon, default_lexicon
from etl.cache import ExtractionCache
from etl.events import EventLexicon, Extractor, default_event_lexicon
from etl.extraction import DocResult, extract_safely
from etl.gazetteer import Gazetteer, default_gazetteer
from etl.geocode import OfflineGeocoder, PlaceResolver
from etl.ingest import Document, Skipped
from etl.merge import merge
from etl.nlp import Analyzer, expected_name, load_analyzer
from etl.schema import Event, Mention


@dataclass
class RunResult:
    events: list[Event]
    mentions: list[Mention]
    assignment: dict[str, str]
    report: dict[str, Any] = field(default_factory=dict)
    vetoed: list[Mention] = field(default_factory=list)


def run(
    docs: list[Document],
    *,
    geocoder: Geocoder | None = None,
    gazetteer: Gazetteer | None = None,
    analyzer: Analyzer | None = None,
    lexicon: ActorLexicon | None = None,
    events: EventLexicon | None = None,
    workers: int = 1,
    model: str | None = None,
    skipped: Iterable[Skipped] = (),
    warnings: Iterable[str] = (),
    progress: Callable[[Iterable[Any], int], Iterable[Any]] | None = None,
    cache: ExtractionCache | None = None,
    scheduler: str | None = None,
) -> RunResult:
    """Extract, geocode and merge events from `docs`.

    Dependencies are injected: `geocoder` (any geopy Geocoder; the offline gazetteer by
    default), `analyzer` (a spaCy pipeline). `workers > 1` extracts documents as a Dask map
    on a local cluster of that many worker processes, `scheduler` (an address) on a running
    Dask cluster; each worker uses the offline geocoder and the configured model. With a `cache`,
    documents extracted before (same text, metadata, model and ETL code) are not
    extracted again, and the models are loaded only if some document needs them.
    """
    t0 = time.perf_counter()
    lexicon = lexicon or default_lexicon()
    key = cache_key(model, analyzer, geocoder)
    cached = {d.doc_id: cache.get(d, key) for d in docs} if cache else {}
    todo = [d for d in docs if not isinstance(cached.get(d.doc_id), DocResult)]
    t_gaz = 0.0
    analyzer_name = f"{key} (every document from the cache)"
    fresh: list[DocResult | Skipped] = []
    wrap = progress or (lambda it, total: it)
    on_dask = (workers > 1 or scheduler) and len(todo) > 1 and geocoder is None
    if todo and on_dask:
        # the workers load the model and the gazetteer; this process needs only the name
        analyzer_name = analyzer.name if analyzer else expected_name(model)
        if analyzer_name == "none":
            load_analyzer(model)  # raises ModelMissing with the install hint
        from etl.engine import extract_on_dask

        fresh = extract_on_dask(todo, model=model or analyzer_name, workers=workers,
                                scheduler=scheduler, progress=progress)  # fmt: skip
    elif todo:
        gazetteer = gazetteer or default_gazetteer()
        t_gaz = time.perf_counter() - t0
        analyzer = analyzer or load_analyzer(model)
        analyzer_name = analyzer.name
        extractor = Extractor(
            lexicon,
            events or default_event_lexicon(),
            PlaceResolver(geocoder or OfflineGeocoder(gazetteer), gazetteer),
        )
        fresh = [extract_safely(d, analyzer, extractor) for d in wrap(todo, len(todo))]
    if todo and cache:
        for doc, result in zip(todo, fresh, strict=True):
            if isinstance(result, DocResult):
                cache.put(doc, key, result)
    t1 = t0 + t_gaz
    failed = [r for r in fresh if isinstance(r, Skipped)]
    by_id = {r.doc_id: r for r in fresh if isinstance(r, DocResult)}
    lost = {f.file for f in failed}
    docs = [d for d in docs if d.file not in lost]
    results = [by_id[d.doc_id] if d.doc_id in by_id else cached[d.doc_id] for d in docs]
    t2 = time.perf_counter()
    mentions = [m for r in results for m in r.mentions]
    events, assignment = merge(mentions, lexicon.countries())
    t3 = time.perf_counter()
    report = build_report(docs, results, mentions, events, [*skipped, *failed], list(warnings))
    report["model"] = analyzer_name
    report["documents_extracted"] = len(todo) - len(failed)
    report["extraction_failed"] = [s.file for s in failed]
    report["documents_from_cache"] = len(docs) - (len(todo) - len(failed))
    report["timings_seconds"] = {
        "load_gazetteer": round(t_gaz, 3),
        "extract": round(t2 - t1, 3),
        "merge": round(t3 - t2, 3),
        "total": round(t3 - t0, 3),
    }
    report["workers"] = workers
    return RunResult(events, mentions, assignment, report, [m for r in results for m in r.vetoed])


def cache_key(model: str | None, analyzer: Analyzer | None, geocoder: Geocoder | None) -> str:
    """What besides the document decides its extraction: the language model and the geocoder."""
    name = analyzer.name if analyzer else expected_name(model)
    if geocoder is None:
        return f"{name}|offline"
    inner = getattr(geocoder, "inner", geocoder)  # a cached wrapper: key by the service
    return f"{name}|{type(inner).__name__}:{getattr(inner, 'domain', '')}"


def build_report(
    docs: list[Document],
    results: list[DocResult],
    mentions: list[Mention],
    events: list[Event],
    skipped: list[Skipped],
    warnings: list[str],
) -> dict[str, Any]:
    per_doc = {r.doc_id: r for r in results}
    unresolved = [m for m in mentions if m.date is None]
    return {
        "documents_read": [
            {
                "file": d.file,
                "outlet": d.outlet,
                "published": d.published.isoformat() if d.published else None,
                "published_from": d.published_source or None,
                "sentences": per_doc[d.doc_id].sentences,
                "tokens": per_doc[d.doc_id].tokens,
                "chrome_lines_removed": per_doc[d.doc_id].dropped_chrome,
                "mentions": len(per_doc[d.doc_id].mentions),
            }
            for d in docs
        ],
        "documents_skipped": [{"file": s.file, "reason": s.reason} for s in skipped],
        "warnings": warnings,
        "documents_without_date": [d.file for d in docs if d.published is None],
        "mentions": len(mentions),
        "events": len(events),
        "unresolved_dates": [
            {"file": m.file, "sentence": m.sentence_index, "quote": m.quote[:200]}
            for m in unresolved
        ],
        "places_not_found": sorted({name for r in results for name in r.places_not_found}),
        "mentions_without_place": sum(1 for m in mentions if m.place is None),
        "tokens": sum(r.tokens for r in results),
    }
