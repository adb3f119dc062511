"""Scoring predicted events against hand-annotated gold events.

Implements the rules of the evaluation set: a prediction can match a gold event
when its date lies in [date_min, date_max], its type is accepted, and its place is
within the tolerance (or the country matches for country-level gold). Matching is
one-to-one, greedy, closest date first.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from datetime import date

import pandas as pd
from geopy.distance import great_circle


@dataclass(frozen=True)
class Score:
    true_positives: int
    false_positives: int
    required_total: int
    required_matched: int
    precision: float
    recall: float
    f1: float
    date_exact_rate: float
    date_exact_at_precision_rate: float
    median_place_error_km: float | None
    matches: list[tuple[str, str]]
    missed: list[str]
    unmatched_predictions: list[str]


# The reference scorer's country aliases (`../shared/eval/score.py`), so that both agree.
COUNTRY_ALIASES = {
    "usa": "united states", "us": "united states", "u.s.": "united states",
    "united states of america": "united states", "uk": "united kingdom",
    "russian federation": "russia", "rus": "russia", "ukr": "ukraine",
    "sau": "saudi arabia", "gbr": "united kingdom", "irl": "ireland", "can": "canada",
    "blr": "belarus", "qat": "qatar",
}  # fmt: skip


def _country(value: object) -> str:
    text = "" if value is None or value != value else str(value).strip().lower()
    return COUNTRY_ALIASES.get(text, text)


def _float(value: object) -> float | None:
    try:
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if f != f else f


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value or "").strip()[:10])
    except ValueError:
        return None


def _precision(value: object) -> str:
    return str(value or "").strip().split(".")[0]


def _place_ok(gold: pd.Series, pred: pd.Series) -> bool:
    tolerance = _float(gold.get("loc_tolerance_km")) or 0.0
    if tolerance <= 0:
        return True
    if _precision(gold.get("geo_precision")) == "4":
        want = _country(gold.get("country"))
        return want in (_country(pred.get("country")) or _country(pred.get("iso3")),
                        _country(pred.get("iso3")))  # fmt: skip
    km = _km(gold, pred)
    return km is not None and km <= tolerance


def _km(gold: pd.Series, pred: pd.Series) -> float | None:
    glat, glon = _float(gold.get("latitude")), _float(gold.get("longitude"))
    plat, plon = _float(pred.get("latitude")), _float(pred.get("longitude"))
    if None in (glat, glon, plat, plon):
        return None
    return great_circle((glat, glon), (plat, plon)).km


def date_exact(gold: pd.Series, pred_day: date) -> bool:
    """Exact at the gold's granularity: the same day for a day-level event, the same ISO
    week (or within the gold range) / month / year for a coarser one."""
    best = _day(gold.get("date"))
    if best is None:
        return False
    precision = _precision(gold.get("time_precision")) or "1"
    if precision == "2":
        lo, hi = _day(gold.get("date_min")), _day(gold.get("date_max"))
        in_range = lo is not None and hi is not None and lo <= pred_day <= hi
        return best.isocalendar()[:2] == pred_day.isocalendar()[:2] or in_range
    if precision == "3":
        return (best.year, best.month) == (pred_day.year, pred_day.month)
    if precision == "4":
        return best.year == pred_day.year
    return best == pred_day


def score(gold: pd.DataFrame, predicted: pd.DataFrame) -> Score:
    """Score `predicted` (events.csv rows) against `gold` (the gold CSV), by the rules and
    with the results of the reference scorer `../shared/eval/score.py`."""
    gold = gold.reset_index(drop=True)
    predicted = predicted.reset_index(drop=True)
    candidates: list[tuple[int, int, int, int, int]] = []
    for gi, g in gold.iterrows():
        gmin, gmax, gbest = _day(g["date_min"]), _day(g["date_max"]), _day(g["date"])
        accept = set(str(g["accept_types"]).split(";"))
        for pi, p in predicted.iterrows():
            pdate = _day(p.get("date"))
            if pdate is None or gmin is None or gmax is None or not gmin <= pdate <= gmax:
                continue
            kind = str(p.get("event_type") or "").strip()
            if kind not in accept or not _place_ok(g, p) or gbest is None:
                continue
            exact_type = 0 if kind == str(g["event_type"]) else 1
            required_first = 0 if str(g["required"]).strip() == "1" else 1
            candidates.append(
                (abs((pdate - gbest).days), exact_type, required_first, int(gi), int(pi))
            )
    candidates.sort()
    used_gold: dict[int, int] = {}
    used_pred: set[int] = set()
    for *_, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold[gi] = pi
        used_pred.add(pi)
    matches = [(str(gold.loc[gi, "event_id"]), str(predicted.loc[pi, "event_id"]))
               for gi, pi in used_gold.items()]  # fmt: skip
    exact = [date_exact(gold.loc[gi], _day(predicted.loc[pi, "date"]) or date.min)
             for gi, pi in used_gold.items()]  # fmt: skip
    same_day = [_day(gold.loc[gi, "date"]) == _day(predicted.loc[pi, "date"])
                for gi, pi in used_gold.items()]  # fmt: skip
    errors = [
        km
        for gi, pi in used_gold.items()
        if _precision(gold.loc[gi].get("geo_precision")) in ("1", "2", "3")
        and (km := _km(gold.loc[gi], predicted.loc[pi])) is not None
    ]
    required = [gi for gi in gold.index if str(gold.loc[gi, "required"]).strip() == "1"]
    required_matched = sum(1 for gi in required if gi in used_gold)
    tp = len(matches)
    fp = len(predicted) - tp
    precision = tp / (tp + fp) if len(predicted) else 0.0
    recall = required_matched / len(required) if required else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(
        true_positives=tp,
        false_positives=fp,
        required_total=len(required),
        required_matched=required_matched,
        precision=precision,
        recall=recall,
        f1=f1,
        date_exact_rate=sum(same_day) / len(same_day) if same_day else 0.0,
        date_exact_at_precision_rate=sum(exact) / len(exact) if exact else 0.0,
        median_place_error_km=statistics.median(errors) if errors else None,
        matches=matches,
        missed=[str(gold.loc[gi, "event_id"]) for gi in required if gi not in used_gold],
        unmatched_predictions=[
            str(predicted.loc[i, "event_id"]) for i in predicted.index if i not in used_pred
        ],
    )


def format_score(s: Score, gold: pd.DataFrame, predicted: pd.DataFrame) -> str:
    lines = [
        f"precision       {s.precision:.3f}  ({s.true_positives} TP, {s.false_positives} FP)",
        f"recall          {s.recall:.3f}  ({s.required_matched}/{s.required_total} required events)",
        f"F1              {s.f1:.3f}",
        f"dates exact     {s.date_exact_at_precision_rate:.3f}  (at the gold's granularity: the "
        f"same day, ISO week, month or year; {len(s.matches)} pairs)",
        f"  same day      {s.date_exact_rate:.3f}  (strict: equal to the gold's best date)",
        "median place error "
        + (f"{s.median_place_error_km:.1f} km" if s.median_place_error_km is not None else "n/a"),
    ]
    gold_by_id = gold.set_index("event_id")
    if s.missed:
        lines.append("\nmissed (required gold events with no match):")
        for gid in s.missed:
            g = gold_by_id.loc[gid]
            lines.append(f"  {gid} {g['date']} {g['event_type']:<18} {str(g['evidence'])[:90]}")
    if s.unmatched_predictions:
        lines.append("\nunmatched predictions:")
        pred_by_id = predicted.set_index("event_id")
        for eid in s.unmatched_predictions:
            p = pred_by_id.loc[eid]
            if isinstance(p, pd.DataFrame):
                p = p.iloc[0]
            lines.append(f"  {eid} {p['date']} {p['event_type']:<18} {str(p['summary'])[:90]}")
    return "\n".join(lines)


# ---- where a miss was lost ------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+")


def _words(text: object) -> set[str]:
    return set(_WORD.findall(str(text or "").lower()))


def _from_evidence(gold: pd.Series, mentions: pd.DataFrame) -> pd.DataFrame:
    """The mentions made from the gold event's evidence sentence (same file when known)."""
    if mentions.empty:
        return mentions
    pool = mentions
    file = str(gold.get("file") or "").strip()
    if file and "file" in pool.columns:
        pool = pool[pool["file"] == file]
    wanted = _words(gold.get("evidence"))
    if not wanted or pool.empty:
        return pool.iloc[0:0]
    overlap = pool["quote"].map(lambda q: len(wanted & _words(q)) / len(wanted))
    return pool[overlap >= 0.6]


def _mention_fails(gold: pd.Series, m: pd.Series) -> str:
    """The first rule a mention breaks for this gold event ('' when it would match)."""
    accept = set(str(gold["accept_types"]).split(";"))
    if str(m.get("event_type") or "") not in accept:
        return f"wrong type ({m.get('event_type')})"
    day, lo, hi = _day(m.get("date")), _day(gold["date_min"]), _day(gold["date_max"])
    if day is None:
        return "no date"
    if lo is None or hi is None or not lo <= day <= hi:
        told = m.get("date_phrase") or m.get("date_source")
        return f"wrong date ({day.isoformat()}" + (f", from '{told}')" if told else ")")
    if not _place_ok(gold, m):
        where = m.get("location") if isinstance(m.get("location"), str) else None
        return f"wrong place ({where})" if where else "no place"
    return ""


def stage_of_loss(gold: pd.Series, mentions: pd.DataFrame, vetoed: pd.DataFrame) -> str:
    """Why a gold event has no matching event: no trigger, vetoed, wrong type, no date,
    no place, or merged away (a mention would match; its event does not)."""
    kept = _from_evidence(gold, mentions)
    if kept.empty:
        dropped = _from_evidence(gold, vetoed)
        if dropped.empty:
            return "no trigger (no mention from its sentence)"
        best = dropped.sort_values("confidence", ascending=False).iloc[0]
        return f"vetoed ({best['event_type']} '{best['trigger']}', confidence {best['confidence']})"
    reasons = [_mention_fails(gold, m) for _, m in kept.iterrows()]
    if "" in reasons:
        event = kept.iloc[reasons.index("")].get("event_id")
        return f"merged away (its mention is in event {event})"
    return reasons[0]


def false_positive_reason(pred: pd.Series, gold: pd.DataFrame) -> str:
    """Why a predicted event matched no gold event: the nearest gold event and the rule
    it breaks, or that the gold has no event of that sentence."""
    words = _words(pred.get("evidence"))
    best, best_overlap = None, 0.0
    for _, g in gold.iterrows():
        overlap = len(words & _words(g.get("evidence"))) / max(len(_words(g.get("evidence"))), 1)
        if overlap > best_overlap:
            best, best_overlap = g, overlap
    if best is None or best_overlap < 0.6:
        return "not an event of the gold"
    reason = _mention_fails(best, pred)
    return f"{best['event_id']}: {reason}" if reason else f"duplicate of {best['event_id']}"


def recall_by_type(gold: pd.DataFrame, s: Score) -> dict[str, tuple[int, int]]:
    """Required gold events matched / total, per gold event type."""
    matched = {g for g, _ in s.matches}
    out: dict[str, tuple[int, int]] = {}
    for _, g in gold.iterrows():
        if str(g["required"]).strip() != "1":
            continue
        hit, total = out.get(str(g["event_type"]), (0, 0))
        out[str(g["event_type"])] = (hit + (g["event_id"] in matched), total + 1)
    return dict(sorted(out.items()))
