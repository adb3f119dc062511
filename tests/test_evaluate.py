"""`etl.evaluate` agrees with the reference scorer of ../shared/eval on made-up events."""

import csv
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from etl.evaluate import score

SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
GOLD_COLUMNS = ["event_id", "date", "date_min", "date_max", "time_precision", "event_type",
                "accept_types", "country", "latitude", "longitude", "geo_precision",
                "loc_tolerance_km", "required", "evidence"]  # fmt: skip
GOLD = [
    ["G1", "2025-03-11", "2025-03-10", "2025-03-12", "1", "remote_strike", "remote_strike;armed_clash", "Ukraine", "50.0", "36.2", "1", "25", "1", "a"],
    ["G2", "2025-03-05", "2025-03-03", "2025-03-09", "2", "diplomacy", "diplomacy", "Saudi Arabia", "", "", "4", "1", "1", "b"],
    ["G3", "2025-02-14", "2025-02-01", "2025-02-28", "3", "territorial_change", "territorial_change", "Russia", "51.7", "36.2", "3", "80", "0", "c"],
    ["G4", "2025-03-11", "2025-03-11", "2025-03-11", "1", "remote_strike", "remote_strike", "Ukraine", "46.5", "30.7", "1", "25", "1", "d"],
]  # fmt: skip
PRED_COLUMNS = [
    "event_id",
    "date",
    "event_type",
    "country",
    "iso3",
    "latitude",
    "longitude",
    "summary",
]
PRED = [
    ["E1", "2025-03-11", "armed_clash", "Ukraine", "UKR", "50.01", "36.25", "x"],
    ["E2", "2025-03-11", "remote_strike", "Ukraine", "UKR", "50.0", "36.2", "x"],
    ["E3", "2025-03-07", "diplomacy", "", "SAU", "", "", "x"],
    ["E4", "2025-02-20", "territorial_change", "Russian Federation", "RUS", "51.9", "36.0", "x"],
    ["E5", "2025-03-11", "remote_strike", "Ukraine", "UKR", "49.0", "30.7", "x"],
    ["E6", "not a date", "remote_strike", "Ukraine", "UKR", "46.5", "30.7", "x"],
]  # fmt: skip


def write(path: Path, columns: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([columns, *rows])
    return path


@pytest.mark.skipif(not SCORER.is_file(), reason="the reference scorer is not beside the project")
def test_evaluate_gives_the_reference_scorers_figures(tmp_path):
    spec = importlib.util.spec_from_file_location("reference_score", SCORER)
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    gold_path = write(tmp_path / "gold.csv", GOLD_COLUMNS, GOLD)
    pred_path = write(tmp_path / "events.csv", PRED_COLUMNS, PRED)
    expected = reference.score(str(gold_path), str(pred_path))
    read = {"dtype": str, "keep_default_na": False}
    got = score(pd.read_csv(gold_path, **read), pd.read_csv(pred_path, **read))
    assert (got.true_positives, got.false_positives) == (expected["tp"], expected["fp"])
    assert got.required_matched == expected["required_found"]
    assert round(got.precision, 3) == expected["precision"]
    assert round(got.recall, 3) == expected["recall"]
    assert round(got.f1, 3) == expected["f1"]
    assert round(got.date_exact_at_precision_rate, 3) == expected["date_exact"]
    assert round(got.median_place_error_km, 1) == expected["median_km"]
    assert got.missed == expected["missed"]
    # the closest date first, then the exact type: E2 (not E1) is G1's match
    assert ("G1", "E2") in got.matches and ("G2", "E3") in got.matches


def _gold(**kw):
    row = dict(zip(GOLD_COLUMNS, GOLD[0], strict=True))
    row.update(file="a.txt", evidence="Drones hit a depot in the city on Tuesday night.")
    row.update(kw)
    return pd.Series(row)


def _mentions(*rows):
    columns = ["file", "quote", "event_type", "trigger", "date", "date_phrase", "latitude",
               "longitude", "location", "confidence", "event_id"]  # fmt: skip
    return pd.DataFrame([dict(zip(columns, r, strict=True)) for r in rows], columns=columns)


QUOTE = "Drones hit a depot in the city on Tuesday night, officials said."


def test_a_miss_is_told_with_the_stage_that_lost_it():
    from etl.evaluate import stage_of_loss

    none = _mentions()
    assert stage_of_loss(_gold(), none, none).startswith("no trigger")
    vetoed = _mentions(
        [
            "a.txt",
            QUOTE,
            "remote_strike",
            "hit",
            "2025-03-11",
            "Tuesday",
            "50",
            "36.2",
            "X",
            "0.4",
            "",
        ]
    )
    assert stage_of_loss(_gold(), none, vetoed) == "vetoed (remote_strike 'hit', confidence 0.4)"
    kept = vetoed.assign(confidence="0.8", event_id="E9")
    assert stage_of_loss(_gold(), kept.assign(event_type="legal"), none) == "wrong type (legal)"
    assert (
        stage_of_loss(_gold(), kept.assign(date="2025-03-01"), none)
        == "wrong date (2025-03-01, from 'Tuesday')"
    )
    assert stage_of_loss(_gold(), kept.assign(latitude="", location=None), none) == "no place"
    assert stage_of_loss(_gold(), kept, none) == "merged away (its mention is in event E9)"
    other_file = kept.assign(file="b.txt")
    assert stage_of_loss(_gold(), other_file, none).startswith("no trigger")


def test_a_skipped_document_is_told_not_silently_scored_as_no_events(tmp_path):
    from etl.evalsets import EvalSet, evaluate_set, format_result
    from etl.nlp import load_analyzer

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "good.txt").write_text("Russian drones struck Kyiv on Monday.\n", encoding="utf-8")
    (articles / "empty.txt").write_text("   \n", encoding="utf-8")
    gold = write(tmp_path / "gold.csv", GOLD_COLUMNS, GOLD)
    result = evaluate_set(EvalSet("t", articles, gold), load_analyzer())
    assert [file for file, _ in result.skipped] == ["empty.txt"]
    assert "1 document(s) skipped" in format_result(result)
