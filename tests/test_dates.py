from datetime import date

import pytest

from etl.dates import find_expressions, find_full_date, resolve
from etl.schema import TimePrecision

PUB = date(2025, 3, 12)  # a Wednesday


def one(text: str, anchor: date = PUB, future: bool = False):
    found = find_expressions(text)
    assert len(found) == 1, found
    return resolve(found[0], anchor, future=future)


@pytest.mark.parametrize(
    ("phrase", "best", "start", "end", "precision"),
    [
        ("on Tuesday", "2025-03-11", "2025-03-11", "2025-03-11", 1),
        ("Wednesday", "2025-03-12", "2025-03-12", "2025-03-12", 1),  # same weekday: that day
        ("late Wednesday", "2025-03-12", "2025-03-12", "2025-03-12", 1),
        ("late on Tuesday evening", "2025-03-11", "2025-03-11", "2025-03-11", 1),
        ("last Saturday", "2025-03-08", "2025-03-08", "2025-03-08", 1),
        ("overnight", "2025-03-12", "2025-03-11", "2025-03-12", 1),
        ("yesterday", "2025-03-11", "2025-03-11", "2025-03-11", 1),
        ("today", "2025-03-12", "2025-03-12", "2025-03-12", 1),
        ("this week", "2025-03-11", "2025-03-10", "2025-03-12", 2),
        ("last week", "2025-03-05", "2025-03-03", "2025-03-09", 2),
        ("next week", "2025-03-19", "2025-03-17", "2025-03-23", 2),
        ("last month", "2025-02-14", "2025-02-01", "2025-02-28", 3),
        ("late last month", "2025-02-24", "2025-02-20", "2025-02-28", 2),
        ("earlier this year", "2025-02-04", "2025-01-01", "2025-03-11", 4),
        ("last August", "2024-08-16", "2024-08-01", "2024-08-31", 3),
        ("last summer", "2024-07-16", "2024-06-01", "2024-08-31", 3),
        ("Feb. 12", "2025-02-12", "2025-02-12", "2025-02-12", 1),
        ("Jan. 20", "2025-01-20", "2025-01-20", "2025-01-20", 1),
        ("in December", "2024-12-16", "2024-12-01", "2024-12-31", 3),
        ("February 2022", "2022-02-14", "2022-02-01", "2022-02-28", 3),
        ("in 2014", "2014-07-02", "2014-01-01", "2014-12-31", 4),
        ("two days ago", "2025-03-10", "2025-03-10", "2025-03-10", 1),
        ("a day after", "2025-03-11", "2025-03-11", "2025-03-11", 1),
    ],
)
def test_phrases_resolve_against_publication_date(phrase, best, start, end, precision):
    r = one(phrase)
    assert (r.best.isoformat(), r.start.isoformat(), r.end.isoformat()) == (best, start, end)
    assert r.precision == TimePrecision(precision)
    assert r.phrase.endswith(phrase.split()[-1])


def test_weekday_points_forward_in_planned_clauses():
    assert one("on Thursday", future=True).best == date(2025, 3, 13)
    assert one("on Thursday").best == date(2025, 3, 6)


def test_bare_month_in_future_clause_is_next_occurrence():
    assert one("in April", future=True).start == date(2025, 4, 1)
    assert one("in April").start == date(2024, 4, 1)


def test_month_names_that_are_words_are_not_dates():
    assert find_expressions("it may be that troops march on") == []
    assert find_expressions("a 30-day cease-fire and a 90-minute interview") == []


def test_as_recently_as_is_not_a_recent_date():
    kinds = [e.kind for e in find_expressions("As recently as January, he said no")]
    assert kinds == ["month"]


def test_relative_dates_need_an_anchor_but_absolute_ones_do_not():
    assert resolve(find_expressions("on Tuesday")[0], None) is None
    assert resolve(find_expressions("February 2022")[0], None).start == date(2022, 2, 1)


def test_full_date_from_text():
    assert find_full_date("Published March 12, 2025, 4:03 PM") == date(2025, 3, 12)
    assert find_full_date("no date at all") is None
