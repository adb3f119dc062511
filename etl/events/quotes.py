"""What in a sentence is not the article's own report of events: quoted speech (the
speaker's words) and a wire dateline (the place and day of filing)."""

from __future__ import annotations

import re

# "BEIRUT, June 12 (Reuters) -", "MOSCOW (AP) —", "KAMPALA, Uganda —", "BEIRUT:"
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'-]{1,30}(?:,\s*[A-Z][A-Za-z]*\.?(?:\s+\d{1,2})?(?:,\s*\d{4})?)?"
    r"\s*(?:\([A-Za-z .]{1,30}\))?\s*(?:[-–—]|:)(?:\s|$)"
)


def dateline_end(text: str) -> int:
    """Where a wire dateline at the start of `text` ends (0 when there is none)."""
    m = _DATELINE.match(text)
    return m.end() if m else 0


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted speech. A closing quote with no opening one ends a quotation
    begun in an earlier sentence, so the sentence is quoted from its start; a straight
    quote right after punctuation is such a closing one."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for n, ch in enumerate(text):
        if ch == "“":
            opened = n if opened is None else opened
        elif ch == "”" or (ch == '"' and opened is not None):
            spans.append((0 if opened is None else opened, n))
            opened = None
        elif ch == '"' and n > 0 and text[n - 1] in ",.!?;:":
            spans.append((0, n))  # '… our cities," he said': closes a quotation begun before
        elif ch == '"':
            opened = n
    if opened is not None:
        last = len(text.rstrip()) - 1
        spans.append((0, opened) if opened == last else (opened, len(text)))
    return spans


def inside_quote(text: str, pos: int) -> bool:
    """Whether `pos` lies inside quoted speech."""
    return any(s <= pos <= e for s, e in quoted_spans(text))
