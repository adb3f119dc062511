"""One document's extraction: clean → language analysis → events (pure apart from the
injected analyzer). A failing document becomes a `Skipped` with its reason."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from etl.clean import clean
from etl.events import Extractor
from etl.ingest import Document, Skipped
from etl.nlp import Analyzer
from etl.schema import Mention


@dataclass(frozen=True)
class DocResult:
    doc_id: str
    file: str
    mentions: list[Mention]
    places_not_found: list[str]
    sentences: int
    tokens: int
    dropped_chrome: int
    seconds: float
    vetoed: list[Mention] = field(default_factory=list)  # under the confidence threshold


def extract_document(doc: Document, analyzer: Analyzer, extractor: Extractor) -> DocResult:
    t0 = time.perf_counter()
    paragraphs, dropped = clean(doc.text, doc.title)
    sentences = analyzer.sentences(paragraphs)
    mentions, not_found, vetoed = extractor.document(doc, sentences)
    tokens = sum(len(s.text.split()) for s in sentences)
    return DocResult(doc.doc_id, doc.file, mentions, not_found, len(sentences), tokens, len(dropped),
                     time.perf_counter() - t0, vetoed)  # fmt: skip


def extract_safely(doc: Document, analyzer: Analyzer, extractor: Extractor) -> DocResult | Skipped:
    """`extract_document`, or the reason it failed: one bad document never stops a run."""
    try:
        return extract_document(doc, analyzer, extractor)
    except Exception as exc:  # any failure of one document is reported, not raised
        detail = str(exc).splitlines()[0][:200] if str(exc) else ""
        return Skipped(
            doc.file, f"extraction failed ({type(exc).__name__}{': ' + detail if detail else ''})"
        )
