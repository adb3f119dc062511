"""Dates benchmark on TimeML news (TempEval-3 platinum in ../shared/eval/dates/).

For every gold DATE or TIME expression (PRESENT/PAST/FUTURE_REF and values with an unknown
year skipped): resolve its text against the document creation time with `etl.dates`,
the clause tense taken from spaCy's parse of its sentence, and compare the best date
with the gold value at the gold's granularity (day, ISO week, month, season, quarter,
half, year, decade, century). dateparser on the same spans is the reference.
Prints accuracy overall and by category; asserts nothing.

    python benchmarks/dates_bench.py [FOLDER_OF_TML_FILES] [--errors]
"""

from __future__ import annotations

import re
import sys
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "eval" / "dates" / "te3-platinum"
sys.path.insert(0, str(ROOT))

from etl.dates import clause_tense, resolve_text  # noqa: E402
from etl.nlp import Sentence, doc_sentences, load_analyzer  # noqa: E402

SEASONS = {"SP": (3, 4, 5), "SU": (6, 7, 8), "FA": (9, 10, 11), "WI": (12, 1, 2)}
_TIMEX = re.compile(r"<TIMEX3([^>]*)>(.*?)</TIMEX3>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class GoldTimex:
    doc: str
    dct: date
    text: str
    value: str
    start: int  # character offsets in the document's plain text
    end: int


def read_timeml(path: Path) -> tuple[str, list[GoldTimex]]:
    """The plain text of a TimeML document and its DATE/TIME expressions."""
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r"<DCT>.*?value=\"(\d{4}-\d\d-\d\d)", raw, re.S)
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    if dct_match is None or body is None:
        raise ValueError(f"{path.name}: no DCT or TEXT")
    dct = date.fromisoformat(dct_match.group(1))
    marked = body.group(1)
    plain: list[str] = []
    found: list[GoldTimex] = []
    pos, length = 0, 0
    for m in _TIMEX.finditer(marked):
        before = _TAG.sub("", marked[pos : m.start()])
        plain.append(before)
        length += len(before)
        inner = _TAG.sub("", m.group(2))
        attrs = dict(_ATTR.findall(m.group(1)))
        if attrs.get("type") in ("DATE", "TIME"):
            found.append(
                GoldTimex(
                    path.stem, dct, inner, attrs.get("value", ""), length, length + len(inner)
                )
            )
        plain.append(inner)
        length += len(inner)
        pos = m.end()
    plain.append(_TAG.sub("", marked[pos:]))
    return "".join(plain), found


def gold_key(value: str) -> tuple[str, str] | None:
    """(granularity, key) of a TimeML value, cut at its first unknown part; None to skip."""
    if value.endswith("_REF") or value.startswith("P") or not value[:4].isdigit():
        return None
    kept: list[str] = []
    for part in value.split("T")[0].split("-"):
        if "X" in part or not part:
            break
        kept.append(part)
    if not kept:
        return None
    head = kept[0]
    if len(head) == 2:
        return "century", head
    if len(head) == 3:
        return "decade", head
    if len(kept) == 1:
        return "year", head
    second = kept[1]
    if second.startswith("W") and second[1:].isdigit():
        return "week", f"{head}-{second}"
    if second in SEASONS:
        return "season", f"{head}-{second}"
    if second[0] in "QH" and second[1:].isdigit():
        return ("quarter" if second[0] == "Q" else "half"), f"{head}-{second}"
    if len(kept) == 2:
        return "month", f"{head}-{second}"
    return "day", f"{head}-{second}-{kept[2]}"


def _season(day: date) -> str:
    return next(s for s, months in SEASONS.items() if day.month in months)


KEYS: dict[str, Callable[[date], str]] = {
    "century": lambda d: f"{d.year // 100:02d}",
    "decade": lambda d: f"{d.year // 10:03d}",
    "year": lambda d: f"{d.year:04d}",
    "week": lambda d: "{:04d}-W{:02d}".format(*d.isocalendar()[:2]),
    "season": lambda d: f"{d.year:04d}-{_season(d)}",
    "quarter": lambda d: f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}",
    "half": lambda d: f"{d.year:04d}-H{(d.month - 1) // 6 + 1}",
    "month": lambda d: f"{d.year:04d}-{d.month:02d}",
    "day": lambda d: d.isoformat(),
}


def key_of(day: date, granularity: str) -> str:
    """The key of a predicted date at a gold granularity."""
    return KEYS[granularity](day)


_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)
_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s|$)", re.I)
_RELATIVE = re.compile(
    r"\b(?:last|this|next|past|previous|coming|ago|earlier|later|following|current|recent)\b", re.I
)


def category(text: str) -> str:
    """Benchmark category of a gold expression, from its text alone."""
    t = text.lower()
    if re.search(r"\b(?:quarter|half|q[1-4]|h[12])\b", t):
        return "quarter"
    if _WEEKDAY.search(t):
        return "weekday"
    has_year = re.search(r"\b(?:1[6-9]|20)\d\d\b", t)
    if has_year and _MONTH.search(text) and re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", t):
        return "absolute"
    if re.search(r"\b(?:today|yesterday|tomorrow|tonight|day|days|night)\b", t):
        return "relative day"
    if _RELATIVE.search(t) and re.search(
        r"\b(?:week|month|year|decade|spring|summer|autumn|fall|winter)s?\b", t
    ):
        return "relative week/month/year"
    if _RELATIVE.search(t) and _MONTH.search(text):
        return "relative week/month/year"
    if has_year or _MONTH.search(text) or re.search(r"\b\d0s\b|century", t):
        return "partial absolute"
    return "other"


def _in_context(
    timex: GoldTimex, gold: list[GoldTimex], sentences: list[Sentence], previous: date | None
) -> date | None:
    """Resolve the gold span as found in its parsed sentence; alone (with its clause's
    tense) when the sentence's expression there spans more than this gold expression."""
    for sent in sentences:
        if not sent.start <= timex.start < sent.end:
            continue
        found = resolve_text(sent.text, timex.dct, parse=sent, reference=previous)
        lo, hi = timex.start - sent.start, timex.end - sent.start
        over = [r for r in found if r.start < hi and r.end > lo]
        others = [g for g in gold if g is not timex and sent.start <= g.start < sent.end]
        if (
            len(over) == 1
            and over[0].range is not None
            and not any(
                over[0].start < g.end - sent.start and over[0].end > g.start - sent.start
                for g in others
            )
        ):
            return over[0].date
        tense = clause_tense(sent, lo, hi)
        alone = [
            r
            for r in resolve_text(timex.text, timex.dct, tense=tense, reference=previous)
            if r.range
        ]
        return max(alone, key=lambda r: len(r.text)).date if alone else None
    return None


def _dateparser_value(text: str, dct: date) -> date | None:
    import dateparser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = dateparser.parse(
            text, settings={"RELATIVE_BASE": datetime(dct.year, dct.month, dct.day)}
        )
    return parsed.date() if parsed else None


def evaluate(folder: Path, show_errors: bool = False) -> None:
    analyzer = load_analyzer()
    nlp = analyzer.nlp  # type: ignore[attr-defined]
    try:
        import dateparser  # noqa: F401

        with_reference = True
    except ImportError:
        with_reference = False
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    errors: list[str] = []
    for path in sorted(folder.glob("*.tml")):
        text, gold = read_timeml(path)
        sentences = doc_sentences(nlp(text))
        previous: date | None = None
        for timex in gold:
            key = gold_key(timex.value)
            if key is None:
                continue
            granularity, expected = key
            best = _in_context(timex, gold, sentences, previous)
            ours = best is not None and key_of(best, granularity) == expected
            previous = best or previous
            for group in ("all", category(timex.text)):
                totals[group]["n"] += 1
                totals[group]["ours"] += ours
                if with_reference:
                    theirs = _dateparser_value(timex.text, timex.dct)
                    totals[group]["dateparser"] += (
                        theirs is not None and key_of(theirs, granularity) == expected
                    )
            if not ours:
                errors.append(
                    f"  {timex.doc} {timex.dct} {timex.text!r} gold {timex.value} got {best}"
                )
    print(f"dates benchmark: {folder.name} ({len(list(folder.glob('*.tml')))} documents)")
    print(f"  {'category':28s} {'items':>6s} {'etl.dates':>10s} {'dateparser':>11s}")
    for group in ["all", *sorted(g for g in totals if g != "all")]:
        c = totals[group]
        ref = f"{c['dateparser'] / c['n']:10.1%}" if with_reference else "       n/a"
        print(f"  {group:28s} {c['n']:6d} {c['ours'] / c['n']:10.1%} {ref:>11s}")
    if show_errors:
        print("\n".join(errors))


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    where = Path(args[0]) if args else DEFAULT
    if not where.is_dir():
        print(f"dates benchmark skipped: {where} not found")
    else:
        evaluate(where, show_errors="--errors" in sys.argv)
