"""Scoring predicted events against hand-annotated gold events.

Implements the rules of the evaluation set: a prediction can match a gold event
when its date lies in [date_min, date_max], its type is accepted, and its place is
within the tolerance (or the country matches for country-level gold). Matching is
one-to-one, greedy, closest date first.
"""

from __future__ import annotations

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


def _float(value: object) -> float | None:
    try:
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if f != f else f


def _place_ok(gold: pd.Series, pred: pd.Series) -> tuple[bool, float | None]:
    tolerance = _float(gold.get("loc_tolerance_km")) or 0.0
    glat, glon = _float(gold.get("latitude")), _float(gold.get("longitude"))
    plat, plon = _float(pred.get("latitude")), _float(pred.get("longitude"))
    km = None
    if None not in (glat, glon, plat, plon):
        km = great_circle((glat, glon), (plat, plon)).km
    if tolerance == 0:
        return True, km
    if km is not None and km <= tolerance:
        return True, km
    if str(gold.get("geo_precision", "")).split(".")[0] == "4":
        same = (
            str(pred.get("country", "")).strip().lower()
            == str(gold.get("country", "")).strip().lower()
        )
        return same, km
    return False, km


def score(gold: pd.DataFrame, predicted: pd.DataFrame) -> Score:
    """Score `predicted` (events.csv rows) against `gold` (the gold CSV)."""
    candidates: list[tuple[int, int, int, bool, float | None]] = []
    for gi, g in gold.iterrows():
        gmin, gmax = date.fromisoformat(str(g["date_min"])), date.fromisoformat(str(g["date_max"]))
        gbest = date.fromisoformat(str(g["date"]))
        accept = {t.strip() for t in str(g["accept_types"]).split(";") if t.strip()}
        for pi, p in predicted.iterrows():
            try:
                pdate = date.fromisoformat(str(p["date"])[:10])
            except ValueError:
                continue
            if not gmin <= pdate <= gmax or str(p["event_type"]) not in accept:
                continue
            ok, km = _place_ok(g, p)
            if ok:
                candidates.append((abs((pdate - gbest).days), int(gi), int(pi), pdate == gbest, km))
    day_level = {
        int(gi) for gi, g in gold.iterrows() if str(g["time_precision"]).split(".")[0] == "1"
    }
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matches: list[tuple[str, str]] = []
    exact: list[bool] = []
    exact_at_precision: list[bool] = []
    errors: list[float] = []
    for _, gi, pi, is_exact, km in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        matches.append((str(gold.loc[gi, "event_id"]), str(predicted.loc[pi, "event_id"])))
        exact.append(is_exact)
        exact_at_precision.append(is_exact or gi not in day_level)
        if km is not None:
            errors.append(km)
    required = gold[gold["required"].astype(int) == 1]
    matched_ids = {g for g, _ in matches}
    required_matched = int(sum(1 for eid in required["event_id"] if eid in matched_ids))
    tp = len(matches)
    fp = len(predicted) - tp
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = required_matched / len(required) if len(required) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(
        true_positives=tp,
        false_positives=fp,
        required_total=len(required),
        required_matched=required_matched,
        precision=precision,
        recall=recall,
        f1=f1,
        date_exact_rate=sum(exact) / len(exact) if exact else 0.0,
        date_exact_at_precision_rate=(
            sum(exact_at_precision) / len(exact_at_precision) if exact_at_precision else 0.0
        ),
        median_place_error_km=statistics.median(errors) if errors else None,
        matches=matches,
        missed=[str(e) for e in required["event_id"] if e not in matched_ids],
        unmatched_predictions=[
            str(predicted.loc[i, "event_id"]) for i in predicted.index if i not in used_pred
        ],
    )


def format_score(s: Score, gold: pd.DataFrame, predicted: pd.DataFrame) -> str:
    lines = [
        f"precision       {s.precision:.3f}  ({s.true_positives} TP, {s.false_positives} FP)",
        f"recall          {s.recall:.3f}  ({s.required_matched}/{s.required_total} required events)",
        f"F1              {s.f1:.3f}",
        f"dates exact     {s.date_exact_at_precision_rate:.3f}  (at the gold's precision: the "
        f"same day for day-level gold, within its range otherwise; {len(s.matches)} pairs)",
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
