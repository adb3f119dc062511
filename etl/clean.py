"""Cleaning: split article text into paragraphs and drop page chrome.

Pure functions. Every kept paragraph keeps its character offsets into the
document text, and a `post` number: live blogs separate posts with bylines or
"Image" lines, and a sentence without a date of its own takes the date context of
its paragraph or post.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Paragraph:
    text: str
    start: int
    end: int
    index: int
    post: int


@dataclass(frozen=True)
class Dropped:
    text: str
    start: int
    kind: str


@dataclass(frozen=True)
class ChromeRule:
    pattern: re.Pattern[str]
    kind: str


@lru_cache(maxsize=1)
def chrome_rules() -> tuple[ChromeRule, ...]:
    text = resources.files("etl.lexicons").joinpath("chrome.csv").read_text("utf-8")
    return tuple(
        ChromeRule(re.compile(r["pattern"], re.IGNORECASE), r["kind"])
        for r in csv.DictReader(text.splitlines())
    )


_NAME_TOKEN = re.compile(r"^[A-Z][a-zA-Z’'.-]+$")
_SENTENCE_END = re.compile(r"[.!?”\"’)…:]\s*$")
SEPARATOR_KINDS = {"byline", "post separator", "separator"}


def is_byline(line: str) -> bool:
    """A name (or two run together) alone on a line: 2 to 6 capitalised words, no punctuation."""
    words = line.split()
    if not 2 <= len(words) <= 6 or len(line) > 60:
        return False
    return all(_NAME_TOKEN.match(w) for w in words) and not _SENTENCE_END.search(line)


def is_headline(line: str) -> bool:
    """A title-cased line with no sentence ending: a headline or a teaser of another article."""
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", line)]
    if not 3 <= len(words) <= 25 or line.rstrip().endswith("."):
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.6


def classify_line(line: str, title: str = "") -> str:
    """'' for article text, else the kind of chrome the line is."""
    stripped = line.strip()
    for rule in chrome_rules():
        if rule.pattern.search(stripped):
            return rule.kind
    if title and stripped.lower() == title.strip().lower():
        return "title"
    if is_byline(stripped):
        return "byline"
    if is_headline(stripped):
        return "headline"
    if len(stripped.split()) < 4 and not _SENTENCE_END.search(stripped):
        return "fragment"
    return ""


def clean(text: str, title: str = "") -> tuple[list[Paragraph], list[Dropped]]:
    """Split `text` into kept paragraphs (one per non-empty line) and dropped chrome."""
    paragraphs: list[Paragraph] = []
    dropped: list[Dropped] = []
    post = 0
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        line = raw.strip()
        if not line:
            continue
        line = re.sub(r"^[•·*]\s*", "", line)
        line_start = start + len(raw) - len(raw.lstrip(" \t•·*"))
        kind = classify_line(line, title)
        if kind:
            dropped.append(Dropped(line, line_start, kind))
            if kind in SEPARATOR_KINDS and paragraphs and paragraphs[-1].post == post:
                post += 1
            continue
        line_end = start + len(raw.rstrip())
        for lo, hi in split_long(text, line_start, line_end):
            paragraphs.append(Paragraph(text[lo:hi], lo, hi, len(paragraphs), post))
    return paragraphs, dropped


# A paragraph longer than this is cut at sentence ends: the parser's time and memory grow
# with the text it gets at once, and spaCy refuses texts over its max_length (E088).
PARAGRAPH_LIMIT = 20_000
_CUT = re.compile(r"[.!?…][”\"’)]*\s+")


def split_long(
    text: str, start: int, end: int, limit: int = PARAGRAPH_LIMIT
) -> list[tuple[int, int]]:
    """[start, end) as pieces of at most `limit` characters, cut after a sentence end, else
    at a space, else anywhere; offsets stay those of `text`."""
    pieces: list[tuple[int, int]] = []
    while end - start > limit:
        window = text[start : start + limit]
        cuts = [m.end() for m in _CUT.finditer(window)]
        cut = cuts[-1] if cuts and cuts[-1] > limit // 4 else window.rfind(" ") + 1
        cut = cut if cut > limit // 4 else limit
        piece_end = start + len(window[:cut].rstrip())
        pieces.append((start, piece_end))
        start += cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append((start, end))
    return pieces
