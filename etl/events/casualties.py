"""Deaths and injuries stated in a sentence ("Five people were killed and 28 injured")."""

from __future__ import annotations

import re

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozens of": 24,
    "a dozen": 12, "hundreds of": 200,
}  # fmt: skip
_COUNT = r"(?P<n>\d[\d,]*|" + "|".join(_NUMBER_WORDS) + r")"
_KILLED = re.compile(
    _COUNT + r"\s+(?:\w+\s+){0,3}?(?:were|was|have been|had been)?\s*(?:killed|dead|died)"
    r"|(?:killing|killed)\s+(?:at least\s+|up to\s+)?" + _COUNT.replace("<n>", "<n2>"),
    re.IGNORECASE,
)
_INJURED = re.compile(
    _COUNT + r"\s+(?:\w+\s+){0,3}?(?:were|was|have been|had been)?\s*(?:injured|wounded|hurt)"
    r"|(?:injuring|wounding)\s+(?:at least\s+)?" + _COUNT.replace("<n>", "<n2>"),
    re.IGNORECASE,
)
_TAIL = re.compile(r"killed\s+and\s+(?:at least\s+)?(\d[\d,]*)\s+(?:injured|wounded)", re.I)


def _count(m: re.Match[str]) -> int | None:
    raw = (m.group("n") or m.group("n2") or "").lower().replace(",", "")
    if raw.isdigit():
        return int(raw)
    return _NUMBER_WORDS.get(raw)


def casualties(text: str) -> tuple[int | None, int | None]:
    """(killed, injured) stated in `text`; None where not stated."""
    killed = [c for m in _KILLED.finditer(text) if (c := _count(m)) is not None]
    injured = [c for m in _INJURED.finditer(text) if (c := _count(m)) is not None]
    if not injured:
        tail = _TAIL.search(text)
        injured = [int(tail.group(1).replace(",", ""))] if tail else []
    return (max(killed) if killed else None, max(injured) if injured else None)
