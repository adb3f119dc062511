"""Evaluation sets: run the ETL over each set's articles and score it (an I/O edge).

The sets are the bundled seeds and, when `../shared/eval/` is beside the project, the
dev set; each is scored with `etl.evaluate` exactly like `../shared/eval/score.py`, and
every miss and false positive is told with the stage that lost it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl.csvfile import frame_bytes
from etl.evaluate import Score, false_positive_reason, recall_by_type, score, stage_of_loss
from etl.gazetteer import default_gazetteer
from etl.ingest import read_corpus
from etl.nlp import Analyzer
from etl.outputs import events_frame, mentions_frame
from etl.pipeline import run

ROOT = Path(__file__).resolve().parent.parent
SHARED_EVAL = ROOT.parent / "shared" / "eval"


@dataclass(frozen=True)
class EvalSet:
    name: str
    articles: Path
    gold: Path


@dataclass(frozen=True)
class SetResult:
    name: str
    documents: int
    score: Score
    by_type: dict[str, tuple[int, int]]
    misses: list[tuple[str, str]]  # gold event id, stage that lost it
    false_positives: list[tuple[str, str]]  # predicted event id, why it matched nothing
    gold: pd.DataFrame
    predicted: pd.DataFrame
    skipped: list[tuple[str, str]] = field(default_factory=list)  # file, why it was skipped


def default_sets(shared_eval: Path = SHARED_EVAL) -> list[EvalSet]:
    """The seeds, and the dev set when it is present."""
    sets = []
    if (shared_eval / "seeds_gold.csv").is_file():
        sets.append(EvalSet("seeds", ROOT / "seeds", shared_eval / "seeds_gold.csv"))
    if (shared_eval / "dev" / "gold.csv").is_file():
        sets.append(
            EvalSet("dev", shared_eval / "dev" / "articles", shared_eval / "dev" / "gold.csv")
        )
    return sets


def _as_files(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame as the scorer reads it from the CSV file the ETL writes."""
    return pd.read_csv(io.BytesIO(frame_bytes(frame)), dtype=str, keep_default_na=False)


def evaluate_set(eval_set: EvalSet, analyzer: Analyzer) -> SetResult:
    corpus = read_corpus(eval_set.articles)
    result = run(corpus.documents, analyzer=analyzer, gazetteer=default_gazetteer(),
                 skipped=corpus.skipped)  # fmt: skip
    predicted = _as_files(events_frame(result.events))
    mentions = _as_files(mentions_frame(result.mentions, result.assignment))
    vetoed = _as_files(mentions_frame(result.vetoed, {}))
    gold = pd.read_csv(eval_set.gold, dtype=str, keep_default_na=False)
    s = score(gold, predicted)
    by_id = gold.set_index("event_id")
    misses = [(gid, stage_of_loss(by_id.loc[gid], mentions, vetoed)) for gid in s.missed]
    pred_by_id = predicted.drop_duplicates("event_id").set_index("event_id")
    fps = [
        (eid, false_positive_reason(pred_by_id.loc[eid], gold)) for eid in s.unmatched_predictions
    ]
    skipped = [(d["file"], d["reason"]) for d in result.report.get("documents_skipped", [])]
    return SetResult(eval_set.name, len(corpus.documents), s, recall_by_type(gold, s), misses, fps,
                     gold, predicted, skipped)  # fmt: skip


def format_result(r: SetResult) -> str:
    s = r.score
    km = f"{s.median_place_error_km:.1f}" if s.median_place_error_km is not None else "n/a"
    lines = [
        f"== {r.name}: {r.documents} articles, {len(r.predicted)} events predicted ==",
        f"precision {s.precision:.3f} ({s.true_positives} TP, {s.false_positives} FP) · required "
        f"recall {s.recall:.3f} ({s.required_matched}/{s.required_total}) · F1 {s.f1:.3f} · "
        f"dates exact {s.date_exact_at_precision_rate:.3f} · median km {km}",
        "recall by type: "
        + ", ".join(f"{t} {hit}/{total}" for t, (hit, total) in r.by_type.items()),
    ]
    if r.skipped:  # a document the ETL could not read or extract scores as no events
        lines.append(f"{len(r.skipped)} document(s) skipped, their events missing:")
        lines.extend(f"  {file}: {reason}" for file, reason in r.skipped)
    gold = r.gold.set_index("event_id")
    if r.misses:
        lines.append("missed:")
        for gid, stage in r.misses:
            g = gold.loc[gid]
            lines.append(f"  {gid} {g['date']} {g['event_type']:<18} {stage}")
    if r.false_positives:
        lines.append("false positives:")
        pred = r.predicted.drop_duplicates("event_id").set_index("event_id")
        for eid, reason in r.false_positives:
            p = pred.loc[eid]
            lines.append(f"  {p['date']} {p['event_type']:<18} {str(p['summary'])[:60]} — {reason}")
    return "\n".join(lines)
